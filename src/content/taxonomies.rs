//! Taxonomies (tags, laws, audiences …): which pages carry which term, as Zola builds them.

use std::collections::BTreeMap;

use super::library::sort_pages;
use super::{Library, PageId};
use crate::config::{Config, TaxonomyConfig};
use crate::slugs::slugify_paths;
use crate::source::SortBy;

/// One taxonomy in one language, with its terms sorted by slug then name.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyConfig,
    pub lang: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    pub items: Vec<TaxonomyTerm>,
}

/// One term of a taxonomy and its pages, newest first.
#[derive(Debug, Clone)]
pub struct TaxonomyTerm {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    pub pages: Vec<PageId>,
}

fn taxonomy_path(config: &Config, lang: &str, rest: &str) -> String {
    let root = config
        .taxonomy_root
        .as_deref()
        .map(|r| format!("{r}/"))
        .unwrap_or_default();
    if lang != config.default_language {
        format!("/{lang}/{root}{rest}/")
    } else {
        format!("/{root}{rest}/")
    }
}

/// Collects every taxonomy of every language from the pages' front matter.
pub fn find_taxonomies(lib: &Library, config: &Config) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    for (lang, tax_configs) in config.taxonomies_by_language() {
        for tc in tax_configs {
            // term name → pages, in page order (sorted by path), deterministic.
            let mut terms: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
            for (pid, page) in lib.pages.iter().enumerate() {
                if page.lang != lang {
                    continue;
                }
                if let Some(names) = page.meta.taxonomies.get(&tc.name) {
                    for n in names {
                        let v = terms.entry(n.as_str()).or_default();
                        if v.last() != Some(&pid) {
                            v.push(pid);
                        }
                    }
                }
            }
            let slug = slugify_paths(&tc.name, config.slugify.taxonomies);
            let mut items: Vec<TaxonomyTerm> = terms
                .into_iter()
                .map(|(name, pids)| {
                    let term_slug = slugify_paths(name, config.slugify.taxonomies);
                    let path = taxonomy_path(config, &lang, &format!("{slug}/{term_slug}"));
                    let (mut pages, ignored) = sort_pages(&lib.pages, &pids, SortBy::Date);
                    pages.extend(ignored);
                    TaxonomyTerm {
                        name: name.to_string(),
                        permalink: config.make_permalink(&path),
                        path,
                        slug: term_slug,
                        pages,
                    }
                })
                .collect();
            items.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.name.cmp(&b.name)));
            // Terms whose slugs collide (e.g. "Rust" and "rust") merge, as in Zola.
            let mut merged: Vec<TaxonomyTerm> = Vec::with_capacity(items.len());
            for item in items {
                match merged.last_mut() {
                    Some(last) if last.permalink == item.permalink => {
                        last.pages.extend(item.pages);
                    }
                    _ => merged.push(item),
                }
            }
            let path = taxonomy_path(config, &lang, &slug);
            out.push(Taxonomy {
                kind: tc.clone(),
                lang: lang.clone(),
                permalink: config.make_permalink(&path),
                path,
                slug,
                items: merged,
            });
        }
    }
    out
}
