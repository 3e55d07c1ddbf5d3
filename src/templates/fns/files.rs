//! Finding site files for template functions, and the two functions that are only about
//! files and URLs: `get_url` (for non-`@/` paths, plus `@/` through a caller's resolver) and
//! `get_hash`.
//!
//! [`SiteFiles::find`] follows Zola's search order (the path as given under the site root,
//! then `static/`, `content/`, the output folder, the theme's `static/`; `@/` means
//! `content/`), but every hit is canonicalised and must lie inside the site root: a theme or
//! an article must not be able to read `../../etc/passwd` onto a public website.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256, Sha384, Sha512};
use tera::{Function, Result as TeraResult, Value};

use super::{optional_arg, required_arg};

/// The site folders template functions may read from.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    root: PathBuf,
    /// `root` canonicalised once; `None` if the root does not exist (then nothing is found).
    canonical_root: Option<PathBuf>,
    theme: Option<String>,
    /// The theme's `static/` when it is the built-in theme's (outside the site folder),
    /// canonicalised: files found there are trusted as if inside the site.
    builtin_static: Option<PathBuf>,
    output_dir: PathBuf,
    /// Files pufa generated for this build before rendering (compiled Sass), searched where
    /// Zola searches its output folder. Trusted although it lies outside the site folder.
    generated: Option<PathBuf>,
    /// Colocated assets by the output path Zola copies them to (`ca/archive/x.jpg`), since
    /// Zola's templates can find them in its output folder while the site renders.
    assets: Option<std::sync::Arc<std::collections::HashMap<String, PathBuf>>>,
}

impl SiteFiles {
    /// Also finds colocated assets under the output paths they are copied to.
    pub fn with_assets(
        mut self,
        assets: std::sync::Arc<std::collections::HashMap<String, PathBuf>>,
    ) -> Self {
        self.assets = Some(assets);
        self
    }

    /// Also finds files in `dir` (pufa's generated files), in place of the output folder.
    pub fn with_generated(mut self, dir: &Path) -> Self {
        self.generated = Some(dir.to_path_buf());
        self
    }

    /// `output_dir` is the build output folder relative to the root (`public`) or absolute.
    pub fn new(root: &Path, theme: Option<&str>, output_dir: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().ok(),
            theme: theme.map(str::to_string),
            builtin_static: theme
                .filter(|t| crate::config::builtin_theme::uses_builtin(root, t))
                .and_then(|t| {
                    crate::config::builtin_theme::theme_dir(root, t)
                        .join("static")
                        .canonicalize()
                        .ok()
                }),
            output_dir: output_dir.to_path_buf(),
            generated: None,
            assets: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Finds `path` as Zola's `search_for_file`: returns the file and the normalised path
    /// (`@/` → `content/`, leading `/` removed) that identifies it, `Ok(None)` when no
    /// candidate exists, and an error for a path that points outside the site folder.
    pub fn find(&self, path: &str) -> Result<Option<(PathBuf, String)>, String> {
        let actual = match path.strip_prefix("@/") {
            Some(rest) => format!("content/{rest}"),
            None => path.trim_start_matches(['/', '\\']).to_string(),
        };
        let outside = || {
            format!(
                "{path:?} is not inside the base site directory {:?} (文件必须在网站文件夹内)",
                self.root
            )
        };
        // `C:\x`, `\\server\x`: `join` would replace the root with them.
        if Path::new(&actual)
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        {
            return Err(outside());
        }
        let mut candidates = vec![self.root.join(&actual)];
        for dir in [Path::new("static"), Path::new("content"), &self.output_dir] {
            candidates.push(self.root.join(dir).join(&actual));
        }
        if let Some(t) = &self.theme {
            candidates.push(
                crate::config::builtin_theme::theme_dir(&self.root, t)
                    .join("static")
                    .join(&actual),
            );
        }
        if let Some(assets) = &self.assets {
            let key: Vec<&str> = actual
                .split('/')
                .filter(|s| !s.is_empty() && *s != ".")
                .collect();
            if let Some(src) = assets.get(&key.join("/")) {
                return Ok(Some((src.clone(), actual)));
            }
        }
        if let Some(gen) = &self.generated {
            let candidate = gen.join(&actual);
            let escapes = Path::new(&actual)
                .components()
                .any(|c| matches!(c, Component::ParentDir));
            if !escapes && candidate.is_file() {
                return Ok(Some((candidate, actual)));
            }
        }
        for candidate in candidates {
            if !candidate.exists() {
                continue;
            }
            let canonical = candidate
                .canonicalize()
                .map_err(|e| format!("{e}: {}", candidate.display()))?;
            match &self.canonical_root {
                Some(root) if canonical.starts_with(root) => return Ok(Some((candidate, actual))),
                _ if self
                    .builtin_static
                    .as_ref()
                    .is_some_and(|b| canonical.starts_with(b)) =>
                {
                    return Ok(Some((candidate, actual)))
                }
                _ => return Err(outside()),
            }
        }
        Ok(None)
    }
}

/// The config values URL building needs.
#[derive(Debug, Clone)]
pub struct UrlConfig {
    pub base_url: String,
    pub default_language: String,
    /// Every configured language code other than the default one.
    pub other_languages: Vec<String>,
    /// `feed_filenames` from config.toml (`atom.xml`…): such URLs get no trailing slash.
    pub feed_filenames: Vec<String>,
}

impl UrlConfig {
    /// Zola's `Config::make_permalink`.
    pub fn make_permalink(&self, path: &str) -> String {
        crate::config::make_permalink(&self.base_url, &self.feed_filenames, path)
    }
}

/// Resolves an internal `@/…` link (language already inserted, anchors kept) to a permalink.
pub type PathResolver = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// `get_url(path, trailing_slash=false, cachebust=false, lang=default)`.
pub struct GetUrl {
    urls: UrlConfig,
    files: SiteFiles,
    resolver: Option<PathResolver>,
    hashes: HashCache,
}

impl GetUrl {
    pub fn new(urls: UrlConfig, files: SiteFiles) -> Self {
        Self {
            urls,
            files,
            resolver: None,
            hashes: HashCache::default(),
        }
    }

