//! The demo site in real headless Chromium: build the repository's own site under a sub-path
//! with the real binary, serve it from a small static file server on 127.0.0.1, and run
//! `node tests/browser/check.js`, which crawls it from the home page (broken links and assets,
//! requests to other hosts, `zh-CN`, zoom, page weight, ≥ 60 pages) and checks every page kind
//! at 360 px and 1280 px (axe-core), the text-size switch and reading without JavaScript;
//! `node tests/browser/search.js`, which types queries into the search page and compares
//! the results with the pages that contain them; and `node tests/browser/theme.js`, which
//! checks the theme's reader features (campaign box on several viewing days, boards printed
//! to PDF, tables on phones, case and law pages, 长辈版, 听全文, axe-core in every mode).
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (`bash .ci/run` installs
//! them). Without them the test is skipped with a printed notice, except when `CI` is set:
//! then it fails. `PUFA_SCREENSHOTS=docs/screenshots cargo test --test it browser::` refreshes the
//! screenshots shown in the README.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::SiteTest;

const SUB_PATH: &str = "/town/pufa";

/// Answers GET requests for files under `root`: directories by their index.html (with a
/// redirect when the slash is missing, as common servers do), unknown paths by the site's
/// 404.html with status 404. Anything else is refused.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            &[],
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let Some(rel) = decoded.strip_prefix(SUB_PATH) else {
        return not_found(&mut stream, root);
    };
    if !(rel.is_empty() || rel.starts_with('/')) {
        return not_found(&mut stream, root);
    }
    let rel = Path::new(rel.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return not_found(&mut stream, root);
    }
    let mut file = root.join(SUB_PATH.trim_start_matches('/')).join(rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            let location = format!("{path}/");
            return respond(
                &mut stream,
                "301 Moved Permanently",
                "text/plain",
                b"",
                &[("Location", &location)],
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body, &[]),
        Err(_) => not_found(&mut stream, root),
    }
}

fn not_found(stream: &mut TcpStream, root: &Path) -> std::io::Result<()> {
    let page = root.join(SUB_PATH.trim_start_matches('/')).join("404.html");
    let body = std::fs::read(page).unwrap_or_else(|_| b"not found\n".to_vec());
    respond(
        stream,
        "404 Not Found",
        "text/html; charset=utf-8",
        &body,
        &[],
    )
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// What the browser checks need and are missing, if anything.
fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("`node`".to_string());
    }
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("/usr/bin/chromium".to_string());
    }
    for package in ["puppeteer-core", "axe-core"] {
        if !browser_dir.join("node_modules").join(package).is_dir() {
            missing.push(format!("tests/browser/node_modules/{package}"));
        }
    }
    missing
}

/// Whether the browser checks can run; prints why not (or panics in CI).
fn tools_ready(browser_dir: &Path) -> bool {
    let missing = missing_tools(browser_dir);
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(", ");
    if std::env::var_os("CI").is_some() {
        panic!(
            "browser tests cannot run in CI: missing {what}; .ci/run should have installed them"
        );
    }
    // Written to the stderr handle itself, not with eprintln!, so that the test harness's
    // output capture does not swallow it: the skip shows in a plain `cargo test`.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: browser tests need {what}; run `bash .ci/run` to install chromium and node packages"
    );
    false
}

/// Builds the demo site under `SUB_PATH` into a temp dir and serves it; returns the temp dir
/// (keep it alive) and the site's base URL.
fn build_and_serve(repo: &Path) -> (tempfile::TempDir, String) {
    build_and_serve_on(repo, None)
}

/// As [`build_and_serve`], with the build's "today" fixed (`PUFA_TODAY`) when given.
fn build_and_serve_on(repo: &Path, today: Option<&str>) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join(SUB_PATH.trim_start_matches('/'));
    let port = serve(tmp.path().to_path_buf());
    let base = format!("http://127.0.0.1:{port}{SUB_PATH}");
    let mut build = crate::common::pufa();
    if let Some(day) = today {
        build.env("PUFA_TODAY", day);
    } else {
        build.env_remove("PUFA_TODAY");
    }
    let build = build
        .arg("--root")
        .arg(repo)
        .arg("build")
        .arg("-o")
        .arg(&out)
        .args(["-u", &base])
        .output()
        .expect("run pufa build");
    assert!(
        build.status.success(),
        "building the demo site failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    (tmp, base)
}

