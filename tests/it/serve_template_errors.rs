//! `pufa serve` with a template mistake that once crashed the builder (a missing
//! `{% import %}`): the server keeps running and the browser shows the error, naming the
//! template file and line, over the last good page.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    );
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

fn wait_for(port: u16, path: &str, ok: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if ok(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no expected answer for {path}; last: {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write(site: &Path, name: &str, text: &str) {
    let p = site.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn a_missing_import_under_serve_shows_the_error_and_the_server_keeps_running() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    write(site, "config.toml", "base_url = \"https://x.org\"\n");
    write(site, "templates/index.html", "<p>GOOD</p>");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = tmp.path().join("serve.log");
    let child = Command::new(env!("CARGO_BIN_EXE_pufa"))
        .current_dir(site)
        .args(["serve", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    wait_for(port, "/", |s, b| s == 200 && b.contains("GOOD"));

    write(
        site,
        "templates/index.html",
        "{% import \"typo.html\" as m %}<p>BROKEN</p>",
    );
    let shown = wait_for(port, "/", |_, b| b.contains("pufa-error-overlay"));
    assert!(shown.contains("typo.html"), "{shown}");
    assert!(shown.contains("templates/index.html:1"), "{shown}");
    assert!(
        server.0.try_wait().unwrap().is_none(),
        "the server is still running"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("panicked"), "{text}");

    // Fixed: the page comes back.
    write(site, "templates/index.html", "<p>FIXED</p>");
    let fixed = wait_for(port, "/", |_, b| b.contains("FIXED"));
    assert!(!fixed.contains("pufa-error-overlay"));
    let _ = &mut server;
}
