//! Watching the site for changes: the system's file events, or polling where they do not
//! arrive.
//!
//! File events are instant and cost nothing while nothing changes, but some places never
//! send them: network drives (a shared office folder), Wine, some virtual machines and
//! containers. So `serve` checks: right after the native watcher starts it writes a hidden
//! probe file into the watched folder and waits for its event. If no event comes (or the
//! watcher cannot start at all), it says so and falls back to polling, which looks at every
//! file's modification time once a second. `--poll` (or `PUFA_POLL=1`) polls from the start.
//!
//! On Windows, file events and a slow poll (every [`BACKUP_POLL_INTERVAL`]) run side by side,
//! with no probe: some file systems deliver events for part of the tree only (Wine: only for
//! the watched folder itself and the subfolders opened after the watch began; a network drive
//! may drop events when many arrive at once), which no probe can rule out. The poll only
//! compares modification times and sizes, one directory listing per folder (on Windows the
//! listing carries them). A change both see is reported once (`Reported`): one rebuild, one
//! reload per save.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher};

/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How often the poll beside the file events looks (Windows).
pub const BACKUP_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long the probe waits for its own file event before falling back to polling.
const PROBE_WAIT: Duration = Duration::from_secs(3);
/// Start of the probe file's name (hidden, so no build reads it; removed right away).
const PROBE: &str = ".pufa-watch-probe-";

/// The folders and files of a site that are watched.
const DIRS: [&str; 5] = ["content", "templates", "themes", "static", "sass"];
const FILES: [&str; 2] = ["config.toml", "zola.toml"];

/// Keeps the watchers alive; dropping it stops watching.
#[derive(Default, Clone)]
pub struct Watchers(Arc<Mutex<Vec<Box<dyn Any + Send>>>>);

impl Watchers {
    fn keep(&self, w: Box<dyn Any + Send>) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(w);
    }
}

/// Why watching the site could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{0}")]
    Notify(#[from] notify::Error),
    #[error("{}: {source}", path.display())]
    Path {
        path: PathBuf,
        source: notify::Error,
    },
    /// The polling thread could not be started.
    #[error("{0}")]
    Thread(std::io::Error),
}

/// Starts watching `root`; `send` gets every changed path. With `poll` set (or
/// `PUFA_POLL=1`), polls from the start; otherwise uses file events and falls back to
/// polling when they cannot start or do not arrive.
pub fn start(
    root: &Path,
    poll: bool,
    send: impl Fn(PathBuf) + Send + Clone + 'static,
) -> Result<Watchers, WatchError> {
    let watchers = Watchers::default();
    let poll = poll || std::env::var_os("PUFA_POLL").is_some_and(|v| v != "0" && !v.is_empty());
    if poll {
        start_polling(root, &watchers, send, POLL_INTERVAL, Reported::new())?;
        eprintln!(
            "按要求定时检查文件变化（每 {} 秒一次）· polling for changes",
            POLL_INTERVAL.as_secs()
        );
        return Ok(watchers);
    }
    // A test hook: the Windows way (events and a slow poll side by side) on any system.
    if cfg!(windows) || std::env::var_os("PUFA_TEST_EVENTS_AND_POLL").is_some() {
        return start_events_and_poll(root, &watchers, send).map(|()| watchers);
    }
    let probe_seen = Arc::new(AtomicBool::new(false));
    // The probe file exists before the watch begins: what is tested is an edit of a file the
    // watch found in place, as an article is (Wine misses those in existing folders).
    let probe_file = make_probe(root);
    // A test hook: behave like a file system that never sends events (Wine, network drives).
    let deaf = std::env::var_os("PUFA_TEST_DEAF_WATCHER").is_some();
    let native = {
        let (send, probe_seen) = (send.clone(), probe_seen.clone());
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if deaf || matches!(ev.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                if is_probe(&p) {
                    probe_seen.store(true, Ordering::SeqCst);
                } else {
                    send(p);
                }
            }
        })
    };
    let started = native
        .map_err(WatchError::from)
        .and_then(|mut w| add_paths(&mut w, root).map(|()| w));
    match started {
        Ok(w) => {
            watchers.keep(Box::new(w));
            let (root, watchers2) = (root.to_path_buf(), watchers.clone());
            let probe_file = probe_file.clone();
            std::thread::spawn(move || {
                if probe_file.and_then(|f| probe(&f, &probe_seen)) == Some(false) {
                    eprintln!(
                        "没有收到文件变化通知（网络盘、Wine 或虚拟机中常见），改为每 {} 秒检查一次\n\
                         no file events arrive here: polling for changes instead",
                        POLL_INTERVAL.as_secs()
                    );
                    if let Err(e) =
                        start_polling(&root, &watchers2, send, POLL_INTERVAL, Reported::new())
                    {
                        eprintln!("无法检查文件变化：{e}\ncannot watch the site: {e}");
                    }
                }
            });
        }
        Err(e) => {
            if let Some(f) = &probe_file {
                let _ = std::fs::remove_file(f);
            }
            eprintln!(
                "文件变化通知无法启动（{e}），改为每 {} 秒检查一次\n\
                 file events are not available: polling for changes instead",
                POLL_INTERVAL.as_secs()
            );
            start_polling(root, &watchers, send, POLL_INTERVAL, Reported::new())?;
        }
    }
    Ok(watchers)
}

