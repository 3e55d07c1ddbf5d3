//! Where rendered files go: a folder on disk, swapped in whole at the end, or memory for `serve`.
//!
//! Rendering streams each file into an [`Output`] as soon as it is made, from many threads, so
//! a 10,000-page build never holds the whole site in memory. On disk the files go into a fresh
//! staging folder beside the target; only when the whole build has succeeded is the old folder
//! replaced (one atomic exchange on Linux, two renames elsewhere). A failed or killed build
//! leaves the previous site exactly as it was; the next build removes any staging folder a
//! killed one left behind. pufa never deletes a file it did not write (see [`DiskOutput`]).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Why pufa will not build into a folder, in Chinese and English. It travels inside an
/// `io::Error` (see [`refusal`]) so that the build reports it in the site's language.
#[derive(Debug)]
pub struct Refusal {
    pub zh: String,
    pub en: String,
    pub hint: Option<(String, String)>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{}", self.zh, self.en)
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for io::Error {
    fn from(r: Refusal) -> io::Error {
        io::Error::other(r)
    }
}

/// The [`Refusal`] inside an error from [`DiskOutput`], if it is one.
pub fn refusal(e: &io::Error) -> Option<&Refusal> {
    e.get_ref()?.downcast_ref()
}

/// Whether an error means the disk (or the user's quota) is full.
pub fn is_out_of_space(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// A folder's file list, kept beside it: the files pufa wrote there, and the files of the
/// user's it carried into it (written with a leading `/`, which no relative path has). A folder
/// with a list is one pufa made; the files it does not list are the user's.
#[derive(Debug, Default, Clone, PartialEq)]
struct FileList {
    own: Vec<PathBuf>,
    kept: Vec<PathBuf>,
}

impl FileList {
    fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.own.iter().chain(&self.kept)
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
///
/// pufa deletes only what it wrote. The target's file list says which files those are; any
/// other file in the target (the user's, e.g. a verification file dropped into `public/`) is
/// carried into the new site at the same place (hard-linked, or copied where links are not
/// supported) and never deleted; if the new site writes a file at its path, the swap is
/// refused. A non-empty folder without a list (pufa did not make it) is refused unless
/// `--force`, and then all its files are the user's.
pub struct DiskOutput {
    target: PathBuf,
    staging: PathBuf,
    parent: PathBuf,
    name: String,
    /// Whether `staging` started as an old site (then files are compared and pruned).
    recycled: bool,
    /// The files of that old site, when a list says (else pruning walks the folder).
    known: Option<FileList>,
    /// The target's list: `None` when pufa did not make it (or it does not exist).
    target_list: Option<FileList>,
    /// No old site to start from but a site in place: files identical to its files are
    /// hard-linked from it, which takes no space (the second build, and the retry after the
    /// disk was full).
    link_from_target: bool,
    /// Every file this build wrote, relative to the staging folder.
    written: Mutex<Vec<PathBuf>>,
    /// The user's files carried into the staging folder.
    carried: Mutex<Vec<PathBuf>>,
    /// The walk for the user's files in the target, run beside the rendering.
    users_files: Mutex<Option<std::thread::JoinHandle<io::Result<UsersFiles>>>>,
    /// A write failed because the disk is full.
    out_of_space: AtomicBool,
    /// Tests: writes allowed before the disk is "full".
    #[cfg(test)]
    space_left: std::sync::atomic::AtomicUsize,
    /// Held for the whole build: a second build of the same folder waits for it.
    _lock: fs::File,
}

const STAGING_TAG: &str = ".pufa-staging-";
const OLD_TAG: &str = ".pufa-old-";
const PREV_TAG: &str = ".pufa-prev";
const LOCK_TAG: &str = ".pufa-lock";
const FILES_TAG: &str = ".pufa-files-";

impl DiskOutput {
    /// Prepares the staging folder beside `target`. Refuses a non-empty folder pufa did not
    /// make unless `force`, and anything that is not a folder. A symbolic link to a folder is
    /// followed: the site is swapped in beside the folder it points to, the link stays.
    pub fn new(target: &Path, force: bool) -> io::Result<DiskOutput> {
        let target = follow_link(&normalize(&absolute(target)?))?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Refusal {
                zh: format!("不能把网站生成到 {}", target.display()),
                en: format!("cannot build the site into {}", target.display()),
                hint: None,
            }
            .into());
        };
        let parent = parent.to_path_buf();
        let name = name.to_string_lossy().into_owned();
        fs::create_dir_all(&parent)?;
        let lock = lock(&parent.join(format!(".{name}{LOCK_TAG}")))?;
        restore_interrupted_swap(&parent, &name, &target)?;
        let target_list = read_list(&parent, &name, &target);
        if let Some(r) = refuse(&target, target_list.is_some(), force) {
            return Err(r.into());
        }
        let staging = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        let recycled = claim_leftover(&parent, &name, &staging);
        let known = if recycled {
            read_list(&parent, &name, &staging)
        } else {
            fs::create_dir_all(&staging)?;
            None
        };
        let link_from_target = cfg!(unix) && !recycled && target_list.is_some();
        let walk = {
            let (target, list) = (target.clone(), target_list.clone());
            std::thread::Builder::new()
                .name("pufa-users-files".into())
                .spawn(move || users_files(&target, list.as_ref()))
                .ok()
        };
        Ok(DiskOutput {
            target,
            staging,
            parent,
            name,
            recycled,
            known,
            target_list,
            link_from_target,
            written: Mutex::new(Vec::new()),
            carried: Mutex::new(Vec::new()),
            users_files: Mutex::new(walk),
            out_of_space: AtomicBool::new(false),
            #[cfg(test)]
            space_left: std::sync::atomic::AtomicUsize::new(usize::MAX),
            _lock: lock,
        })
    }

    /// The folder the site goes to (a symbolic link resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Whether the build started from the site kept beside the target.
    pub fn recycled(&self) -> bool {
        self.recycled
    }

    /// Whether a write failed because the disk is full.
    pub fn out_of_space(&self) -> bool {
        self.out_of_space.load(Ordering::Relaxed)
    }

    /// The kept site's name beside the target (`.public.pufa-prev`).
    pub fn kept_name(&self) -> String {
        format!(".{}{PREV_TAG}", self.name)
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

    /// Prunes what the build did not write, carries the user's files over and swaps the
    /// finished site in place of the old one, which is kept as the next build's starting
    /// point. On failure the site in place is as it was.
    pub fn commit(self) -> io::Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        match self.swap_in(&written) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.note(&e);
                *self.written.lock().unwrap_or_else(|e| e.into_inner()) = written;
                self.abandon();
                Err(e)
            }
        }
    }

    fn swap_in(&self, written: &[PathBuf]) -> io::Result<()> {
        let _span = tracing::info_span!("swap").entered();
        let (foreign, empty_dirs) = {
            let _s = tracing::info_span!("user_files").entered();
            self.foreign_files()?
        };
        let clashes = clashes(written, &foreign, &empty_dirs);
        if !clashes.is_empty() {
            return Err(clash_refusal(&self.target, &clashes, self.target_list.is_none()).into());
        }
        {
            let mut keep: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
            keep.extend(foreign.iter().map(PathBuf::as_path));
            if self.recycled {
                match &self.known {
                    Some(known) => prune_listed(&self.staging, known.all(), &keep)?,
                    None => prune_walk(&self.staging, &keep)?,
                }
            }
        }
        self.carry(&foreign, &empty_dirs)?;
        // The list is written before the swap: a folder in place always has one.
        let list = FileList {
            own: written.to_vec(),
            kept: foreign.clone(),
        };
        write_list(&self.parent, &self.name, &self.staging, &list)?;
        let prev = self.parent.join(self.kept_name());
        if fs::symlink_metadata(&self.target).is_ok() {
            swap(&self.parent, &self.name, &self.staging, &self.target, &prev)?;
            // The old site now lies at `prev`; its list names the user's files carried out
            // of it, so that pruning it later removes those copies too.
            if let Some(mut old) = self.target_list.clone() {
                old.kept.extend(foreign);
                old.kept.sort();
                old.kept.dedup();
                let _ = write_list(&self.parent, &self.name, &prev, &old);
            }
        } else {
            retry_rename(&self.staging, &self.target)?;
        }
        drop_stale_lists(&self.parent, &self.name, &[&self.target, &prev]);
        Ok(())
    }

    /// The user's files in the target, from the walk started with the build.
    fn foreign_files(&self) -> io::Result<UsersFiles> {
        let walk = self
            .users_files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match walk.map(std::thread::JoinHandle::join) {
            Some(Ok(found)) => found,
            // No walk (or it panicked): walk now.
            _ => users_files(&self.target, self.target_list.as_ref()),
        }
    }
}

