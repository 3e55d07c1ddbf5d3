//! `pufa serve`: build into memory, serve it, watch the site, rebuild on change, reload pages.
//!
//! The last good site stays served while a rebuild runs and when one fails; a failed rebuild
//! shows its errors (file and line) in the terminal and as an overlay in the browser.
//!
//! A change to one article takes the fast path ([`incremental`]): only that page and the
//! lists that show it are rendered again and published at once, on the watching thread. The
//! full rebuild that lets everything else catch up (feeds, other lists) runs on a worker
//! thread in its own thread pool, so it never delays the next edit. Every change bumps a
//! generation number; a full build publishes only if no change came after it was asked for,
//! so a slow full build can never bring back an older version of an edited page.

pub mod editor;
pub mod http;
pub mod incremental;
pub mod state;
pub mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::site::{self, BuildOptions, Site};
use state::{Files, ServeState};

/// `pufa serve` options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
    /// Poll for changes instead of waiting for file events.
    pub poll: bool,
    /// Turn the editor on also when listening beyond this computer.
    pub edit: bool,
}

/// The base URL a served site uses: the serve address unless `--base-url` was given.
fn serve_base_url(opts: &ServeOptions, addr: SocketAddr) -> String {
    opts.build
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
}

/// A finished full build: the site and its files, or `None` when it failed (its report says
/// why).
pub type FullBuild = Option<(Site, Files)>;

/// One full in-memory build, with its diagnostics rendered (empty when there are none).
pub fn full_build(opts: &BuildOptions) -> (FullBuild, String) {
    let mut diags = Diagnostics::default();
    let res = site::build_in_memory(opts, &mut diags, None);
    let report = diags.render_plain();
    match res {
        Some((site, out)) => {
            let files = out
                .into_files()
                .into_iter()
                .map(|(k, v)| (k, Arc::new(v)))
                .collect();
            (Some((site, files)), report)
        }
        None => (None, report),
    }
}

/// What the watching loop waits for.
enum Event {
    Changed(PathBuf),
    Built {
        generation: u64,
        /// Boxed: a whole site, while the other variant is one path.
        result: Box<FullBuild>,
        report: String,
        millis: f64,
    },
}

/// Why the server could not start (printed in both languages, as the site's language may not
/// be known yet).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("无法监听 {addr}：{source}（端口可能已被占用，可用 -p 指定其他端口）\ncannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Address(std::io::Error),
    #[error("找不到网站目录 {}：{source}\ncannot open the site folder", path.display())]
    SiteFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Watch(#[from] watch::WatchError),
}