    pub fn with_resolver(mut self, resolver: PathResolver) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// The URL of a non-`@/` path: base URL + (language prefix) + path, and with
    /// `cachebust` a `?h=` + the first 20 hex digits of the file's SHA-256.
    pub fn url_for_path(
        &self,
        path: &str,
        lang: &str,
        trailing_slash: bool,
        cachebust: bool,
    ) -> Result<String, String> {
        // Zola adds the language unless the path already starts with it (after its 1st char).
        let after_first = path.char_indices().nth(1).map_or("", |(i, _)| &path[i..]);
        let path_with_lang = if lang != self.urls.default_language
            && (path.is_empty() || !after_first.starts_with(lang))
        {
            format!("{lang}/{path}")
        } else {
            path.to_string()
        };
        let mut permalink = self.urls.make_permalink(&path_with_lang);
        if !trailing_slash && permalink.ends_with('/') {
            permalink.pop();
        }
        if cachebust {
            let hash = self
                .files
                .find(&path_with_lang)
                .map_err(|e| format!("`get_url`: {e}"))?
                .and_then(|(p, _)| self.hashes.hash_file(&p, 256, false).ok())
                .ok_or_else(|| {
                    format!("`get_url`: Could not find or open file {path_with_lang}")
                })?;
            permalink = format!("{permalink}?h={}", &hash[..20]);
        }
        Ok(permalink)
    }

