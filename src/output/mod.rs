//! Where rendered files go: a folder on disk, swapped in whole at the end, or memory for `serve`.
//!
//! Rendering streams each file into an [`Output`] as soon as it is made, from many threads, so
//! a 10,000-page build never holds the whole site in memory. On disk the files go into a fresh
//! staging folder beside the target; only when the whole build has succeeded is the old folder
//! replaced (two renames). A failed or killed build leaves the previous site exactly as it was;
//! the next build removes any staging folder a killed one left behind.

use std::collections::{BTreeMap, HashSet};
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
///
/// The staging folder is not built from nothing: it is the site before the current one
/// (kept beside the target as `.NAME.pufa-prev`), or what a killed build left. Files whose
/// bytes did not change are left alone, others are overwritten in place, files the build did
/// not make are pruned before the swap. On a rebuild the file system creates almost no inodes
/// (on ext4 creating and deleting 20,000 files and folders was a third of a 10,000-page
/// build), and an unchanged file keeps its modification time, so rsync and caches see it as
/// unchanged.
pub struct DiskOutput {
    target: PathBuf,
    staging: PathBuf,
    parent: PathBuf,
    name: String,
    /// Whether `staging` started as an old site (then files are compared and pruned).
    recycled: bool,
    /// The files of that old site, when a manifest says (else pruning walks the folder).
    known: Option<Vec<PathBuf>>,
    /// Every file this build wrote, relative to the staging folder.
    written: Mutex<Vec<PathBuf>>,
    /// Held for the whole build: a second build of the same folder waits for it.
    _lock: fs::File,
}

const STAGING_TAG: &str = ".pufa-staging-";
const OLD_TAG: &str = ".pufa-old-";
const PREV_TAG: &str = ".pufa-prev";
const LOCK_TAG: &str = ".pufa-lock";
const FILES_TAG: &str = ".pufa-files-";

impl DiskOutput {
    /// Prepares the staging folder beside `target`. Refuses a target that does not look like
    /// a generated site unless `force`.
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
        fs::create_dir_all(&parent)?;
        let lock = lock(&parent.join(format!(".{name}{LOCK_TAG}")))?;
        restore_interrupted_swap(&parent, &name, &target)?;
        if target.exists() && !force {
            if let Some(reason) = not_an_output_folder(&target) {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, reason));
            }
        }
        let staging = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        let recycled = claim_leftover(&parent, &name, &staging);
        let known = if recycled {
            read_manifest(&parent, &name, &staging)
        } else {
            fs::create_dir_all(&staging)?;
            None
        };
        Ok(DiskOutput {
            target,
            staging,
            parent,
            name,
            recycled,
            known,
            written: Mutex::new(Vec::new()),
            _lock: lock,
        })
    }

    /// How many files the build wrote.
    pub fn file_count(&self) -> usize {
        let mut w = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        w.sort_unstable();
        w.dedup();
        w.len()
    }

    /// Prunes what the build did not write and swaps the finished site in place of the old
    /// one, which is kept as the next build's starting point.
    pub fn commit(self) -> io::Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        if self.recycled {
            let keep: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
            match &self.known {
                Some(known) => prune_listed(&self.staging, known, &keep)?,
                None => prune_walk(&self.staging, &keep)?,
            }
        }
        let prev = self.parent.join(format!(".{}{PREV_TAG}", self.name));
        if self.target.exists() {
            let old = self
                .parent
                .join(format!(".{}{OLD_TAG}{}", self.name, std::process::id()));
            swap_rename(&self.target, &old)?;
            if let Err(e) = swap_rename(&self.staging, &self.target) {
                // Never leave no site: put the previous one back.
                let _ = fs::rename(&old, &self.target);
                return Err(e);
            }
            if fs::rename(&old, &prev).is_err() {
                let _ = fs::remove_dir_all(&old);
            }
        } else {
            swap_rename(&self.staging, &self.target)?;
        }
        write_manifest(&self.parent, &self.name, &self.target, &written);
        Ok(())
    }

    /// Sets the staging folder aside (failed build): the site in place is untouched, and the
    /// next build starts from these files.
    pub fn abandon(self) {
        let prev = self.parent.join(format!(".{}{PREV_TAG}", self.name));
        if prev.exists() || fs::rename(&self.staging, &prev).is_err() {
            let _ = fs::remove_dir_all(&self.staging);
            return;
        }
        // What it holds: the old files it started from and what this build added.
        let mut files =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        match (self.recycled, self.known) {
            (true, Some(known)) => files.extend(known),
            (true, None) => return,
            (false, _) => {}
        }
        write_manifest(&self.parent, &self.name, &prev, &files);
    }

    fn record(&self, rel: PathBuf) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel);
    }
}

