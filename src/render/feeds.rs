//! Atom/RSS feeds: the site's, each section's (`generate_feeds`) and each taxonomy term's.

use serde_json::{json, Map, Value};

use super::RenderEnv;
use crate::content::PageId;

/// The site-wide feed of each language.
pub(super) fn render_main_feeds(env: &RenderEnv) {
    let config = env.config;
    let multilingual = config.is_multilingual();
    if config.generate_feeds {
        let pages: Vec<PageId> = (0..env.lib.pages.len())
            .filter(|&i| !multilingual || env.lib.pages[i].lang == config.default_language)
            .collect();
        render_feed(env, &pages, None, &config.default_language, |_| {});
    }
    for code in config.other_language_codes() {
        if !config.language_generates_feeds(&code) {
            continue;
        }
        let pages: Vec<PageId> = (0..env.lib.pages.len())
            .filter(|&i| env.lib.pages[i].lang == code)
            .collect();
        render_feed(env, &pages, Some(&format!("{code}/")), &code, |_| {});
    }
}

/// Renders every feed file of `lang` for `pages` under `base` (`"blog/"`, or the root).
pub(super) fn render_feed(
    env: &RenderEnv,
    pages: &[PageId],
    base: Option<&str>,
    lang: &str,
    add: impl Fn(&mut Map<String, Value>),
) {
    let lib = env.lib;
    let mut dated: Vec<PageId> = pages
        .iter()
        .copied()
        .filter(|&i| lib.pages[i].meta.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (pa, pb) = (&lib.pages[a], &lib.pages[b]);
        pb.meta
            .datetime
            .cmp(&pa.meta.datetime)
            .then_with(|| pa.permalink.cmp(&pb.permalink))
    });
    let mut ctx = Map::new();
    let last_updated = dated
        .iter()
        .filter_map(|&i| lib.pages[i].meta.updated.clone())
        .chain(dated.first().and_then(|&i| lib.pages[i].meta.date.clone()))
        .max();
    if let Some(lu) = last_updated {
        ctx.insert("last_updated".into(), json!(lu));
    }
    let limit = env.config.feed_limit.unwrap_or(dated.len());
    ctx.insert(
        "pages".into(),
        Value::Array(
            dated
                .iter()
                .take(limit)
                .map(|&i| env.values.full(lib, i))
                .collect(),
        ),
    );
    ctx.insert("config".into(), env.config_value(lang));
    ctx.insert("lang".into(), json!(lang));
    add(&mut ctx);
    let base = base.unwrap_or("").trim_start_matches('/');
    let filenames = env.config.feed_filenames_for(lang);
    if filenames.is_empty() {
        return;
    }
    // One context for all the feed files (`feed.xml`, `releases.json`): only `feed_url`
    // differs, and the pages in it (full, content and all) are not copied per file.
    let mut c = match tera::Context::from_value(Value::Object(ctx)) {
        Ok(c) => c,
        Err(e) => {
            return env.fail(crate::templates::tera_error_diagnostic(
                std::path::Path::new("config.toml"),
                &e,
            ))
        }
    };
    for filename in filenames {
        let rel = format!("{base}{filename}");
        c.insert("feed_url", &env.config.make_permalink(&rel));
        env.render_ctx(filename, &c, &rel, std::path::Path::new("config.toml"));
    }
}
