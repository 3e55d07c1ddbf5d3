//! The search stage's inputs and files: the documents of pufa's own index (from the rendered
//! pages), and Zola's `search_index.<lang>.*` (made before templates, as Zola makes them).

use rayon::prelude::*;

use super::Site;
use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::markdown;
use crate::output::Output;

/// The search documents of every rendered page that is `in_search_index`.
fn search_docs(site: &Site) -> Vec<crate::search::SearchDoc> {
    let lib = &site.library;
    let rendered = crate::content::unpublished::rendered_pages(lib);
    rendered
        .into_par_iter()
        .filter(|&i| lib.pages[i].meta.in_search_index)
        .map(|i| {
            let p = &lib.pages[i];
            let headings = markdown::toc::titles(&lib.page_toc(i));
            let section = p
                .ancestors
                .last()
                .and_then(|a| lib.section_by_relative(a))
                .and_then(|s| s.meta.title.clone())
                .unwrap_or_default();
            crate::search::SearchDoc {
                url: p.permalink.clone(),
                title: p.meta.title.clone().unwrap_or_default(),
                description: p.meta.description.clone().unwrap_or_default(),
                headings,
                body: crate::search::html_to_text(&lib.page_content(i)),
                kind: p.meta.kind.clone(),
                section,
                taxonomies: p.meta.taxonomies.clone(),
                lang: p.lang.clone(),
                path: p.path.clone(),
                date: p.meta.date.clone(),
            }
        })
        .collect()
}

/// Zola's search index files (`search_index.<lang>.js|json`, and `elasticlunr.min.js`) when
/// `build_search_index = true`. Made before templates are rendered, as Zola makes them, so
/// that `get_url(path="search_index.en.js", cachebust=true)` finds them. A language the
/// index cannot handle is a warning in `diags`.
pub fn zola_search_files(
    lib: &Library,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if !config.build_search_index {
        return files;
    }
    let s = &config.search;
    let zopts = crate::search::ZolaSearchOptions {
        format: match s.index_format {
            crate::config::IndexFormat::ElasticlunrJson => {
                crate::search::ZolaFormat::ElasticlunrJson
            }
            crate::config::IndexFormat::ElasticlunrJavascript => {
                crate::search::ZolaFormat::ElasticlunrJavascript
            }
            crate::config::IndexFormat::FuseJson => crate::search::ZolaFormat::FuseJson,
            crate::config::IndexFormat::FuseJavascript => crate::search::ZolaFormat::FuseJavascript,
        },
        include_title: s.include_title,
        include_content: s.include_content,
        truncate_content_length: s.truncate_content_length,
        include_description: s.include_description,
        include_date: s.include_date,
        include_path: s.include_path,
    };
    let mut langs = vec![config.default_language.clone()];
    langs.extend(
        config
            .other_language_codes()
            .into_iter()
            .filter(|l| config.language(l).is_some_and(|o| o.build_search_index)),
    );
    for lang in langs {
        let lang_docs = zola_search_docs(lib, &lang);
        match crate::search::zola_index(&lang_docs, &lang, &zopts) {
            Some(file) => files.push(file),
            None => diags.push(Diagnostic::warning(
                config.path(),
                0,
                0,
                Msg::new(
                    format!("搜索索引（elasticlunr）不支持语言 `{lang}`，没有生成 search_index.{lang}"),
                    format!("the search index (elasticlunr) has no support for language `{lang}`: search_index.{lang} was not written"),
                ),
            )
            .with_hint(Msg::new(
                "可以把 [search] 的 index_format 改为 fuse_json 或 fuse_javascript，它们支持所有语言。",
                "Set `index_format` under [search] to fuse_json or fuse_javascript, which work for every language.",
            ))),
        }
    }
    if matches!(
        zopts.format,
        crate::search::ZolaFormat::ElasticlunrJson
            | crate::search::ZolaFormat::ElasticlunrJavascript
    ) {
        files.push((
            "elasticlunr.min.js".to_string(),
            crate::search::ELASTICLUNR_JS.as_bytes().to_vec(),
        ));
    }
    files
}

/// What Zola puts in its search index for `lang`: every section of that language that is
/// `in_search_index` (unless it redirects) and the pages it lists that are; orphan pages and
/// the pages a section cannot sort are left out, as Zola leaves them out.
fn zola_search_docs(lib: &Library, lang: &str) -> Vec<crate::search::SearchDoc> {
    let doc = |permalink: &str,
               title: &Option<String>,
               description: &Option<String>,
               content: &str,
               path: &str,
               date: Option<String>| crate::search::SearchDoc {
        url: permalink.to_string(),
        title: title.clone().unwrap_or_default(),
        description: description.clone().unwrap_or_default(),
        body: crate::search::zola_body_text(content),
        lang: lang.to_string(),
        path: path.to_string(),
        date,
        ..Default::default()
    };
    let mut docs = Vec::new();
    for s in lib.sections.iter().filter(|s| s.lang == lang) {
        if !s.meta.in_search_index {
            continue;
        }
        if s.meta.redirect_to.is_none() {
            docs.push(doc(
                &s.permalink,
                &s.meta.title,
                &s.meta.description,
                &s.rendered.content,
                &s.path,
                None,
            ));
        }
        for &i in &s.pages {
            let p = &lib.pages[i];
            if p.meta.in_search_index {
                docs.push(doc(
                    &p.permalink,
                    &p.meta.title,
                    &p.meta.description,
                    &lib.page_content(i),
                    &p.path,
                    p.meta
                        .datetime
                        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
                ));
            }
        }
    }
    docs
}

/// pufa's own search index under `search/` (always), and Zola's `search_index.<lang>.*` when
/// `build_search_index = true`.
pub fn write_search(site: &Site, out: &dyn Output) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if let Some(files) = &site.zola_search {
        for (rel, bytes) in files.iter() {
            if let Err(e) = out.write(rel, bytes) {
                errors.push(Diagnostic::from_io(rel, &e));
            }
        }
    }
    if !site.templates.uses_pufa_search {
        return errors;
    }
    let docs = search_docs(site);
    let taxonomies: Vec<&str> = site
        .config
        .taxonomies
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let pick = |candidates: &[&str]| -> String {
        candidates
            .iter()
            .find(|c| taxonomies.contains(c))
            .unwrap_or(&candidates[0])
            .to_string()
    };
    let opts = crate::search::SearchOptions {
        law_taxonomy: pick(&["laws", "statutes", "falv"]),
        topic_taxonomy: pick(&["topics", "tags", "zhuti"]),
        ..Default::default()
    };
    for (rel, bytes) in crate::search::build(&docs, &opts) {
        if let Err(e) = out.write(&rel, &bytes) {
            errors.push(Diagnostic::from_io(&rel, &e));
        }
    }
    errors
}
