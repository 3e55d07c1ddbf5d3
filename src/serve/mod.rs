//! `pufa serve`: build into memory, serve it, watch the site, rebuild on change, reload pages.
//!
//! The last good site stays served while a rebuild runs and when one fails; a failed rebuild
//! shows its errors (file and line) in the terminal and as an overlay in the browser. A change
//! to one article takes the fast path ([`incremental`]): only that page and the lists that
//! show it are rendered again and published at once; a full rebuild follows in the background
//! so that everything else that may show it (feeds, other lists) catches up.

pub mod http;
pub mod incremental;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::Diagnostics;
use crate::site::{self, BuildOptions, Site};
use http::ServeState;

/// `pufa serve` options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// The base URL a served site uses: the serve address unless `--base-url` was given.
fn serve_base_url(opts: &ServeOptions, addr: SocketAddr) -> String {
    opts.build
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
}

/// One full in-memory build. Returns the site and its files, or the error text to show.
pub fn full_build(opts: &BuildOptions) -> Result<(Site, BTreeMap<String, Vec<u8>>), String> {
    let mut diags = Diagnostics::default();
    let res = site::build_in_memory(opts, &mut diags, None);
    diags.print_to_stderr();
    match res {
        Some((site, out)) => Ok((site, out.into_files())),
        None => Err(diags.render_plain()),
    }
}

/// Runs the server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let addr = SocketAddr::new(opts.interface, opts.port);
    let listener = TcpListener::bind(addr).map_err(|e| {
        format!("无法监听 {addr}：{e}（端口可能已被占用，可用 -p 指定其他端口）\ncannot listen on {addr}: {e}")
    })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut build_opts = opts.build.clone();
    build_opts.base_url = Some(serve_base_url(&opts, addr));

    let start = Instant::now();
    let state = Arc::new(ServeState::default());
    let mut current: Option<Site> = match full_build(&build_opts) {
        Ok((site, files)) => {
            state.publish(Some(Arc::new(files)), None);
            Some(site)
        }
        Err(e) => {
            state.publish(None, Some(e));
            None
        }
    };
    eprintln!(
        "网站已就绪（{:.0} ms）：http://{addr}/ · site ready, press Ctrl+C to stop",
        start.elapsed().as_secs_f64() * 1000.0
    );
    if opts.open {
        open_browser(&format!("http://{addr}/"));
    }

    {
        let state = state.clone();
        std::thread::spawn(move || http::run(listener, state));
    }

    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if matches!(ev.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    let root = &build_opts.root;
    for dir in ["content", "templates", "themes", "static", "sass"] {
        let d = root.join(dir);
        if d.exists() {
            let _ = watcher.watch(&d, RecursiveMode::Recursive);
        }
    }
    for f in ["config.toml", "zola.toml"] {
        let p = root.join(f);
        if p.exists() {
            let _ = watcher.watch(&p, RecursiveMode::NonRecursive);
        }
    }

    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        // Editors save in bursts (temp file, rename, chmod): gather the burst briefly.
        let mut changed = vec![first];
        while let Ok(p) = rx.recv_timeout(Duration::from_millis(15)) {
            changed.push(p);
        }
        changed.retain(|p| is_relevant(root, p));
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let t = Instant::now();
        if let (Some(site), [one]) = (&current, changed.as_slice()) {
            match incremental::rebuild_page(site, one) {
                Some(Ok((files, next))) => {
                    let merged = merge(&state, files);
                    state.publish(Some(merged), None);
                    eprintln!(
                        "已更新 {}（{:.0} ms）",
                        one.strip_prefix(root).unwrap_or(one).display(),
                        t.elapsed().as_secs_f64() * 1000.0
                    );
                    current = Some(next);
                    // Catch up on everything else that may show the page.
                    if let Ok((site, files)) = full_build(&build_opts) {
                        state.publish(Some(Arc::new(files)), None);
                        current = Some(site);
                    }
                    continue;
                }
                Some(Err(e)) => {
                    eprintln!("{e}");
                    state.publish(None, Some(e));
                    continue;
                }
                None => {}
            }
        }
        match full_build(&build_opts) {
            Ok((site, files)) => {
                state.publish(Some(Arc::new(files)), None);
                current = Some(site);
                eprintln!("已重新生成（{:.0} ms）", t.elapsed().as_secs_f64() * 1000.0);
            }
            Err(e) => state.publish(None, Some(e)),
        }
    }
}

fn merge(state: &ServeState, files: Vec<(String, Vec<u8>)>) -> Arc<BTreeMap<String, Vec<u8>>> {
    let old = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut map = (*old).clone();
    for (k, v) in files {
        map.insert(k, v);
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
        || name.ends_with(".tmp")
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
