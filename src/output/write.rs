//! Files in the staging folder: written only when their bytes changed, hard-linked or copied
//! from the site in place, never written through a link shared with it; what the build did not
//! make pruned.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::is_out_of_space;

/// Writes a hard link to `from` at `to` (a link's own copy for a symbolic link), or a copy
/// where the file system has no hard links.
pub(super) fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
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
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub(super) fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Whether the file at `path` holds exactly `bytes` (and, unless `shared`, is not shared with
/// another site: `shared` asks whether the site in place has it, to link to it).
pub(super) fn same_bytes(path: &Path, bytes: &[u8], shared: bool) -> bool {
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
pub(super) fn copied_since_changed(from: &Path, to: &Path, shared: bool) -> bool {
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
pub(super) fn write_file(
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
/// before the file, not after a failed open: the same calls as writing the tree by hand. A
/// folder `made_ahead` ([`super::DiskOutput::make_folders_ahead`]) is there already, or is
/// being made: the file is opened at once, and the folder made only if that finds none.
pub(super) fn write_fresh(
    staging: &Path,
    path: &Path,
    made_ahead: bool,
    write: impl Fn(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if !made_ahead && path.file_name().is_some_and(|n| n == "index.html") {
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
pub(super) fn make_dirs(staging: &Path, dir: &Path) -> io::Result<()> {
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
pub(super) fn prune_walk(root: &Path, keep: &HashSet<&Path>) -> io::Result<()> {
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
pub(super) fn prune_listed<'a>(
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
