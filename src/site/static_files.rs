//! `static/` (the theme's, then the site's on top) and Sass, copied or compiled into the output.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::Site;
use crate::diagnostics::Diagnostic;
use crate::output::Output;

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut v: Vec<(String, PathBuf)> = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect();
    v.sort();
    v
}

/// Compiles Sass (the theme's, then the site's), then copies static files over it, as Zola:
/// a file in `static/` wins over generated CSS of the same name.
pub fn write_static(site: &Site, out: &dyn Output) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut sass_dirs = Vec::new();
    if let Some(theme) = &site.config.theme {
        sass_dirs.push(site.root.join("themes").join(theme).join("sass"));
    }
    if site.config.compile_sass {
        sass_dirs.push(site.root.join("sass"));
    }
    for dir in sass_dirs.into_iter().filter(|d| d.is_dir()) {
        // Partials (`_name.scss`) and everything inside `_folders` are only imported.
        let sources: Vec<(String, PathBuf)> = files_under(&dir)
            .into_iter()
            .filter(|(rel, _)| {
                (rel.ends_with(".scss") || rel.ends_with(".sass"))
                    && !rel.split('/').any(|part| part.starts_with('_'))
            })
            .collect();
        let results: Vec<Diagnostic> = sources
            .par_iter()
            .filter_map(|(rel, path)| {
                let css_rel = format!("{}.css", rel.rsplit_once('.').map(|x| x.0).unwrap_or(rel));
                let options = grass::Options::default().style(grass::OutputStyle::Compressed);
                match grass::from_path(path, &options) {
                    Ok(css) => out
                        .write(&css_rel, css.as_bytes())
                        .err()
                        .map(|e| Diagnostic::from_io(path, &e)),
                    Err(e) => Some(Diagnostic::error(
                        path,
                        0,
                        0,
                        format!("Sass 编译失败：{e}"),
                        format!("Sass compilation failed: {e}"),
                        None,
                    )),
                }
            })
            .collect();
        errors.extend(results);
    }
    let mut files: std::collections::BTreeMap<String, PathBuf> = Default::default();
    if let Some(theme) = &site.config.theme {
        for (rel, path) in files_under(&site.root.join("themes").join(theme).join("static")) {
            files.insert(rel, path);
        }
    }
    let ignored = site.config.ignored_static_globset();
    for (rel, path) in files_under(&site.root.join("static")) {
        if ignored
            .as_ref()
            .is_some_and(|g| g.is_match(&path) || g.is_match(&rel))
        {
            continue;
        }
        files.insert(rel, path);
    }
    let copy_errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(rel, path)| {
            out.copy(rel, path)
                .err()
                .map(|e| Diagnostic::from_io(path, &e))
        })
        .collect();
    errors.extend(copy_errors);

    errors
}
