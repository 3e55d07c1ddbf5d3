//! The HTTP side of `pufa serve`: files from memory, live reload, error overlay, byte ranges.
//!
//! Built on hyper (HTTP/1.1) over a single-threaded tokio runtime. Every connection is a
//! small task, so a client that is slow or silent costs a few kilobytes, not a thread: one
//! that has not sent a whole request head within [`HEAD_TIMEOUT`] is closed (this also
//! bounds idle keep-alive connections), a response the client stops reading is dropped
//! after [`WRITE_STALL`] without progress, and request heads are bounded to [`MAX_HEAD`].
//! At most [`MAX_CONNECTIONS`] connections are open at once; when all are taken, a new one
//! closes the oldest that has not sent a whole request yet (so slow clients cannot lock
//! others out even in numbers), else the oldest idle one, else the oldest live-reload
//! stream (browsers reconnect those by themselves).
//!
//! The rules that matter stay ours: only files of the built site are served, any `..`
//! (plain or percent-encoded, with `/` or `\`) is refused, and a bad request gets an error
//! answer, never a crash or a hung server.

use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::editor::Editor;
use super::state::{answer, Body, ServeState};

mod connections;
mod files;
mod reload;

use connections::accept_loop;
pub use files::{content_type, decode_path, parse_range, Range};
use files::{site_file, without_body};
use reload::events;
pub use reload::{escape_html, inject, overlay, LIVERELOAD_JS};

/// Longest request head accepted (request line + headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Connections open at once. Each costs a small task, so this is far above what browsers
/// open; it bounds file descriptors (the usual soft limit is 1024).
pub const MAX_CONNECTIONS: usize = 512;
/// Time a client has to send a whole request head, counted from when the server starts
/// waiting for it (so it also closes idle keep-alive connections).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A write that makes no progress for this long closes the connection.
pub const WRITE_STALL: Duration = Duration::from_secs(30);

const EVENTS_PATH: &str = "/__pufa/events";

/// Serves until the process ends (or the runtime cannot start, which is reported).
pub fn run(listener: std::net::TcpListener, state: Arc<ServeState>, editor: Option<Arc<Editor>>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("无法启动网页服务：{e}\ncannot start the web server: {e}");
            return;
        }
    };
    if let Err(e) = runtime.block_on(accept_loop(listener, state, editor)) {
        eprintln!("网页服务停止：{e}\nthe web server stopped: {e}");
    }
}

fn text(status: StatusCode, msg: &'static str) -> Response<Body> {
    answer(status, "text/plain; charset=utf-8", msg)
}