/// The files in a folder that its list does not name (all of them without a list), and its
/// empty folders: the user's, never deleted.
type UsersFiles = (Vec<PathBuf>, Vec<PathBuf>);

fn users_files(target: &Path, list: Option<&FileList>) -> io::Result<UsersFiles> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    if !target.is_dir() {
        return Ok((files, dirs));
    }
    // Compared as strings: hashing a `Path` splits it into components, slow over 20,000.
    let own: HashSet<&std::ffi::OsStr> = list
        .iter()
        .flat_map(|l| l.own.iter().map(|p| p.as_os_str()))
        .collect();
    // Folders come before what they hold: a folder followed by no deeper entry is empty.
    let mut last_dir: Option<(PathBuf, usize)> = None;
    for entry in walkdir::WalkDir::new(target)
        .min_depth(1)
        .follow_links(false)
    {
        let entry = entry.map_err(io::Error::other)?;
        if let Some((dir, depth)) = last_dir.take() {
            if entry.depth() <= depth {
                dirs.push(dir);
            }
        }
        let rel = entry.path().strip_prefix(target).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            last_dir = Some((rel.to_path_buf(), entry.depth()));
        } else if !own.contains(rel.as_os_str()) {
            files.push(rel.to_path_buf());
        }
    }
    dirs.extend(last_dir.map(|(d, _)| d));
    Ok((files, dirs))
}