    fn url_for_internal(&self, path: &str, lang: &str) -> TeraResult<String> {
        let with_lang = if lang == self.urls.default_language {
            path.to_string()
        } else if !self.urls.other_languages.iter().any(|l| l == lang) {
            return Err(format!(
                "`{lang}` is not an authorized language (check config.languages)."
            )
            .into());
        } else {
            // `a/b.md` → `a/b.fr.md`, as Zola (inserted before the last dot).
            match path.rfind('.') {
                Some(i) => format!("{}.{lang}.{}", &path[..i], &path[i + 1..]),
                None => format!("{lang}.{path}"),
            }
        };
        self.resolver
            .as_ref()
            .and_then(|r| r(&with_lang))
            .ok_or_else(|| {
                format!("`get_url`: could not resolve URL for link `{with_lang}` not found.").into()
            })
    }
}

impl Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path: String = required_arg(
            args,
            "path",
            "`get_url` requires a `path` argument with a string value",
        )?;
        let cachebust = optional_arg(
            args,
            "cachebust",
            "`get_url`: `cachebust` must be a boolean (true or false)",
        )?
        .unwrap_or(false);
        let trailing_slash = optional_arg(
            args,
            "trailing_slash",
            "`get_url`: `trailing_slash` must be a boolean (true or false)",
        )?
        .unwrap_or(false);
        let lang: String = optional_arg(args, "lang", "`get_url`: `lang` must be a string.")?
            .unwrap_or_else(|| self.urls.default_language.clone());
        if path.starts_with("@/") {
            return self.url_for_internal(&path, &lang).map(Value::String);
        }
        self.url_for_path(&path, &lang, trailing_slash, cachebust)
            .map(Value::String)
            .map_err(Into::into)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn hex_digest<D: Digest>(data: &[u8]) -> String {
    D::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

fn digest<D: Digest>(data: &[u8], as_base64: bool) -> String {
    if as_base64 {
        STANDARD.encode(D::digest(data))
    } else {
        hex_digest::<D>(data)
    }
}

/// `get_hash(path=… | literal=…, sha_type=384, base64=true)`.
pub struct GetHash {
    files: SiteFiles,
    hashes: HashCache,
}

impl GetHash {
    pub fn new(files: SiteFiles) -> Self {
        Self {
            files,
            hashes: HashCache::default(),
        }
    }
}

type HashKey = (PathBuf, u16, bool);

/// File hashes by (file, sha type, base64), valid while the modification time is unchanged:
/// themes hash the same stylesheet for `cachebust` or SRI on every page.
#[derive(Default)]
struct HashCache {
    map: Mutex<HashMap<HashKey, (Option<SystemTime>, String)>>,
}

impl HashCache {
    /// `sha_type` must be 256, 384 or 512 (checked by the callers).
    fn hash_file(&self, path: &Path, sha_type: u16, base64: bool) -> std::io::Result<String> {
        let mtime = std::fs::metadata(path)?.modified().ok();
        let key = (path.to_path_buf(), sha_type, base64);
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((t, h)) = map.get(&key) {
            if mtime.is_some() && *t == mtime {
                return Ok(h.clone());
            }
        }
        let bytes = std::fs::read(path)?;
        let hash = hash_bytes(&bytes, sha_type, base64).unwrap_or_default();
        map.insert(key, (mtime, hash.clone()));
        Ok(hash)
    }
}

fn hash_bytes(data: &[u8], sha_type: u16, base64: bool) -> Option<String> {
    Some(match sha_type {
        256 => digest::<Sha256>(data, base64),
        384 => digest::<Sha384>(data, base64),
        512 => digest::<Sha512>(data, base64),
        _ => return None,
    })
}

impl Function for GetHash {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        const EITHER: &str =
            "`get_hash` requires either a `path` or a `literal` argument with a string value";
        let path: Option<String> = optional_arg(args, "path", EITHER)?;
        let literal: Option<String> = optional_arg(args, "literal", EITHER)?;
        let source = match (path, literal) {
            (Some(_), Some(_)) => {
                return Err("`get_hash`: must have only one of `path` or `literal` argument".into())
            }
            (None, None) => {
                return Err(
                    "`get_hash`: must have at least one of `path` or `literal` argument".into(),
                )
            }
            (Some(p), None) => {
                let file = self
                    .files
                    .find(&p)
                    .map_err(|e| format!("`get_hash`: {e}"))?
                    .ok_or_else(|| format!("`get_hash`: Cannot find file: {p}"))?
                    .0;
                Err((p, file))
            }
            (None, Some(l)) => Ok(l),
        };
        let sha_type: u16 = optional_arg(
            args,
            "sha_type",
            "`get_hash`: `sha_type` must be 256, 384 or 512",
        )?
        .unwrap_or(384);
        let base64 = optional_arg(args, "base64", "`get_hash`: `base64` must be true or false")?
            .unwrap_or(true);
        if ![256, 384, 512].contains(&sha_type) {
            return Err("`get_hash`: Invalid sha value".into());
        }
        let hash = match source {
            Ok(literal) => hash_bytes(literal.as_bytes(), sha_type, base64).unwrap_or_default(),
            Err((p, file)) => self
                .hashes
                .hash_file(&file, sha_type, base64)
                .map_err(|e| format!("File {p} could not be read: {e}"))?,
        };
        Ok(Value::String(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::fns::test_util::{args, err_text};
    use serde_json::json;
    use std::fs;

    pub(crate) fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        for d in ["static", "content/blog", "themes/t/static", "public"] {
            fs::create_dir_all(r.join(d)).unwrap();
        }
        fs::write(r.join("static/app.css"), "// Hello world!").unwrap();
        fs::write(r.join("content/blog/a.txt"), "in content").unwrap();
        fs::write(r.join("themes/t/static/theme.js"), "theme").unwrap();
        fs::write(r.join("config.toml"), "base_url = 'x'").unwrap();
        dir
    }

    fn urls(base: &str) -> UrlConfig {
        UrlConfig {
            base_url: base.to_string(),
            default_language: "zh".into(),
            other_languages: vec!["en".into()],
            feed_filenames: vec!["atom.xml".into()],
        }
    }

    #[test]
    fn find_follows_zola_order_and_stays_inside() {
        let dir = site();
        let f = SiteFiles::new(dir.path(), Some("t"), Path::new("public"));
        let (p, u) = f.find("app.css").unwrap().unwrap();
        assert_eq!(
            (p, u.as_str()),
            (dir.path().join("static/app.css"), "app.css")
        );
        let (p, u) = f.find("@/blog/a.txt").unwrap().unwrap();
        assert_eq!(
            (p, u.as_str()),
            (dir.path().join("content/blog/a.txt"), "content/blog/a.txt")
        );
        assert_eq!(
            f.find("/theme.js").unwrap().unwrap().0,
            dir.path().join("themes/t/static/theme.js")
        );
        assert_eq!(f.find("config.toml").unwrap().unwrap().1, "config.toml");
        assert_eq!(f.find("nope.css").unwrap(), None);
        // Escapes are refused, even though the files exist.
        for bad in [
            "../../../../../../etc/passwd",
            "static/../../../../../../../etc/passwd",
            "@/../../../../../../../../etc/passwd",
        ] {
            let e = f.find(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("{bad:?} is not inside the base site directory")),
                "{e}"
            );
        }
        // A leading `/` means the site root, not the file system root.
        assert_eq!(f.find("/etc/passwd").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn find_refuses_symlink_out_of_site() {
        let dir = site();
        std::os::unix::fs::symlink("/etc", dir.path().join("static/etc")).unwrap();
        let f = SiteFiles::new(dir.path(), None, Path::new("public"));
        assert!(f
            .find("etc/passwd")
            .unwrap_err()
            .contains("is not inside the base site directory"));
    }

    #[test]
    fn make_permalink_matches_zola() {
        let u = urls("https://a.gov.cn");
        assert_eq!(u.make_permalink("/"), "https://a.gov.cn/");
        assert_eq!(u.make_permalink("x/y"), "https://a.gov.cn/x/y/");
        assert_eq!(u.make_permalink("/x.css"), "https://a.gov.cn/x.css/");
        assert_eq!(u.make_permalink("atom.xml"), "https://a.gov.cn/atom.xml");
        assert_eq!(u.make_permalink("a#b"), "https://a.gov.cn/a#b");
        let u = urls("https://a.gov.cn/");
        assert_eq!(u.make_permalink("/"), "https://a.gov.cn/");
        assert_eq!(u.make_permalink("/x"), "https://a.gov.cn/x/");
        assert_eq!(u.make_permalink("x"), "https://a.gov.cn/x/");
    }

    #[test]
    fn get_url_plain_paths() {
        let dir = site();
        let g = GetUrl::new(
            urls("https://a.gov.cn"),
            SiteFiles::new(dir.path(), None, Path::new("public")),
        );
        let call = |a: &[(&str, Value)]| g.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[("path", json!("app.css"))]).unwrap(),
            json!("https://a.gov.cn/app.css")
        );
        assert_eq!(
            call(&[("path", json!("app.css")), ("trailing_slash", json!(true))]).unwrap(),
            json!("https://a.gov.cn/app.css/")
        );
        // sha256("// Hello world!") starts with 572e691dc68c3fcd653a
        assert_eq!(
            call(&[("path", json!("app.css")), ("cachebust", json!(true))]).unwrap(),
            json!("https://a.gov.cn/app.css?h=572e691dc68c3fcd653a")
        );
        assert_eq!(
            call(&[("path", json!("a/b")), ("lang", json!("en"))]).unwrap(),
            json!("https://a.gov.cn/en/a/b")
        );
        assert_eq!(
            call(&[("path", json!("/en/a")), ("lang", json!("en"))]).unwrap(),
            json!("https://a.gov.cn/en/a")
        );
        assert_eq!(
            call(&[("path", json!("中文"))]).unwrap(),
            json!("https://a.gov.cn/中文")
        );
        assert_eq!(
            call(&[("path", json!("x.css")), ("cachebust", json!(true))]).unwrap_err(),
            "`get_url`: Could not find or open file x.css"
        );
        assert_eq!(
            call(&[]).unwrap_err(),
            "`get_url` requires a `path` argument with a string value"
        );
        assert_eq!(
            call(&[("path", json!("a")), ("cachebust", json!("yes"))]).unwrap_err(),
            "`get_url`: `cachebust` must be a boolean (true or false)"
        );
    }

    #[test]
    fn get_url_internal_links_use_resolver() {
        let dir = site();
        let resolver: PathResolver = Arc::new(|p: &str| match p {
            "@/blog/a.md" => Some("https://a.gov.cn/blog/a/".to_string()),
            "@/blog/a.en.md" => Some("https://a.gov.cn/en/blog/a/".to_string()),
            _ => None,
        });
        let g = GetUrl::new(
            urls("https://a.gov.cn"),
            SiteFiles::new(dir.path(), None, Path::new("public")),
        )
        .with_resolver(resolver);
        let call = |a: &[(&str, Value)]| g.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[("path", json!("@/blog/a.md"))]).unwrap(),
            json!("https://a.gov.cn/blog/a/")
        );
        assert_eq!(
            call(&[("path", json!("@/blog/a.md")), ("lang", json!("en"))]).unwrap(),
            json!("https://a.gov.cn/en/blog/a/")
        );
        assert_eq!(
            call(&[("path", json!("@/blog/a.md")), ("lang", json!("fr"))]).unwrap_err(),
            "`fr` is not an authorized language (check config.languages)."
        );
        assert_eq!(
            call(&[("path", json!("@/nope.md"))]).unwrap_err(),
            "`get_url`: could not resolve URL for link `@/nope.md` not found."
        );
    }