async fn handle(req: Request<Incoming>, state: &ServeState) -> Response<Body> {
    let head_only = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head_only {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = req.uri().path();
    let res = match path {
        EVENTS_PATH => events(state, req.uri().query()),
        "/__pufa/livereload.js" => answer(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS,
        ),
        _ => site_file(path, req.headers(), state),
    };
    if head_only {
        without_body(res)
    } else {
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::state::{changed_urls, Files, Reload};

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5cetc",
            "/%252e%252e/etc",
            "/a%00b",
            "relative",
        ] {
            assert_eq!(decode_path(bad), None, "{bad} must be refused");
        }
        assert_eq!(decode_path("/").as_deref(), Some(""));
        assert_eq!(
            decode_path("/cases/%E6%A1%88/").as_deref(),
            Some("cases/案/")
        );
        assert_eq!(decode_path("/a/./b.css").as_deref(), Some("a/b.css"));
    }

    #[test]
    fn overlay_is_injected_before_body_end() {
        let html = inject(
            "<html><body><p>x</p></body></html>",
            Some("a.md:3:1: <bad>"),
            7,
        );
        assert!(html.contains("<script src=\"/__pufa/livereload.js?v=7\"></script>"));
        assert!(html.contains("pufa-error-overlay"));
        assert!(html.contains("a.md:3:1: &lt;bad&gt;"));
        assert!(html.ends_with("</div></body></html>"));
    }

    #[test]
    fn byte_ranges() {
        use Range::*;
        assert_eq!(parse_range("bytes=0-99", 1000), Part(0, 99));
        assert_eq!(parse_range("bytes=900-", 1000), Part(900, 999));
        assert_eq!(parse_range("bytes=-100", 1000), Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), Part(0, 999));
        assert_eq!(parse_range("bytes=990-5000", 1000), Part(990, 999));
        assert_eq!(parse_range("BYTES = 1-1", 1000), Part(1, 1));
        assert_eq!(parse_range("bytes=1000-", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=5-4", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=abc", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=-", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=+1-2", 1000), Unsatisfiable);
        assert_eq!(
            parse_range("bytes=99999999999999999999999-", 1000),
            Unsatisfiable
        );
        assert_eq!(parse_range("bytes=0-0", 0), Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Whole);
        assert_eq!(parse_range("items=0-1", 1000), Whole);
        assert_eq!(parse_range("nonsense", 1000), Unsatisfiable);
    }

    #[test]
    fn changes_are_announced_by_url() {
        let file = |s: &str| Arc::new(s.as_bytes().to_vec());
        let mut old = Files::new();
        old.insert("index.html".into(), file("home"));
        old.insert("a/index.html".into(), file("a"));
        old.insert("style.css".into(), file("css"));
        old.insert("gone.html".into(), file("x"));
        let mut new = old.clone();
        new.remove("gone.html");
        new.insert("a/index.html".into(), file("a2"));
        // Same bytes in a new allocation: not a change.
        new.insert("style.css".into(), file("css"));
        new.insert("b/案/index.html".into(), file("b"));
        assert_eq!(
            changed_urls(&old, &new),
            vec!["/a/", "/b/案/", "/gone.html"]
        );
        let state = ServeState::default();
        let (mut rx, missed) = state.subscribe(None);
        assert!(missed.is_empty());
        assert!(state.publish(Some(Arc::new(old.clone())), None).is_some());
        assert_eq!(
            rx.try_recv().unwrap().as_ref(),
            &Reload::Paths(changed_urls(&Files::new(), &old))
        );
        // Republishing the same site announces nothing; an error appearing reloads all.
        assert_eq!(state.publish(Some(Arc::new(old.clone())), None), None);
        assert_eq!(state.publish(None, Some("bad".into())), Some(Reload::All));
        assert_eq!(state.publish(None, Some("bad".into())), None);
        assert_eq!(Reload::Paths(vec!["/a/".into()]).data(), "reload [\"/a/\"]");
    }

    #[test]
    fn a_stream_connecting_late_hears_what_it_missed() {
        let state = ServeState::default();
        let site = |body: &str| {
            let mut f = Files::new();
            f.insert("a/index.html".into(), Arc::new(body.as_bytes().to_vec()));
            Arc::new(f)
        };
        state.publish(Some(site("1")), None);
        // A page is served at this version; two publishes land before its stream connects.
        let (served_at, _, _) = state.snapshot();
        state.publish(Some(site("2")), None);
        state.publish(None, Some("bad".into()));
        let (mut rx, missed) = state.subscribe(Some(served_at));
        let missed: Vec<Reload> = missed.iter().map(|r| (**r).clone()).collect();
        assert_eq!(missed, vec![Reload::Paths(vec!["/a/".into()]), Reload::All]);
        // Nothing is told twice: the stream goes on with the next publish only.
        assert!(rx.try_recv().is_err());
        state.publish(None, None);
        assert_eq!(*rx.try_recv().unwrap(), Reload::All);
        // Up to date: nothing to repeat; older than the log keeps: reload everything.
        let (now, _, _) = state.snapshot();
        assert!(state.subscribe(Some(now)).1.is_empty());
        for n in 0..80 {
            state.publish(Some(site(&n.to_string())), None);
        }
        let (_, missed) = state.subscribe(Some(served_at));
        assert_eq!(missed.len(), 1);
        assert_eq!(*missed[0], Reload::All);
    }
}
