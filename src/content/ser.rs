//! The template view of pages, sections and terms: Zola's `SerializingPage`,
//! `SerializingSection` and `SerializedTaxonomyTerm`, field for field and in the same order.
//!
//! Every page is turned into a JSON value once ([`PageValues::build`], in parallel) and then
//! cloned into each context that shows it; Zola re-serialises a page for every list it
//! appears in, which is where its quadratic time goes on large sites.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::library::Entry;
use super::{Library, Page, PageId, Section, TaxonomyTerm};

/// The page fields templates read from listed pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListedFields {
    /// Every field: the templates do something the analysis cannot follow.
    All,
    Only(BTreeSet<String>),
}

impl ListedFields {
    pub fn keeps(&self, field: &str) -> bool {
        match self {
            ListedFields::All => true,
            ListedFields::Only(set) => set.contains(field),
        }
    }
}

/// Each page serialised once, without its `lower`/`higher` siblings, trimmed to the fields
/// templates read from listed pages ([`ListedFields`]), for every list it appears in. The
/// full value (its own page, feeds) is made when it is needed: keeping 10,000 of them, each
/// with its `content`, would double the memory of a build.
pub struct PageValues {
    listed: Vec<Arc<Value>>,
    fields: ListedFields,
}

impl PageValues {
    pub fn build(lib: &Library, fields: ListedFields) -> Self {
        let listed = (0..lib.pages.len())
            .into_par_iter()
            .map(|i| listed_value(lib, i, &fields))
            .collect();
        PageValues { listed, fields }
    }

    /// A copy with only `changed` pages serialised again (ids must be stable: same files;
    /// pages added at the end, as the editor's preview of an unsaved article does, are new).
    pub fn update(&self, lib: &Library, changed: &[PageId]) -> Self {
        let mut listed = self.listed.clone();
        listed.resize(lib.pages.len(), Arc::new(Value::Null));
        for &id in changed {
            listed[id] = listed_value(lib, id, &self.fields);
        }
        PageValues {
            listed,
            fields: self.fields.clone(),
        }
    }

    /// The page in full, siblings null (a feed's `pages`).
    pub fn full(&self, lib: &Library, id: PageId) -> Value {
        match self.fields {
            ListedFields::All => (*self.listed[id]).clone(),
            ListedFields::Only(_) => page_value(lib, id, &ListedFields::All),
        }
    }

    /// The page as listed (`paginator.pages`, `term.pages`): siblings null.
    pub fn listed(&self, id: PageId) -> Value {
        (*self.listed[id]).clone()
    }

    /// The page as its own page template sees it: in full, with listed `lower` and `higher`.
    pub fn with_siblings(&self, lib: &Library, id: PageId) -> Value {
        self.add_siblings(lib, id, self.full(lib, id))
    }

    /// A listed page with its siblings, as in `section.pages` and `get_page`.
    pub fn listed_with_siblings(&self, lib: &Library, id: PageId) -> Value {
        self.add_siblings(lib, id, (*self.listed[id]).clone())
    }

    fn add_siblings(&self, lib: &Library, id: PageId, mut v: Value) -> Value {
        if let Value::Object(m) = &mut v {
            let p = &lib.pages[id];
            let sibling = |s: Option<PageId>| s.map_or(Value::Null, |s| self.listed(s));
            if m.contains_key("lower") {
                m.insert("lower".into(), sibling(p.lower));
            }
            if m.contains_key("higher") {
                m.insert("higher".into(), sibling(p.higher));
            }
        }
        v
    }
}

fn listed_value(lib: &Library, id: PageId, fields: &ListedFields) -> Arc<Value> {
    match (fields, page_value(lib, id, fields)) {
        (ListedFields::Only(_), Value::Object(m)) => Arc::new(Value::Object(
            m.into_iter().filter(|(k, _)| fields.keeps(k)).collect(),
        )),
        (_, v) => Arc::new(v),
    }
}

fn translations(lib: &Library, canonical: &std::path::Path) -> Value {
    let Some(entries) = lib.translations.get(canonical) else {
        return json!([]);
    };
    let mut list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let (permalink, title, lang, path) = lib.entry_permalink_title(*e);
            json!({ "lang": lang, "permalink": permalink, "title": title, "path": path })
        })
        .collect();
    list.sort_by(|a, b| a["lang"].as_str().cmp(&b["lang"].as_str()));
    Value::Array(list)
}