impl DiskOutput {
    /// Puts the user's files into the staging folder at their places (hard links: no copy,
    /// no space; a copy where the file system has no links).
    fn carry(&self, files: &[PathBuf], dirs: &[PathBuf]) -> io::Result<()> {
        for d in dirs {
            make_dirs(&self.staging, &self.staging.join(d))?;
        }
        for rel in files {
            let from = self.target.join(rel);
            let to = self.staging.join(rel);
            if let Ok(m) = fs::symlink_metadata(&to) {
                if same_file(&from, &to) {
                    continue;
                }
                // An old copy the staging folder started with.
                if m.is_dir() {
                    fs::remove_dir_all(&to)?;
                } else {
                    fs::remove_file(&to)?;
                }
            }
            write_file(&self.staging, &to, |p| link_or_copy(&from, p))?;
            self.carried
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.clone());
        }
        Ok(())
    }

    /// Sets the staging folder aside (failed build): the site in place is untouched, and the
    /// next build starts from these files. When the disk is full it is deleted instead, to
    /// give the space back (the next build starts from nothing, linking unchanged files).
    pub fn abandon(self) {
        let prev = self.parent.join(self.kept_name());
        if self.out_of_space() || prev.exists() || fs::rename(&self.staging, &prev).is_err() {
            let _ = fs::remove_dir_all(&self.staging);
            drop_stale_lists(&self.parent, &self.name, &[&self.target, &prev]);
            return;
        }
        // What it holds: the old files it started from and what this build added.
        let mut list = FileList {
            own: std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner())),
            kept: std::mem::take(&mut *self.carried.lock().unwrap_or_else(|e| e.into_inner())),
        };
        match (self.recycled, self.known) {
            (true, Some(known)) => {
                list.own.extend(known.own);
                list.kept.extend(known.kept);
            }
            (true, None) => return,
            (false, _) => {}
        }
        let _ = write_list(&self.parent, &self.name, &prev, &list);
    }

    fn record(&self, rel: PathBuf) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel);
    }

    fn note(&self, e: &io::Error) {
        if is_out_of_space(e) {
            self.out_of_space.store(true, Ordering::Relaxed);
        }
    }

    /// Tests: fails like a full disk once the allowed writes are used up.
    #[cfg(test)]
    fn simulated_space(&self) -> io::Result<()> {
        let left = self.space_left.load(Ordering::Relaxed);
        if left == 0 {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "disk full (test)",
            ));
        }
        self.space_left
            .store(left.saturating_sub(1), Ordering::Relaxed);
        Ok(())
    }

    #[cfg(not(test))]
    fn simulated_space(&self) -> io::Result<()> {
        Ok(())
    }

    fn put(
        &self,
        rel: &str,
        same: impl Fn(&Path, bool) -> bool,
        write: impl Fn(&Path) -> io::Result<()>,
    ) -> io::Result<()> {
        let rel = safe_relative(rel)?;
        let path = self.staging.join(&rel);
        let result = if !self.recycled && !self.link_from_target {
            // The staging folder started empty: nothing of an old site is in the way.
            self.simulated_space()
                .and_then(|()| write_fresh(&self.staging, &path, &write))
        } else if self.recycled && same(&path, false) {
            Ok(())
        } else if self.link_from_target && same(&self.target.join(&rel), true) {
            let from = self.target.join(&rel);
            write_file(&self.staging, &path, |p| fs::hard_link(&from, p)).or_else(|_| {
                self.simulated_space()
                    .and_then(|()| write_file(&self.staging, &path, &write))
            })
        } else {
            self.simulated_space()
                .and_then(|()| write_file(&self.staging, &path, &write))
        };
        if let Err(e) = &result {
            self.note(e);
        }
        result?;
        self.record(rel);
        Ok(())
    }
}

