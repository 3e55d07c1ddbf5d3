//! Pages and sections made from their source files: paths, slugs and dates from file names,
//! permalinks, colocated assets; and the index sections Zola adds where none is written.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{reading_analytics, Document, Page, Section};
use crate::config::Config;
use crate::slugs::slugify_paths;
use crate::source::{SourcePage, SourceSection};

/// An RFC 3339 date at the start of a file name, then an optional `_`/`-` and the slug (Zola).
static DATED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<datetime>(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9])))?)(\s?(_|-)(?P<slug>.+$))?",
    )
    .expect("valid regex")
});

pub fn make_section(mut src: SourceSection, config: &Config) -> Section {
    src.meta.extra = super::sort_keys(std::mem::take(&mut src.meta.extra));
    let (word_count, reading_time) = reading_analytics(&src.body);
    let lang = src.lang.clone();
    let joined = src.file.components.join("/");
    let lang_path = if lang != config.default_language {
        format!("/{lang}")
    } else {
        String::new()
    };
    let path = if joined.is_empty() {
        format!("{lang_path}/")
    } else {
        format!("{lang_path}/{joined}/")
    };
    let components = split_components(&path);
    let permalink = config.make_permalink(&path);
    let serialized_assets = serialize_assets(&src.assets, &src.file.path, &path);
    Section {
        doc: Document {
            lang,
            raw_content: src.body.into(),
            body_line: src.body_line,
            path,
            components,
            permalink,
            assets: src.assets,
            serialized_assets,
            word_count,
            reading_time,
            file: src.file,
            ..Default::default()
        },
        meta: src.meta,
        ..Default::default()
    }
}

pub fn make_page(src: SourcePage, config: &Config) -> Page {
    let mut meta = src.meta;
    meta.extra = super::sort_keys(std::mem::take(&mut meta.extra));
    let file = src.file;
    let (word_count, reading_time) = match src.body_spilled {
        Some((_, stats)) => stats,
        None => reading_analytics(&src.body),
    };
    let lang = src.lang;

    let name_for_slug = if file.name == "index" {
        file.path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.name.clone())
    } else {
        file.name.clone()
    };
    let mut slug_from_date = None;
    if let Some(caps) = DATED_NAME.captures(&name_for_slug) {
        if let Some(s) = caps.name("slug") {
            if !config.slugify.paths_keep_dates {
                slug_from_date = Some(s.as_str().to_string());
            }
        }
        if meta.date.is_none() {
            meta.set_date_from_filename(&caps["datetime"]);
        }
    }
    let slug = match (&meta.slug, slug_from_date) {
        (Some(s), _) => slugify_paths(s, config.slugify.paths),
        (None, Some(s)) => slugify_paths(&s, config.slugify.paths),
        (None, None) => slugify_paths(&name_for_slug, config.slugify.paths),
    };
    let mut path = match &meta.path {
        Some(p) => {
            let p = p.trim();
            if p.starts_with('/') {
                p.to_string()
            } else {
                format!("/{p}")
            }
        }
        None => {
            let mut path = if file.components.is_empty() {
                if file.name == "index" && file.colocated_path.is_none() {
                    String::new()
                } else {
                    slug.clone()
                }
            } else {
                format!("{}/{}", file.components.join("/"), slug)
            };
            if lang != config.default_language {
                path = format!("{lang}/{path}");
            }
            format!("/{path}")
        }
    };
    if !path.ends_with('/') {
        path.push('/');
    }
    let components = split_components(&path);
    let permalink = config.make_permalink(&path);
    let serialized_assets = if file.name == "index" {
        serialize_assets(
            &src.assets,
            &file.path,
            &format!("/{}", file.colocated_path.as_deref().unwrap_or_default()),
        )
    } else {
        Vec::new()
    };
    Page {
        doc: Document {
            lang,
            raw_content: src.body.into(),
            raw_spilled: src.body_spilled.map(|(at, _)| at),
            body_line: src.body_line,
            path,
            components,
            permalink,
            assets: src.assets,
            serialized_assets,
            word_count,
            reading_time,
            file,
            ..Default::default()
        },
        slug,
        meta,
        ..Default::default()
    }
}

fn split_components(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Zola serialises a page's colocated assets as `/<folder inside content>/<file>` (the
/// folder from the content root, whatever the folders above it are called), and a section's
/// as `<section path><file>`; both in the order of their paths, ignoring case.
fn serialize_assets(assets: &[PathBuf], md_path: &Path, prefix: &str) -> Vec<String> {
    let Some(dir) = md_path.parent() else {
        return Vec::new();
    };
    let mut out: Vec<String> = assets
        .iter()
        .filter_map(|a| {
            let rel = a.strip_prefix(dir).ok()?;
            Some(format!(
                "{prefix}{}",
                rel.to_string_lossy().replace('\\', "/")
            ))
        })
        .collect();
    out.sort_by_key(|a| a.to_ascii_lowercase());
    out
}

pub(super) fn add_default_index_sections(
    sections: &mut Vec<Section>,
    content_dir: &Path,
    config: &Config,
) {
    let mut langs: Vec<String> = vec![config.default_language.clone()];
    langs.extend(config.other_language_codes());
    for lang in langs {
        let filename = if lang == config.default_language {
            "_index.md".to_string()
        } else {
            format!("_index.{lang}.md")
        };
        let path = content_dir.join(&filename);
        if sections.iter().any(|s| s.file.path == path) {
            continue;
        }
        let mut s = Section {
            doc: Document {
                lang: lang.clone(),
                ..Default::default()
            },
            is_default: true,
            ..Default::default()
        };
        s.file.path = path;
        s.file.parent = content_dir.to_path_buf();
        s.file.filename = filename.clone();
        s.file.relative = filename;
        if lang == config.default_language {
            s.file.name = "_index".into();
            s.file.canonical = content_dir.join("_index");
            s.path = "/".into();
            s.permalink = config.make_permalink("");
        } else {
            // As Zola: the same canonical name as the default language's index (so they are
            // each other's translations), and a path without its leading slash (`en/`, which
            // is what `current_path` shows there), no components.
            s.file.name = "_index".into();
            s.file.canonical = content_dir.join("_index");
            s.path = format!("{lang}/");
            s.permalink = config.make_permalink(&lang);
        }
        sections.push(s);
    }
}
