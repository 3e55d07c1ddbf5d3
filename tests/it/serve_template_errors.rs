//! `pufa serve` with a template mistake that once crashed the builder (a missing
//! `{% import %}`): the server keeps running and the browser shows the error, naming the
//! template file and line, over the last good page.

use crate::common::http::wait_for;
use crate::common::SiteTest;
use std::time::Duration;

#[test]
fn a_missing_import_under_serve_shows_the_error_and_the_server_keeps_running() {
    let site = SiteTest::empty();
    site.write("config.toml", "base_url = \"https://x.org\"\n");
    site.write("templates/index.html", "<p>GOOD</p>");
    let mut server = site.serve(&[], &[]);
    let port = server.port;
    wait_for(port, "/", Duration::from_secs(60), |s, b| {
        s == 200 && b.contains("GOOD")
    });

    site.write(
        "templates/index.html",
        "{% import \"typo.html\" as m %}<p>BROKEN</p>",
    );
    let shown = wait_for(port, "/", Duration::from_secs(60), |_, b| {
        b.contains("pufa-error-overlay")
    });
    assert!(shown.contains("typo.html"), "{shown}");
    assert!(shown.contains("templates/index.html:1"), "{shown}");
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server is still running"
    );
    let text = std::fs::read_to_string(&server.log).unwrap();
    assert!(!text.contains("panicked"), "{text}");

    // Fixed: the page comes back.
    site.write("templates/index.html", "<p>FIXED</p>");
    let fixed = wait_for(port, "/", Duration::from_secs(60), |_, b| {
        b.contains("FIXED")
    });
    assert!(!fixed.contains("pufa-error-overlay"));
    let _ = &mut server;
}