impl Output for DiskOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(
            rel,
            |p, shared| same_bytes(p, bytes, shared),
            |p| fs::write(p, bytes),
        )
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.put(
            rel,
            |p, shared| copied_since_changed(from, p, shared),
            |p| fs::copy(from, p).map(|_| ()),
        )
    }
}

/// Swaps the finished site (`staging`) with the one in place (`target`), which ends at `prev`.
/// On Linux one atomic exchange: at no moment is there no site at `target`. Elsewhere (or on
/// a file system without the exchange) two renames; if the second fails the old site is put
/// back at once. On Windows the first rename fails while a program has a file of the site
/// open: nothing has changed then, and the error says so.
fn swap(parent: &Path, name: &str, staging: &Path, target: &Path, prev: &Path) -> io::Result<()> {
    match exchange(staging, target) {
        Ok(()) => {
            if fs::rename(staging, prev).is_err() {
                let _ = fs::remove_dir_all(staging);
            }
            return Ok(());
        }
        Err(e) if !exchange_unsupported(&e) => return Err(e),
        Err(_) => {}
    }
    let old = parent.join(format!(".{name}{OLD_TAG}{}", std::process::id()));
    retry_rename(target, &old).map_err(|e| in_use(target, e))?;
    if let Err(e) = retry_rename(staging, target) {
        let _ = fs::rename(&old, target);
        return Err(in_use(target, e));
    }
    if fs::rename(&old, prev).is_err() {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The file system or kernel cannot exchange (then two renames do).
fn exchange_unsupported(e: &io::Error) -> bool {
    // EINVAL, ENOSYS, EOPNOTSUPP on Linux.
    e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(22 | 38 | 95))
}

/// A rename, tried again for up to a second on Windows while access is denied or the file is
/// shared (a virus scanner or the search indexer holding a file for a moment).
fn retry_rename(from: &Path, to: &Path) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(from, to) {
            Err(e)
                if cfg!(windows)
                    && tries < 20
                    && (e.kind() == io::ErrorKind::PermissionDenied
                        || matches!(e.raw_os_error(), Some(32 | 33))) =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// A rename of the site in place that failed: on Windows most often because a program has one
/// of its files open.
fn in_use(target: &Path, e: io::Error) -> io::Error {
    // Access denied, or Windows' sharing and lock violations (ERROR_SHARING_VIOLATION 32,
    // ERROR_LOCK_VIOLATION 33).
    let denied = e.kind() == io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)));
    if !denied || refusal(&e).is_some() {
        return e;
    }
    Refusal {
        zh: format!(
            "无法替换网站文件夹 {}（{e}）；旧网站保持不变",
            target.display()
        ),
        en: format!(
            "cannot replace the site folder {} ({e}); the previous site is unchanged",
            target.display()
        ),
        hint: Some((
            "可能有程序正打开着其中的文件（浏览器、资源管理器预览、WPS、杀毒软件、网站服务器）：关闭后再生成。"
                .into(),
            "a program may have a file in it open (browser, Explorer preview, antivirus, web server): close it and build again."
                .into(),
        )),
    }
    .into()
}

