//! [`DiskOutput`]: the build written into a staging folder beside the target, which replaces the
//! target only when the whole build has succeeded; the lock that keeps two builds apart.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use super::list::{drop_stale_lists, read_list, users_files, write_list, FileList, UsersFiles};
use super::refusal::{clash_refusal, clashes, refuse, Refusal};
use super::swap::{claim_leftover, restore_interrupted_swap, retry_rename, swap};
use super::write::{
    copied_since_changed, link_or_copy, make_dirs, prune_listed, prune_walk, same_bytes, same_file,
    write_file, write_fresh,
};
use super::{is_out_of_space, safe_relative, Output, LOCK_TAG, PREV_TAG, STAGING_TAG};

/// Threads making folders ahead of the rendering.
const AHEAD_THREADS: usize = 4;
use crate::diagnostics::Msg;

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
    /// Folders being made ahead of the rendering ([`DiskOutput::make_folders_ahead`]).
    ahead: OnceLock<HashSet<PathBuf>>,
    /// The threads making them.
    ahead_threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
    /// A write failed because the disk is full.
    out_of_space: AtomicBool,
    /// Tests: writes allowed before the disk is "full".
    #[cfg(test)]
    pub(super) space_left: std::sync::atomic::AtomicUsize,
    /// Held for the whole build: a second build of the same folder waits for it.
    _lock: fs::File,
}

impl DiskOutput {
    /// Prepares the staging folder beside `target`. Refuses a non-empty folder pufa did not
    /// make unless `force`, and anything that is not a folder. A symbolic link to a folder is
    /// followed: the site is swapped in beside the folder it points to, the link stays.
    pub fn new(target: &Path, force: bool) -> io::Result<DiskOutput> {
        let target = follow_link(&normalize(&absolute(target)?))?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Refusal {
                message: Msg::new(
                    format!("不能把网站生成到 {}", target.display()),
                    format!("cannot build the site into {}", target.display()),
                ),
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
            ahead: OnceLock::new(),
            ahead_threads: Mutex::new(Vec::new()),
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

    /// Starts making `folders` (relative to the site) in the staging folder while the rest of
    /// the build goes on: the folders of the pages, known once the library is, made while
    /// Markdown renders. Where every `mkdir` waits for the file system's journal (half a
    /// millisecond on a slow disk, one folder for each page) that wait is then no longer
    /// the rendering's. Only into a staging folder that started empty (a rebuild from the
    /// kept site has its folders already). Folders no file went into are removed again
    /// before the swap, and when the build fails.
    pub fn make_folders_ahead(&self, folders: impl IntoIterator<Item = String>) {
        if self.recycled {
            return;
        }
        let mut rels: Vec<PathBuf> = folders
            .into_iter()
            .filter_map(|f| safe_relative(&f).ok())
            .filter(|r| !r.as_os_str().is_empty())
            .collect();
        rels.sort_unstable();
        rels.dedup();
        if rels.is_empty() || self.ahead.set(rels.iter().cloned().collect()).is_err() {
            return;
        }
        // Mostly waiting for the disk, so more threads than cores.
        let per = rels.len().div_ceil(AHEAD_THREADS);
        let mut threads = self.ahead_threads.lock().unwrap_or_else(|e| e.into_inner());
        for chunk in rels.chunks(per) {
            let (staging, chunk) = (self.staging.clone(), chunk.to_vec());
            let made = std::thread::Builder::new()
                .name("pufa-folders".into())
                .spawn(move || {
                    for rel in chunk {
                        // A failure shows when the file is written into the folder.
                        let _ = fs::create_dir_all(staging.join(rel));
                    }
                });
            threads.extend(made.ok());
        }
    }

    /// Waits until the folders started by [`DiskOutput::make_folders_ahead`] are made.
    pub(super) fn wait_ahead(&self) {
        let threads =
            std::mem::take(&mut *self.ahead_threads.lock().unwrap_or_else(|e| e.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }

    /// Waits for the folders made ahead; removes those no file of `written` went into.
    fn settle_ahead(&self, written: &[PathBuf]) {
        self.wait_ahead();
        let Some(ahead) = self.ahead.get() else {
            return;
        };
        let used: HashSet<&Path> = written.iter().filter_map(|w| w.parent()).collect();
        let mut unused: Vec<&PathBuf> = ahead
            .iter()
            .filter(|f| !used.contains(f.as_path()))
            .collect();
        unused.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in unused {
            // With the folders `create_dir_all` made above it, while they are empty.
            for a in d.ancestors().filter(|a| !a.as_os_str().is_empty()) {
                if fs::remove_dir(self.staging.join(a)).is_err() {
                    break;
                }
            }
        }
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
        self.settle_ahead(&written);
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
        let nothing = {
            let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            self.settle_ahead(&written);
            !self.recycled && written.is_empty()
        };
        if nothing
            || self.out_of_space()
            || prev.exists()
            || fs::rename(&self.staging, &prev).is_err()
        {
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
            let made = self
                .ahead
                .get()
                .zip(rel.parent())
                .is_some_and(|(a, dir)| a.contains(dir));
            self.simulated_space()
                .and_then(|()| write_fresh(&self.staging, &path, made, &write))
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

    fn deferrable(&self) -> bool {
        true
    }
}

/// Follows a symbolic link to the folder it points to; a link to nothing is refused.
fn follow_link(target: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(target).map_err(|_| {
            let to = fs::read_link(target)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            Refusal {
                message: Msg::new(
                    format!(
                        "输出目录 {} 是一个链接，但它指向的 {to} 不存在",
                        target.display()
                    ),
                    format!(
                        "the output folder {} is a link to {to}, which does not exist",
                        target.display()
                    ),
                ),
                hint: Some(Msg::new(
                    "请先建好链接指向的文件夹，或删除这个链接。",
                    "create the folder it points to, or remove the link.",
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

/// Takes the lock of an output folder, waiting (and saying so) while another build holds it.
pub(super) fn lock(path: &Path) -> io::Result<fs::File> {
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

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}
