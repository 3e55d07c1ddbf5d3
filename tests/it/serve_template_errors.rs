//! `pufa serve` with a template mistake that once crashed the builder (a missing
//! `{% import %}`): the server keeps running and the browser shows the error, naming the
//! template file and line, over the last good page.

use crate::common::http::wait_for;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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
    let child = crate::common::pufa()
        .current_dir(site)
        .args(["serve", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    wait_for(port, "/", Duration::from_secs(60), |s, b| {
        s == 200 && b.contains("GOOD")
    });

    write(
        site,
        "templates/index.html",
        "{% import \"typo.html\" as m %}<p>BROKEN</p>",
    );
    let shown = wait_for(port, "/", Duration::from_secs(60), |_, b| {
        b.contains("pufa-error-overlay")
    });
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
    let fixed = wait_for(port, "/", Duration::from_secs(60), |_, b| {
        b.contains("FIXED")
    });
    assert!(!fixed.contains("pufa-error-overlay"));
    let _ = &mut server;
}