/// Writes a hard link to `from` at `to` (a link's own copy for a symbolic link), or a copy
/// where the file system has no hard links.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if fs::symlink_metadata(from)?.file_type().is_symlink() {
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
    }
    // Where links cannot be told apart from files (see `hard_linked`), a copy.
    if !cfg!(unix) {
        return fs::copy(from, to).map(|_| ());
    }
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if is_out_of_space(&e) || e.kind() == io::ErrorKind::NotFound => Err(e),
        Err(_) => fs::copy(from, to).map(|_| ()),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// The user's files (and empty folders) at a path where the new site writes a file or needs
/// a folder.
fn clashes(written: &[PathBuf], foreign: &[PathBuf], empty_dirs: &[PathBuf]) -> Vec<PathBuf> {
    let files: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let folders: HashSet<&Path> = written
        .iter()
        .flat_map(|w| w.ancestors().skip(1))
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    let under_a_file = |p: &Path| p.ancestors().skip(1).any(|a| files.contains(a));
    let mut v: Vec<PathBuf> = foreign
        .iter()
        .filter(|f| files.contains(f.as_path()) || folders.contains(f.as_path()) || under_a_file(f))
        .chain(
            empty_dirs
                .iter()
                .filter(|d| files.contains(d.as_path()) || under_a_file(d)),
        )
        .cloned()
        .collect();
    v.sort();
    v
}

fn clash_refusal(target: &Path, clashes: &[PathBuf], unlisted: bool) -> Refusal {
    let shown: Vec<String> = clashes
        .iter()
        .take(5)
        .map(|c| target.join(c).display().to_string())
        .collect();
    let more = if clashes.len() > 5 {
        format!(" …（共 {} 个）", clashes.len())
    } else {
        String::new()
    };
    let more_en = if clashes.len() > 5 {
        format!(" … ({} in all)", clashes.len())
    } else {
        String::new()
    };
    let (zh_extra, en_extra) = if unlisted {
        (
            "；如果这个文件夹是以前生成的网站，可以把整个文件夹删除后再生成",
            "; if the folder is an old build of the site, delete the whole folder and build again",
        )
    } else {
        ("", "")
    };
    Refusal {
        zh: format!(
            "输出目录里的这些文件不是 pufa 生成的，而新网站要在同一位置写文件：{}{more}。为防止覆盖你的文件，网站没有替换（旧网站原样保留）",
            shown.join("，")
        ),
        en: format!(
            "these files in the output folder were not written by pufa and the new site writes to the same paths: {}{more_en}. To protect them nothing was replaced (the previous site is unchanged)",
            shown.join(", ")
        ),
        hint: Some((
            format!("请把这些文件移到别处（确认不要的可以删除），然后重新生成{zh_extra}。"),
            format!("move them elsewhere (or delete them if unwanted), then build again{en_extra}."),
        )),
    }
}

/// Whether pufa must not build into `dir`: not a folder (always), or a non-empty folder pufa
/// did not make (unless `force`).
fn refuse(dir: &Path, listed: bool, force: bool) -> Option<Refusal> {
    let meta = fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return Some(Refusal {
            zh: format!(
                "输出位置 {} 已有一个文件，不是文件夹；pufa 不会替换它",
                dir.display()
            ),
            en: format!(
                "the output path {} is a file, not a folder; pufa does not replace it",
                dir.display()
            ),
            hint: Some((
                "请换一个输出目录（-o）。".into(),
                "choose another output folder (-o).".into(),
            )),
        });
    }
    if listed || force {
        return None;
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort();
    let count = names.len();
    let shown = names
        .iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join("、");
    let shown_en = names
        .iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Refusal {
        zh: format!(
            "输出目录 {} 不是 pufa 生成的（里面已有 {shown} 等 {count} 项）；为防止覆盖或删除你的文件，没有在这里生成网站",
            dir.display()
        ),
        en: format!(
            "the output folder {} was not made by pufa (it holds {shown_en}, {count} entries); to protect your files nothing was built there",
            dir.display()
        ),
        hint: Some((
            "请用一个空文件夹或新文件夹作输出目录（-o）；确实要用这个文件夹，请加 --force：你的文件会原样留在生成的网站里，pufa 不会删除它们，与网站文件同名时会停下来告诉你。"
                .into(),
            "use an empty or new output folder (-o); to use this one anyway, add --force: your files stay in place in the built site, pufa never deletes them, and stops if the site writes a file of the same name."
                .into(),
        )),
    })
}

