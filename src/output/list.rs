//! The file list kept beside an output folder: which files pufa wrote there and which are the
//! user's, recorded under a name that belongs to that folder alone.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::FILES_TAG;

/// A folder's file list, kept beside it: the files pufa wrote there, and the files of the
/// user's it carried into it (written with a leading `/`, which no relative path has). A folder
/// with a list is one pufa made; the files it does not list are the user's.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct FileList {
    pub(super) own: Vec<PathBuf>,
    pub(super) kept: Vec<PathBuf>,
}

impl FileList {
    pub(super) fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.own.iter().chain(&self.kept)
    }
}

/// The files in a folder that its list does not name (all of them without a list), and its
/// empty folders: the user's, never deleted.
pub(super) type UsersFiles = (Vec<PathBuf>, Vec<PathBuf>);

pub(super) fn users_files(target: &Path, list: Option<&FileList>) -> io::Result<UsersFiles> {
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
pub(super) fn write_list(parent: &Path, name: &str, dir: &Path, list: &FileList) -> io::Result<()> {
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

pub(super) fn read_list(parent: &Path, name: &str, dir: &Path) -> Option<FileList> {
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
pub(super) fn drop_stale_lists(parent: &Path, name: &str, live: &[&Path]) {
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