fn backlinks(lib: &Library, relative: &str) -> Value {
    let Some(entries) = lib.backlinks.get(relative) else {
        return json!([]);
    };
    let mut list: Vec<(String, Value)> = entries
        .iter()
        .map(|e: &Entry| {
            let (permalink, title, _, _) = lib.entry_permalink_title(*e);
            (
                permalink.to_string(),
                json!({ "permalink": permalink, "title": title }),
            )
        })
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Array(list.into_iter().map(|(_, v)| v).collect())
}

/// A page without siblings, as Zola's `SerializingPage::new(page, Some(lib), false)`;
/// `content`, `summary` and `toc` empty unless `wanted` keeps them (they may have to be read
/// back from disk).
fn page_value(lib: &Library, id: PageId, wanted: &ListedFields) -> Value {
    let p = &lib.pages[id];
    let content = if wanted.keeps("content") {
        lib.page_content(id)
    } else {
        std::borrow::Cow::Borrowed("")
    };
    let summary = wanted
        .keeps("summary")
        .then(|| lib.page_summary(id))
        .flatten();
    let toc = if wanted.keeps("toc") {
        lib.page_toc(id)
    } else {
        std::borrow::Cow::Borrowed(&[][..])
    };
    let mut m = page_fields(p, &content, summary.as_deref(), &toc);
    m.insert("lower".into(), Value::Null);
    m.insert("higher".into(), Value::Null);
    m.insert("translations".into(), translations(lib, &p.file.canonical));
    m.insert("backlinks".into(), backlinks(lib, &p.file.relative));
    pufa_fields(p, &mut m);
    Value::Object(m)
}

/// A page as Markdown shortcodes see it (Zola passes no library there).
pub fn page_value_for_markdown(p: &Page) -> Value {
    let r = &p.rendered;
    let mut m = page_fields(p, &r.content, r.summary.as_deref(), &r.toc);
    m.insert("lower".into(), Value::Null);
    m.insert("higher".into(), Value::Null);
    m.insert("translations".into(), json!([]));
    m.insert("backlinks".into(), json!([]));
    pufa_fields(p, &mut m);
    Value::Object(m)
}

fn page_fields(
    p: &Page,
    content: &str,
    summary: Option<&str>,
    toc: &[crate::markdown::Heading],
) -> Map<String, Value> {
    let meta = &p.meta;
    let (year, month, day) = match meta.datetime_tuple() {
        Some((y, mo, d)) => (json!(y), json!(mo), json!(d)),
        None => (Value::Null, Value::Null, Value::Null),
    };
    let mut m = Map::new();
    m.insert("relative_path".into(), json!(p.file.relative));
    m.insert("colocated_path".into(), json!(p.file.colocated_path));
    m.insert("content".into(), json!(content));
    m.insert("permalink".into(), json!(p.permalink));
    m.insert("slug".into(), json!(p.slug));
    m.insert("ancestors".into(), json!(p.ancestors));
    m.insert("title".into(), json!(meta.title));
    m.insert("description".into(), json!(meta.description));
    m.insert("updated".into(), json!(meta.updated));
    m.insert("date".into(), json!(meta.date));
    m.insert("year".into(), year);
    m.insert("month".into(), month);
    m.insert("day".into(), day);
    m.insert("taxonomies".into(), json!(meta.taxonomies));
    m.insert("authors".into(), json!(meta.authors));
    m.insert("extra".into(), Value::Object(meta.extra.clone()));
    m.insert("path".into(), json!(p.path));
    m.insert("components".into(), json!(p.components));
    m.insert("summary".into(), json!(summary));
    m.insert("toc".into(), json!(toc));
    m.insert("word_count".into(), json!(p.word_count));
    m.insert("reading_time".into(), json!(p.reading_time));
    m.insert("assets".into(), json!(p.serialized_assets));
    m.insert("draft".into(), json!(meta.draft));
    m.insert("lang".into(), json!(p.lang));
    m
}