/// Follows a symbolic link to the folder it points to; a link to nothing is refused.
fn follow_link(target: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(target).map_err(|_| {
            let to = fs::read_link(target)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            Refusal {
                zh: format!(
                    "输出目录 {} 是一个链接，但它指向的 {to} 不存在",
                    target.display()
                ),
                en: format!(
                    "the output folder {} is a link to {to}, which does not exist",
                    target.display()
                ),
                hint: Some((
                    "请先建好链接指向的文件夹，或删除这个链接。".into(),
                    "create the folder it points to, or remove the link.".into(),
                )),
            }
            .into()
        }),
        _ => Ok(target.to_path_buf()),
    }
}

/// `a/./b` → `a/b` (`..` is left to the file system: `a` may be a link).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether the file at `path` holds exactly `bytes` (and, unless `shared`, is not shared with
/// another site: `shared` asks whether the site in place has it, to link to it).
fn same_bytes(path: &Path, bytes: &[u8], shared: bool) -> bool {
    use std::io::Read;
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(mut f) = fs::File::open(path) else {
        return false;
    };
    let same_size = f.metadata().is_ok_and(|m| {
        m.is_file() && m.len() == bytes.len() as u64 && (shared || !hard_linked(&m))
    });
    if !same_size {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    f.read_to_end(&mut old).is_ok() && old == bytes
}

/// A copy made after the source last changed, with the same size, is still a good copy.
fn copied_since_changed(from: &Path, to: &Path, shared: bool) -> bool {
    match (fs::metadata(from), fs::symlink_metadata(to)) {
        (Ok(src), Ok(dst)) => {
            dst.is_file()
                && (shared || !hard_linked(&dst))
                && src.len() == dst.len()
                && matches!((src.modified(), dst.modified()), (Ok(s), Ok(d)) if d >= s)
        }
        _ => false,
    }
}

/// A file hard-linked with the site in place (an unchanged file linked from it, a user's file
/// carried over) must be replaced, never written through, or the site in place would change
/// too. Where links cannot be told (not Unix), pufa makes none.
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

/// [`write_file`] into a folder that started empty (a first build): no look at what is at
/// `path` first, and a page's own folder (`…/index.html`, new in nearly every case) is made
/// before the file, not after a failed open: the same calls as writing the tree by hand.
fn write_fresh(
    staging: &Path,
    path: &Path,
    write: impl Fn(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if path.file_name().is_some_and(|n| n == "index.html") {
        if let Some(dir) = path.parent().filter(|d| *d != staging) {
            match fs::create_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(_) => make_dirs(staging, dir)?,
            }
        }
    }
    match write(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                make_dirs(staging, dir)?;
            }
            write(path)
        }
        // Something of this build's own is in the way (a folder where a file goes): as usual.
        Err(_) => write_file(staging, path, write),
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
fn prune_listed<'a>(
    root: &Path,
    known: impl Iterator<Item = &'a PathBuf>,
    keep: &HashSet<&Path>,
) -> io::Result<()> {
    let mut emptied: Vec<PathBuf> = Vec::new();
    for rel in known.filter(|r| !keep.contains(r.as_path())) {
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

/// On Windows the volume and the file index (NTFS's inode number). Not the creation time:
/// Windows "tunnels" it to a folder renamed to a name just vacated, which the swap does.
#[cfg(windows)]
fn folder_id(dir: &Path) -> Option<String> {
    let handle = winapi_util::Handle::from_path_any(dir).ok()?;
    let info = winapi_util::file::information(&handle).ok()?;
    Some(format!(
        "{}-{}",
        info.volume_serial_number(),
        info.file_index()
    ))
}

/// Elsewhere the creation time, which a rename keeps.
#[cfg(not(any(unix, windows)))]
fn folder_id(dir: &Path) -> Option<String> {
    let t = fs::metadata(dir).ok()?.created().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("c{}", d.as_nanos()))
}

fn list_path(parent: &Path, name: &str, dir: &Path) -> Option<PathBuf> {
    let id = folder_id(dir)?;
    Some(parent.join(format!(".{name}{FILES_TAG}{id}")))
}

/// Records the files of `dir` beside it (`.NAME.pufa-files-ID`, ID naming the folder, so a
/// list can never be taken for another folder's).
fn write_list(parent: &Path, name: &str, dir: &Path, list: &FileList) -> io::Result<()> {
    let path = list_path(parent, name, dir)
        .ok_or_else(|| io::Error::other(format!("cannot identify {}", dir.display())))?;
    let mut text = String::new();
    for (f, kept) in list
        .own
        .iter()
        .map(|f| (f, false))
        .chain(list.kept.iter().map(|f| (f, true)))
    {
        let line = f.to_string_lossy();
        if line.contains('\n') || line.contains('\r') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a file name with a line break: {line:?}"),
            ));
        }
        if kept {
            text.push('/');
        }
        text.push_str(&line);
        text.push('\n');
    }
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text)
        .and_then(|()| fs::rename(&tmp, &path))
        .inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
}

