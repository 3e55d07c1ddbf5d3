//! The content stage: pages and sections, then the frozen [`Library`] every later stage reads.
//!
//! Takes the parsed source files (front matter + raw Markdown) and the config, computes each
//! file's slug, path and permalink exactly as Zola does, links pages to their sections,
//! orders them, finds siblings, translations, backlinks and taxonomies. The result is plain
//! data: `Vec<Page>` and `Vec<Section>` indexed by position, sorted by file path so every
//! later stage is deterministic whatever the thread count. Zola keeps the same data in hash
//! maps behind an `RwLock`; here the library is built once, then only read (shared as `Arc`).

mod checks;
mod library;
mod link;
mod make;
pub mod pagination;
pub mod ser;
mod sorting;
pub use crate::source::spill;
pub mod taxonomies;
pub mod unpublished;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::markdown::Heading;
use crate::source::{FileInfo, PageFrontMatter, SectionFrontMatter};

pub use library::{Entry, Library};
pub use link::{build_library, link_library, LibraryInput};
pub use make::{make_page, make_section};
pub use taxonomies::{Taxonomy, TaxonomyTerm};

/// Index of a page in [`Library::pages`].
pub type PageId = usize;
/// Index of a section in [`Library::sections`].
pub type SectionId = usize;

/// What a page and a section both are: a Markdown file with its place on the site, its
/// measures and, after the markdown stage, its HTML. [`Page`] and [`Section`] add their own
/// front matter and links, and read as a `Document` (`page.permalink`, `section.rendered`)
/// through `Deref`, so code that works on either can take `&Document`.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub file: FileInfo,
    pub lang: String,
    /// Markdown body as written (front matter removed); empty when it is in the library's
    /// spill file (`raw_spilled`; read it with [`Library::page_raw`]).
    /// Shared, so that `serve`'s fast path copies a library without copying every body.
    pub raw_content: Arc<str>,
    pub raw_spilled: Option<spill::Spilled>,
    /// 1-based line of the file where the body starts, to report errors at the file's line.
    pub body_line: usize,
    pub path: String,
    pub components: Vec<String>,
    pub permalink: String,
    /// Relative paths (`blog/_index.md`) of the sections above this one, outermost first.
    pub ancestors: Vec<String>,
    pub assets: Vec<PathBuf>,
    pub serialized_assets: Vec<String>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Filled by the markdown stage; shared so that `serve` can copy a library cheaply.
    pub rendered: Arc<Rendered>,
}

/// One Markdown page, as Zola's `Page`.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub doc: Document,
    pub meta: PageFrontMatter,
    pub slug: String,
    pub lower: Option<PageId>,
    pub higher: Option<PageId>,
}

/// One section (`_index.md`), as Zola's `Section`.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub doc: Document,
    pub meta: SectionFrontMatter,
    /// Pages in display order (after `sort_by`).
    pub pages: Vec<PageId>,
    /// Pages that could not be sorted (e.g. no date with `sort_by = "date"`).
    pub ignored_pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
    /// True for the default index section pufa creates when `content/_index.md` is missing.
    pub is_default: bool,
}

impl std::ops::Deref for Page {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl std::ops::DerefMut for Page {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

impl std::ops::Deref for Section {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl std::ops::DerefMut for Section {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

/// What the markdown stage adds to a page or section.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML body; empty when it was moved to the library's spill file (`spilled`).
    pub content: String,
    /// Where `content` lies in [`Library::spill`] (`pufa build` of a large site).
    pub spilled: Option<spill::Spilled>,
    /// `None` also when it was moved to the spill file (`summary_spilled`; read it with
    /// [`Library::page_summary`]).
    pub summary: Option<String>,
    pub summary_spilled: Option<spill::Spilled>,
    /// Empty also when it was moved to the spill file (`toc_spilled`, as JSON; read it with
    /// [`Library::page_toc`]).
    pub toc: Vec<Heading>,
    pub toc_spilled: Option<spill::Spilled>,
    pub internal_links: Vec<(String, Option<String>)>,
    pub external_links: Vec<String>,
    /// Law citations found in the text (pufa): serialised as `page.citations` when a value
    /// of the page is made (the article texts are the law library's, shared).
    pub citations: Vec<crate::law::cite::Citation>,
}

impl Section {
    pub fn is_index(&self) -> bool {
        self.file.components.is_empty()
    }

    /// The template a section renders with, as Zola: `template`, else index.html/section.html.
    pub fn template_name(&self) -> &str {
        match &self.meta.template {
            Some(t) => t,
            None if self.is_index() => "index.html",
            None => "section.html",
        }
    }

    pub fn is_paginated(&self) -> bool {
        self.meta.paginate_by.is_some_and(|n| n > 0)
    }
}

impl Page {
    pub fn template_name(&self) -> &str {
        self.meta.template.as_deref().unwrap_or("page.html")
    }
}

/// Zola's word count and reading time: Unicode words outside code fences, 200 words a minute.
pub fn reading_analytics(content: &str) -> (usize, usize) {
    let words: usize = content.split("```").step_by(2).map(count_words).sum();
    (words, words.div_ceil(200))
}

/// `text.unicode_words().count()`, fast for Chinese. In Unicode word segmentation (UAX #29)
/// a Han ideograph is a word of its own and breaks the text on both sides, so each one counts
/// one and the runs between them are segmented separately with the same result; the general
/// segmenter costs about a tenth of a large build when it walks every character.
fn count_words(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let mut words = 0;
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
        {
            if run_start < i {
                words += text[run_start..i].unicode_words().count();
            }
            words += 1;
            run_start = i + c.len_utf8();
        }
    }
    words + text[run_start..].unicode_words().count()
}

/// Zola reads TOML tables into sorted maps, so `extra` reaches templates with its keys in
/// alphabetical order at every level; pufa does the same (and so stays deterministic).
pub fn sort_keys(map: serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    let mut entries: Vec<(String, Value)> =
        map.into_iter().map(|(k, v)| (k, sort_value(v))).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

fn sort_value(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(sort_keys(m)),
        Value::Array(a) => Value::Array(a.into_iter().map(sort_value).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn fast_word_count_is_the_unicode_word_count() {
        // Characters that join or split words in UAX #29 around and between ideographs.
        let alphabet: Vec<char> =
            "中華法条〇々あア한a Z1９，,．.：:'’\u{200D}\u{0301}\u{FE0F}😀-_\n　。"
                .chars()
                .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let len = (seed % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(count_words(&text), text.unicode_words().count(), "{text:?}");
        }
        assert_eq!(
            reading_analytics("正当防卫 law 12348。\n```\n代码\n```\n完"),
            (7, 1)
        );
    }
}