/// File events and the slow poll side by side, reporting each change once.
fn start_events_and_poll(
    root: &Path,
    watchers: &Watchers,
    send: impl Fn(PathBuf) + Send + Clone + 'static,
) -> Result<(), WatchError> {
    let reported = Reported::new();
    let deaf = std::env::var_os("PUFA_TEST_DEAF_WATCHER").is_some();
    let native = {
        let (send, reported) = (send.clone(), reported.clone());
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if deaf || matches!(ev.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                if reported.event(&p) {
                    send(p);
                }
            }
        })
    };
    let started = native
        .map_err(WatchError::from)
        .and_then(|mut w| add_paths(&mut w, root).map(|()| w));
    match started {
        Ok(w) => {
            watchers.keep(Box::new(w));
            // The poll's first scan comes after the watch began, and opens every folder of
            // the site: under Wine that is what adds the existing subfolders to the watch.
            start_polling(root, watchers, send, BACKUP_POLL_INTERVAL, reported)
        }
        Err(e) => {
            eprintln!(
                "文件变化通知无法启动（{e}），改为每 {} 秒检查一次\n\
                 file events are not available: polling for changes instead",
                POLL_INTERVAL.as_secs()
            );
            start_polling(root, watchers, send, POLL_INTERVAL, reported)
        }
    }
}

fn is_probe(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(PROBE))
}

fn add_paths(w: &mut dyn Watcher, root: &Path) -> Result<(), WatchError> {
    for dir in DIRS {
        let d = root.join(dir);
        if d.is_dir() {
            w.watch(&d, RecursiveMode::Recursive)
                .map_err(|source| WatchError::Path { path: d, source })?;
        }
    }
    for f in FILES {
        let p = root.join(f);
        if p.is_file() {
            w.watch(&p, RecursiveMode::NonRecursive)
                .map_err(|source| WatchError::Path { path: p, source })?;
        }
    }
    Ok(())
}

fn start_polling(
    root: &Path,
    watchers: &Watchers,
    send: impl Fn(PathBuf) + Send + 'static,
    every: Duration,
    reported: Arc<Reported>,
) -> Result<(), WatchError> {
    // notify's PollWatcher compares modification times to the second, so a save in the same
    // second as the one before is missed; this compares them in full, with the size.
    reported.baseline(scan(root));
    let stop = Arc::new(AtomicBool::new(false));
    let (root, stop2) = (root.to_path_buf(), stop.clone());
    std::thread::Builder::new()
        .name("pufa-poll".into())
        .spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                std::thread::sleep(every);
                for path in reported.poll(scan(&root)) {
                    send(path);
                }
            }
        })
        .map_err(WatchError::Thread)?;
    watchers.keep(Box::new(Poller(stop)));
    Ok(())
}

/// Who reported a file's state last.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum By {
    Event,
    Poll,
}

/// What was last reported of each file (its stamp, `None` once gone) and by whom: the poll
/// reports a file whose stamp differs from it, a file event is passed on unless the poll has
/// already reported that very state. So a save seen by both is reported once, whichever
/// comes first, and file events behave as they would alone.
#[derive(Default)]
struct Reported(Mutex<HashMap<PathBuf, (Option<Stamp>, By)>>);