impl Output for DiskOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = safe_relative(rel)?;
        let path = self.staging.join(&rel);
        if !(self.recycled && same_bytes(&path, bytes)) {
            write_file(&self.staging, &path, |p| fs::write(p, bytes))?;
        }
        self.record(rel);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let rel = safe_relative(rel)?;
        let path = self.staging.join(&rel);
        if !(self.recycled && copied_since_changed(from, &path)) {
            write_file(&self.staging, &path, |p| fs::copy(from, p).map(|_| ()))?;
        }
        self.record(rel);
        Ok(())
    }
}

/// `fs::rename` for the swap. Windows refuses to rename a folder while a file in it is open
/// (a browser, WPS, a picture viewer, or for a moment a virus scanner or the search indexer
/// that noticed the new files): retried for a second, then refused with a message that says
/// what to do. The caller leaves the previous site in place.
fn swap_rename(from: &Path, to: &Path) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(from, to) {
            Err(e) if cfg!(windows) && in_use(&e) => {
                if tries == 20 {
                    return Err(io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        format!(
                            "{} 文件夹里有文件正被其他程序打开，新网站无法换上，旧网站保持不变；关闭后重新生成即可 \
                             (a file in the folder is open in another program: {e})",
                            from.file_name().unwrap_or_default().to_string_lossy()
                        ),
                    ));
                }
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Access denied, sharing or lock violation: what Windows says about a file in use.
fn in_use(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied || matches!(e.raw_os_error(), Some(32 | 33))
}

/// Whether the file at `path` holds exactly `bytes` (and is not shared with another site).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut f) = fs::File::open(path) else {
        return false;
    };
    let same_size = f
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64 && !hard_linked(&m));
    if !same_size {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    f.read_to_end(&mut old).is_ok() && old == bytes
}

/// A copy made after the source last changed, with the same size, is still a good copy.
fn copied_since_changed(from: &Path, to: &Path) -> bool {
    match (fs::metadata(from), fs::symlink_metadata(to)) {
        (Ok(src), Ok(dst)) => {
            dst.is_file()
                && !hard_linked(&dst)
                && src.len() == dst.len()
                && matches!((src.modified(), dst.modified()), (Ok(s), Ok(d)) if d >= s)
        }
        _ => false,
    }
}

/// Earlier versions hard-linked unchanged files between sites: such a file must be replaced,
/// never written through, or the site in place would change too.
#[cfg(unix)]
fn hard_linked(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() > 1
}

#[cfg(not(unix))]
fn hard_linked(_: &fs::Metadata) -> bool {
    false
}