#[test]
fn demo_site_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests").join("browser");
    if !tools_ready(&browser_dir) {
        return;
    }

    let started = Instant::now();
    let (tmp, base) = build_and_serve(repo);

    let shots = match std::env::var_os("PUFA_SCREENSHOTS") {
        Some(dir) => repo.join(dir),
        None => tmp.path().join("screenshots"),
    };
    let run = Command::new("node")
        .arg("check.js")
        .arg(format!("{base}/"))
        .current_dir(&browser_dir)
        .env("SHOTS", &shots)
        .output()
        .expect("run node check.js");
    let mut report = String::from_utf8_lossy(&run.stdout).into_owned();
    report.push_str(&String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "browser checks failed ({}):\n{report}",
        run.status
    );
    // The summary goes to the stderr handle itself so that it shows in a plain `cargo test`.
    let summary: Vec<&str> = report
        .lines()
        .filter(|l| {
            [
                "crawl:",
                "weight",
                "size switch",
                "axe-core",
                "warn",
                "browser checks",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .collect();
    let _ = writeln!(
        std::io::stderr(),
        "{}\n(build, serve and browser checks: {:.0?})",
        summary.join("\n"),
        started.elapsed()
    );
}

/// Sentences as older citizens type them, which find nothing as typed on the demo site: the
/// page must rank them (best match, `src/search/best.rs`) exactly as `pufa search` does.
const SENTENCES: &[&str] = &[
    "儿子不给我生活费",
    "楼上邻居天天吵得睡不着怎么办",
    "朋友借钱好几年了不还",
    "单位拖了三个月工资不发",
    "树枝掉下来砸坏了我的车",
    "买的保健品是假的能退吗",
    // Everyday words found before the query is cleaned: 判几年 (a question word inside), 骗了
    // (了 kept).
    "被人打了对方判几年",
    "老人被骗了好几万能要回来吗",
];

/// Queries with a slip or pinyin INSIDE them (`respell::inside`, `respell::evident`): the page must respell them
/// as `pufa search` does and give the same pages in the same order (tier respelled first).
const RESPELLED: &[&str] = &[
    "正当放卫的条件",
    "正当卫 条件",
    "遗瞩要公证吗",
    "炸骗多少钱够判刑？",
    "工商认定怎么申请",
    "吸du违法吗",
    "zhapian li an",
    "xiaofeizhe quanyi baohufa 55 tiao",
    // Slips with evidence (`respell::evident`), respelled although the query as typed finds
    // three pages: 工伤保险 is on pages where 工商保险 is no phrase; 赡养费; the everyday word
    // 被狗咬了. Letters on no page read as pinyin whatever the rest finds.
    "工商保险是单位交还是自己交",
    "不给老人善养费",
    "被狗要了找狗主人赔钱",
    // Weak evidence (an everyday word alone: 社保), answered first because the query as
    // typed finds nothing but by best match.
    "老板不交社宝",
    // An everyday word one character away whose changed pair pages hold (遗嘱): strong.
    "手写的遗主有效吗",
    // Two characters at the start, on no page, sounding like an everyday word (醉驾).
    "醉架要坐牢吗",
    "jiujia罚多少钱",
    // Pinyin of the statutes' common words (data/common_words.txt): 年龄, 劳动.
    "nianling",
    "laodong 合同",
];

/// Everyday words that the site's pages name in passing (`query::in_passing`): the page must
/// put the thesaurus tier's pages before those found as typed, as `pufa search` does.
const IN_PASSING: &[&str] = &["征兵", "医疗事故"];

/// A number found as a whole number (`query::holds`): 30 is on pages as 30 and inside 2030,
/// 300 …; the page must keep the same pages as `pufa search`.
const NUMBERS: &[&str] = &["30"];

/// A law's name joined to an article number (`Plan::joined`): the law's page holding the
/// article comes before the case page that quotes 民法典第一千零七十七条 word for word, in the page
/// as in `pufa search`.
const ARTICLES: &[&str] = &["民法典第一千零七十七条", "民法典第1077条"];

/// The search page typed into key by key (`tests/browser/search.js`): results equal the
/// pages that contain the query (truth from the built pages), excerpts highlight it, a word
/// on no page says so, the kind and law filters narrow the results, and without JavaScript the
/// page says search needs it and links the site map; sentences (`SENTENCES`) get the same
/// pages in the same order as from `pufa search --json`, and so do queries with a slip or
/// pinyin inside them (`RESPELLED`). Prints the in-page query time.
#[test]
fn search_page_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests").join("browser");
    if !tools_ready(&browser_dir) {
        return;
    }
    let (tmp, base) = build_and_serve(repo);
    // What `pufa search --json` answers to sentences (the best-match ranking): the page
    // must give the same pages in the same order.
    let out = tmp.path().join(SUB_PATH.trim_start_matches('/'));
    let expected: Vec<serde_json::Value> = SENTENCES
        .iter()
        .chain(RESPELLED)
        .chain(IN_PASSING)
        .chain(NUMBERS)
        .chain(ARTICLES)
        .map(|q| {
            let run = Command::new(env!("CARGO_BIN_EXE_pufa"))
                .args(["search", q, "--json", "-o"])
                .arg(&out)
                .output()
                .expect("run pufa search");
            assert!(run.status.success(), "pufa search {q}");
            let hits: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
            let how = if RESPELLED.contains(q) {
                "respelled"
            } else if IN_PASSING.contains(q) {
                "exact"
            } else if NUMBERS.contains(q) {
                "number"
            } else if ARTICLES.contains(q) {
                "article"
            } else {
                "related"
            };
            serde_json::json!({ "q": q, "hits": hits, "how": how })
        })
        .collect();
    let expected_file = tmp.path().join("sentences.json");
    std::fs::write(&expected_file, serde_json::to_vec(&expected).unwrap()).unwrap();
    let run = Command::new("node")
        .arg("search.js")
        .arg(format!("{base}/"))
        .arg(repo.join("content"))
        .arg(&expected_file)
        .current_dir(&browser_dir)
        .output()
        .expect("run node search.js");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "search page checks failed ({}):\n{report}",
        run.status
    );
    let _ = writeln!(std::io::stderr(), "{}", report.trim_end());
}

