//! sitemap.xml (split above 30,000 entries, as Zola).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::RenderEnv;

const SITEMAP_LIMIT: usize = 30_000;

pub(super) fn render_sitemap(env: &RenderEnv) {
    if !env.config.generate_sitemap {
        return;
    }
    let (lib, config) = (env.lib, env.config);
    // permalink → entry; a BTreeMap gives Zola's order (sorted by permalink) and de-duplicates.
    // Each entry's value is made only when its sitemap file is rendered: at 200,000 pages the
    // whole list of values at once is a few hundred megabytes.
    let mut entries: BTreeMap<Cow<str>, Entry> = BTreeMap::new();
    let none = Entry::default();
    // Only what the build writes: a page its section cannot sort (no date under
    // `sort_by = "date"`) or a taxonomy without terms has no file, so it is not listed.
    for p in crate::content::unpublished::written_pages(lib)
        .into_iter()
        .map(|i| &lib.pages[i])
    {
        let updated = p.meta.updated.as_deref().or(p.meta.date.as_deref());
        entries
            .entry(Cow::Borrowed(p.permalink.as_str()))
            .or_insert(Entry {
                updated,
                extra: Some(&p.meta.extra),
            });
    }
    let exclude_pagers = config.exclude_paginated_pages_in_sitemap();
    for s in &lib.sections {
        if s.meta.render {
            entries
                .entry(Cow::Borrowed(s.permalink.as_str()))
                .or_insert(Entry {
                    updated: None,
                    extra: Some(&s.meta.extra),
                });
        }
        if let Some(n) = s.meta.paginate_by.filter(|&n| n > 0) {
            if !exclude_pagers && s.meta.render && s.meta.redirect_to.is_none() {
                let pagers = s.pages.len().div_ceil(n);
                for i in 1..=pagers {
                    let link = format!("{}{}/{}/", s.permalink, s.meta.paginate_path, i);
                    entries.entry(Cow::Owned(link)).or_insert(none);
                }
            }
        }
    }
    for t in lib
        .taxonomies
        .iter()
        .filter(|t| t.kind.render && !t.items.is_empty())
    {
        entries
            .entry(Cow::Borrowed(t.permalink.as_str()))
            .or_insert(none);
        for item in &t.items {
            entries
                .entry(Cow::Borrowed(item.permalink.as_str()))
                .or_insert(none);
            if let Some(n) = t.kind.paginate_by.filter(|&n| n > 0) {
                if !exclude_pagers {
                    let pp = t.kind.paginate_path.as_deref().unwrap_or("page");
                    for i in 1..=item.pages.len().div_ceil(n) {
                        let link = config.make_permalink(&format!("{}{}/{}/", item.path, pp, i));
                        entries.entry(Cow::Owned(link)).or_insert(none);
                    }
                }
            }
        }
    }
    let all: Vec<(Cow<str>, Entry)> = entries.into_iter().collect();
    let source = std::path::Path::new("config.toml");
    if all.len() < SITEMAP_LIMIT {
        let mut ctx = Map::new();
        ctx.insert("entries".into(), values(&all));
        env.render_to("sitemap.xml", ctx, "sitemap.xml", source);
        return;
    }
    let mut index = Vec::new();
    for (i, chunk) in all.chunks(SITEMAP_LIMIT).enumerate() {
        let mut ctx = Map::new();
        ctx.insert("entries".into(), values(chunk));
        let name = format!("sitemap{}.xml", i + 1);
        env.render_to("sitemap.xml", ctx, &name, source);
        let mut url = config.make_permalink(&name);
        url.pop();
        index.push(url);
    }
    let mut ctx = Map::new();
    ctx.insert("sitemaps".into(), json!(index));
    env.render_to("split_sitemap_index.xml", ctx, "sitemap.xml", source);
}

/// The template values of some entries.
fn values(entries: &[(Cow<str>, Entry)]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|(permalink, e)| {
                json!({ "permalink": permalink, "updated": e.updated, "extra": e.extra })
            })
            .collect(),
    )
}

/// What a sitemap entry shows besides its permalink: `extra` is null for pagers and terms.
#[derive(Clone, Copy, Default)]
struct Entry<'a> {
    updated: Option<&'a str>,
    extra: Option<&'a Map<String, Value>>,
}