/// pufa's additions, after Zola's fields: `kind`, `campaign`, `citations`. Only present when
/// set, so a plain Zola site's `page` value (e.g. dumped with `json_encode`) stays Zola's.
fn pufa_fields(p: &Page, m: &mut Map<String, Value>) {
    // Written as `extra.kind` (Zola-compatible front matter) it is already in `page.extra`.
    if let Some(kind) = p
        .meta
        .kind
        .as_ref()
        .filter(|_| !p.meta.extra.contains_key("kind"))
    {
        m.insert("kind".into(), json!(kind));
    }
    if let Some(campaign) = p
        .meta
        .campaign
        .as_ref()
        .filter(|_| !p.meta.extra.contains_key("campaign"))
    {
        m.insert("campaign".into(), json!(campaign));
    }
    if !p.rendered.citations.is_empty() {
        m.insert(
            "citations".into(),
            Value::Array(
                p.rendered
                    .citations
                    .iter()
                    .filter_map(|c| serde_json::to_value(c).ok())
                    .collect(),
            ),
        );
    }
}

/// How much of a section to serialise, as Zola's `SectionSerMode`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SectionMode {
    ForMarkdown,
    MetadataOnly,
    Full,
}

pub fn section_value(
    lib: &Library,
    values: Option<&PageValues>,
    s: &Section,
    mode: SectionMode,
) -> Value {
    let mut m = Map::new();
    m.insert("relative_path".into(), json!(s.file.relative));
    m.insert("colocated_path".into(), json!(s.file.colocated_path));
    m.insert("content".into(), json!(s.rendered.content));
    m.insert("permalink".into(), json!(s.permalink));
    m.insert("draft".into(), json!(s.meta.draft));
    m.insert("ancestors".into(), json!(s.ancestors));
    m.insert("title".into(), json!(s.meta.title));
    m.insert("description".into(), json!(s.meta.description));
    m.insert("extra".into(), Value::Object(s.meta.extra.clone()));
    m.insert("path".into(), json!(s.path));
    m.insert("components".into(), json!(s.components));
    m.insert("toc".into(), json!(s.rendered.toc));
    m.insert("word_count".into(), json!(s.word_count));
    m.insert("reading_time".into(), json!(s.reading_time));
    m.insert("lang".into(), json!(s.lang));
    m.insert("assets".into(), json!(s.serialized_assets));
    let (pages, subsections, translations_v, backlinks_v) = match mode {
        SectionMode::ForMarkdown => (json!([]), json!([]), json!([]), json!([])),
        SectionMode::MetadataOnly | SectionMode::Full => {
            let pages = match (mode, values) {
                (SectionMode::Full, Some(v)) => Value::Array(
                    s.pages
                        .iter()
                        .map(|&p| v.listed_with_siblings(lib, p))
                        .collect(),
                ),
                _ => json!([]),
            };
            let subs: Vec<&str> = s
                .subsections
                .iter()
                .map(|&i| lib.sections[i].file.relative.as_str())
                .collect();
            (
                pages,
                json!(subs),
                translations(lib, &s.file.canonical),
                backlinks(lib, &s.file.relative),
            )
        }
    };
    m.insert("pages".into(), pages);
    m.insert("subsections".into(), subsections);
    m.insert("translations".into(), translations_v);
    m.insert("backlinks".into(), backlinks_v);
    m.insert("generate_feeds".into(), json!(s.meta.generate_feeds));
    m.insert("transparent".into(), json!(s.meta.transparent));
    m.insert("paginate_by".into(), json!(s.meta.paginate_by));
    m.insert("paginate_reversed".into(), json!(s.meta.paginate_reversed));
    Value::Object(m)
}

/// A taxonomy term, as Zola's `SerializedTaxonomyTerm`.
pub fn term_value(values: &PageValues, t: &TaxonomyTerm, include_pages: bool) -> Value {
    let pages: Vec<Value> = if include_pages {
        t.pages.iter().map(|&p| values.listed(p)).collect()
    } else {
        vec![]
    };
    json!({
        "name": t.name,
        "slug": t.slug,
        "path": t.path,
        "permalink": t.permalink,
        "pages": pages,
        "page_count": t.pages.len(),
    })
}