    #[test]
    fn file_hashes_are_cached_until_the_file_changes() {
        let dir = site();
        let g = GetHash::new(SiteFiles::new(dir.path(), None, Path::new("public")));
        let a = args(&[
            ("path", json!("app.css")),
            ("sha_type", json!(256)),
            ("base64", json!(false)),
        ]);
        let first = g.call(&a).unwrap();
        assert_eq!(g.call(&a).unwrap(), first);
        assert_eq!(g.hashes.map.lock().unwrap().len(), 1);
        let css = dir.path().join("static/app.css");
        fs::write(&css, "body{}").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&css)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(
            g.call(&a).unwrap(),
            json!("7c98040a541657584690ae2a1cc3b42a8b53b159cc60c5d3abbfecbaeac6c94a")
        );
    }

    #[test]
    fn get_hash_variants() {
        let dir = site();
        let g = GetHash::new(SiteFiles::new(dir.path(), None, Path::new("public")));
        let call = |a: &[(&str, Value)]| g.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[
                ("literal", json!("abc")),
                ("sha_type", json!(256)),
                ("base64", json!(false))
            ])
            .unwrap(),
            json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            call(&[("literal", json!("abc")), ("sha_type", json!(256))]).unwrap(),
            json!("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        );
        // Default sha384, base64.
        assert_eq!(
            call(&[("literal", json!("abc"))]).unwrap(),
            json!("ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn")
        );
        let from_file = call(&[("path", json!("app.css")), ("sha_type", json!(512))]).unwrap();
        let from_lit = call(&[
            ("literal", json!("// Hello world!")),
            ("sha_type", json!(512)),
        ])
        .unwrap();
        assert_eq!(from_file, from_lit);
        assert_eq!(
            call(&[("literal", json!("a")), ("sha_type", json!(1))]).unwrap_err(),
            "`get_hash`: Invalid sha value"
        );
        assert_eq!(
            call(&[("literal", json!("a")), ("path", json!("a"))]).unwrap_err(),
            "`get_hash`: must have only one of `path` or `literal` argument"
        );
        assert_eq!(
            call(&[]).unwrap_err(),
            "`get_hash`: must have at least one of `path` or `literal` argument"
        );
        assert_eq!(
            call(&[("path", json!("no.css"))]).unwrap_err(),
            "`get_hash`: Cannot find file: no.css"
        );
        assert!(call(&[("path", json!("../../../../../../../etc/passwd"))])
            .unwrap_err()
            .starts_with("`get_hash`: \"../../../../../../../etc/passwd\" is not inside"));
    }
}
