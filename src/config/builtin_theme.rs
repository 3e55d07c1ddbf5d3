//! The default theme built into pufa.
//!
//! A site that says `theme = "pufa"` needs no `themes/pufa` folder: without one, pufa uses
//! the copy of the theme compiled into the binary (the same files `pufa init` writes), so a
//! site made by hand, or copied without its `themes` folder, still builds. A site's own
//! `themes/pufa` always wins (it may have been customised). A site with no `theme` and no
//! `templates/` folder at all gets the built-in theme too (see [`Config::load`]).
//!
//! The built-in files are written once to pufa's cache folder (`PUFA_CACHE_DIR`, else
//! `%LOCALAPPDATA%\pufa` on Windows, `$XDG_CACHE_HOME/pufa` or `~/.cache/pufa` elsewhere,
//! else the temporary folder), in a folder named by a hash of their content, and read from
//! there exactly as from a site's `themes/pufa`: templates, `theme.toml`, `static/`, `sass/`,
//! shortcodes. The folder is checked against the built-in files on every run, so a folder
//! changed by hand is never used (pufa writes a fresh one beside it and deletes nothing).
//!
//! [`Config::load`]: super::Config::load

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::diagnostics::Msg;

/// The theme's files as `build.rs` embeds them (`THEME_INDEX`, `THEME_ZST`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The name of the default theme, the one built into pufa.
pub const DEFAULT_THEME: &str = "pufa";

/// The files of the built-in theme: (path inside the theme, bytes), decompressed on first use
/// (none if the compiled-in copy could not be read, which a test rules out).
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    static FILES: OnceLock<Vec<(&'static str, &'static [u8])>> = OnceLock::new();
    FILES.get_or_init(|| {
        let bytes = BYTES.get_or_init(|| {
            use std::io::Read;
            let mut out = Vec::new();
            ruzstd::decoding::StreamingDecoder::new(embedded::THEME_ZST)
                .ok()
                .and_then(|mut dec| dec.read_to_end(&mut out).ok())
                .map_or_else(Vec::new, |_| out)
        });
        let mut at = 0;
        let mut files = Vec::with_capacity(embedded::THEME_INDEX.len());
        for &(rel, len) in embedded::THEME_INDEX {
            let Some(b) = bytes.get(at..at + len) else {
                return Vec::new();
            };
            files.push((rel, b));
            at += len;
        }
        files
    })
}

/// Whether the site at `root` uses the built-in copy of theme `name`: it is the default
/// theme and the site has no `themes/<name>` folder of its own (an empty one, made by hand
/// or left by a Git submodule that was not fetched, counts as none).
pub fn uses_builtin(root: &Path, name: &str) -> bool {
    name == DEFAULT_THEME
        && fs::read_dir(root.join("themes").join(name))
            .map_or(true, |mut entries| entries.next().is_none())
}

/// The folder of theme `name` for the site at `root`: the site's `themes/<name>` when it
/// exists or when `name` is not the default theme (then it may not exist: callers report
/// that), else the folder holding the built-in copy.
pub fn theme_dir(root: &Path, name: &str) -> PathBuf {
    let own = root.join("themes").join(name);
    if uses_builtin(root, name) {
        if let Ok(dir) = builtin_dir() {
            return dir.to_path_buf();
        }
    }
    own
}

/// Why the built-in theme could not be written to a cache folder (the last folder tried).
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("no cache folder")]
    NoFolder,
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The folder holding the built-in theme, written on first use in this process.
pub fn builtin_dir() -> Result<&'static Path, &'static CacheError> {
    static DIR: OnceLock<Result<PathBuf, CacheError>> = OnceLock::new();
    DIR.get_or_init(materialize).as_ref().map(PathBuf::as_path)
}

/// What the last config loaded says about the built-in theme (see [`notice`]).
static NOTICE: Mutex<Option<Msg>> = Mutex::new(None);

/// Records, for [`notice`], whether the site at `root` uses the built-in theme: `implied`
/// when config.toml names no theme and the site has no templates.
pub(super) fn record(root: &Path, theme: Option<&str>, implied: bool) {
    let msg = theme.filter(|t| uses_builtin(root, t)).map(|_| {
        if implied {
            Msg::new(
                "提示：config.toml 没有写 theme，网站也没有 templates 文件夹，使用 pufa 自带的默认主题",
                "note: config.toml names no theme and the site has no templates folder: using the default theme built into pufa",
            )
        } else {
            Msg::new(
                "提示：网站没有 themes/pufa 文件夹，使用 pufa 自带的默认主题",
                "note: the site has no themes/pufa folder: using the default theme built into pufa",
            )
        }
    });
    if let Ok(mut n) = NOTICE.lock() {
        *n = msg;
    }
}

/// The line a build prints once (a note, not a warning) when the site whose config was
/// loaded last uses the built-in theme; `None` when it uses its own theme or templates.
pub fn notice() -> Option<Msg> {
    NOTICE.lock().ok().and_then(|n| n.clone())
}

