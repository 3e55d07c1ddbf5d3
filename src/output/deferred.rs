//! Writes handed to writer threads, so that rendering goes on while a file waits for the disk.
//!
//! On a disk where every `mkdir` and `open` waits for the file system's journal (a network
//! share, a USB stick, an ext4 mounted `dirsync`: half a millisecond a call), a rendering
//! thread that writes its own files spends most of its time waiting, and the build takes its
//! rendering time *plus* the disk's. With [`Deferred`] the rendering threads only queue each
//! file; writer threads write them, as many as the machine has cores, so the build takes
//! about the longer of the two instead of their sum.
//!
//! The files of one folder always go to the same writer, in the order they were queued: a
//! file written twice (a static file over a default `robots.txt`) ends with the last bytes,
//! as when written in place, and no two writers make files in one folder. Each queue holds
//! a few files, so a slow disk slows rendering down instead of filling memory. A failed write
//! is kept with its path and reported by [`Deferred::finish`], which waits for every queued
//! file: nothing is left in flight when the build decides to swap the site in.

use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::Scope;

use super::Output;

/// Files a writer's queue holds before the renderer that queues one more waits.
const QUEUE: usize = 64;

enum What {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

struct Job {
    rel: String,
    what: What,
}

impl Job {
    /// Writes the file into `out`; a failure goes to `errors` with its path.
    fn run(self, out: &dyn Output, errors: &Mutex<Vec<WriteError>>) {
        let result = match &self.what {
            What::Bytes(b) => out.write(&self.rel, b),
            What::Copy(from) => out.copy(&self.rel, from),
        };
        if let Err(error) = result {
            let from = match self.what {
                What::Copy(from) => Some(from),
                What::Bytes(_) => None,
            };
            errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(WriteError {
                    rel: self.rel,
                    error,
                    from,
                });
        }
    }
}

/// A write that failed: the output path, the file it was copied from (static files), the error.
pub struct WriteError {
    pub rel: String,
    pub from: Option<PathBuf>,
    pub error: io::Error,
}

/// An [`Output`] that queues every file for writer threads writing into `inner`.
pub struct Deferred<'a> {
    inner: &'a dyn Output,
    queues: Mutex<Vec<SyncSender<Job>>>,
    /// Disconnected when every writer has finished (each holds a sender and sends nothing).
    done: Mutex<Receiver<()>>,
    errors: &'a Mutex<Vec<WriteError>>,
}

impl<'a> Deferred<'a> {
    /// Starts `writers` threads in `scope` writing into `inner`; failed writes go to `errors`.
    pub fn start<'scope>(
        scope: &'scope Scope<'scope, '_>,
        inner: &'a dyn Output,
        writers: usize,
        errors: &'a Mutex<Vec<WriteError>>,
    ) -> Deferred<'a>
    where
        'a: 'scope,
    {
        let (done_tx, done) = sync_channel::<()>(0);
        let queues = (0..writers.max(1))
            .map(|_| {
                let (tx, rx) = sync_channel::<Job>(QUEUE);
                let done_tx = done_tx.clone();
                scope.spawn(move || {
                    for job in rx {
                        job.run(inner, errors);
                    }
                    drop(done_tx);
                });
                tx
            })
            .collect();
        Deferred {
            inner,
            queues: Mutex::new(queues),
            done: Mutex::new(done),
            errors,
        }
    }

    /// Waits until every queued file is written; returns the writes that failed. Files queued
    /// after this are written at once.
    pub fn finish(&self) -> Vec<WriteError> {
        self.queues
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        // Every writer drops its sender when its queue is empty and closed.
        let _ = self.done.lock().unwrap_or_else(|e| e.into_inner()).recv();
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn queue(&self, job: Job) -> io::Result<()> {
        let sender = {
            let queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
            if queues.is_empty() {
                None
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                folder(&job.rel).hash(&mut h);
                Some(queues[(h.finish() % queues.len() as u64) as usize].clone())
            }
        };
        let job = match sender {
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                // The writer is gone (it cannot be, short of a panic): write here.
                Err(e) => e.0,
            },
            None => job,
        };
        // Reported with the others, as a queued write's would be.
        job.run(self.inner, self.errors);
        Ok(())
    }
}

/// The folder of an output path (`a/b/index.html` → `a/b`).
fn folder(rel: &str) -> &str {
    let rel = rel.trim_start_matches('/');
    rel.rfind('/').map_or("", |i| &rel[..i])
}

impl Output for Deferred<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_owned(rel, bytes.to_vec())
    }

    fn write_owned(&self, rel: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.queue(Job {
            rel: rel.to_string(),
            what: What::Bytes(bytes),
        })
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.queue(Job {
            rel: rel.to_string(),
            what: What::Copy(from.to_path_buf()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemoryOutput;

    /// Fails every write under `bad/`.
    struct Picky(MemoryOutput);

    impl Output for Picky {
        fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
            if rel.starts_with("bad/") {
                return Err(io::Error::other(format!("cannot write {rel}")));
            }
            self.0.write(rel, bytes)
        }
    }

    #[test]
    fn every_file_is_written_before_finish_returns_the_last_bytes_win() {
        let out = Picky(MemoryOutput::default());
        let errors = Mutex::new(Vec::new());
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("robots.txt");
        std::fs::write(&src, "from static").unwrap();
        let failed = std::thread::scope(|s| {
            let d = Deferred::start(s, &out, 3, &errors);
            for i in 0..500 {
                d.write(&format!("p/{i}/index.html"), format!("page {i}").as_bytes())
                    .unwrap();
            }
            // A default file first, then the static file over it, then the same again.
            d.write("robots.txt", b"default").unwrap();
            d.copy("robots.txt", &src).unwrap();
            d.write_owned("a/x.css", b"one".to_vec()).unwrap();
            d.write_owned("a/x.css", b"two".to_vec()).unwrap();
            d.write("bad/index.html", b"no").unwrap();
            d.copy("bad/c.txt", &src).unwrap();
            let failed = d.finish();
            // After `finish`, a write goes straight through.
            d.write("late.txt", b"late").unwrap();
            d.write("bad/late.txt", b"late").unwrap();
            (failed, d.finish())
        });
        let files = out.0.into_files();
        assert_eq!(
            files.len(),
            503,
            "{:?}",
            files.keys().take(5).collect::<Vec<_>>()
        );
        assert_eq!(files["p/499/index.html"], b"page 499");
        assert_eq!(files["robots.txt"], b"from static");
        assert_eq!(files["a/x.css"], b"two");
        assert_eq!(files["late.txt"], b"late");
        let (mut first, second) = failed;
        first.sort_by(|a, b| a.rel.cmp(&b.rel));
        let seen: Vec<_> = first
            .iter()
            .map(|w| (w.rel.as_str(), w.from.is_some(), w.error.to_string()))
            .collect();
        assert_eq!(
            seen,
            [
                ("bad/c.txt", true, "cannot write bad/c.txt".to_string()),
                (
                    "bad/index.html",
                    false,
                    "cannot write bad/index.html".to_string()
                ),
            ]
        );
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].rel, "bad/late.txt");
    }

    #[test]
    fn folder_of_an_output_path() {
        assert_eq!(folder("a/b/index.html"), "a/b");
        assert_eq!(folder("/a/index.html"), "a");
        assert_eq!(folder("robots.txt"), "");
    }
}