/// The default theme's reader features (`tests/browser/theme.js`), on a build made on
/// 2026-11-20 and read on later days: the campaign box decided in the browser (Date stubbed
/// to 2026-12-04, 2026-12-20 and 2027-05-10; a dated list without JavaScript), every board
/// printed to PDF on one A4 page with QR code, address and phone numbers, tables at 360 px
/// (no cell under four characters unless the table scrolls), case pages (one fold-out per
/// cited article, no repeated article text, facts on the first screen, 第…条 kept on one
/// line), law chapters (跳到第…条, highlight, separators, back to top), 长辈版 (≥ 60 px tap
/// targets, remembered), 听全文 with a stubbed `speechSynthesis`, the call bar, the smaller
/// points of issue 15, and axe-core in 大 / 特大 / 长辈版 / 长辈版 + 特大 at 360 and 1280 px.
#[test]
fn theme_features_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests").join("browser");
    if !tools_ready(&browser_dir) {
        return;
    }
    let (_tmp, base) = build_and_serve_on(repo, Some("2026-11-20"));
    let run = Command::new("node")
        .arg("theme.js")
        .arg(format!("{base}/"))
        .current_dir(&browser_dir)
        .env_remove("ONLY")
        .output()
        .expect("run node theme.js");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "theme checks failed ({}):\n{report}",
        run.status
    );
    let summary: Vec<&str> = report
        .lines()
        .filter(|l| !l.starts_with("--") && !l.starts_with("      "))
        .collect();
    let _ = writeln!(std::io::stderr(), "{}", summary.join("\n"));
}

/// `pufa serve` in Chromium (`tests/browser/serve.js`): one save reloads the open article
/// page exactly once and an unrelated page not at all; the editor at `/_pufa/` is typed
/// into, its preview shows the text in the site's theme, and its save button writes the
/// draft to disk. `PUFA_SCREENSHOTS=docs/screenshots` keeps its screenshot (editor.png)..
#[test]
fn serve_reload_and_editor_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests").join("browser");
    if !tools_ready(&browser_dir) {
        return;
    }
    let site = SiteTest::fixture("zola-basic");
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    let server = site.serve(&[], &[]);
    let (port, log) = (server.port, server.log.clone());
    let base = format!("http://127.0.0.1:{port}/");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "pufa serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut cmd = Command::new("node");
    cmd.arg("serve.js")
        .arg(&base)
        .arg(&site)
        .current_dir(&browser_dir);
    if let Some(dir) = std::env::var_os("PUFA_SCREENSHOTS") {
        cmd.env("SHOTS", repo.join(dir));
    }
    let run = cmd.output().expect("run node serve.js");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "serve checks failed ({}):\n{report}\n--- pufa serve output ---\n{}",
        run.status,
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let _ = writeln!(std::io::stderr(), "{}", report.trim_end());
}

/// The editor walked as a new member of staff would (`tests/browser/editor.js`), on a copy
/// of the demo site under `pufa serve`: a new case typed into with a finding beside its
/// line, the text kept when the tab is closed, a picture pasted, saved, published and the
/// live page reloaded on the next save, a WeChat .mhtml imported, and hostile requests
/// refused with the site intact. Prints the preview latency (not asserted).
/// `PUFA_SCREENSHOTS=docs/screenshots` keeps its screenshot (editor.png).
#[test]
fn editor_walk_on_the_demo_site_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = repo.join("tests").join("browser");
    if !tools_ready(&browser_dir) {
        return;
    }
    let site = SiteTest::demo();
    // A zip bomb dressed as a Word document: 80 MB of spaces in a small file.
    let bomb = site.tmp().join("炸弹.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..80 {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap();

    let server = site.serve(&[], &[]);
    let (port, log) = (server.port, server.log.clone());
    let base = format!("http://127.0.0.1:{port}/");
    let started = Instant::now();
    loop {
        let ready = std::fs::read_to_string(&log).unwrap_or_default();
        if ready.contains("site ready") && ready.contains("/_pufa/") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "pufa serve did not start:\n{ready}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut cmd = Command::new("node");
    cmd.arg("editor.js")
        .arg(&base)
        .arg(&site)
        .arg(repo.join("tests/fixtures/wechat"))
        .arg(&bomb)
        .current_dir(&browser_dir);
    if let Some(dir) = std::env::var_os("PUFA_SCREENSHOTS") {
        cmd.env("SHOTS", repo.join(dir));
    }
    let run = cmd.output().expect("run node editor.js");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "editor checks failed ({}):\n{report}\n--- pufa serve output ---\n{}",
        run.status,
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let _ = writeln!(std::io::stderr(), "{}", report.trim_end());
}