fn read_list(parent: &Path, name: &str, dir: &Path) -> Option<FileList> {
    let text = fs::read_to_string(list_path(parent, name, dir)?).ok()?;
    let mut list = FileList::default();
    for line in text.lines() {
        match line.strip_prefix('/') {
            Some(kept) => list.kept.push(PathBuf::from(kept)),
            None => list.own.push(PathBuf::from(line)),
        }
    }
    Some(list)
}

/// Drops the lists of folders that are gone (all but those of `live`).
fn drop_stale_lists(parent: &Path, name: &str, live: &[&Path]) {
    let prefix = format!(".{name}{FILES_TAG}");
    let live: Vec<PathBuf> = live
        .iter()
        .filter_map(|d| list_path(parent, name, d))
        .collect();
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && !live.contains(&e.path()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
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
        build(&target, &[("index.html", "old")]);
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
                ".public.pufa-files-ID",
                ".public.pufa-lock",
                ".public.pufa-prev",
                "public"
            ],
            "the output folder, the site before it, their file lists and the lock"
        );
        assert_eq!(
            read_list(tmp.path(), "public", &target).map(|l| l.own),
            Some(vec![PathBuf::from("index.html")])
        );
    }

    /// Builds `files` into `target` (a successful build).
    fn build(target: &Path, files: &[(&str, &str)]) {
        let out = DiskOutput::new(target, false).unwrap();
        for (rel, text) in files {
            out.write(rel, text.as_bytes()).unwrap();
        }
        out.commit().unwrap();
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
        build(&target, &[("index.html", "old")]);
        fs::rename(&target, &old).unwrap();
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
            [
                ".public.pufa-files-ID",
                ".public.pufa-lock",
                ".public.pufa-prev",
                "public"
            ]
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
    fn the_users_files_are_refused_then_kept_in_place_and_never_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("www");
        fs::create_dir_all(target.join("docs/empty")).unwrap();
        fs::write(target.join("report.docx"), "mine").unwrap();
        fs::write(target.join("index.html"), "my page").unwrap();
        // Not made by pufa: refused, nothing touched.
        let e = DiskOutput::new(&target, false).err().unwrap();
        assert!(
            refusal(&e).is_some_and(|r| r.zh.contains("不是 pufa 生成的")),
            "{e}"
        );
        // --force, but the site writes `index.html`: refused at the swap, nothing touched.
        let out = DiskOutput::new(&target, true).unwrap();
        out.write("index.html", b"site").unwrap();
        let e = out.commit().err().unwrap();
        assert!(
            refusal(&e).is_some_and(|r| r.en.contains("index.html")),
            "{e}"
        );
        assert_eq!(read_tree(&target).len(), 2);
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"my page");
        fs::rename(target.join("index.html"), tmp.path().join("saved.html")).unwrap();
        // --force: the user's files stay in place, empty folder included.
        let out = DiskOutput::new(&target, true).unwrap();
        out.write("index.html", b"site").unwrap();
        out.commit().unwrap();
        assert!(target.join("docs/empty").is_dir());
        let site = |v: &str| {
            BTreeMap::from([
                ("index.html".to_string(), v.as_bytes().to_vec()),
                ("report.docx".to_string(), b"mine".to_vec()),
            ])
        };
        assert_eq!(read_tree(&target), site("site"));
        // Later builds (no --force now: the folder has pufa's list) keep them; a file the
        // user adds to the built site is kept too.
        for v in ["two", "three", "four"] {
            build(&target, &[("index.html", v)]);
            assert_eq!(read_tree(&target), site(v));
        }
        fs::write(target.join("verify.txt"), "token").unwrap();
        for v in ["five", "six", "seven"] {
            build(&target, &[("index.html", v)]);
            let mut want = site(v);
            want.insert("verify.txt".into(), b"token".to_vec());
            assert_eq!(read_tree(&target), want);
        }
        // A file the user deletes from the site is not brought back from a kept copy.
        fs::remove_file(target.join("verify.txt")).unwrap();
        for v in ["eight", "nine", "ten"] {
            build(&target, &[("index.html", v)]);
            assert_eq!(read_tree(&target), site(v));
        }
        // The user's file is one file, never written through: the site in place is theirs.
        fs::write(target.join("report.docx"), "edited").unwrap();
        build(&target, &[("index.html", "eleven")]);
        assert_eq!(fs::read(target.join("report.docx")).unwrap(), b"edited");
    }

    #[test]
    fn a_file_or_a_link_to_nothing_is_never_an_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("notes.txt");
        fs::write(&file, "mine").unwrap();
        assert!(DiskOutput::new(&file, true).is_err());
        assert_eq!(fs::read(&file).unwrap(), b"mine");
        #[cfg(unix)]
        {
            let link = tmp.path().join("public");
            std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
            let e = DiskOutput::new(&link, true).err().unwrap();
            assert!(
                refusal(&e).is_some_and(|r| r.en.contains("does not exist")),
                "{e}"
            );
        }
    }

    #[test]
    fn a_full_disk_drops_the_kept_site_and_the_next_build_links_unchanged_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let v1 = [("index.html", "one"), ("a.html", "a"), ("b.html", "b")];
        build(&target, &v1);
        build(&target, &v1);
        let prev = tmp.path().join(".public.pufa-prev");
        assert!(prev.is_dir());
        let out = DiskOutput::new(&target, false).unwrap();
        assert!(out.recycled());
        out.space_left.store(1, Ordering::Relaxed);
        out.write("index.html", b"two").unwrap();
        let e = out.write("c.html", b"new").err().unwrap();
        assert!(is_out_of_space(&e));
        assert!(out.out_of_space());
        out.abandon();
        assert!(!prev.exists(), "the kept copy is given back to the disk");
        assert_eq!(
            read_tree(&target).len(),
            3,
            "the site in place is untouched"
        );
        // The next build starts from nothing and links what did not change.
        let out = DiskOutput::new(&target, false).unwrap();
        assert!(!out.recycled());
        out.space_left.store(1, Ordering::Relaxed);
        for (rel, text) in [("index.html", "two"), ("a.html", "a"), ("b.html", "b")] {
            out.write(rel, text.as_bytes()).unwrap();
        }
        out.commit().unwrap();
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(fs::metadata(target.join("a.html")).unwrap().nlink(), 2);
        }
        // And the build after writes through none of those links.
        build(
            &target,
            &[("index.html", "three"), ("a.html", "A"), ("b.html", "b")],
        );
        assert_eq!(fs::read(prev.join("a.html")).unwrap(), b"a");
        assert_eq!(fs::read(target.join("a.html")).unwrap(), b"A");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_is_one_atomic_exchange_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        fs::write(b.join("x"), "b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert_eq!(fs::read(a.join("x")).unwrap(), b"b");
                assert_eq!(fs::read(b.join("x")).unwrap(), b"a");
            }
            // Some file systems (old overlayfs) cannot: then the two renames run.
            Err(e) if exchange_unsupported(&e) && std::env::var_os("CI").is_none() => {
                eprintln!("skipped: {} cannot exchange ({e})", tmp.path().display());
            }
            Err(e) => panic!("exchange failed: {e}"),
        }
    }

    #[test]
    fn refuses_to_replace_a_source_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("config.toml"), "").unwrap();
        assert!(DiskOutput::new(tmp.path(), false).is_err());
    }
}