/// Where pufa keeps its cache, most preferred first.
fn cache_parents() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(d) = std::env::var_os("PUFA_CACHE_DIR").filter(|d| !d.is_empty()) {
        v.push(PathBuf::from(d));
        return v;
    }
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        if let Some(d) = env("LOCALAPPDATA") {
            v.push(d.join("pufa"));
        }
    } else if let Some(d) = env("XDG_CACHE_HOME") {
        v.push(d.join("pufa"));
    } else if let Some(d) = env("HOME") {
        v.push(d.join(".cache").join("pufa"));
    }
    v.push(std::env::temp_dir().join("pufa-cache"));
    v
}

/// A short hash of every built-in file's path and bytes: the cache folder's name.
fn content_hash() -> String {
    let mut h = Sha256::new();
    for (rel, bytes) in files() {
        h.update((rel.len() as u64).to_le_bytes());
        h.update(rel.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `dir` holds exactly the built-in files (no more, no fewer, no links, same bytes).
fn holds_builtin(dir: &Path) -> bool {
    if !fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir()) {
        return false;
    }
    let want: BTreeMap<&str, &[u8]> = files().iter().copied().collect();
    let mut seen = 0;
    for e in WalkDir::new(dir).follow_links(false).min_depth(1) {
        let Ok(e) = e else { return false };
        let ft = e.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            return false;
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match want.get(rel.as_str()) {
            Some(bytes) if fs::read(e.path()).is_ok_and(|b| b == *bytes) => seen += 1,
            _ => return false,
        }
    }
    seen == want.len()
}

fn write_all(dir: &Path) -> io::Result<()> {
    for (rel, bytes) in files() {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, bytes)?;
    }
    Ok(())
}

/// Finds or writes the cache folder. Several pufa processes may do this at once: each
/// writes a private folder and renames it into place; the loser checks the winner's.
fn materialize() -> Result<PathBuf, CacheError> {
    let hash = content_hash();
    let mut last_error = CacheError::NoFolder;
    let io = |path: &Path, source| CacheError::Io {
        path: path.to_path_buf(),
        source,
    };
    for parent in cache_parents() {
        if let Err(e) = fs::create_dir_all(&parent) {
            last_error = io(&parent, e);
            continue;
        }
        for n in 0..8 {
            let name = match n {
                0 => format!("theme-pufa-{hash}"),
                n => format!("theme-pufa-{hash}-{n}"),
            };
            let dir = parent.join(name);
            if holds_builtin(&dir) {
                return Ok(dir);
            }
            if fs::symlink_metadata(&dir).is_ok() {
                // Changed by hand, or not ours: leave it alone and use another name.
                continue;
            }
            let tmp = match tempfile::Builder::new()
                .prefix(".theme-pufa-")
                .tempdir_in(&parent)
            {
                Ok(t) => t,
                Err(e) => {
                    last_error = io(&parent, e);
                    break;
                }
            };
            if let Err(e) = write_all(tmp.path()) {
                last_error = io(tmp.path(), e);
                break;
            }
            match fs::rename(tmp.path(), &dir) {
                Ok(()) => {
                    let _ = tmp.keep();
                    return Ok(dir);
                }
                // Another pufa got there first: the temporary folder is removed on drop.
                Err(_) if holds_builtin(&dir) => return Ok(dir),
                Err(e) => last_error = io(&dir, e),
            }
        }
    }
    Err(last_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compressed copy is `themes/pufa`, file for file and byte for byte.
    #[test]
    fn the_builtin_theme_is_themes_pufa() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes")
            .join(DEFAULT_THEME);
        let on_disk = WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count();
        assert!(on_disk > 10 && files().len() == on_disk, "{on_disk}");
        for (rel, bytes) in files() {
            assert_eq!(fs::read(dir.join(rel)).unwrap(), *bytes, "{rel}");
        }
    }

    #[test]
    fn the_builtin_theme_has_templates_and_theme_toml() {
        let names: Vec<&str> = files().iter().map(|(r, _)| *r).collect();
        for want in ["theme.toml", "templates/index.html", "templates/page.html"] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
    }

    #[test]
    fn a_changed_folder_is_not_taken_for_the_builtin_theme() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("t");
        write_all(&dir).unwrap();
        assert!(holds_builtin(&dir));
        fs::write(dir.join("templates/extra.html"), "x").unwrap();
        assert!(!holds_builtin(&dir));
        fs::remove_file(dir.join("templates/extra.html")).unwrap();
        fs::write(dir.join("theme.toml"), "name = \"x\"").unwrap();
        assert!(!holds_builtin(&dir));
        fs::remove_file(dir.join("theme.toml")).unwrap();
        assert!(!holds_builtin(&dir));
    }

    #[test]
    fn a_site_folder_wins_over_the_builtin_theme() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(uses_builtin(tmp.path(), "pufa"));
        assert!(!uses_builtin(tmp.path(), "other"));
        assert_eq!(
            theme_dir(tmp.path(), "other"),
            tmp.path().join("themes/other")
        );
        fs::create_dir_all(tmp.path().join("themes/pufa")).unwrap();
        assert!(
            uses_builtin(tmp.path(), "pufa"),
            "an empty folder is no theme"
        );
        fs::create_dir_all(tmp.path().join("themes/pufa/templates")).unwrap();
        assert!(!uses_builtin(tmp.path(), "pufa"));
        assert_eq!(
            theme_dir(tmp.path(), "pufa"),
            tmp.path().join("themes/pufa")
        );
    }
}
