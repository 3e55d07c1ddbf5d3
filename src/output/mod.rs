//! Where rendered files go: a folder on disk, swapped in whole at the end, or memory for `serve`.
//!
//! Rendering streams each file into an [`Output`] as soon as it is made, from many threads, so
//! a 10,000-page build never holds the whole site in memory. On disk the files go into a fresh
//! staging folder beside the target; only when the whole build has succeeded is the old folder
//! replaced (two renames). A failed or killed build leaves the previous site exactly as it was;
//! the next build removes any staging folder a killed one left behind.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A sink for output files, keyed by their path relative to the output root (`a/b/index.html`).
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies a file from disk (static files, assets).
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(from)?)
    }
}

/// Rejects relative paths that would leave the output root.
pub fn safe_relative(rel: &str) -> io::Result<PathBuf> {
    let p = Path::new(rel.trim_start_matches('/'));
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("output path `{rel}` leaves the output folder"),
                ))
            }
        }
    }
    Ok(out)
}

/// Files kept in memory (for `serve` and `check`).
#[derive(Default)]
pub struct MemoryOutput {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemoryOutput {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for MemoryOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let key = safe_relative(rel)?.to_string_lossy().replace('\\', "/");
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, bytes.to_vec());
        Ok(())
    }
}

/// A staging folder on disk that replaces the target folder on [`DiskOutput::commit`].
pub struct DiskOutput {
    target: PathBuf,
    staging: PathBuf,
    /// The site being replaced: files whose bytes did not change are hard-linked from it.
    previous: Option<PathBuf>,
}

const STAGING_TAG: &str = ".pufa-staging-";
const OLD_TAG: &str = ".pufa-old-";

impl DiskOutput {
    /// Prepares a fresh staging folder beside `target`, after removing leftovers of killed
    /// builds. Refuses a target that does not look like a generated site unless `force`.
    pub fn new(target: &Path, force: bool) -> io::Result<DiskOutput> {
        let target = absolute(target)?;
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        restore_interrupted_swap(&parent, &name, &target)?;
        if target.exists() && !force {
            if let Some(reason) = not_an_output_folder(&target) {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, reason));
            }
        }
        fs::create_dir_all(&parent)?;
        remove_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        let previous = target.is_dir().then(|| target.clone());
        Ok(DiskOutput {
            target,
            staging,
            previous,
        })
    }

    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the finished site in place of the old one.
    pub fn commit(self) -> io::Result<()> {
        let parent = self
            .staging
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if self.target.exists() {
            let old = parent.join(format!(".{name}{OLD_TAG}{}", std::process::id()));
            fs::rename(&self.target, &old)?;
            fs::rename(&self.staging, &self.target)?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.staging, &self.target)?;
        }
        Ok(())
    }

    /// Throws the staging folder away (failed build).
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

impl Output for DiskOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = safe_relative(rel)?;
        let path = self.staging.join(&rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        // An unchanged file keeps its inode and modification time (cheaper for the file
        // system, and an rsync or a web server cache sees it as unchanged).
        if let Some(prev) = &self.previous {
            let old = prev.join(&rel);
            let same = fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64)
                && fs::read(&old).is_ok_and(|b| b == bytes);
            if same && fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.staging.join(safe_relative(rel)?);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::copy(from, path).map(|_| ())
    }
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// A build killed between the two renames of [`DiskOutput::commit`] left no target and the
/// previous site under its `.pufa-old-` name: put it back before anything else.
fn restore_interrupted_swap(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
    if target.exists() || target.is_symlink() {
        return Ok(());
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let prefix = format!(".{name}{OLD_TAG}");
    let mut olds: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    olds.sort();
    match olds.first() {
        Some(old) => fs::rename(old, target),
        None => Ok(()),
    }
}

fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours = n
            .strip_prefix('.')
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with(STAGING_TAG) || rest.starts_with(OLD_TAG));
        if ours {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Why `dir` must not be replaced without `--force`, if it does not look like a built site.
fn not_an_output_folder(dir: &Path) -> Option<String> {
    if !dir.is_dir() {
        return Some(format!("{} exists and is not a folder", dir.display()));
    }
    let names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return None;
    }
    let source_markers = [
        "config.toml",
        "zola.toml",
        "content",
        "Cargo.toml",
        ".git",
        "templates",
    ];
    if let Some(m) = names.iter().find(|n| source_markers.contains(&n.as_str())) {
        return Some(format!(
            "输出目录 {} 里有 `{m}`，看起来不是生成的网站，为防止误删未覆盖它（确认无误可加 --force）。\n\
             the output folder {} contains `{m}` and does not look like a generated site; \
             not replacing it (use --force if you are sure)",
            dir.display(),
            dir.display()
        ));
    }
    let site_markers = ["index.html", "404.html", "sitemap.xml", "robots.txt"];
    if names.iter().any(|n| site_markers.contains(&n.as_str())) {
        None
    } else {
        Some(format!(
            "输出目录 {} 不是空的，也不像生成的网站，为防止误删未覆盖它（确认无误可加 --force）。\n\
             the output folder {} is not empty and does not look like a generated site; \
             not replacing it (use --force if you are sure)",
            dir.display(),
            dir.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_cannot_escape() {
        assert!(safe_relative("../etc/passwd").is_err());
        assert!(safe_relative("a/../../b").is_err());
        assert_eq!(
            safe_relative("/a/b/index.html").unwrap(),
            PathBuf::from("a/b/index.html")
        );
    }

    #[test]
    fn failed_build_leaves_old_site_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        let out = DiskOutput::new(&target, false).unwrap();
        out.write("index.html", b"new").unwrap();
        out.abandon();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        let out = DiskOutput::new(&target, false).unwrap();
        out.write("index.html", b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn build_killed_between_the_renames_gets_the_old_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let old = tmp.path().join(format!(".public{OLD_TAG}4242"));
        let staging = tmp.path().join(format!(".public{STAGING_TAG}4242"));
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "old").unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("index.html"), "half").unwrap();
        let out = DiskOutput::new(&target, false).unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert!(!old.exists() && !staging.exists());
        out.abandon();
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn refuses_to_replace_a_source_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("config.toml"), "").unwrap();
        assert!(DiskOutput::new(tmp.path(), false).is_err());
    }
}
