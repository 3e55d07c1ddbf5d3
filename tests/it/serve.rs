//! A real `pufa serve` session over HTTP: start it on a copy of a fixture site, edit an
//! article and see the new page, break it and see the error overlay over the last good page,
//! fix it, and send hostile requests that must get an error answer, never a crash.

use crate::common::http::{get, raw, wait_for};
use crate::common::SiteTest;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

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
    let site = SiteTest::fixture("zola-basic");
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    let server = site.serve(&[], &[]);
    let port = server.port;

    let first = wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    assert!(
        title_of(&first).starts_with("离婚冷静期内能撤回申请吗？"),
        "{}",
        title_of(&first)
    );
    assert!(
        first.contains("<script src=\"/__pufa/livereload.js?v="),
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
    let site = SiteTest::fixture("zola-basic");
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    // A file beside the site that a traversal would reach.
    std::fs::write(site.tmp().join("secret.txt"), "SECRET").unwrap();
    let server = site.serve(&[], &[]);
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

/// A fresh copy of the fixture site in a temporary folder.
fn fixture_site() -> SiteTest {
    let site = SiteTest::fixture("zola-basic");
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    site
}

/// One raw request; returns the head (status line and headers) and the body bytes.
fn raw_bytes(port: u16, request: &[u8]) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // A server that refuses early (413 on the declared length) closes before the whole body
    // is sent: the write may then fail with a broken pipe, and the answer is still read.
    let _ = s.write_all(request);
    let _ = s.shutdown(Shutdown::Write);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete answer head");
    (
        String::from_utf8_lossy(&buf[..split]).into_owned(),
        buf[split + 4..].to_vec(),
    )
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn slow_trickling_clients_do_not_starve_the_others() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);

    // 600 connections (more than the old server's 128 threads, and more than the 512 open
    // connections the server allows) that each send a request line and then one header
    // line a second, never finishing the head: the attack of slow clients. The loop is
    // bounded: 8 rounds, then the connections are dropped.
    const SLOW: usize = 600;
    let mut slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            // It may already have been closed to make room for a newer one.
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
            s
        })
        .collect();
    // One more that goes silent after half a head: the server must close it by itself
    // (it is the newest, so it is not the one closed to make room).
    let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    silent.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let silent_since = Instant::now();

    for round in 0..8 {
        for s in &mut slow {
            // A write error means the server closed it (header timeout): fine.
            let _ = s.write_all(format!("X-Slow-{round}: a\r\n").as_bytes());
        }
        // Meanwhile an ordinary client gets its page, and in good time.
        let asked = Instant::now();
        let (status, body) = get(port, "/");
        assert_eq!(status, 200, "round {round}: {body}");
        assert!(body.contains("</html>"));
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "round {round}: an ordinary request took {:?}",
            asked.elapsed()
        );
        std::thread::sleep(Duration::from_millis(1000));
    }
    drop(slow);

    // The silent half-request is closed by the server (head timeout), not kept for ever.
    silent
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    match silent.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!(
            "the server kept a silent half-request open for {:?}: {e}",
            silent_since.elapsed()
        ),
    }
    assert_eq!(get(port, "/").0, 200);
}

