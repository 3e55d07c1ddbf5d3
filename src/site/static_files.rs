//! Sass compiled before rendering, then `static/` (the theme's, then the site's) copied over
//! it, as Zola does.
//!
//! Sass is compiled first, into a private folder, because templates may refer to the CSS it
//! produces (`get_url(path="main.css", cachebust=true)` hashes the file); Zola finds it in its
//! output folder, pufa in this folder, which lives as long as the build.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::Site;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::output::Output;
use crate::source::Fence;

/// Files made before rendering (compiled Sass), kept in a temporary folder.
pub struct Generated {
    dir: tempfile::TempDir,
    pub files: Vec<(String, Vec<u8>)>,
}

impl Generated {
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// An empty folder, for files made later in the build.
    pub fn empty() -> Option<Generated> {
        let dir = tempfile::Builder::new()
            .prefix("pufa-generated-")
            .tempdir()
            .ok()?;
        Some(Generated {
            dir,
            files: Vec::new(),
        })
    }
}

/// The files under `dir`, by path relative to it, and the links that were not followed.
///
/// Links are followed only when they point inside the site ([`Fence`]): a shared icon folder
/// linked into `static/` is copied, a link to a home folder is reported and left out.
fn files_under(root: &Path, dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let fence = Fence::new(root, dir);
    let mut refused = Vec::new();
    let mut v: Vec<(String, PathBuf)> = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let ok = e.depth() == 0 || fence.allows(e);
            if !ok {
                refused.push(Fence::warning(e.path()));
            }
            ok
        })
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
    (v, refused)
}

/// A Sass file that did not compile (boxed: errors are rare, results are many).
type SassError = Box<Diagnostic>;

/// Compiles the theme's Sass (always, as Zola) and the site's (with `compile_sass`). Errors go
/// to `diags` (they stop the build later, with the Markdown's); `None` when there is no CSS.
pub(super) fn compile_sass(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Generated> {
    let (generated, errors) = sass_files(root, config);
    diags.extend(errors);
    generated
}

fn sass_files(root: &Path, config: &Config) -> (Option<Generated>, Vec<Diagnostic>) {
    let mut dirs = Vec::new();
    if let Some(theme) = &config.theme {
        dirs.push(crate::config::builtin_theme::theme_dir(root, theme).join("sass"));
    }
    if config.compile_sass {
        dirs.push(root.join("sass"));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs.into_iter().filter(|d| d.is_dir()) {
        // Partials (`_name.scss`) and everything inside `_folders` are only imported.
        let (found, refused) = files_under(root, &dir);
        errors.extend(refused);
        let sources: Vec<(String, PathBuf)> = found
            .into_iter()
            .filter(|(rel, _)| {
                (rel.ends_with(".scss") || rel.ends_with(".sass"))
                    && !rel.split('/').any(|part| part.starts_with('_'))
            })
            .collect();
        let results: Vec<Result<(String, Vec<u8>), SassError>> = sources
            .par_iter()
            .map(|(rel, path)| {
                let css_rel = format!("{}.css", rel.rsplit_once('.').map(|x| x.0).unwrap_or(rel));
                let options = grass::Options::default().style(grass::OutputStyle::Compressed);
                grass::from_path(path, &options)
                    .map(|css| (css_rel, css.into_bytes()))
                    .map_err(|e| {
                        Box::new(Diagnostic::error(
                            path.strip_prefix(root).unwrap_or(path),
                            0,
                            0,
                            Msg::new(
                                format!("Sass 编译失败：{e}"),
                                format!("Sass compilation failed: {e}"),
                            ),
                        ))
                    })
            })
            .collect();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => errors.push(*e),
            }
        }
    }
    if files.is_empty() {
        return (None, errors);
    }
    let dir = match tempfile::Builder::new().prefix("pufa-generated-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            errors.push(Diagnostic::from_io(std::env::temp_dir(), &e));
            return (None, errors);
        }
    };
    for (rel, bytes) in &files {
        let p = dir.path().join(rel);
        if let Some(parent) = p.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&p, bytes) {
            errors.push(Diagnostic::from_io(&p, &e));
        }
    }
    (Some(Generated { dir, files }), errors)
}

/// The stylesheets of class-based highlighting, named as Zola 0.22 names them: `giallo.css`
/// for one theme, `giallo-light.css` and `giallo-dark.css` for a light and a dark one (Zola
/// writes them into `static/` unless a file of that name is there; pufa writes them into the
/// output only, and a file of that name in `static/` replaces them). The colours are syntect's.
fn highlight_stylesheets(config: &Config) -> Vec<(&'static str, String)> {
    let Some(h) = &config.markdown.highlighting else {
        return Vec::new();
    };
    if h.style != crate::config::HighlightStyle::Class {
        return Vec::new();
    }
    let css = |name: &str| crate::markdown::css_for_theme(name).unwrap_or_default();
    match (&h.theme, &h.light_theme, &h.dark_theme) {
        (Some(t), _, _) => vec![("giallo.css", css(t))],
        (None, Some(l), Some(d)) => vec![("giallo-light.css", css(l)), ("giallo-dark.css", css(d))],
        _ => Vec::new(),
    }
}

/// Writes the generated files, then static files over them (a file in `static/` wins).
pub(super) fn write_static(site: &Site, out: &dyn Output) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if let Some(gen) = &site.generated {
        for (rel, bytes) in &gen.files {
            if let Err(e) = out.write(rel, bytes) {
                errors.push(Diagnostic::from_io(gen.dir().join(rel), &e));
            }
        }
    }
    for (rel, css) in highlight_stylesheets(&site.config) {
        if let Err(e) = out.write(rel, css.as_bytes()) {
            errors.push(Diagnostic::from_io(rel, &e));
        }
    }
    let mut files: std::collections::BTreeMap<String, PathBuf> = Default::default();
    if let Some(theme) = &site.config.theme {
        let dir = crate::config::builtin_theme::theme_dir(&site.root, theme).join("static");
        let (found, refused) = files_under(&site.root, &dir);
        errors.extend(refused);
        files.extend(found);
    }
    let ignored = site.config.ignored_static_globset();
    let (found, refused) = files_under(&site.root, &site.root.join("static"));
    errors.extend(refused);
    for (rel, path) in found {
        if ignored
            .as_ref()
            .is_some_and(|g| g.is_match(&path) || g.is_match(&rel))
        {
            continue;
        }
        // Zola keeps its processed images in `static/processed_images/` and deletes the ones
        // the build did not make before copying `static/`; pufa writes this build's images
        // straight into the output, so files left there (by Zola, or an older build) are stale
        // and not published. Folders inside are copied, as Zola leaves them alone.
        if rel
            .strip_prefix("processed_images/")
            .is_some_and(|name| !name.contains('/'))
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
