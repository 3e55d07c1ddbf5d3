//! Watching the site for changes: the system's file events, or polling where they do not
//! arrive.
//!
//! File events are instant and cost nothing while nothing changes, but some places never
//! send them: network drives (a shared office folder), Wine, some virtual machines and
//! containers. So `serve` checks: right after the native watcher starts it writes a hidden
//! probe file into the watched folder and waits for its event. If no event comes (or the
//! watcher cannot start at all), it says so and falls back to polling, which looks at every
//! file's modification time once a second. `--poll` (or `PUFA_POLL=1`) polls from the start.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher};

/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
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

/// Starts watching `root`; `send` gets every changed path. With `poll` set (or
/// `PUFA_POLL=1`), polls from the start; otherwise uses file events and falls back to
/// polling when they cannot start or do not arrive.
pub fn start(
    root: &Path,
    poll: bool,
    send: impl Fn(PathBuf) + Send + Clone + 'static,
) -> Result<Watchers, String> {
    let watchers = Watchers::default();
    let poll = poll || std::env::var_os("PUFA_POLL").is_some_and(|v| v != "0" && !v.is_empty());
    if poll {
        start_polling(root, &watchers, send)?;
        eprintln!(
            "按要求定时检查文件变化（每 {} 秒一次）· polling for changes",
            POLL_INTERVAL.as_secs()
        );
        return Ok(watchers);
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
        .map_err(|e| e.to_string())
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
                    if let Err(e) = start_polling(&root, &watchers2, send) {
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
            start_polling(root, &watchers, send)?;
        }
    }
    Ok(watchers)
}

fn is_probe(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(PROBE))
}

fn add_paths(w: &mut dyn Watcher, root: &Path) -> Result<(), String> {
    for dir in DIRS {
        let d = root.join(dir);
        if d.is_dir() {
            w.watch(&d, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", d.display()))?;
        }
    }
    for f in FILES {
        let p = root.join(f);
        if p.is_file() {
            w.watch(&p, RecursiveMode::NonRecursive)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

fn start_polling(
    root: &Path,
    watchers: &Watchers,
    send: impl Fn(PathBuf) + Send + 'static,
) -> Result<(), String> {
    // notify's PollWatcher compares modification times to the second, so a save in the same
    // second as the one before is missed; this compares them in full, with the size.
    let mut seen = scan(root);
    let stop = Arc::new(AtomicBool::new(false));
    let (root, stop2) = (root.to_path_buf(), stop.clone());
    std::thread::Builder::new()
        .name("pufa-poll".into())
        .spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                std::thread::sleep(POLL_INTERVAL);
                let now = scan(&root);
                for (path, stamp) in &now {
                    if seen.get(path) != Some(stamp) {
                        send(path.clone());
                    }
                }
                for path in seen.keys() {
                    if !now.contains_key(path) {
                        send(path.clone());
                    }
                }
                seen = now;
            }
        })
        .map_err(|e| e.to_string())?;
    watchers.keep(Box::new(Poller(stop)));
    Ok(())
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

/// Every watched file with its stamp.
fn scan(root: &Path) -> HashMap<PathBuf, Stamp> {
    let mut out = HashMap::new();
    let stamp = |m: &std::fs::Metadata| (m.modified().ok(), m.len());
    for dir in DIRS {
        for entry in walkdir::WalkDir::new(root.join(dir))
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
    for f in FILES {
        let p = root.join(f);
        if let Ok(m) = std::fs::metadata(&p) {
            out.insert(p, stamp(&m));
        }
    }
    out
}

/// Creates the hidden probe file, before the watch begins, in a subfolder that already exists
/// (`content/cases/`) when there is one: Wine's recursive watch reports changes in the
/// watched folder itself and in files made later, but not edits of files in folders that
/// existed when the watch began, where articles live. `None` when no probe could be made.
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

    #[test]
    fn probe_files_are_recognised() {
        assert!(is_probe(Path::new("/s/content/.pufa-watch-probe-42")));
        assert!(!is_probe(Path::new("/s/content/a.md")));
    }
}