/// Writes `path` with `write`, making its folders, and clearing whatever of an old site is in
/// the way (a folder where the file goes, a file where a folder goes, a shared file).
fn write_file(
    staging: &Path,
    path: &Path,
    write: impl Fn(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(m) = fs::symlink_metadata(path) {
        if m.is_dir() {
            fs::remove_dir_all(path)?;
        } else if !m.is_file() || hard_linked(&m) {
            fs::remove_file(path)?;
        }
    }
    match write(path) {
        Err(e)
            if e.kind() == io::ErrorKind::NotFound || e.kind() == io::ErrorKind::NotADirectory =>
        {
            if let Some(dir) = path.parent() {
                make_dirs(staging, dir)?;
            }
            write(path)
        }
        other => other,
    }
}

/// `create_dir_all` inside `staging`, removing files of an old site that sit where a folder
/// must go.
fn make_dirs(staging: &Path, dir: &Path) -> io::Result<()> {
    match fs::create_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) => {
            let mut clash = None;
            let mut cur = dir;
            while cur.starts_with(staging) && cur != staging {
                if fs::symlink_metadata(cur).is_ok_and(|m| !m.is_dir()) {
                    clash = Some(cur.to_path_buf());
                }
                cur = match cur.parent() {
                    Some(p) => p,
                    None => break,
                };
            }
            match clash {
                Some(file) => {
                    fs::remove_file(&file)?;
                    fs::create_dir_all(dir)
                }
                None => Err(e),
            }
        }
    }
}

/// Removes every file under `root` that is not in `keep`, then the folders left empty.
fn prune_walk(root: &Path, keep: &HashSet<&Path>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !keep.contains(rel) {
            fs::remove_file(entry.path())?;
        }
    }
    // Deepest first, so a folder's emptied subfolders are gone before it is looked at.
    for d in dirs.iter().rev() {
        if fs::read_dir(d).is_ok_and(|mut r| r.next().is_none()) {
            fs::remove_dir(d)?;
        }
    }
    Ok(())
}

