//! A real `pufa serve` session over HTTP: start it on a copy of a fixture site, edit an
//! article and see the new page, break it and see the error overlay over the last good page,
//! fix it, and send hostile requests that must get an error answer, never a crash.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the server when the test ends, also when it panics.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- pufa serve output ---\n{log}");
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Starts `pufa serve` in `site` (as the current folder, the way staff run it).
fn start(site: &Path, log: PathBuf) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_pufa"))
        .current_dir(site)
        .args(["serve", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start pufa serve");
    Server { child, port, log }
}

/// One raw request; returns the status code and the body (0 and empty when the server is
/// not listening yet or the answer is garbled).
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer and close before reading all of a huge request: keep going.
    let _ = s.write_all(request);
    let _ = s.shutdown(Shutdown::Write);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Polls `path` until `ok(status, body)` holds; panics with the last answer after `limit`.
fn wait_for(port: u16, path: &str, limit: Duration, ok: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if ok(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < limit,
            "no expected answer for {path} within {limit:?}; last: {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn title_of(html: &str) -> &str {
    html.split_once("<title>")
        .and_then(|(_, r)| r.split_once("</title>"))
        .map(|(t, _)| t)
        .unwrap_or("")
}

const PAGE: &str = "content/cases/li-hun-leng-jing-qi.md";
const URL: &str = "/cases/cooling-off/";

fn article(front_title_line: &str, body: &str) -> String {
    format!("+++\n{front_title_line}\ndate = 2022-11-02\nslug = \"cooling-off\"\n+++\n{body}\n")
}

#[test]
fn edit_break_and_fix_an_article_while_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/zola-basic"),
        &site,
    );
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    let server = start(&site, tmp.path().join("serve.log"));
    let port = server.port;

    let first = wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    assert!(
        title_of(&first).starts_with("离婚冷静期内能撤回申请吗？"),
        "{}",
        title_of(&first)
    );
    assert!(
        first.contains("<script src=\"/__pufa/livereload.js\"></script>"),
        "the live-reload script is injected"
    );
    assert!(!first.contains("pufa-error-overlay"));

    // An open browser page is told to reload when the site changes.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    events
        .write_all(b"GET /__pufa/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();

    // Edit: the new title is served.
    let saved = Instant::now();
    std::fs::write(
        site.join(PAGE),
        article("title = \"冷静期内可以撤回\"", "离婚冷静期是**三十日**。"),
    )
    .unwrap();
    let edited = wait_for(port, URL, Duration::from_secs(10), |_, b| {
        title_of(b).starts_with("冷静期内可以撤回 - ")
    });
    eprintln!("edit → served: {} ms", saved.elapsed().as_millis());
    assert!(edited.contains("三十日"));
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("data: reload") {
        let n = events.read(&mut buf).expect("reload event within 10 s");
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }

    // Break the front matter: the overlay names file and line, the last good page stays.
    std::fs::write(
        site.join(PAGE),
        article("title = \"没有右引号", "离婚冷静期是**三十日**。"),
    )
    .unwrap();
    let broken = wait_for(port, URL, Duration::from_secs(10), |_, b| {
        b.contains("pufa-error-overlay")
    });
    assert!(
        broken.contains("content/cases/li-hun-leng-jing-qi.md:2:"),
        "the overlay names the file and line: {broken}"
    );
    assert!(title_of(&broken).starts_with("冷静期内可以撤回 - "));
    // Other pages show the overlay too, since the site as a whole is broken.
    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("pufa-error-overlay"));
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(
        log.contains("content/cases/li-hun-leng-jing-qi.md:2:"),
        "the terminal names the file and line too: {log}"
    );

    // Fix it: the overlay goes, the fixed page is served.
    std::fs::write(
        site.join(PAGE),
        article("title = \"修好了\"", "离婚冷静期是**三十日**。"),
    )
    .unwrap();
    let fixed = wait_for(port, URL, Duration::from_secs(10), |_, b| {
        title_of(b).starts_with("修好了 - ")
    });
    assert!(!fixed.contains("pufa-error-overlay"));
    // The full rebuild that follows the fast path must not bring the overlay or old title back.
    std::thread::sleep(Duration::from_millis(1500));
    let (_, later) = get(port, URL);
    assert!(title_of(&later).starts_with("修好了 - "), "{later}");
    assert!(!later.contains("pufa-error-overlay"));
}

#[test]
fn hostile_requests_get_errors_and_the_server_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/zola-basic"),
        &site,
    );
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    // A file beside the site that a traversal would reach.
    std::fs::write(tmp.path().join("secret.txt"), "SECRET").unwrap();
    let server = start(&site, tmp.path().join("serve.log"));
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);

    let cases: &[(&str, &[u8], u16)] = &[
        (
            "plain ..",
            b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "encoded ..",
            b"GET /%2e%2e/%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "encoded slash",
            b"GET /..%2F..%2Fsecret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "double encoded",
            b"GET /%252e%252e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "backslash",
            b"GET /..%5c..%5csecret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "absolute-form target",
            b"GET http://evil/../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "not in the output",
            b"GET /secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
            404,
        ),
        ("garbage", b"\x00\x01\x02 nonsense\r\n\r\n", 400),
        (
            "not UTF-8",
            b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
        ),
        (
            "method",
            b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n",
            405,
        ),
    ];
    for (what, request, expected) in cases {
        let (status, body) = raw(port, request);
        assert_eq!(status, *expected, "{what}: {body}");
        assert!(!body.contains("SECRET"), "{what}");
    }

    let mut huge = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 64 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    assert_eq!(raw(port, &huge).0, 431, "64 KiB header");
    let mut long_line = b"GET /".to_vec();
    long_line.extend(std::iter::repeat_n(b'a', 64 * 1024));
    long_line.extend_from_slice(b" HTTP/1.1\r\n\r\n");
    assert_eq!(raw(port, &long_line).0, 431, "64 KiB request line");

    // A client that connects and says nothing does not block others.
    let _silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (status, body) = get(port, "/");
    assert_eq!(status, 200, "still serving after hostile requests");
    assert!(body.contains("</html>"));
    drop(server);
}