impl Reported {
    fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn table(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (Option<Stamp>, By)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state the poll starts from.
    fn baseline(&self, files: HashMap<PathBuf, Stamp>) {
        let mut table = self.table();
        for (path, stamp) in files {
            table.insert(path, (Some(stamp), By::Poll));
        }
    }

    /// A file event for `path`: whether to pass it on. The event of a folder (one moved in,
    /// or removed) stands for the files in it: the rebuild it brings reads them, so the poll
    /// need not report them again.
    fn event(&self, path: &Path) -> bool {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut files = HashMap::new();
                scan_into(path, &mut files);
                let mut table = self.table();
                for (file, stamp) in files {
                    table.insert(file, (Some(stamp), By::Event));
                }
                true
            }
            Ok(m) => self.event_with(path, Some(stamp(&m))),
            Err(_) => {
                for (file, entry) in self.table().iter_mut() {
                    if file.starts_with(path) && file != path && entry.0.is_some() {
                        *entry = (None, By::Event);
                    }
                }
                self.event_with(path, None)
            }
        }
    }

    fn event_with(&self, path: &Path, now: Option<Stamp>) -> bool {
        let mut table = self.table();
        if table.get(path) == Some(&(now, By::Poll)) {
            return false;
        }
        table.insert(path.to_path_buf(), (now, By::Event));
        true
    }

    /// One scan of the files: those changed, made or removed since they were last reported.
    fn poll(&self, files: HashMap<PathBuf, Stamp>) -> Vec<PathBuf> {
        let mut table = self.table();
        // A file gone since the scan before: the late file event that may follow has been
        // waited for long enough.
        table.retain(|_, (stamp, _)| stamp.is_some());
        let mut changed = Vec::new();
        for (path, (stamp, by)) in table.iter_mut() {
            if !files.contains_key(path) {
                *stamp = None;
                *by = By::Poll;
                changed.push(path.clone());
            }
        }
        for (path, now) in files {
            let entry = table.entry(path.clone()).or_insert((None, By::Poll));
            if entry.0 != Some(now) {
                *entry = (Some(now), By::Poll);
                changed.push(path);
            }
        }
        changed.sort();
        changed
    }
}

/// Stops its polling thread when dropped.
struct Poller(Arc<AtomicBool>);

impl Drop for Poller {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Modification time and size of a file, as last seen.
type Stamp = (Option<SystemTime>, u64);

fn stamp(m: &std::fs::Metadata) -> Stamp {
    (m.modified().ok(), m.len())
}

/// Every watched file with its stamp.
fn scan(root: &Path) -> HashMap<PathBuf, Stamp> {
    let mut out = HashMap::new();
    for dir in DIRS {
        scan_into(&root.join(dir), &mut out);
    }
    for f in FILES {
        let p = root.join(f);
        if let Ok(m) = std::fs::metadata(&p) {
            out.insert(p, stamp(&m));
        }
    }
    out
}

/// The files below `dir` with their stamps (one directory listing per folder: on Windows the
/// listing carries the stamps).
fn scan_into(dir: &Path, out: &mut HashMap<PathBuf, Stamp>) {
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if entry.file_type().is_file() {
            if let Ok(m) = entry.metadata() {
                out.insert(entry.into_path(), stamp(&m));
            }
        }
    }
}

/// Creates the hidden probe file, before the watch begins, in a subfolder that already exists
/// (`content/boards/`) when there is one: what must be seen is an edit of a file in a folder
/// the watch found in place, as an article is. `None` when no probe could be made. (Not used
/// on Windows, where the slow poll runs beside the events instead.)
fn make_probe(root: &Path) -> Option<std::path::PathBuf> {
    let top = DIRS.iter().map(|d| root.join(d)).find(|d| d.is_dir())?;
    let mut subs: Vec<std::path::PathBuf> = std::fs::read_dir(&top)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    subs.sort();
    let dir = subs.into_iter().next().unwrap_or(top);
    let file = dir.join(format!("{PROBE}{}", std::process::id()));
    // create_new: never touch a file that is not ours.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .ok()?;
    Some(file)
}

