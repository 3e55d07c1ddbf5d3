//! Two outputs at one path are an error, never a race.
//!
//! Render jobs run in parallel; when two of them write the same file (a section and a
//! taxonomy both at `/tags/`, a law page and a tag page, a static file over a page) whichever
//! thread finishes last would win, so the site would change from one build to the next.
//! Every write claims its output path for its source; a second source claiming the same path
//! is recorded, and the build fails with an error naming both (sorted, so the message is the
//! same at any thread count).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Msg};
use crate::output::Output;

/// Output path → the first source that wrote it; paths written by more than one source.
#[derive(Default)]
pub struct Claims {
    first: Mutex<HashMap<String, PathBuf>>,
    clashes: Mutex<BTreeMap<String, BTreeSet<PathBuf>>>,
    /// Files of `static/` that replace a file pufa makes by default (`robots.txt`, `404.html`,
    /// the sitemap, a feed): Zola lets them, always in that order, so this is a warning.
    replaced: Mutex<BTreeSet<String>>,
}

/// Sources of the files a site gets by default, which a file in `static/` may replace.
fn is_default_file(source: &Path) -> bool {
    matches!(
        source.to_str(),
        Some(CONFIG | "templates/404.html" | "templates/robots.txt")
    )
}

/// Sources that are not a file of the site.
pub const STATIC: &str = "static/";
pub const SEARCH: &str = "<search index>";
pub const IMAGES: &str = "<processed images>";

/// Whether `source` is one of these.
pub fn is_pseudo_source(source: &Path) -> bool {
    [STATIC, SEARCH, IMAGES]
        .iter()
        .any(|s| source == Path::new(s))
}

impl Claims {
    /// The first source that wrote `rel`.
    pub fn source_of(&self, rel: &str) -> Option<PathBuf> {
        let first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        first.get(rel.trim_start_matches('/')).cloned()
    }

    /// Records that `source` writes `rel`.
    pub fn claim(&self, rel: &str, source: &Path) {
        let key = rel.trim_start_matches('/').to_string();
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        match first.get(&key) {
            None => {
                first.insert(key, source.to_path_buf());
            }
            Some(prev) if prev == source => {}
            Some(prev) if source == Path::new(STATIC) && is_default_file(prev) => {
                drop(first);
                self.replaced
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key);
            }
            Some(prev) => {
                let prev = prev.clone();
                drop(first);
                let mut clashes = self.clashes.lock().unwrap_or_else(|e| e.into_inner());
                let set = clashes.entry(key).or_default();
                set.insert(prev);
                set.insert(source.to_path_buf());
            }
        }
    }

    /// One error for each path written by more than one source (and a warning for each
    /// default file a file of `static/` replaces).
    pub fn errors(&self, root: &Path, config_file: &Path, lib: &Library) -> Vec<Diagnostic> {
        let replaced =
            std::mem::take(&mut *self.replaced.lock().unwrap_or_else(|e| e.into_inner()));
        let mut out: Vec<Diagnostic> = replaced
            .into_iter()
            .map(|rel| {
                Diagnostic::warning(
                    root.join("static").join(&rel),
                    0,
                    0,
                    Msg::new(
                        format!("static/{rel} 代替了 pufa 默认生成的 {rel}"),
                        format!("static/{rel} replaces the {rel} pufa makes by default"),
                    ),
                )
                .with_hint(Msg::new(
                    "这是有意的就不用管；否则请删掉 static/ 里的这个文件。",
                    "Nothing to do if that is meant; otherwise delete the file from static/.",
                ))
            })
            .collect();
        let clashes = std::mem::take(&mut *self.clashes.lock().unwrap_or_else(|e| e.into_inner()));
        out.extend(clashes.into_iter().map(|(rel, sources)| {
            let described: Vec<Msg> = sources
                .iter()
                .map(|s| describe(s, &rel, root, lib))
                .collect();
            let zh: Vec<&str> = described.iter().map(|d| d.zh.as_str()).collect();
            let en: Vec<&str> = described.iter().map(|d| d.en.as_str()).collect();
            let at = sources
                .iter()
                .find(|s| !is_special(s))
                .cloned()
                .unwrap_or_else(|| config_file.to_path_buf());
            Diagnostic::error(
                at,
                0,
                0,
                Msg::new(
                    format!(
                        "两处内容要写到同一个文件 `{rel}`：{}（生成结果会随机覆盖）",
                        zh.join("，和 ")
                    ),
                    format!(
                        "two outputs at one path `{rel}`: {} (one would overwrite the other at random)",
                        en.join(", and ")
                    ),
                ),
            )
            .with_hint(Msg::new(
                "请给其中一个换个地址：改栏目文件夹名、页面的 slug/path，或 config.toml 里分类（taxonomies）的名称。",
                "Give one of them another address: rename the section folder, change the page's slug or path, or rename the taxonomy in config.toml.",
            ))
        }));
        out
    }
}

/// The source of files made from the config (feeds, sitemap, taxonomies), as render names it.
pub const CONFIG: &str = "config.toml";

fn is_special(p: &Path) -> bool {
    matches!(p.to_str(), Some(STATIC | SEARCH | IMAGES | CONFIG))
}

/// A source in words, both languages.
fn describe(source: &Path, rel: &str, root: &Path, lib: &Library) -> Msg {
    let shown = source
        .strip_prefix(root)
        .unwrap_or(source)
        .to_string_lossy()
        .replace('\\', "/");
    match source.to_str() {
        Some(STATIC) => Msg::new(
            format!("static/（或 sass/）里的文件 `{rel}`"),
            format!("the file `{rel}` of static/ (or sass/)"),
        ),
        Some(SEARCH) => Msg::new("搜索索引", "the search index"),
        Some(IMAGES) => Msg::new("处理后的图片", "a processed image"),
        Some(CONFIG) => {
            let dir = rel.trim_end_matches("index.html").trim_end_matches('/');
            let tax = lib.taxonomies.iter().find(|t| {
                let p = t.path.trim_matches('/');
                dir == p || dir.starts_with(&format!("{p}/"))
            });
            match tax {
                Some(t) => Msg::new(
                    format!("config.toml 里的分类 `{}`（taxonomies）", t.kind.name),
                    format!("the taxonomy `{}` of config.toml", t.kind.name),
                ),
                None => Msg::new(
                    "config.toml 生成的文件（订阅源、网站地图）",
                    "a file made from config.toml (feed, sitemap)",
                ),
            }
        }
        _ => Msg::new(shown.clone(), shown),
    }
}

/// An [`Output`] whose every write claims its path for one source.
pub struct Claimed<'a> {
    pub inner: &'a dyn Output,
    pub claims: &'a Claims,
    pub source: &'a Path,
}

impl Output for Claimed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.claims.claim(rel, self.source);
        self.inner.write(rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.claims.claim(rel, self.source);
        self.inner.copy(rel, from)
    }
}
