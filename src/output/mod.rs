//! Where rendered files go: a folder on disk, swapped in whole at the end, or memory for `serve`.
//!
//! Rendering streams each file into an [`Output`] as soon as it is made, from many threads, so
//! a 10,000-page build never holds the whole site in memory. On disk the files go into a fresh
//! staging folder beside the target; only when the whole build has succeeded is the old folder
//! replaced (one atomic exchange on Linux, two renames elsewhere). A failed or killed build
//! leaves the previous site exactly as it was; the next build removes any staging folder a
//! killed one left behind. pufa never deletes a file it did not write (see [`DiskOutput`]).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

mod deferred;
mod disk;
mod list;
mod refusal;
mod swap;
mod write;

pub use deferred::{Deferred, WriteError};
pub use disk::DiskOutput;
pub use refusal::{refusal, Refusal};

/// A sink for output files, keyed by their path relative to the output root (`a/b/index.html`).
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies a file from disk (static files, assets).
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(from)?)
    }
    /// [`Output::write`] of bytes the caller no longer needs.
    fn write_owned(&self, rel: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.write(rel, &bytes)
    }
    /// Whether writes are better handed to writer threads ([`Deferred`]): true on disk, where
    /// a write can wait for the file system.
    fn deferrable(&self) -> bool {
        false
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

/// Whether an error means the disk (or the user's quota) is full.
pub fn is_out_of_space(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

// The names pufa gives the folders and lists it keeps beside the target.

const STAGING_TAG: &str = ".pufa-staging-";
const OLD_TAG: &str = ".pufa-old-";
const PREV_TAG: &str = ".pufa-prev";
const LOCK_TAG: &str = ".pufa-lock";
const FILES_TAG: &str = ".pufa-files-";

#[cfg(test)]
mod tests;