/// Edits the probe file and waits for its event; removes the file. `None` when it could not
/// be written: nothing is known then.
fn probe(file: &Path, seen: &AtomicBool) -> Option<bool> {
    std::thread::sleep(Duration::from_millis(300));
    seen.store(false, Ordering::SeqCst);
    let wrote = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"probe").and_then(|()| f.sync_all()));
    if wrote.is_err() {
        let _ = std::fs::remove_file(file);
        return None;
    }
    let start = Instant::now();
    while !seen.load(Ordering::SeqCst) && start.elapsed() < PROBE_WAIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    let result = seen.load(Ordering::SeqCst);
    let _ = std::fs::remove_file(file);
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, len: u64) -> Stamp {
        (
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
            len,
        )
    }

    fn files(list: &[(&str, Stamp)]) -> HashMap<PathBuf, Stamp> {
        list.iter().map(|(p, s)| (PathBuf::from(p), *s)).collect()
    }

    #[test]
    fn a_save_seen_by_event_then_poll_is_reported_once() {
        let r = Reported::default();
        r.baseline(files(&[
            ("/s/content/a.md", at(1, 10)),
            ("/s/content/b.md", at(1, 5)),
        ]));
        assert!(r
            .poll(files(&[
                ("/s/content/a.md", at(1, 10)),
                ("/s/content/b.md", at(1, 5))
            ]))
            .is_empty());
        // The save: its file event comes first (an editor's save often sends two).
        assert!(r.event_with(Path::new("/s/content/a.md"), Some(at(2, 12))));
        assert!(r.event_with(Path::new("/s/content/a.md"), Some(at(2, 12))));
        // The poll finds nothing new.
        assert!(r
            .poll(files(&[
                ("/s/content/a.md", at(2, 12)),
                ("/s/content/b.md", at(1, 5))
            ]))
            .is_empty());
        // The next save is missed by the events (Wine): the poll reports it, once.
        let later = files(&[
            ("/s/content/a.md", at(3, 14)),
            ("/s/content/b.md", at(1, 5)),
        ]);
        assert_eq!(r.poll(later.clone()), [PathBuf::from("/s/content/a.md")]);
        assert!(r.poll(later).is_empty());
    }

    #[test]
    fn a_save_seen_by_poll_then_event_is_reported_once() {
        let r = Reported::default();
        r.baseline(files(&[("/s/content/a.md", at(1, 10))]));
        assert_eq!(
            r.poll(files(&[("/s/content/a.md", at(2, 12))])),
            [PathBuf::from("/s/content/a.md")]
        );
        // The file event of the same save, arriving late: already reported.
        assert!(!r.event_with(Path::new("/s/content/a.md"), Some(at(2, 12))));
        assert!(!r.event_with(Path::new("/s/content/a.md"), Some(at(2, 12))));
        // A new save's event goes through.
        assert!(r.event_with(Path::new("/s/content/a.md"), Some(at(4, 12))));
    }

    #[test]
    fn a_half_written_file_is_reported_again_when_complete() {
        let r = Reported::default();
        r.baseline(files(&[("/s/content/a.md", at(1, 10))]));
        // The event came while the editor was writing; its last write sent no event.
        assert!(r.event_with(Path::new("/s/content/a.md"), Some(at(2, 0))));
        assert_eq!(
            r.poll(files(&[("/s/content/a.md", at(2, 30))])),
            [PathBuf::from("/s/content/a.md")]
        );
    }

    #[test]
    fn new_and_removed_files_are_reported_once() {
        let r = Reported::default();
        r.baseline(files(&[("/s/content/a.md", at(1, 10))]));
        // Made: seen by the poll first, its event later.
        let both = files(&[
            ("/s/content/a.md", at(1, 10)),
            ("/s/content/new.md", at(2, 3)),
        ]);
        assert_eq!(r.poll(both.clone()), [PathBuf::from("/s/content/new.md")]);
        assert!(!r.event_with(Path::new("/s/content/new.md"), Some(at(2, 3))));
        // Removed: seen by the event first, then the poll says nothing.
        assert!(r.event_with(Path::new("/s/content/a.md"), None));
        let one = files(&[("/s/content/new.md", at(2, 3))]);
        assert!(r.poll(one.clone()).is_empty());
        // Removed, seen by the poll first: the late event is dropped.
        assert_eq!(r.poll(HashMap::new()), [PathBuf::from("/s/content/new.md")]);
        assert!(!r.event_with(Path::new("/s/content/new.md"), None));
        assert!(r.poll(HashMap::new()).is_empty());
        // Made again later: reported again.
        assert_eq!(r.poll(one), [PathBuf::from("/s/content/new.md")]);
    }

    #[test]
    fn a_folder_event_stands_for_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let r = Reported::default();
        r.baseline(scan(tmp.path()));
        // A folder with two articles moved in: its event is passed on, and the poll does
        // not report the articles again.
        let moved = content.join("新栏目");
        std::fs::create_dir_all(&moved).unwrap();
        std::fs::write(moved.join("_index.md"), "+++\n+++\n").unwrap();
        std::fs::write(moved.join("a.md"), "+++\n+++\n").unwrap();
        assert!(r.event(&moved));
        assert!(r.poll(scan(tmp.path())).is_empty());
        // The folder removed: the same.
        std::fs::remove_dir_all(&moved).unwrap();
        assert!(r.event(&moved));
        assert!(r.poll(scan(tmp.path())).is_empty());
        // Without the folder's event the poll reports each file.
        std::fs::create_dir_all(&moved).unwrap();
        std::fs::write(moved.join("a.md"), "+++\n+++\n").unwrap();
        assert_eq!(r.poll(scan(tmp.path())), [moved.join("a.md")]);
    }

    #[test]
    fn polling_alone_reports_every_change() {
        let r = Reported::default();
        r.baseline(files(&[("/s/content/a.md", at(1, 10))]));
        assert_eq!(
            r.poll(files(&[("/s/content/a.md", at(1, 11))])),
            [PathBuf::from("/s/content/a.md")]
        );
        assert!(r.poll(files(&[("/s/content/a.md", at(1, 11))])).is_empty());
    }

    #[test]
    fn probe_files_are_recognised() {
        assert!(is_probe(Path::new("/s/content/.pufa-watch-probe-42")));
        assert!(!is_probe(Path::new("/s/content/a.md")));
    }
}
