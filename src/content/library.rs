//! The library of pages and sections: the type, read-only once built, and its lookups.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::taxonomies::Taxonomy;
use super::{Page, PageId, Section, SectionId};
use crate::markdown::Heading;

/// All pages and sections of the site, linked and ordered. Read-only once built.
#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// `relative` path (`blog/a.md`, `blog/_index.md`) → page or section.
    pub by_relative: HashMap<String, Entry>,
    /// Canonical path (path without extension and language) → every translation.
    pub translations: HashMap<PathBuf, Vec<Entry>>,
    /// Relative path → pages and sections linking to it with `@/`.
    pub backlinks: HashMap<String, Vec<Entry>>,
    pub taxonomies: Vec<Taxonomy>,
    /// `relative` → permalink, for `@/` links in Markdown.
    pub permalinks: HashMap<String, String>,
    /// Page bodies kept on disk (`pufa build`): read them with [`Library::page_content`].
    pub spill: Option<std::sync::Arc<super::spill::Spill>>,
}

/// A page or a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    Page(PageId),
    Section(SectionId),
}

impl Library {
    pub fn section_by_relative(&self, relative: &str) -> Option<&Section> {
        match self.by_relative.get(relative) {
            Some(Entry::Section(id)) => Some(&self.sections[*id]),
            _ => None,
        }
    }

    /// Pages that no section holds (Zola renders them separately).
    pub fn orphan_pages(&self) -> impl Iterator<Item = PageId> + '_ {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.ancestors.is_empty())
            .map(|(i, _)| i)
    }

    pub fn entry_permalink_title(&self, e: Entry) -> (&str, Option<&str>, &str, &Path) {
        match e {
            Entry::Page(i) => {
                let p = &self.pages[i];
                (&p.permalink, p.meta.title.as_deref(), &p.lang, &p.file.path)
            }
            Entry::Section(i) => {
                let s = &self.sections[i];
                (&s.permalink, s.meta.title.as_deref(), &s.lang, &s.file.path)
            }
        }
    }

    /// A page's Markdown source, from memory or from the spill file.
    pub fn page_raw(&self, id: PageId) -> std::borrow::Cow<'_, str> {
        let p = &self.pages[id];
        match (p.raw_spilled, &self.spill) {
            (Some(at), Some(spill)) => std::borrow::Cow::Owned(spill.get(at)),
            _ => std::borrow::Cow::Borrowed(&*p.raw_content),
        }
    }

    /// A page's HTML body, from memory or from the spill file.
    pub fn page_content(&self, id: PageId) -> std::borrow::Cow<'_, str> {
        let r = &self.pages[id].rendered;
        match (r.spilled, &self.spill) {
            (Some(at), Some(spill)) => std::borrow::Cow::Owned(spill.get(at)),
            _ => std::borrow::Cow::Borrowed(&r.content),
        }
    }

    /// A page's summary, from memory or from the spill file.
    pub fn page_summary(&self, id: PageId) -> Option<std::borrow::Cow<'_, str>> {
        let r = &self.pages[id].rendered;
        match (r.summary_spilled, &self.spill) {
            (Some(at), Some(spill)) => Some(std::borrow::Cow::Owned(spill.get(at))),
            _ => r.summary.as_deref().map(std::borrow::Cow::Borrowed),
        }
    }

    /// A page's table of contents, from memory or from the spill file.
    pub fn page_toc(&self, id: PageId) -> std::borrow::Cow<'_, [Heading]> {
        let r = &self.pages[id].rendered;
        match (r.toc_spilled, &self.spill) {
            (Some(at), Some(spill)) => std::borrow::Cow::Owned(spill.get_json(at)),
            _ => std::borrow::Cow::Borrowed(&r.toc),
        }
    }

    /// Recompute backlinks from every page's and section's internal links (after markdown).
    pub fn fill_backlinks(&mut self) {
        let mut backlinks: HashMap<String, Vec<Entry>> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            for (target, _) in &p.rendered.internal_links {
                backlinks
                    .entry(target.clone())
                    .or_default()
                    .push(Entry::Page(i));
            }
        }
        for (i, s) in self.sections.iter().enumerate() {
            for (target, _) in &s.rendered.internal_links {
                backlinks
                    .entry(target.clone())
                    .or_default()
                    .push(Entry::Section(i));
            }
        }
        for v in backlinks.values_mut() {
            v.sort();
            v.dedup();
        }
        self.backlinks = backlinks;
    }
}
