//! The swap of the finished site with the one in place (one atomic exchange on Linux, two
//! renames elsewhere), and the leftovers of a killed build taken back before the next.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::refusal::{refusal, Refusal};
use super::{OLD_TAG, PREV_TAG, STAGING_TAG};

/// Swaps the finished site (`staging`) with the one in place (`target`), which ends at `prev`.
/// On Linux one atomic exchange: at no moment is there no site at `target`. Elsewhere (or on
/// a file system without the exchange) two renames; if the second fails the old site is put
/// back at once. On Windows the first rename fails while a program has a file of the site
/// open: nothing has changed then, and the error says so.
pub(super) fn swap(
    parent: &Path,
    name: &str,
    staging: &Path,
    target: &Path,
    prev: &Path,
) -> io::Result<()> {
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
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The file system or kernel cannot exchange (then two renames do).
pub(super) fn exchange_unsupported(e: &io::Error) -> bool {
    // EINVAL, ENOSYS, EOPNOTSUPP on Linux.
    e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(22 | 38 | 95))
}

/// A rename, tried again for up to a second on Windows while access is denied or the file is
/// shared (a virus scanner or the search indexer holding a file for a moment).
pub(super) fn retry_rename(from: &Path, to: &Path) -> io::Result<()> {
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

/// Renames the best leftover beside the target to `staging`: the site before the current
/// one, else a killed build's staging folder. Other leftovers are removed. With the lock held,
/// every leftover belongs to a build that is over.
pub(super) fn claim_leftover(parent: &Path, name: &str, staging: &Path) -> bool {
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

/// A build killed between the two renames of [`DiskOutput::commit`] left no target and the
/// previous site under its `.pufa-old-` name: put it back before anything else.
pub(super) fn restore_interrupted_swap(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
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
