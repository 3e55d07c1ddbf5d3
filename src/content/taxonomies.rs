//! Taxonomies (tags, laws, audiences …): which pages carry which term, as Zola builds them.

use std::collections::BTreeMap;

use super::sorting::sort_pages;
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

/// The most terms one page may have in one taxonomy. Every term page lists the page with all
/// its terms, so n terms cost n² (2,000 took 880 MB); real articles have a handful.
pub const MAX_TERMS_PER_PAGE: usize = 200;

/// Pages with more than [`MAX_TERMS_PER_PAGE`] terms in a taxonomy: an error at the line of
/// that taxonomy in the front matter.
pub fn check_term_counts(pages: &[super::Page], diags: &mut Vec<crate::diagnostics::Diagnostic>) {
    for p in pages {
        for (name, terms) in &p.meta.taxonomies {
            if terms.len() <= MAX_TERMS_PER_PAGE {
                continue;
            }
            let (line, src) = crate::source::read_text_file(&p.file.path)
                .ok()
                .and_then(|text| {
                    text.lines().enumerate().find_map(|(i, l)| {
                        l.trim_start()
                            .strip_prefix(name.as_str())
                            .is_some_and(|r| r.trim_start().starts_with(['=', ':']))
                            .then(|| (i + 1, l.chars().take(200).collect::<String>()))
                    })
                })
                .unwrap_or((0, String::new()));
            let n = terms.len();
            let mut d = crate::diagnostics::Diagnostic::error(
                &p.file.path,
                line,
                if line > 0 { 1 } else { 0 },
                crate::diagnostics::Msg::new(
                    format!("{name} 里有 {n} 项，超过每篇文章 {MAX_TERMS_PER_PAGE} 项的上限"),
                    format!("{n} terms in `{name}`, more than {MAX_TERMS_PER_PAGE} for one page"),
                ),
            )
            .with_hint(crate::diagnostics::Msg::new(
                "分类标签是给读者找文章用的，每篇文章写几个最相关的就够了。",
                "Keep the few terms that help readers find the page.",
            ));
            if line > 0 {
                d = d.with_source_line(src);
            }
            diags.push(d);
        }
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
