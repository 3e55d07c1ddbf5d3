//! sitemap.xml (split above 30,000 entries, as Zola).

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
    let mut entries: BTreeMap<String, Value> = BTreeMap::new();
    // Only what the build writes: a page its section cannot sort (no date under
    // `sort_by = "date"`) or a taxonomy without terms has no file, so it is not listed.
    for p in crate::content::unpublished::written_pages(lib)
        .into_iter()
        .map(|i| &lib.pages[i])
    {
        let updated = p.meta.updated.clone().or_else(|| p.meta.date.clone());
        entries.entry(p.permalink.clone()).or_insert_with(
            || json!({ "permalink": p.permalink, "updated": updated, "extra": p.meta.extra }),
        );
    }
    let exclude_pagers = config.exclude_paginated_pages_in_sitemap();
    for s in &lib.sections {
        if s.meta.render {
            entries.entry(s.permalink.clone()).or_insert_with(
                || json!({ "permalink": s.permalink, "updated": null, "extra": s.meta.extra }),
            );
        }
        if let Some(n) = s.meta.paginate_by.filter(|&n| n > 0) {
            if !exclude_pagers && s.meta.render && s.meta.redirect_to.is_none() {
                let pagers = s.pages.len().div_ceil(n);
                for i in 1..=pagers {
                    let link = format!("{}{}/{}/", s.permalink, s.meta.paginate_path, i);
                    entries.entry(link.clone()).or_insert_with(
                        || json!({ "permalink": link, "updated": null, "extra": null }),
                    );
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
            .entry(t.permalink.clone())
            .or_insert_with(|| json!({ "permalink": t.permalink, "updated": null, "extra": null }));
        for item in &t.items {
            entries.entry(item.permalink.clone()).or_insert_with(
                || json!({ "permalink": item.permalink, "updated": null, "extra": null }),
            );
            if let Some(n) = t.kind.paginate_by.filter(|&n| n > 0) {
                if !exclude_pagers {
                    let pp = t.kind.paginate_path.as_deref().unwrap_or("page");
                    for i in 1..=item.pages.len().div_ceil(n) {
                        let link = config.make_permalink(&format!("{}{}/{}/", item.path, pp, i));
                        entries.entry(link.clone()).or_insert_with(
                            || json!({ "permalink": link, "updated": null, "extra": null }),
                        );
                    }
                }
            }
        }
    }
    let all: Vec<Value> = entries.into_values().collect();
    let source = std::path::Path::new("config.toml");
    if all.len() < SITEMAP_LIMIT {
        let mut ctx = Map::new();
        ctx.insert("entries".into(), Value::Array(all));
        env.render_to("sitemap.xml", ctx, "sitemap.xml", source);
        return;
    }
    let mut index = Vec::new();
    for (i, chunk) in all.chunks(SITEMAP_LIMIT).enumerate() {
        let mut ctx = Map::new();
        ctx.insert("entries".into(), Value::Array(chunk.to_vec()));
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
