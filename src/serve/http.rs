//! A small HTTP/1.1 server for `pufa serve`: files from memory, live reload, error overlay.
//!
//! Hand-written on `std::net` because the job is narrow (GET/HEAD of in-memory files and one
//! event stream) and the rules that matter are ours to enforce: only files of the built site
//! are served, any `..` (plain or percent-encoded, with `/` or `\`) is refused, request heads
//! are bounded, and each connection has a time limit, so a bad request gets an error, never a
//! crash or a hung server.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// Longest request head accepted (request line + headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Connections handled at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 128;

/// The served site: output path → bytes. Bodies are shared so that publishing a one-page
/// change copies the map, not the site.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// What the server shows: the last good site and, if the last rebuild failed, its error.
#[derive(Default)]
pub struct ServeState {
    pub files: RwLock<Arc<Files>>,
    pub error: RwLock<Option<String>>,
    version: Mutex<u64>,
    changed: Condvar,
}

impl ServeState {
    /// Publishes a new site (or only a new error) and wakes every open browser page.
    pub fn publish(&self, files: Option<Arc<Files>>, error: Option<String>) {
        if let Some(f) = files {
            *self.files.write().unwrap_or_else(|e| e.into_inner()) = f;
        }
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = error;
        let mut v = self.version.lock().unwrap_or_else(|e| e.into_inner());
        *v += 1;
        self.changed.notify_all();
    }

    fn version(&self) -> u64 {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the version differs from `seen` or the timeout passes.
    fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.version.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |v| *v == seen)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }
}

/// The script injected into every HTML page in serve mode.
pub const LIVERELOAD_JS: &str = r#"(function(){
  if (!window.EventSource) { return; }
  var es = new EventSource('/__pufa/events');
  es.onmessage = function(){ window.location.reload(); };
})();
"#;