#[test]
fn audio_and_video_answer_byte_ranges() {
    let site = fixture_site();
    std::fs::create_dir_all(site.join("static/media")).unwrap();
    let clip: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.join("static/media/clip.mp3"), &clip).unwrap();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);

    let ask = |range: &str| {
        raw_bytes(
            port,
            format!("GET /media/clip.mp3 HTTP/1.1\r\nHost: x\r\n{range}Connection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    let (head, body) = ask("");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(header(&head, "accept-ranges"), Some("bytes"));
    assert_eq!(header(&head, "content-type"), Some("audio/mpeg"));
    assert_eq!(body, clip);

    let (head, body) = ask("Range: bytes=100-199\r\n");
    assert!(head.starts_with("HTTP/1.1 206"), "{head}");
    assert_eq!(header(&head, "content-range"), Some("bytes 100-199/1000"));
    assert_eq!(header(&head, "content-length"), Some("100"));
    assert_eq!(body, &clip[100..200]);

    let (head, body) = ask("Range: bytes=-10\r\n");
    assert!(head.starts_with("HTTP/1.1 206"), "{head}");
    assert_eq!(header(&head, "content-range"), Some("bytes 990-999/1000"));
    assert_eq!(body, &clip[990..]);

    let (head, body) = ask("Range: bytes=900-\r\n");
    assert!(head.starts_with("HTTP/1.1 206"), "{head}");
    assert_eq!(body, &clip[900..]);

    for bad in ["bytes=1000-", "bytes=5-4", "bytes=abc", "bytes=-0"] {
        let (head, _) = ask(&format!("Range: {bad}\r\n"));
        assert!(head.starts_with("HTTP/1.1 416"), "{bad}: {head}");
        assert_eq!(
            header(&head, "content-range"),
            Some("bytes */1000"),
            "{bad}"
        );
    }

    // Several ranges at once: the whole file (allowed, and what players cope with).
    let (head, body) = ask("Range: bytes=0-1,5-6\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, clip);

    // HEAD: the length, no body.
    let (head, body) = raw_bytes(
        port,
        b"HEAD /media/clip.mp3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(header(&head, "content-length"), Some("1000"));
    assert!(body.is_empty());
}

/// Reads what the event stream has sent until `until` returns true or `limit` passes.
fn read_events(
    events: &mut TcpStream,
    seen: &mut String,
    limit: Duration,
    until: impl Fn(&str) -> bool,
) {
    let start = Instant::now();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while !until(seen) && start.elapsed() < limit {
        match events.read(&mut buf) {
            Ok(0) => panic!("event stream closed: {seen}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
}

/// The reload messages in an event stream that tell the page at `url` to reload.
fn reloads_for(stream: &str, url: &str) -> usize {
    stream
        .lines()
        .filter_map(|l| l.strip_prefix("data: reload"))
        .filter(|rest| {
            let rest = rest.trim();
            rest == "*"
                || serde_json::from_str::<Vec<String>>(rest)
                    .map(|paths| paths.iter().any(|p| p == url))
                    .unwrap_or(true)
        })
        .count()
}

#[test]
fn one_save_reloads_the_page_once() {
    one_save_reloads_once(&[]);
}

/// As on Windows: file events and the slow poll side by side. The save is seen by both (the
/// poll looks every 2 s); it is rebuilt and reloaded once.
#[test]
fn events_and_poll_together_reload_once_per_save() {
    one_save_reloads_once(&[("PUFA_TEST_EVENTS_AND_POLL", "1")]);
}

fn one_save_reloads_once(env: &[(&str, &str)]) {
    let site = fixture_site();
    let server = site.serve(&[], env);
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .write_all(b"GET /__pufa/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut seen = String::new();
    read_events(&mut events, &mut seen, Duration::from_secs(10), |s| {
        s.contains(": connected")
    });

    let log_rebuilds = || {
        std::fs::read_to_string(&server.log)
            .unwrap_or_default()
            .matches("已全部重新生成")
            .count()
    };
    let before = log_rebuilds();
    std::fs::write(
        site.join(PAGE),
        article("title = \"只刷新一次\"", "离婚冷静期是**三十日**。"),
    )
    .unwrap();
    wait_for(port, URL, Duration::from_secs(10), |_, b| {
        title_of(b).starts_with("只刷新一次 - ")
    });
    // Wait for the full rebuild that follows the fast path, then for its message.
    let start = Instant::now();
    while log_rebuilds() == before {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no full rebuild after the edit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Long enough for the slow poll (every 2 s) to have looked twice.
    let quiet = if env.is_empty() { 1 } else { 5 };
    read_events(&mut events, &mut seen, Duration::from_secs(quiet), |_| {
        false
    });
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    assert_eq!(log.matches("已更新").count(), 1, "one fast rebuild: {log}");
    assert_eq!(log_rebuilds(), before + 1, "one full rebuild: {log}");
    assert_eq!(
        reloads_for(&seen, URL),
        1,
        "the edited page reloads exactly once per save: {seen}"
    );
    // The full rebuild told the pages it changed (the feed has the new title).
    assert_eq!(reloads_for(&seen, "/atom.xml"), 1, "{seen}");
    assert!(
        !seen.contains("data: reload *"),
        "no page-wide reload for an edit: {seen}"
    );
}

/// An edit of the text alone (front matter as it was) takes the fast path that keeps the
/// library's links: the page it serves at once is byte for byte the page the full rebuild
/// makes after it (neighbours, terms, lists as before), so the page reloads once.
#[test]
fn a_text_edit_is_served_as_the_full_rebuild_makes_it() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .write_all(b"GET /__pufa/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut seen = String::new();
    read_events(&mut events, &mut seen, Duration::from_secs(10), |s| {
        s.contains(": connected")
    });
    let log_rebuilds = || {
        std::fs::read_to_string(&server.log)
            .unwrap_or_default()
            .matches("已全部重新生成")
            .count()
    };
    let before = log_rebuilds();
    let original = std::fs::read_to_string(site.join(PAGE)).unwrap();
    std::fs::write(site.join(PAGE), format!("{original}\n\n只改正文的一段。\n")).unwrap();
    let fast = wait_for(port, URL, Duration::from_secs(10), |_, b| {
        b.contains("只改正文的一段。")
    });
    let start = Instant::now();
    while log_rebuilds() == before {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no full rebuild after the edit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    read_events(&mut events, &mut seen, Duration::from_secs(1), |_| false);
    let (status, full) = get(port, URL);
    assert_eq!(status, 200);
    // The live-reload script names the version each was served at.
    assert_ne!(served_version(&fast), served_version(&full));
    assert_eq!(
        without_served_version(&fast),
        without_served_version(&full),
        "the fast path's page differs from the full rebuild's"
    );
    assert_eq!(reloads_for(&seen, URL), 1, "one reload per save: {seen}");
}

/// A page whose live-reload stream connects only after a save (the page was still loading,
/// or reloading for an earlier change) is told of the save when it connects: the stream is
/// opened with the version the page was served at.
#[test]
fn a_page_connecting_after_a_save_still_reloads() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    let page = wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    let original = std::fs::read_to_string(site.join(PAGE)).unwrap();
    std::fs::write(
        site.join(PAGE),
        format!("{original}\n\n页面连上之前的保存。\n"),
    )
    .unwrap();
    wait_for(port, URL, Duration::from_secs(10), |_, b| {
        b.contains("页面连上之前的保存。")
    });

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request = format!(
        "GET /__pufa/events?since={} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        served_version(&page)
    );
    events.write_all(request.as_bytes()).unwrap();
    let mut seen = String::new();
    read_events(&mut events, &mut seen, Duration::from_secs(10), |s| {
        reloads_for(s, URL) > 0
    });
    assert!(
        reloads_for(&seen, URL) >= 1,
        "no reload for the save: {seen}"
    );

    // A stream opened with the version served now hears nothing old.
    let (_, now) = get(port, URL);
    let mut fresh = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request = format!(
        "GET /__pufa/events?since={} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        served_version(&now)
    );
    fresh.write_all(request.as_bytes()).unwrap();
    let mut heard = String::new();
    read_events(&mut fresh, &mut heard, Duration::from_secs(1), |_| false);
    assert!(heard.contains(": connected"), "{heard}");
    assert_eq!(reloads_for(&heard, URL), 0, "{heard}");
}

/// The served version in a page's live-reload script (`livereload.js?v=N`).
fn served_version(html: &str) -> u64 {
    let at = html
        .find("livereload.js?v=")
        .expect("the live-reload script")
        + 16;
    let digits: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

fn without_served_version(html: &str) -> String {
    html.replace(
        &format!("livereload.js?v={}", served_version(html)),
        "livereload.js",
    )
}

/// Edits the article and waits for the new title to be served.
fn edit_and_see(site: &Path, port: u16, title: &str) {
    std::fs::write(
        site.join(PAGE),
        article(&format!("title = \"{title}\""), "正文。"),
    )
    .unwrap();
    wait_for(port, URL, Duration::from_secs(15), |_, b| {
        title_of(b).starts_with(&format!("{title} - "))
    });
}

#[test]
fn polling_picks_up_edits_when_asked() {
    let site = fixture_site();
    let server = site.serve(&["--poll"], &[]);
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("polling for changes"), "{log}");
    edit_and_see(&site, port, "轮询看到了");
    edit_and_see(&site, port, "轮询又看到了");
}

#[test]
fn polling_takes_over_when_file_events_do_not_arrive() {
    let site = fixture_site();
    // A file system that sends no events, as under Wine or on a network drive.
    let server = site.serve(&[], &[("PUFA_TEST_DEAF_WATCHER", "1")]);
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    let start = Instant::now();
    loop {
        let log = std::fs::read_to_string(&server.log).unwrap();
        if log.contains("no file events arrive here") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no fallback to polling: {log}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    edit_and_see(&site, port, "没有通知也看到了");
    // The probe file is gone, and nothing else was left in the site.
    let leftovers: Vec<_> = std::fs::read_dir(site.join("content"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".pufa"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// As on Windows with a file system whose events do not arrive (or arrive for part of the
/// site only, as under Wine): the slow poll beside them picks up the edits.
#[test]
fn the_poll_beside_events_picks_up_what_events_miss() {
    let site = fixture_site();
    let server = site.serve(
        &[],
        &[
            ("PUFA_TEST_EVENTS_AND_POLL", "1"),
            ("PUFA_TEST_DEAF_WATCHER", "1"),
        ],
    );
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    edit_and_see(&site, port, "轮询补上了");
    edit_and_see(&site, port, "轮询又补上了");
    // No probe file was written into the site.
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(!log.contains("no file events arrive here"), "{log}");
}

/// A request to the editor with the given extra headers and form body.
fn post_form(port: u16, path: &str, headers: &str, body: &str) -> (String, Vec<u8>) {
    raw_bytes(
        port,
        format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn editor_creates_a_draft_previews_it_and_refuses_hostile_writes() {
    let site = fixture_site();
    std::fs::write(
        site.join("content/qa/phone.md"),
        "+++\ntitle = \"留了电话\"\ndate = 2024-01-02\n+++\n有事请打 13912345678。\n",
    )
    .unwrap();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    let origin = format!("Origin: http://127.0.0.1:{port}\r\n");

    // The list: the draft in the fixture comes before published articles.
    let (head, list) = raw_bytes(
        port,
        format!("GET /_pufa/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    let list = String::from_utf8_lossy(&list).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let draft = list
        .find("content/notices/a.md")
        .expect("the draft is listed");
    let published = list
        .find("content/cases/li-hun-leng-jing-qi.md")
        .expect("published articles are listed");
    assert!(draft < published, "drafts first");
    // With what `check` finds in each article: the phone number, at its line.
    let phone = list.find("content/qa/phone.md").expect("listed");
    let row_end = list[phone..].find("</tr>").unwrap() + phone;
    let row_start = list[..phone].rfind("<tr").unwrap();
    assert!(
        list[row_start..row_end].contains("content/qa/phone.md:5:"),
        "{}",
        &list[row_start..row_end]
    );

    // The form of a case: the kind's parts, fields named after front-matter keys.
    let (_, form) = raw_bytes(
        port,
        format!(
            "GET /_pufa/new?kind=case HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    let form = String::from_utf8_lossy(&form).into_owned();
    for part in ["基本案情", "争议焦点", "裁判结果", "法官说法", "相关法条"] {
        assert!(form.contains(part), "{part}");
    }
    for field in [
        "name=\"title\"",
        "name=\"date\"",
        "name=\"description\"",
        "name=\"body\"",
        "type=\"submit\"",
    ] {
        assert!(form.contains(field), "{field}");
    }
    let token = form
        .split_once("name=\"token\" value=\"")
        .and_then(|(_, r)| r.split_once('"'))
        .map(|(t, _)| t.to_string())
        .expect("the session token is in the form");
    assert_eq!(token.len(), 32);

    let fields = |title: &str| {
        format!(
            "kind=case&title={}&date=2024-06-01&description={}&tags={}&body={}",
            enc(title),
            enc("一句话摘要"),
            enc("民法典、合同"),
            enc("## 基本案情\r\n\r\n张某的车被**砸坏**了。\r\n")
        )
    };

    // Preview: the site's own theme, the text rendered.
    let (head, html) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &fields("高空抛物谁来赔"),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&html).expect("JSON");
    let html = answer["html"].as_str().unwrap();
    assert!(title_of(html).starts_with("高空抛物谁来赔 - "), "{html}");
    assert!(html.contains("<strong>砸坏</strong>"), "{html}");
    // …with what `check` finds: a phone number in the text.
    let (head, body) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &format!(
            "kind=case&title=x&body={}",
            enc("## 基本案情\n\n联系电话13800138000。\n")
        ),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    let findings = answer["findings"].as_str().unwrap();
    assert!(
        findings.contains("13800138000") || findings.contains("手机"),
        "{findings}"
    );
    // Each finding also comes with the line of the text area it is about: the body's own
    // line numbers (the front matter that the form makes is not in the text area).
    let at_line = |answer: &serde_json::Value, line: u64, what: &str| {
        answer["items"].as_array().unwrap().iter().any(|i| {
            i["line"].as_u64() == Some(line) && i["message"].as_str().unwrap().contains(what)
        })
    };
    assert!(at_line(&answer, 3, "手机号码"), "{answer}");
    // Links to pages that do not exist, pictures without alt text, a missing part of a
    // case, a repealed law: `check`'s rules, on the text not yet saved.
    let body = "## 基本案情\n\n见[别处](/cases/no-such-page/)。\n\n![](pic.png)\n\n依照《中华人民共和国合同法》第五十二条，合同无效。\n";
    let (head, reply) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &format!("kind=case&title=x&body={}", enc(body)),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
    assert!(at_line(&answer, 3, "链接指向的页面不存在"), "{answer}");
    assert!(at_line(&answer, 5, "图片缺少替代文字"), "{answer}");
    assert!(at_line(&answer, 1, "缺少“法官说法”"), "{answer}");
    assert!(
        at_line(&answer, 7, "合同法》已于2021-01-01废止"),
        "{answer}"
    );
    // A finding in a form field (the title) names the field instead of a line.
    let (head, reply) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &format!("kind=case&title={}&body=x", enc("电话13800138000")),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
    assert!(
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["field"] == "title" && i["line"] == 0),
        "{answer}"
    );
    // Editing a whole file: its lines are the text area's lines; a phone number in the
    // title is shown at the title's line of the unsaved text, not of the file on disk.
    let text = "+++\ntitle = \"x\"\ndate = 2024-01-02\ndescription = \"电话13800138000\"\n+++\n正文\n\n![](photo.png)\n";
    let (head, reply) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &format!("path={}&text={}", enc("content/qa/phone.md"), enc(text)),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
    assert!(at_line(&answer, 4, "摘要（description）中"), "{answer}");
    assert!(at_line(&answer, 8, "图片缺少替代文字"), "{answer}");
    // Text that does not render: the error at its line, as JSON.
    let (head, reply) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        &format!(
            "path={}&text={}",
            enc("content/qa/phone.md"),
            enc("+++\ntitle = \"x\"\ndate = 2024-01-02\n+++\n见[别处](@/no/such.md)。\n")
        ),
    );
    assert!(head.starts_with("HTTP/1.1 422"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
    assert!(
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["line"] == 5 && i["severity"] == "error"),
        "{answer}"
    );
    // A preview with a bad date is an error naming the problem, and writes nothing.
    let (head, _) = post_form(
        port,
        "/_pufa/preview",
        &format!("{origin}x-pufa-token: {token}\r\n"),
        "kind=case&title=x&date=2024-13-40",
    );
    assert!(head.starts_with("HTTP/1.1 422"), "{head}");

    let before = list_files(&site.join("content"));
    // Hostile writes: all refused, nothing written.
    let hostile: &[(&str, String, String, &str)] = &[
        ("no token", origin.clone(), fields("甲"), "403"),
        (
            "wrong token",
            origin.clone(),
            format!("token={}&{}", "0".repeat(32), fields("乙")),
            "403",
        ),
        (
            "cross-origin",
            "Origin: http://evil.example\r\n".into(),
            format!("token={token}&{}", fields("丙")),
            "403",
        ),
        (
            "no origin",
            String::new(),
            format!("token={token}&{}", fields("丁")),
            "403",
        ),
        (
            "path in the kind",
            origin.clone(),
            format!("token={token}&kind=..%2F..%2Fetc&title=x"),
            "400",
        ),
    ];
    for (what, headers, body, status) in hostile {
        let (head, _) = post_form(port, "/_pufa/new", headers, body);
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}")),
            "{what}: {head}"
        );
    }
    // A request for another host name (DNS rebinding) gets nothing, not even the token.
    let (head, body) = raw_bytes(
        port,
        format!(
            "GET /_pufa/new HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    assert!(!String::from_utf8_lossy(&body).contains(&token));
    // An oversized form.
    let huge = format!(
        "token={token}&kind=case&title=x&body={}",
        "a".repeat(3 << 20)
    );
    let (head, _) = post_form(port, "/_pufa/new", &origin, &huge);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert_eq!(
        list_files(&site.join("content")),
        before,
        "hostile writes wrote nothing"
    );

    // Save: a new draft named from the title, never over another file.
    for expected in [
        "gao-kong-pao-wu-shui-lai-pei.md",
        "gao-kong-pao-wu-shui-lai-pei-2.md",
    ] {
        let (head, _) = post_form(
            port,
            "/_pufa/new",
            &origin,
            &format!("token={token}&{}", fields("高空抛物谁来赔")),
        );
        assert!(head.starts_with("HTTP/1.1 303"), "{head}");
        let file = site.join("content/cases").join(expected);
        let text = std::fs::read_to_string(&file).expect(expected);
        assert!(text.contains("title = \"高空抛物谁来赔\""), "{text}");
        assert!(text.contains("draft = true"), "{text}");
        assert!(text.contains("tags = [\"民法典\", \"合同\"]"), "{text}");
        assert!(
            text.ends_with("## 基本案情\n\n张某的车被**砸坏**了。\n"),
            "{text}"
        );
    }
    // No temporary file is left behind.
    assert!(list_files(&site.join("content"))
        .iter()
        .all(|f| !f.contains(".pufa-new-")));

    // Edit: the page carries the file's version; saving with it replaces the file.
    let rel = "content/cases/gao-kong-pao-wu-shui-lai-pei.md";
    let file = site.join(rel);
    let (head, page) = raw_bytes(
        port,
        format!(
            "GET /_pufa/edit?path={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
            enc(rel)
        )
        .as_bytes(),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let page = String::from_utf8_lossy(&page).into_owned();
    let base = page
        .split_once("name=\"base\" value=\"")
        .and_then(|(_, r)| r.split_once('"'))
        .map(|(t, _)| t.to_string())
        .expect("the version is in the form");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("砸坏", "砸坏了前挡风玻璃");
    let save = |base: &str, text: &str| {
        post_form(
            port,
            "/_pufa/save",
            &origin,
            &format!(
                "token={token}&path={}&base={base}&text={}",
                enc(rel),
                enc(text)
            ),
        )
    };
    let (head, _) = save(&base, &edited);
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // Saving again from the page opened before: the file changed since, so both versions
    // are shown and nothing is written.
    let (head, body) = save(&base, "+++\ntitle = \"覆盖\"\n+++\n");
    assert!(head.starts_with("HTTP/1.1 409"), "{head}");
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("前挡风玻璃") && body.contains("覆盖"),
        "{body}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    // Paths outside content/ or not articles are refused.
    let before = list_files(site.tmp());
    for bad in [
        "content/../config.toml",
        "../secret.md",
        "/etc/passwd",
        "config.toml",
        "templates/page.html",
        "content/cases/../../x.md",
        "content\\cases\\x.md",
    ] {
        let (head, _) = post_form(
            port,
            "/_pufa/save",
            &origin,
            &format!("token={token}&path={}&base=0&text=x", enc(bad)),
        );
        assert!(head.starts_with("HTTP/1.1 400"), "{bad}: {head}");
    }
    assert_eq!(list_files(site.tmp()), before);

    // Publish removes the draft mark; delete moves the file into the site's trash folder.
    let base = |f: &Path| {
        use sha2::Digest;
        sha2::Sha256::digest(std::fs::read(f).unwrap())
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let (head, _) = post_form(
        port,
        "/_pufa/publish",
        &origin,
        &format!("token={token}&path={}&base={}", enc(rel), base(&file)),
    );
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("draft = true"));
    let (head, _) = post_form(
        port,
        "/_pufa/delete",
        &origin,
        &format!("token={token}&path={}&base={}", enc(rel), base(&file)),
    );
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    assert!(!file.exists());
    let trashed = list_files(&site.join(".pufa-trash"));
    assert_eq!(trashed.len(), 1, "{trashed:?}");
    assert!(trashed[0].ends_with("-gao-kong-pao-wu-shui-lai-pei.md"));
}

fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(list_files(&e.path()));
        } else if !e
            .file_name()
            .to_string_lossy()
            .starts_with(".pufa-watch-probe")
        {
            // (The hidden probe of the file watcher lives for a moment after start.)
            out.push(e.path().display().to_string());
        }
    }
    out.sort();
    out
}

/// CRC-32 of PNG chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn session_token(port: u16) -> String {
    let (_, form) = raw_bytes(
        port,
        format!("GET /_pufa/new HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    String::from_utf8_lossy(&form)
        .split_once("name=\"token\" value=\"")
        .and_then(|(_, r)| r.split_once('"'))
        .map(|(t, _)| t.to_string())
        .expect("the session token is in the form")
}

#[test]
fn editor_saves_pictures_beside_the_article() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, URL, Duration::from_secs(60), |s, _| s == 200);
    let token = session_token(port);
    let upload = |path: &str, name: &str, headers: &str, body: &[u8]| {
        let mut req = format!(
            "POST /_pufa/upload?path={}&name={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Origin: http://127.0.0.1:{port}\r\n{headers}Content-Length: {}\r\n\
             Connection: close\r\n\r\n",
            enc(path),
            enc(name),
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        raw_bytes(port, &req)
    };
    let auth = format!("x-pufa-token: {token}\r\nContent-Type: image/png\r\n");
    let before = list_files(site.tmp());

    // Refused: no token, not a picture, a path out of content/, too big, a pixel bomb.
    let wide = png(2000, 10);
    let (head, _) = upload(PAGE, "a.png", "Content-Type: image/png\r\n", &wide);
    assert!(head.starts_with("HTTP/1.1 403"), "no token: {head}");
    let (head, _) = upload(PAGE, "a.png", &auth, b"<script>not a picture</script>");
    assert!(head.starts_with("HTTP/1.1 400"), "not a picture: {head}");
    let (head, _) = upload("content/../config.toml", "a.png", &auth, &wide);
    assert!(head.starts_with("HTTP/1.1 400"), "path: {head}");
    // Too big: refused from its declared length, before it is read.
    let (head, _) = raw_bytes(
        port,
        format!(
            "POST /_pufa/upload?path={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Origin: http://127.0.0.1:{port}\r\n{auth}Content-Length: {}\r\n\r\nPNG",
            enc(PAGE),
            21 << 20
        )
        .as_bytes(),
    );
    assert!(head.starts_with("HTTP/1.1 413"), "size: {head}");
    let mut bomb = png(1, 1);
    // IHDR: width and height at bytes 16..24, its CRC at 29..33.
    bomb[16..20].copy_from_slice(&60000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let (head, body) = upload(PAGE, "bomb.png", &auth, &bomb);
    assert!(
        head.starts_with("HTTP/1.1 400"),
        "pixel bomb: {head} {}",
        String::from_utf8_lossy(&body)
    );
    assert_eq!(
        list_files(site.tmp()),
        before,
        "refused uploads wrote nothing"
    );

    // A wide picture: the article becomes a folder (same address), the picture is saved
    // in it, 1600 px wide, and served with the page.
    let (head, body) = upload(PAGE, "现场照片.png", &auth, &wide);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["path"], "content/cases/li-hun-leng-jing-qi/index.md");
    let name = answer["name"].as_str().unwrap().to_string();
    assert_eq!(name, "xian-chang-zhao-pian.png");
    let saved = site.join("content/cases/li-hun-leng-jing-qi").join(&name);
    let (w, h) = image::image_dimensions(&saved).unwrap();
    assert_eq!((w, h), (1600, 8));
    assert!(!site.join(PAGE).exists());
    wait_for(
        port,
        &format!("{URL}{name}"),
        Duration::from_secs(15),
        |s, _| s == 200,
    );
    assert_eq!(get(port, URL).0, 200, "the article keeps its address");
    // A second picture of the same name does not replace the first.
    let (_, body) = upload(
        "content/cases/li-hun-leng-jing-qi/index.md",
        "现场照片.png",
        &auth,
        &png(10, 10),
    );
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["name"], "xian-chang-zhao-pian-2.png");
    assert_eq!(image::image_dimensions(&saved).unwrap(), (1600, 8));
}

#[test]
fn editor_imports_word_documents_and_refuses_zip_bombs() {
    use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    let token = session_token(port);
    let import = |body: &[u8], token: &str| {
        let mut req = format!(
            "POST /_pufa/import?kind=case&name={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Origin: http://127.0.0.1:{port}\r\nx-pufa-token: {token}\r\n\
             Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            enc("案例.docx"),
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        raw_bytes(port, &req)
    };
    let mut docx = std::io::Cursor::new(Vec::new());
    Docx::new()
        .add_style(Style::new("1", StyleType::Paragraph).name("heading 1"))
        .add_paragraph(
            Paragraph::new()
                .style("1")
                .add_run(Run::new().add_text("邻居噪音扰民怎么办")),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("楼上每晚十二点后跳绳。")))
        .build()
        .pack(&mut docx)
        .unwrap();
    let docx = docx.into_inner();

    // A zip bomb: a document.xml that unpacks to 80 MB of spaces.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bomb.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..80 {
        bomb.write_all(&spaces).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());

    let before = list_files(site.tmp());
    let (head, _) = import(&docx, &"0".repeat(32));
    assert!(head.starts_with("HTTP/1.1 403"), "wrong token: {head}");
    let (head, body) = import(&bomb, &token);
    assert!(head.starts_with("HTTP/1.1 400"), "zip bomb: {head}");
    assert!(
        String::from_utf8_lossy(&body).contains("压缩炸弹"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (head, _) = import(b"not a zip", &token);
    assert!(head.starts_with("HTTP/1.1 400"), "not a docx: {head}");
    assert_eq!(
        list_files(site.tmp()),
        before,
        "refused imports wrote nothing"
    );

    for expected in [
        "lin-ju-zao-yin-rao-min-zen-me-ban",
        "lin-ju-zao-yin-rao-min-zen-me-ban-2",
    ] {
        let (head, body) = import(&docx, &token);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let rel = format!("content/cases/{expected}/index.md");
        assert_eq!(answer["path"], rel.as_str());
        let text = std::fs::read_to_string(site.join(&rel)).unwrap();
        assert!(text.contains("title = \"邻居噪音扰民怎么办\""), "{text}");
        assert!(text.contains("draft = true"), "{text}");
        assert!(text.contains("楼上每晚十二点后跳绳。"), "{text}");
    }
}

#[test]
fn editor_imports_wechat_articles_saved_from_the_browser() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    let token = session_token(port);
    let import = |name: &str, ctype: &str, body: &[u8]| {
        let mut req = format!(
            "POST /_pufa/import?kind=case&name={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Origin: http://127.0.0.1:{port}\r\nx-pufa-token: {token}\r\n\
             Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            enc(name),
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        raw_bytes(port, &req)
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wechat");
    let page = "高空抛物伤人，谁来担责";
    let mhtml = std::fs::read(fixtures.join(format!("{page}.mhtml"))).unwrap();

    // A web archive (.mhtml): a draft bundle with its text, headings and pictures.
    let (head, body) = import(&format!("{page}.mhtml"), "multipart/related", &mhtml);
    assert!(
        head.starts_with("HTTP/1.1 200"),
        "{head}{}",
        String::from_utf8_lossy(&body)
    );
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let rel = answer["path"].as_str().unwrap().to_string();
    assert!(
        rel.starts_with("content/cases/") && rel.ends_with("/index.md"),
        "{rel}"
    );
    let md = std::fs::read_to_string(site.join(&rel)).unwrap();
    assert!(md.contains("title = \"高空抛物伤人，谁来担责？\""), "{md}");
    assert!(md.contains("draft = true"), "{md}");
    assert!(md.contains("\n## 基本案情\n"), "{md}");
    assert!(md.contains("![被花盆砸坏的车辆](tu-1.jpg)"), "{md}");
    assert!(!md.contains("关注") && !md.contains("style="), "{md}");
    let bundle = site.join(&rel).parent().unwrap().to_path_buf();
    let mut pictures: Vec<String> = std::fs::read_dir(&bundle)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.md")
        .collect();
    pictures.sort();
    assert_eq!(pictures, ["tu-1.jpg", "tu-2.jpg"]);
    // The editor opens the draft.
    let (head, _) = raw_bytes(
        port,
        format!(
            "GET /_pufa/edit?path={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
            enc(&rel)
        )
        .as_bytes(),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    // The saved page and its folder, zipped: parts named `../` are never written anywhere.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file(format!("{page}.html"), opts).unwrap();
    zip.write_all(&std::fs::read(fixtures.join(format!("{page}.html"))).unwrap())
        .unwrap();
    for f in ["640.png", "640.jpeg", "640(1).jpeg", "qrcode.png"] {
        zip.start_file(format!("{page}_files/{f}"), opts).unwrap();
        zip.write_all(&std::fs::read(fixtures.join(format!("{page}_files/{f}"))).unwrap())
            .unwrap();
    }
    zip.start_file("../../../escape.md", opts).unwrap();
    zip.write_all(b"+++\ntitle = \"x\"\n+++\n").unwrap();
    let zipped = zip.finish().unwrap().into_inner();
    let outside = list_files(site.tmp());
    let (head, body) = import("公众号文章.zip", "application/zip", &zipped);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let rel2 = answer["path"].as_str().unwrap();
    assert_ne!(rel2, rel, "never over the first import");
    let md2 = std::fs::read_to_string(site.join(rel2)).unwrap();
    assert!(md2.contains("![被花盆砸坏的车辆](tu-1.jpg)"), "{md2}");
    let added: Vec<String> = list_files(site.tmp())
        .into_iter()
        .filter(|f| !outside.contains(f))
        .collect();
    assert_eq!(added.len(), 3, "index.md and two pictures only: {added:?}");
    assert!(added
        .iter()
        .all(|f| Path::new(f).starts_with(site.join("content/cases"))));

    // The saved page alone: the text, and the editor says how many pictures are missing.
    let html = std::fs::read(fixtures.join(format!("{page}.html"))).unwrap();
    let (head, body) = import(&format!("{page}.html"), "text/html", &html);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["missing_pictures"], 3, "{answer}");
    let (_, page_html) = raw_bytes(
        port,
        format!(
            "GET /_pufa/edit?path={}&missing=3 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
            enc(answer["path"].as_str().unwrap())
        )
        .as_bytes(),
    );
    assert!(String::from_utf8_lossy(&page_html).contains("有 3 张图片没有找到"));

    // Refused: too many parts, a zip bomb as a saved page, no token. Nothing written.
    let before = list_files(site.tmp());
    let mut many = String::from("Content-Type: multipart/related; boundary=\"b\"\r\n\r\n");
    many.push_str("--b\r\nContent-Type: text/html\r\n\r\n<div id=js_content><p>x</p></div>\r\n");
    for i in 0..3000 {
        many.push_str(&format!("--b\r\nContent-Location: {i}.png\r\n\r\nx\r\n"));
    }
    many.push_str("--b--\r\n");
    let (head, body) = import("a.mhtml", "multipart/related", many.as_bytes());
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("太多"));
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bomb.start_file(
        "a.html",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..80 {
        bomb.write_all(&spaces).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    let (head, body) = import("a.zip", "application/zip", &bomb);
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("压缩炸弹"));
    let (head, _) = raw_bytes(
        port,
        format!(
            "POST /_pufa/import?name=a.mhtml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
             Origin: http://127.0.0.1:{port}\r\nContent-Type: multipart/related\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            mhtml.len()
        )
        .into_bytes()
        .into_iter()
        .chain(mhtml.iter().copied())
        .collect::<Vec<u8>>()
        .as_slice(),
    );
    assert!(head.starts_with("HTTP/1.1 403"), "no token: {head}");
    assert_eq!(list_files(site.tmp()), before);
}

#[test]
fn editor_keeps_unsaved_text_beside_the_site_until_it_is_saved() {
    let site = fixture_site();
    let server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    let token = session_token(port);
    let origin = format!("Origin: http://127.0.0.1:{port}\r\n");
    let get = |path: &str| {
        let (head, body) = raw_bytes(
            port,
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        (head, String::from_utf8_lossy(&body).into_owned())
    };
    let rel = "content/qa/q1.md";
    let file = site.join(rel);
    let on_disk = std::fs::read_to_string(&file).unwrap();
    let unsaved = format!("{on_disk}\n还没保存的一段话。\n");

    // Typing in an open article keeps its text in .pufa/autosave/, outside content/.
    let (head, _) = post_form(
        port,
        "/_pufa/autosave",
        &origin,
        &format!(
            "token={token}&path={}&base=x&text={}",
            enc(rel),
            enc(&unsaved)
        ),
    );
    assert!(head.starts_with("HTTP/1.1 204"), "{head}");
    let kept = site.join(".pufa/autosave/content/qa/q1.md.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&kept).unwrap()).unwrap();
    assert_eq!(json["fields"]["text"], unsaved.as_str());
    assert!(
        json["fields"].get("token").is_none(),
        "the token is not kept"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        on_disk,
        "the article is untouched"
    );
    // Reopened (the tab was closed): offered back, and listed on the article list.
    let (_, page) = get(&format!("/_pufa/edit?path={}", enc(rel)));
    assert!(page.contains("恢复未保存的内容"), "{page}");
    assert!(page.contains("还没保存的一段话"), "{page}");
    let (_, list) = get("/_pufa/");
    assert!(
        list.contains("有没保存的内容") && list.contains(rel),
        "{list}"
    );
    // Never part of the site.
    let (head, _) = get("/.pufa/autosave/content/qa/q1.md.json");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // Restored text keeps the version it was written over (`x` here: so a save of it would
    // show both versions rather than replace a change made since).
    assert!(page.contains("data-base=\"x\""), "{page}");
    // Saving removes it.
    let base = page
        .split_once("name=\"base\" value=\"")
        .and_then(|(_, r)| r.split_once('"'))
        .map(|(t, _)| t.to_string())
        .unwrap();
    let (head, _) = post_form(
        port,
        "/_pufa/save",
        &origin,
        &format!(
            "token={token}&path={}&base={base}&text={}",
            enc(rel),
            enc(&unsaved)
        ),
    );
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    assert!(!kept.exists(), "saved: the kept copy is gone");
    let (_, page) = get(&format!("/_pufa/edit?path={}", enc(rel)));
    assert!(!page.contains("恢复未保存的内容"));

    // A new article's fields, kept the same way until it is saved.
    let fields = format!(
        "kind=case&title={}&date=2024-06-01&body={}",
        enc("楼上漏水"),
        enc("## 基本案情\n\n楼上的水管坏了。\n")
    );
    let (head, _) = post_form(
        port,
        "/_pufa/autosave",
        &origin,
        &format!("token={token}&{fields}"),
    );
    assert!(head.starts_with("HTTP/1.1 204"), "{head}");
    let kept_new = site.join(".pufa/autosave/new/case.json");
    assert!(kept_new.is_file());
    let (_, page) = get("/_pufa/new?kind=case");
    assert!(
        page.contains("恢复未保存的内容") && page.contains("楼上的水管坏了"),
        "{page}"
    );
    // Saved as a new draft, with a picture pasted at the cursor (`at` counts characters
    // of the body): the kept copy goes, the picture is beside it, in the text.
    let (head, body) = post_form(
        port,
        "/_pufa/new",
        &origin,
        &format!("token={token}&json=1&{fields}"),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!kept_new.exists());
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let new_rel = answer["path"].as_str().unwrap().to_string();
    let picture = png(10, 10);
    let at = "## 基本案情\n\n".chars().count();
    let mut req = format!(
        "POST /_pufa/upload?path={}&name=a.png&at={at}&alt={} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         {origin}x-pufa-token: {token}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        enc(&new_rel),
        enc("漏水的[天花板]"),
        picture.len()
    )
    .into_bytes();
    req.extend_from_slice(&picture);
    let (head, body) = raw_bytes(port, &req);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let bundle_rel = answer["path"].as_str().unwrap();
    assert_eq!(bundle_rel, "content/cases/lou-shang-lou-shui/index.md");
    let text = std::fs::read_to_string(site.join(bundle_rel)).unwrap();
    assert!(
        text.ends_with("## 基本案情\n\n![漏水的天花板](a.png)\n楼上的水管坏了。\n"),
        "{text}"
    );
    assert!(site
        .join("content/cases/lou-shang-lou-shui/a.png")
        .is_file());

    // Refused: paths out of content/, unknown kinds, no token; nothing written.
    let before = list_files(site.tmp());
    for (body, status) in [
        (
            format!("token={token}&path={}&text=x", enc("../x.md")),
            "400",
        ),
        (
            format!("token={token}&path={}&text=x", enc("content/../../x.md")),
            "400",
        ),
        (
            format!("token={token}&kind={}&title=x", enc("../../x")),
            "400",
        ),
        (format!("path={}&text=x", enc(rel)), "403"),
    ] {
        let (head, _) = post_form(port, "/_pufa/autosave", &origin, &body);
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}")),
            "{body}: {head}"
        );
    }
    assert_eq!(list_files(site.tmp()), before);
}

#[test]
fn editor_beyond_this_computer_only_with_edit_and_its_printed_token() {
    let site = fixture_site();
    let get = |port: u16, path: &str, extra: &str| {
        let (head, body) = raw_bytes(
            port,
            format!(
                "GET {path} HTTP/1.1\r\nHost: 192.0.2.10:{port}\r\n{extra}Connection: close\r\n\r\n"
            )
            .as_bytes(),
        );
        (head, String::from_utf8_lossy(&body).into_owned())
    };

    // Listening on every address without --edit: no editor at all.
    let server = site.serve_logging_to("open.log", &["--interface", "0.0.0.0"], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    for path in ["/_pufa/", "/_pufa/new?kind=case"] {
        let (head, body) = get(port, path, "");
        assert!(head.starts_with("HTTP/1.1 404"), "{path}: {head}");
        assert!(!body.contains("name=\"token\""));
    }
    let (head, _) = post_form(
        port,
        "/_pufa/new",
        &format!("Origin: http://192.0.2.10:{port}\r\n"),
        "kind=case&title=x",
    );
    assert!(!head.starts_with("HTTP/1.1 303"), "{head}");
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(!log.contains("/_pufa/"), "no editor address printed: {log}");
    drop(server);

    // With --edit: the address printed carries a token; without it nothing is shown.
    let server = site.serve_logging_to("edit.log", &["--interface", "0.0.0.0", "--edit"], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, _| s == 200);
    let started = Instant::now();
    let token = loop {
        let log = std::fs::read_to_string(&server.log).unwrap_or_default();
        if let Some(t) = log.split_once("/_pufa/?t=").map(|(_, r)| {
            r.chars()
                .take_while(char::is_ascii_hexdigit)
                .collect::<String>()
        }) {
            break t;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no editor address with a token printed: {log}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(token.len(), 32, "{token}");
    // A colleague cannot type 0.0.0.0: the address shown is this computer's on its network
    // (when it has a route out at all).
    let routed = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9"))
        .is_ok();
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    if routed {
        assert!(!log.contains("http://0.0.0.0"), "{log}");
    }
    for (what, path, extra) in [
        ("no token", "/_pufa/".to_string(), String::new()),
        (
            "wrong token",
            format!("/_pufa/?t={}", "0".repeat(32)),
            String::new(),
        ),
        (
            "wrong cookie",
            "/_pufa/new?kind=case".to_string(),
            format!("Cookie: pufa_edit={}\r\n", "f".repeat(32)),
        ),
    ] {
        let (head, body) = get(port, &path, &extra);
        assert!(head.starts_with("HTTP/1.1 403"), "{what}: {head}");
        assert!(!body.contains(&token), "{what}");
    }
    // The printed address: a cookie for the editor only, and the token out of the address.
    let (head, _) = get(port, &format!("/_pufa/?t={token}"), "");
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    let cookie = header(&head, "set-cookie").expect("a cookie").to_string();
    assert!(
        cookie.starts_with(&format!("pufa_edit={token};"))
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/_pufa"),
        "{cookie}"
    );
    let with_cookie = format!("Cookie: pufa_edit={token}\r\n");
    let (head, body) = get(port, "/_pufa/new?kind=case", &with_cookie);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(body.contains("name=\"body\""));
    // Writing needs the cookie, the session token and the editor's own origin (post_form
    // sends `Host: 127.0.0.1:PORT`).
    let before = list_files(site.tmp());
    let (head, _) = post_form(
        port,
        "/_pufa/new",
        &format!("Origin: http://127.0.0.1:{port}\r\n"),
        &format!("token={token}&kind=case&title=x"),
    );
    assert!(head.starts_with("HTTP/1.1 403"), "no cookie: {head}");
    let (head, _) = post_form(
        port,
        "/_pufa/new",
        &format!("{with_cookie}Origin: http://evil.example\r\n"),
        &format!("token={token}&kind=case&title=x"),
    );
    assert!(head.starts_with("HTTP/1.1 403"), "cross-origin: {head}");
    assert_eq!(list_files(site.tmp()), before);
    let (head, _) = post_form(
        port,
        "/_pufa/new",
        &format!("{with_cookie}Origin: http://127.0.0.1:{port}\r\n"),
        &format!("token={token}&kind=case&title={}", enc("远程写的")),
    );
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    assert!(site.join("content/cases/yuan-cheng-xie-de.md").is_file());
}