/// Runs the server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let addr = SocketAddr::new(opts.interface, opts.port);
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Listen { addr, source })?;
    let addr = listener.local_addr().map_err(ServeError::Address)?;
    let mut build_opts = opts.build.clone();
    build_opts.base_url = Some(serve_base_url(&opts, addr));
    // The watcher reports absolute paths; compare them with an absolute root.
    build_opts.root =
        std::fs::canonicalize(&build_opts.root).map_err(|source| ServeError::SiteFolder {
            path: build_opts.root.clone(),
            source,
        })?;

    let start = Instant::now();
    let state = Arc::new(ServeState::default());
    let (result, report) = full_build(&build_opts);
    if let Some(note) = crate::config::builtin_theme::notice() {
        let lang = match &result {
            Some((site, _)) => crate::diagnostics::Lang::from_code(&site.config.default_language),
            None => crate::diagnostics::Lang::default(),
        };
        eprintln!("{}", note.get(lang));
    }
    eprint!("{report}");
    let mut current: Option<Arc<Site>> = match result {
        Some((site, files)) => {
            state.publish(Some(Arc::new(files)), None);
            Some(Arc::new(site))
        }
        None => {
            state.publish(None, Some(report.clone()));
            None
        }
    };
    eprintln!(
        "网站已就绪（{:.0} ms）：http://{}/ · site ready, press Ctrl+C to stop",
        ms(start),
        editor::shown_addr(addr)
    );
    if opts.open {
        open_browser(&format!("http://{addr}/"));
    }

    // Watch before serving: a save right after the first page is shown must not be missed.
    let (tx, rx) = mpsc::channel::<Event>();
    let _watchers = {
        let tx = tx.clone();
        watch::start(&build_opts.root, opts.poll, move |p| {
            let _ = tx.send(Event::Changed(p));
        })?
    };
    state.set_site(current.clone());
    let editor = editor::Editor::new(&build_opts.root, addr, opts.edit);
    match &editor {
        Some(ed) => eprintln!("网页编辑器：{} · the editor for staff", ed.address()),
        None => eprintln!(
            "网页编辑器只在本机地址（127.0.0.1）上开启；在其他地址上需要加 --edit · the editor is off on {addr}"
        ),
    }
    {
        let state = state.clone();
        std::thread::spawn(move || http::run(listener, state, editor));
    }

    let builder = spawn_builder(build_opts.clone(), tx);
    let root = build_opts.root.clone();
    let mut generation = 0u64;
    let mut last_report = report;
    // While something is broken, only a save of the broken page itself may take the fast
    // path; anything else must go through a full build, or the overlay would vanish while
    // the error is still there.
    let mut broken = if current.is_some() {
        Broken::Nothing
    } else {
        Broken::Site
    };

    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        // Editors save in bursts (temp file, rename, chmod): gather the burst briefly.
        let mut events = vec![first];
        while let Ok(e) = rx.recv_timeout(Duration::from_millis(15)) {
            events.push(e);
        }
        let mut changed = Vec::new();
        for event in events {
            match event {
                Event::Changed(p) => changed.push(p),
                Event::Built {
                    generation: g,
                    result,
                    report,
                    millis,
                } if g == generation => {
                    if report != last_report {
                        eprint!("{report}");
                        last_report = report.clone();
                    }
                    match *result {
                        Some((site, files)) => {
                            state.publish(Some(Arc::new(files)), None);
                            current = Some(Arc::new(site));
                            state.set_site(current.clone());
                            broken = Broken::Nothing;
                            eprintln!("已全部重新生成（后台 {millis:.0} ms）");
                        }
                        None => {
                            broken = Broken::Site;
                            state.publish(None, Some(report));
                        }
                    }
                }
                // A change came after this build was asked for: a newer one is on its way.
                Event::Built { .. } => {}
            }
        }
        changed.retain(|p| is_relevant(&root, p));
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        generation += 1;
        let t = Instant::now();
        // Temporary files of a save are gone by now; the full build catches real deletions.
        let existing: Vec<&PathBuf> = changed.iter().filter(|p| p.exists()).collect();
        if let (Some(site), [one]) = (&current, existing.as_slice()) {
            let allowed = match &broken {
                Broken::Nothing => true,
                Broken::Page(p) => p == *one,
                Broken::Site => false,
            };
            match allowed
                .then(|| incremental::rebuild_page(site, one))
                .flatten()
            {
                Some(Ok((files, next))) => {
                    state.publish(Some(merge(&state, files)), None);
                    eprintln!(
                        "已更新 {}（{:.0} ms）",
                        one.strip_prefix(&root).unwrap_or(one).display(),
                        ms(t)
                    );
                    current = Some(Arc::new(next));
                    state.set_site(current.clone());
                    broken = Broken::Nothing;
                    let _ = builder.send(generation);
                    continue;
                }
                Some(Err(diags)) => {
                    let e = diags.render_plain();
                    broken = Broken::Page((*one).clone());
                    eprint!("{e}");
                    last_report = e.clone();
                    state.publish(None, Some(e));
                    // An editor may have been caught half-way through writing the file: a
                    // full build of what is on disk now confirms the error or clears it.
                    let _ = builder.send(generation);
                    continue;
                }
                None => {}
            }
        }
        let _ = builder.send(generation);
    }
}

/// What the last rebuild left broken.
enum Broken {
    Nothing,
    /// One page failed on the fast path; the rest of the served site is current.
    Page(PathBuf),
    /// A full build failed.
    Site,
}

/// The full-build worker: takes generation numbers, builds the newest one asked for, and
/// sends the result back. Its own thread pool leaves the global one free for the fast path.
fn spawn_builder(opts: BuildOptions, tx: Sender<Event>) -> Sender<u64> {
    let (req_tx, req_rx): (Sender<u64>, Receiver<u64>) = mpsc::channel();
    std::thread::spawn(move || {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get().saturating_sub(1).max(1))
            .unwrap_or(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("pufa-rebuild-{i}"))
            .stack_size(crate::templates::recursion::STACK_SIZE)
            .build();
        while let Ok(mut generation) = req_rx.recv() {
            // Only the newest request matters.
            while let Ok(newer) = req_rx.try_recv() {
                generation = newer;
            }
            let t = Instant::now();
            let (result, report) = match &pool {
                Ok(pool) => pool.install(|| full_build(&opts)),
                Err(_) => full_build(&opts),
            };
            let event = Event::Built {
                generation,
                result: Box::new(result),
                report,
                millis: ms(t),
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
    req_tx
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// The served files with `files` replaced or added. Bodies are shared, so this copies only
/// the map, not the site.
fn merge(state: &ServeState, files: Vec<(String, Vec<u8>)>) -> Arc<Files> {
    let old = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut map: BTreeMap<String, Arc<Vec<u8>>> = (*old).clone();
    for (k, v) in files {
        map.insert(k, Arc::new(v));
    }
    Arc::new(map)
}

/// Ignores editor swap files, backups and the output folder.
fn is_relevant(root: &Path, p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
    {
        return false;
    }
    let Ok(rel) = p.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    matches!(
        first.as_deref(),
        Some("content" | "templates" | "themes" | "static" | "sass" | "config.toml" | "zola.toml")
    )
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(cmd).arg(url).spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        assert!(is_relevant(root, Path::new("/site/content/a.md")));
        assert!(is_relevant(root, Path::new("/site/config.toml")));
        assert!(!is_relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_relevant(root, Path::new("/site/content/a.md~")));
        assert!(!is_relevant(root, Path::new("/site/public/index.html")));
        assert!(!is_relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
