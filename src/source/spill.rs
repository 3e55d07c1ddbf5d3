//! Page texts kept on disk instead of in memory, for `pufa build` of large sites: each
//! page's Markdown source from the moment it is read until it is rendered, and its HTML body
//! after.
//!
//! A page's HTML body is most of its bytes, and it is read at most a few times after the
//! Markdown stage: by the page's own template, by the feeds that list it in full, by the
//! search index. Holding every body in memory until the end of rendering costs ~7 KB a page
//! (1.4 GB at 200,000 pages). A `pufa build` therefore appends each body to one anonymous
//! temporary file beside the output as soon as it is rendered, and reads it back (`pread`,
//! served by the page cache) whenever a template value needs it: memory then holds only each
//! body's place in the file. The file has no name (removed as soon as it is made, or deleted
//! when closed on Windows), so nothing is left behind even if the build is killed.
//!
//! `serve` and `check` keep bodies in memory (they read them again and again).

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where one body lies in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spilled {
    offset: u64,
    len: u32,
}

/// The spill file: bodies appended in any order by any thread, read back by position.
pub struct Spill {
    file: File,
    /// The end of the file, where the next body goes (and the write lock).
    end: Mutex<u64>,
    /// A body could not be read back: the build must fail, not publish an empty page.
    failed: AtomicBool,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill").finish_non_exhaustive()
    }
}

impl Spill {
    /// An anonymous file in `dir` (beside the output: same disk, pufa's own place).
    pub fn new_in(dir: &Path) -> io::Result<Spill> {
        Ok(Spill {
            file: tempfile::tempfile_in(dir)?,
            end: Mutex::new(0),
            failed: AtomicBool::new(false),
        })
    }

    /// Appends `text`; `None` if it cannot be written (the caller keeps it in memory).
    pub fn put(&self, text: &str) -> Option<Spilled> {
        let len = u32::try_from(text.len()).ok()?;
        let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
        let offset = *end;
        // Written at its place, not at the file cursor: on Windows a read moves the cursor.
        if offset == u64::MAX || write_all_at(&self.file, text.as_bytes(), offset).is_err() {
            // A partial write leaves the file end unknown: put nothing more in it.
            *end = u64::MAX;
            return None;
        }
        *end = offset + u64::from(len);
        Some(Spilled { offset, len })
    }

    /// The text at `at`; empty if it cannot be read back, and then [`Spill::failed`] says so.
    pub fn get(&self, at: Spilled) -> String {
        let mut buf = vec![0u8; at.len as usize];
        let text = read_exact_at(&self.file, &mut buf, at.offset)
            .ok()
            .and_then(|()| String::from_utf8(buf).ok());
        text.unwrap_or_else(|| {
            self.failed.store(true, Ordering::Relaxed);
            String::new()
        })
    }

    /// The value at `at`, written as JSON; the default if it cannot be read back (and then
    /// [`Spill::failed`] says so).
    pub fn get_json<T: serde::de::DeserializeOwned + Default>(&self, at: Spilled) -> T {
        let text = self.get(at);
        serde_json::from_str(&text).unwrap_or_else(|_| {
            self.failed.store(true, Ordering::Relaxed);
            T::default()
        })
    }

    /// Whether a body could not be read back (the pages made from it are wrong).
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}

#[cfg(unix)]
fn write_all_at(f: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, offset)
}

#[cfg(windows)]
fn write_all_at(f: &File, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_write(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn write_all_at(f: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = f.try_clone()?;
    f.seek(SeekFrom::Start(offset))?;
    f.write_all(buf)
}

#[cfg(unix)]
fn read_exact_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(f: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_exact_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = f.try_clone()?;
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_come_back_byte_for_byte_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new_in(dir.path()).unwrap();
        let texts = [
            "<p>正当防卫</p>",
            "",
            "<h2 id=\"a\">第一条</h2>\n".repeat(500).leak(),
        ];
        let at: Vec<Spilled> = texts.iter().map(|t| spill.put(t).unwrap()).collect();
        for i in [2, 0, 1, 2] {
            assert_eq!(spill.get(at[i]), texts[i]);
        }
        assert!(!spill.failed());
        // Reads between writes (the build reads sources back while it writes bodies) do not
        // move where the next text goes.
        let more: Vec<(Spilled, String)> = (0..50)
            .map(|i| {
                let t = format!("<p>第{i}条</p>").repeat(i + 1);
                let here = spill.put(&t).unwrap();
                assert_eq!(spill.get(at[0]), texts[0]);
                assert_eq!(spill.get(here), t);
                (here, t)
            })
            .collect();
        for (at, t) in &more {
            assert_eq!(&spill.get(*at), t);
        }
        for i in [2, 0, 1] {
            assert_eq!(spill.get(at[i]), texts[i]);
        }
        assert!(!spill.failed());
        // Nothing is left in the folder: the file has no name.
        #[cfg(unix)]
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
