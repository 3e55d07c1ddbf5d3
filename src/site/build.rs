//! `pufa build`: loads the site lean, renders it into a staging folder beside the output and
//! swaps it in only when all went well (once more from nothing when the disk is full), with
//! progress on stderr for long builds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{load_with, BuildOptions, BuildSummary};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::output::DiskOutput;

/// The folder a build writes to: `--output-dir` (relative to the working folder), else the
/// config's `output_dir` in the site.
fn output_dir(opts: &BuildOptions, root: &Path, config: &Config) -> PathBuf {
    match &opts.output_dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.clone()),
        None => root.join(&config.output_dir),
    }
}

/// The spill file for page bodies, beside the output folder (on the disk the site goes to,
/// never in a RAM-backed temporary folder), else in the site folder; none if neither works
/// (then bodies stay in memory).
pub(super) fn spill_file(
    opts: &BuildOptions,
    root: &Path,
    config: &Config,
) -> Option<crate::content::spill::Spill> {
    let out = output_dir(opts, root, config);
    let beside = out.parent().filter(|p| p.is_dir());
    beside
        .and_then(|d| crate::content::spill::Spill::new_in(d).ok())
        .or_else(|| crate::content::spill::Spill::new_in(root).ok())
}

/// Progress for builds longer than a second: the stage being worked on, printed to stderr
/// once per stage after the first second (short builds stay quiet).
pub struct Progress {
    stage: std::sync::Mutex<(String, bool)>,
    done: std::sync::atomic::AtomicBool,
    lang: crate::diagnostics::Lang,
}