/// Inserts the live-reload script (and the error overlay, if any) before `</body>`.
pub fn inject(html: &str, error: Option<&str>) -> String {
    let mut extra = String::from("<script src=\"/__pufa/livereload.js\"></script>");
    if let Some(e) = error {
        extra.push_str(&overlay(e));
    }
    match html.rfind("</body>") {
        Some(i) => format!("{}{}{}", &html[..i], extra, &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// A full-screen panel naming the file and line of the error; the last good page stays below.
pub fn overlay(error: &str) -> String {
    format!(
        "<div id=\"pufa-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         background:rgba(20,20,20,.94);color:#fff;padding:24px;overflow:auto;font:16px/1.6 monospace\">\
         <h2 style=\"color:#ff8a80;margin:0 0 12px\">构建失败 · Build failed</h2>\
         <p>页面显示的是上一次成功的版本。修正下面的错误并保存后会自动刷新。</p>\
         <pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape_html(error)
    )
}

pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Serves until the process ends.
pub fn run(listener: TcpListener, state: Arc<ServeState>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = respond(
                &stream,
                503,
                "text/plain; charset=utf-8",
                b"busy",
                false,
                &[],
            );
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (state, active) = (state.clone(), active.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn handle(stream: TcpStream, state: &ServeState) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let head = match read_head(&stream) {
        Ok(h) => h,
        Err(HeadError::TooLarge) => {
            respond(
                &stream,
                431,
                "text/plain; charset=utf-8",
                b"request head too large",
                false,
                &[],
            )?;
            drain(&stream);
            return Ok(());
        }
        Err(HeadError::Bad) => {
            return respond(
                &stream,
                400,
                "text/plain; charset=utf-8",
                b"bad request",
                false,
                &[],
            )
        }
        Err(HeadError::Io(e)) => return Err(e),
    };
    let Some((method, target)) = request_line(&head) else {
        return respond(
            &stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request",
            false,
            &[],
        );
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed",
            false,
            &[],
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == "/__pufa/events" {
        return events(stream, state);
    }
    if path == "/__pufa/livereload.js" {
        return respond(
            &stream,
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS.as_bytes(),
            head_only,
            &[],
        );
    }
    let Some(rel) = decode_path(path) else {
        return respond(
            &stream,
            400,
            "text/plain; charset=utf-8",
            b"bad path",
            false,
            &[],
        );
    };
    let files = state
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let error = state
        .error
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    match lookup(&files, &rel) {
        Lookup::File(key) => {
            let body = &files[&key];
            let ctype = content_type(&key);
            if ctype.starts_with("text/html") {
                let html = inject(&String::from_utf8_lossy(body), error.as_deref());
                respond(&stream, 200, ctype, html.as_bytes(), head_only, &[])
            } else {
                respond(&stream, 200, ctype, body, head_only, &[])
            }
        }
        Lookup::Redirect(to) => respond(
            &stream,
            301,
            "text/plain; charset=utf-8",
            b"moved",
            head_only,
            &[("Location", &to)],
        ),
        Lookup::Missing => {
            let body = match files.get("404.html") {
                Some(b) => inject(&String::from_utf8_lossy(b), error.as_deref()),
                None => inject(
                    "<!DOCTYPE html><html><body><h1>404</h1></body></html>",
                    error.as_deref(),
                ),
            };
            respond(
                &stream,
                404,
                "text/html; charset=utf-8",
                body.as_bytes(),
                head_only,
                &[],
            )
        }
    }
}

/// Method and target of a well-formed request line (`GET /path HTTP/1.1`).
fn request_line(head: &str) -> Option<(&str, &str)> {
    let mut parts = head.lines().next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let well_formed = parts.next().is_none()
        && !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && version.starts_with("HTTP/1.")
        && !target.is_empty();
    well_formed.then_some((method, target))
}

/// Reads and drops what is left of an over-long request (bounded in size and time) before
/// closing, so the client sees the error answer instead of a connection reset.
fn drain(stream: &TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = io::copy(&mut stream.take(1 << 20), &mut io::sink());
}

enum HeadError {
    TooLarge,
    Bad,
    Io(io::Error),
}

fn read_head(stream: &TcpStream) -> Result<String, HeadError> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64 + 1));
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line).map_err(HeadError::Io)?;
        if n == 0 {
            return if head.len() >= MAX_HEAD {
                Err(HeadError::TooLarge)
            } else {
                Err(HeadError::Bad)
            };
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    String::from_utf8(head).map_err(|_| HeadError::Bad)
}

/// Percent-decodes a request path into a relative output path, refusing anything that could
/// name a file outside the output: `..` segments, backslashes, NUL, invalid UTF-8.
pub fn decode_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    // Decode once more: `%252e%252e` must not become `..` later on some other layer.
    if decoded.contains('%') {
        let twice = percent_encoding::percent_decode_str(&decoded)
            .decode_utf8()
            .ok()?;
        if twice.split(['/', '\\']).any(|s| s == "..") {
            return None;
        }
    }
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => out.push(s),
        }
    }
    let mut rel = out.join("/");
    if decoded.ends_with('/') && !rel.is_empty() {
        rel.push('/');
    }
    Some(rel)
}

enum Lookup {
    File(String),
    Redirect(String),
    Missing,
}

fn lookup(files: &Files, rel: &str) -> Lookup {
    if rel.is_empty() {
        return if files.contains_key("index.html") {
            Lookup::File("index.html".into())
        } else {
            Lookup::Missing
        };
    }
    if let Some(dir) = rel.strip_suffix('/') {
        let key = format!("{dir}/index.html");
        return if files.contains_key(&key) {
            Lookup::File(key)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(rel) {
        return Lookup::File(rel.to_string());
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("/{rel}/"));
    }
    Lookup::Missing
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    head_only: bool,
    headers: &[(&str, &str)],
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Server-sent events: one `data: reload` each time the site changes.
fn events(mut stream: TcpStream, state: &ServeState) -> io::Result<()> {
    stream.set_read_timeout(None)?;
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: keep-alive\r\n\r\n: connected\n\n",
    )?;
    stream.flush()?;
    let mut seen = state.version();
    loop {
        let v = state.wait_change(seen, Duration::from_secs(15));
        if v != seen {
            seen = v;
            stream.write_all(b"data: reload\n\n")?;
        } else {
            stream.write_all(b": keep-alive\n\n")?;
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        );
        assert!(html.contains("pufa-error-overlay"));
        assert!(html.contains("a.md:3:1: &lt;bad&gt;"));
        assert!(html.ends_with("</div></body></html>"));
    }
}
