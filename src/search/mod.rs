//! Search: takes the pages that belong in the search index (`SearchDoc`s, built in
//! `site/search_files.rs` from rendered pages) and returns the files of a static, sharded search index plus the
//! page script that queries it; `query_dir` answers `pufa search` from those same files.
//!
//! Why this shape: the truth users expect is "pages that contain what I typed". Word
//! segmentation alone misses pages (民法典 split as 民法|典 or glued to neighbours), so
//! matching is exact — candidates come from character-bigram postings and are verified
//! against the page text — while words of the title and headings (phrases, a legal
//! vocabulary) only rank whole-word hits higher. Postings are split into shards by key hash
//! so a query downloads only the few shards its keys fall in; page text comes in small
//! chunks fetched only for shown results. Output bytes are deterministic (documents sorted by URL, keys sorted).
//!
//! `zola_index` additionally writes Zola's `search_index.<lang>.js|json` for Zola themes.

mod best;
mod format;
mod index;
mod lexicon;
mod normalize;
mod query;
mod segment;
mod understand;
mod zola;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use index::{build, search_js};
pub use lexicon::{parse_thesaurus, thesaurus_tsv};
pub use normalize::{capped, fold, html_to_text, QUERY_MAX_CHARS};
pub use query::{query_dir, query_dir_full, SearchError};
pub use segment::{warm_up, LEGAL_WORDS};
pub use understand::{understand, Plan};
pub use zola::{zola_body_text, zola_index, ZolaFormat, ZolaSearchOptions, ELASTICLUNR_JS};

/// The page script, written as `search/pufa-search.js`.
pub const SEARCH_JS: &str = include_str!("pufa-search.js");
/// The page's second script, written as `search/pufa-search-more.js`: fetched only when a
/// query finds nothing itself (best match, respelling, near misses, partial matches).
pub const SEARCH_MORE_JS: &str = include_str!("pufa-search-more.js");
/// Minimal styles for the results, written as `search/pufa-search.css`.
pub const SEARCH_CSS: &str = include_str!("pufa-search.css");

/// One page or section to index. `body` is plain text (see `html_to_text`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub description: String,
    pub headings: Vec<String>,
    pub body: String,
    /// What kind of page it is ("法条", "案例", "问答" …): one filter menu.
    pub kind: Option<String>,
    /// The section's title, shown under each result.
    pub section: String,
    /// Taxonomy name → terms; `SearchOptions::law_taxonomy` and `topic_taxonomy` become the
    /// law and topic filter menus.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub lang: String,
    /// Zola's `page.path` (only used by `zola_index` with `include_path`).
    pub path: String,
    /// RFC 3339 date (only used by `zola_index` with `include_date`).
    pub date: Option<String>,
}

/// How the index is built. `Default` suits the default theme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Folder (relative to the output root) the index is written to; the page's
    /// `data-index` points here.
    pub dir: String,
    /// Taxonomy whose terms fill the "law" filter.
    pub law_taxonomy: String,
    /// Taxonomy whose terms fill the "topic" filter.
    pub topic_taxonomy: String,
    /// Site-specific words (e.g. law short names) that rank as whole words.
    pub extra_words: Vec<String>,
    /// Target size of a postings shard (`s/`) in bytes; the shard count follows from it.
    /// A query fetches a few shards (one per bigram of what it searches), each holding
    /// other keys' records too, so this sets most of what a query downloads beside the
    /// script and the result text; smaller shards mean more files. At 10,000 pages
    /// (`benches/search/README.md`): 4 KB gave 1,992 shards and 30.8 KB per later query,
    /// 2.5 KB 3,187 shards and 24.5 KB. With the larger thesaurus of 6 December 2026 (the
    /// same corpus, 10,000 pages): 2.5 KB gave 3,615 shards, a first query (民法典) of 21.5 KB
    /// besides the script (52.9 KB with it: 0.260 of Pagefind's, over the quarter) and 28.3 KB
    /// per later query; 1.5 KB 6,025 shards, 15.7 KB (47.1 KB: 0.231) and 25.6 KB, the index
    /// taking as much CPU (0.98 s against 1.01 s); 1 KB 9,038 shards, 14.7 KB and 22.2 KB,
    /// but 1.13 s.
    pub shard_bytes: usize,
    /// Target size of a respelling shard (`p/`: pinyin, readings, near misses), fetched only
    /// by a query that finds nothing itself; such a query reads about ten of them.
    pub more_shard_bytes: usize,
    /// Documents per text chunk file.
    pub docs_per_chunk: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            dir: "search".into(),
            law_taxonomy: "laws".into(),
            topic_taxonomy: "topics".into(),
            extra_words: Vec::new(),
            shard_bytes: 1536,
            more_shard_bytes: 4 * 1024,
            docs_per_chunk: 1,
        }
    }
}

/// Optional filters of a query; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub kind: Option<String>,
    pub law: Option<String>,
    pub topic: Option<String>,
}

/// One result of `query_dir`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The page's address (without the anchor).
    pub url: String,
    pub title: String,
    /// Plain-text excerpt around the first match, from the body when the match is there,
    /// with `…` where text was cut.
    pub excerpt: String,
    pub section: String,
    pub kind: Option<String>,
    pub score: u64,
    /// The article the match is in (`art-1077`), for a link to `url#anchor`.
    pub anchor: Option<String>,
    /// Which search found the page: `exact` (contains what was typed), `clean` (without
    /// punctuation or question words, article numbers respelled), `thesaurus` (an everyday
    /// word's legal terms), `related` (best match: rare words of a sentence, `best`),
    /// `respelled` (pinyin or a same-sound typo) or `partial`.
    #[serde(rename = "match")]
    pub tier: &'static str,
    /// The spellings found in the page (for highlighting).
    pub found: Vec<String>,
}

/// Everything `query_dir_full` says about a query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub hits: Vec<Hit>,
    /// Legal terms searched for everyday words of the query (同时搜索了).
    pub also: Vec<String>,
    /// What the query was read as when it found nothing itself (您是不是要找).
    pub suggestion: Option<String>,
}

#[cfg(test)]
mod tests;