/// [`prune_walk`] for a folder whose files a manifest lists: no folder has to be read, which
/// matters when the file system has dropped an old site's folders from its cache.
fn prune_listed(root: &Path, known: &[PathBuf], keep: &HashSet<&Path>) -> io::Result<()> {
    let mut emptied: Vec<PathBuf> = Vec::new();
    for rel in known.iter().filter(|r| !keep.contains(r.as_path())) {
        match fs::remove_file(root.join(rel)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // A folder now stands there (the new site wrote files below it).
            Err(_) if root.join(rel).is_dir() => continue,
            Err(e) => return Err(e),
        }
        emptied.extend(
            rel.ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
                .map(Path::to_path_buf),
        );
    }
    emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    emptied.dedup();
    for d in emptied {
        let dir = root.join(&d);
        if fs::read_dir(&dir).is_ok_and(|mut r| r.next().is_none()) {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(())
}

/// Names a folder for as long as it lives, whatever it is renamed to.
#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(dir)
        .ok()
        .map(|m| format!("{}-{}", m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<String> {
    None
}

/// Records the files of `dir` beside it (`.NAME.pufa-files-ID`, ID naming the folder, so a
/// list can never be taken for another folder's), and drops lists of folders that are gone.
fn write_manifest(parent: &Path, name: &str, dir: &Path, files: &[PathBuf]) {
    let Some(id) = folder_id(dir) else { return };
    let prefix = format!(".{name}{FILES_TAG}");
    let live: Vec<String> = [dir.to_path_buf(), parent.join(format!(".{name}{PREV_TAG}"))]
        .iter()
        .filter_map(|d| folder_id(d))
        .map(|id| format!("{prefix}{id}"))
        .collect();
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && !live.contains(&n) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let mut text = String::new();
    for f in files {
        let line = f.to_string_lossy();
        if line.contains('\n') {
            return;
        }
        text.push_str(&line);
        text.push('\n');
    }
    let path = parent.join(format!("{prefix}{id}"));
    let tmp = path.with_extension("tmp");
    if fs::write(&tmp, text).is_ok() {
        let _ = fs::rename(&tmp, &path);
    }
}

fn read_manifest(parent: &Path, name: &str, dir: &Path) -> Option<Vec<PathBuf>> {
    let id = folder_id(dir)?;
    let text = fs::read_to_string(parent.join(format!(".{name}{FILES_TAG}{id}"))).ok()?;
    Some(text.lines().map(PathBuf::from).collect())
}

/// Takes the lock of an output folder, waiting (and saying so) while another build holds it.
fn lock(path: &Path) -> io::Result<fs::File> {
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "… 另一个 pufa 正在生成同一个网站，等待它结束 another pufa build of the same folder is running; waiting"
            );
            f.lock()?;
            Ok(f)
        }
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Renames the best leftover beside the target to `staging`: the site before the current
/// one, else a killed build's staging folder. Other leftovers are removed. With the lock held,
/// every leftover belongs to a build that is over.
fn claim_leftover(parent: &Path, name: &str, staging: &Path) -> bool {
    let Ok(entries) = fs::read_dir(parent) else {
        return false;
    };
    let prefix = format!(".{name}");
    let mut candidates: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_prefix(&prefix).is_some_and(|rest| {
                rest == PREV_TAG || rest.starts_with(STAGING_TAG) || rest.starts_with(OLD_TAG)
            })
        })
        .map(|e| e.path())
        .collect();
    // `.pufa-prev` sorts after `.pufa-old-…`: put it first.
    candidates.sort_by_key(|p| !p.to_string_lossy().ends_with(PREV_TAG));
    let mut claimed = false;
    for c in candidates {
        if !claimed && fs::rename(&c, staging).is_ok() {
            claimed = true;
        } else if c != staging {
            let _ = fs::remove_dir_all(&c);
        }
    }
    claimed
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
        assert_eq!(
            beside(tmp.path()),
            [
                ".public.pufa-files-ID",
                ".public.pufa-lock",
                ".public.pufa-prev",
                "public"
            ],
            "the output folder, its file list, the site before it and the lock"
        );
        assert_eq!(
            read_manifest(tmp.path(), "public", &target),
            Some(vec![PathBuf::from("index.html")])
        );
    }

    /// The names beside an output folder, file-list ids shown as `ID`.
    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .map(|n| match n.find(FILES_TAG) {
                Some(i) => format!("{}ID", &n[..i + FILES_TAG.len()]),
                None => n,
            })
            .collect();
        names.sort();
        names
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
        // The killed build's staging folder is kept to start the next build from (its
        // files unknown: no list, the next build walks it).
        assert_eq!(
            beside(tmp.path()),
            [".public.pufa-lock", ".public.pufa-prev", "public"]
        );
    }

    #[test]
    fn a_rebuild_starts_from_the_site_before_and_ends_with_exactly_its_own_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let out = DiskOutput::new(&target, false).unwrap();
            for (rel, text) in files {
                out.write(rel, text.as_bytes()).unwrap();
            }
            assert_eq!(out.file_count(), files.len());
            out.commit().unwrap();
        };
        let v1 = [("index.html", "one"), ("a/index.html", "a"), ("b", "file")];
        build(&v1);
        build(&v1);
        // Third build recycles the first: `b` becomes a folder, `a/` goes, `c` is new.
        let v3 = [
            ("index.html", "three"),
            ("b/index.html", "b"),
            ("c.txt", "c"),
        ];
        build(&v3);
        assert_eq!(
            read_tree(&target),
            v3.iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect::<BTreeMap<_, _>>()
        );
        // The site before is kept whole, for the next build to start from.
        assert_eq!(
            read_tree(&tmp.path().join(".public.pufa-prev")).len(),
            v1.len()
        );
        // An unchanged file is not rewritten: it keeps its modification time.
        let stamp = |p: &Path| fs::metadata(p).unwrap().modified().unwrap();
        let before = stamp(&target.join("c.txt"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(&v3);
        build(&v3);
        assert_eq!(stamp(&target.join("c.txt")), before);
    }

    fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap();
                (
                    rel.to_string_lossy().replace('\\', "/"),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn refuses_to_replace_a_source_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("config.toml"), "").unwrap();
        assert!(DiskOutput::new(tmp.path(), false).is_err());
    }
}