impl Progress {
    pub fn start(lang: crate::diagnostics::Lang) -> Arc<Progress> {
        let p = Arc::new(Progress {
            stage: std::sync::Mutex::new((String::new(), false)),
            done: std::sync::atomic::AtomicBool::new(false),
            lang,
        });
        p.stage(Msg::new("读取内容", "reading content"));
        let watcher = p.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            while !watcher.done.load(std::sync::atomic::Ordering::SeqCst) {
                if let Ok(mut s) = watcher.stage.lock() {
                    if !s.1 {
                        eprintln!("… {}", s.0);
                        s.1 = true;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        p
    }

    /// The stage now being worked on.
    pub fn stage(&self, name: Msg) {
        if let Ok(mut s) = self.stage.lock() {
            *s = (name.get(self.lang).to_string(), false);
        }
    }

    pub fn finish(&self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// `pufa build`: renders into a staging folder and swaps it in only when all went well.
pub fn build(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<BuildSummary> {
    let start = Instant::now();
    let progress = Progress::start(crate::diagnostics::Lang::for_site(
        &crate::config::Config::file_path(&opts.root, opts.config_file.as_deref()),
    ));
    let result = build_with(opts, diags, &progress, start);
    progress.finish();
    result
}

fn build_with(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    progress: &Progress,
    start: Instant,
) -> Option<BuildSummary> {
    // The output is opened as soon as the library says where the pages go, and their
    // folders are made while Markdown renders (`DiskOutput::make_folders_ahead`). What goes
    // wrong there is told after loading, as when the output was opened after it.
    let mut opened: Option<(PathBuf, Result<DiskOutput, Diagnostic>)> = None;
    let site = load_with(
        opts,
        diags,
        true,
        Some(&mut |root, config, library| {
            let out_dir = output_dir(opts, root, config);
            let out = match output_inside_sources(root, &out_dir) {
                Some(d) => Err(d),
                None => {
                    DiskOutput::new(&out_dir, opts.force).map_err(|e| io_diagnostic(&out_dir, &e))
                }
            };
            if let Ok(out) = &out {
                out.make_folders_ahead(page_folders(library));
            }
            opened = Some((out_dir, out));
        }),
    );
    let Some(site) = site else {
        if let Some((_, Ok(out))) = opened {
            out.abandon();
        }
        return None;
    };
    progress.stage(Msg::new("生成页面", "rendering pages"));
    let (out_dir, mut opened) = match opened {
        Some((out_dir, Ok(out))) => (out_dir, Some(out)),
        Some((_, Err(d))) => {
            diags.push(d);
            return None;
        }
        None => (output_dir(opts, &site.root, &site.config), None),
    };
    // A build that fails for a full disk drops the site kept beside the output (it held a
    // whole copy) and tries once more from nothing, linking unchanged files to the site in
    // place, which needs space only for the files that changed.
    let mut first_try = true;
    let out = loop {
        let out = match opened
            .take()
            .map_or_else(|| DiskOutput::new(&out_dir, opts.force), Ok)
        {
            Ok(o) => o,
            Err(e) => {
                diags.push(io_diagnostic(&out_dir, &e));
                return None;
            }
        };
        // Kept apart: a retry drops the first try's errors.
        let mut found = Diagnostics::default();
        let rendered = site.render(&out, None, &mut found);
        let errors = found.iter().cloned();
        if rendered.is_some() {
            diags.extend(errors);
            break out;
        }
        let full = out.out_of_space();
        let retry = full && first_try && out.recycled();
        let kept = out.kept_name();
        let target = out.target().to_path_buf();
        out.abandon();
        if retry {
            first_try = false;
            diags.push(Diagnostic::warning(
                &target,
                0,
                0,
                Msg::new(
                    format!("磁盘空间不足：已删除输出目录旁保留的上一版网站 {kept}，腾出空间后重新生成"),
                    format!("the disk is full: deleted the previous site kept beside the output ({kept}) to make room, and built again"),
                ),
            ));
            continue;
        }
        if full {
            diags.push(out_of_space(&target, &kept));
        }
        diags.extend(errors);
        return None;
    };
    let files = out.file_count();
    let pages = crate::content::unpublished::written_pages(&site.library).len();
    let sections = site
        .library
        .sections
        .iter()
        .filter(|s| !s.is_default)
        .count();
    // Freeing a large site's values takes a noticeable moment: do it beside the swap (and
    // a command-line build exits without waiting for it).
    std::thread::spawn(move || drop(site));
    progress.stage(Msg::new("替换旧网站", "replacing the previous site"));
    let kept = out.kept_name();
    let target = out.target().to_path_buf();
    if let Err(e) = out.commit() {
        diags.push(io_diagnostic(&out_dir, &e));
        if crate::output::is_out_of_space(&e) {
            diags.push(out_of_space(&target, &kept));
        }
        return None;
    }
    Some(BuildSummary {
        pages,
        sections,
        files,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The folders of the pages the build writes (`a/b` for `a/b/index.html`).
fn page_folders(library: &crate::content::Library) -> impl Iterator<Item = String> + '_ {
    crate::content::unpublished::written_pages(library)
        .into_iter()
        .map(|i| library.pages[i].path.trim_matches('/').to_string())
}

/// A [`DiskOutput`] error: its refusal in both languages, or the I/O error.
fn io_diagnostic(path: &Path, e: &std::io::Error) -> Diagnostic {
    match crate::output::refusal(e) {
        Some(r) => Diagnostic::error(path, 0, 0, r.message.clone()).with_hint_opt(r.hint.clone()),
        None => Diagnostic::from_io(path, e),
    }
}

/// What a build that ran out of disk space did and left.
fn out_of_space(target: &Path, kept: &str) -> Diagnostic {
    Diagnostic::error(
        target,
        0,
        0,
        Msg::new(
            format!("磁盘空间不足，网站没有更新（旧网站原样保留）；pufa 的临时文件和保留的上一版网站 {kept} 已删除"),
            format!("the disk is full: the site was not updated (the previous site is unchanged); pufa's staging folder and the kept previous site {kept} were deleted"),
        ),
    )
    .with_hint(Msg::new(
        "请清理磁盘空间后重新生成；下一次生成只需要放得下有变化的文件。",
        "free some disk space and build again; the next build needs room only for the files that changed.",
    ))
}

/// An output folder inside the site's sources (or the site itself) would be read back as
/// sources: `static/site` republishes every earlier build into itself.
fn output_inside_sources(root: &Path, out: &Path) -> Option<Diagnostic> {
    let root = root.canonicalize().ok()?;
    let out = resolve_existing(out);
    let inside = ["content", "static", "templates", "sass", "themes"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| out.starts_with(d));
    if !(inside.is_some() || root.starts_with(&out)) {
        return None;
    }
    let what = match &inside {
        Some(d) => {
            let folder = format!("{}/", d.file_name().unwrap_or_default().to_string_lossy());
            Msg::new(folder.clone(), folder)
        }
        None => Msg::new("网站文件夹本身", "the site folder itself"),
    };
    Some(Diagnostic::error(
        &out,
        0,
        0,
        Msg::new(
            format!("输出目录 {} 在 {} 里面（或包含网站）：生成的网站会被当作源文件再发布一遍，所以不能用它", out.display(), what.zh),
            format!("the output folder {} is inside {} (or holds the site): the built site would be read back as sources and published again", out.display(), what.en),
        ),
    )
    .with_hint(Msg::new(
        "请把输出目录放在 content/、static/、templates/、sass/、themes/ 之外，例如默认的 public。",
        "put the output folder outside content/, static/, templates/, sass/ and themes/, e.g. the default `public`.",
    )))
}

/// `path` with links and `..` resolved as the file system would (what does not exist yet
/// cannot be a link, so `..` after it is resolved by name).
fn resolve_existing(path: &Path) -> PathBuf {
    let mut cur = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                cur.pop();
            }
            std::path::Component::CurDir => {}
            other => {
                cur.push(other);
                if let Ok(real) = cur.canonicalize() {
                    cur = real;
                }
            }
        }
    }
    cur
}
