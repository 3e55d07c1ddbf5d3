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

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::{broadcast, mpsc};
use tokio::task::AbortHandle;

use super::editor::Editor;
use super::state::{answer, Body, Files, Reload, ServeState};

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

/// The script injected into every HTML page in serve mode. It reloads the page when the
/// page itself or anything it loaded (style sheets, scripts, pictures, fetched data) changed.
pub const LIVERELOAD_JS: &str = r#"(function(){
  if (!window.EventSource) { return; }
  function norm(p) {
    try { p = decodeURIComponent(p); } catch (e) {}
    return p.replace(/\/index\.html$/, '/');
  }
  function used() {
    var out = [norm(location.pathname)];
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType('resource').forEach(function (r) {
        try {
          var u = new URL(r.name, location.href);
          if (u.origin === location.origin) { out.push(norm(u.pathname)); }
        } catch (e) {}
      });
    }
    return out;
  }
  var es = new EventSource('/__pufa/events');
  es.onmessage = function (e) {
    var d = String(e.data);
    if (d.indexOf('reload') !== 0) { return; }
    var rest = d.slice(6).trim();
    var changed;
    try { changed = rest === '*' || rest === '' ? null : JSON.parse(rest); } catch (err) { changed = null; }
    if (!changed) { location.reload(); return; }
    var mine = used();
    for (var i = 0; i < changed.length; i++) {
      if (mine.indexOf(changed[i]) >= 0) { location.reload(); return; }
    }
  };
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
    crate::html::escape(s)
}

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

async fn accept_loop(
    listener: std::net::TcpListener,
    state: Arc<ServeState>,
    editor: Option<Arc<Editor>>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let conns = Arc::new(Mutex::new(Conns::default()));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .half_close(true)
        .keep_alive(true);
    let builder = Arc::new(builder);
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            // Out of file descriptors or a connection reset before it was taken: wait a
            // moment instead of spinning, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let role = Arc::new(AtomicU8::new(WAITING));
        let id = {
            let mut c = conns.lock().unwrap_or_else(|e| e.into_inner());
            if !c.make_room() {
                drop(c);
                tokio::spawn(busy(stream));
                continue;
            }
            c.next += 1;
            c.next
        };
        let (state, builder, conns2, role2, editor) = (
            state.clone(),
            builder.clone(),
            conns.clone(),
            role.clone(),
            editor.clone(),
        );
        let task = tokio::spawn(async move {
            let io = TokioIo::new(Stalled::new(stream));
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (state, editor) = (state.clone(), editor.clone());
                let events = req.uri().path() == EVENTS_PATH;
                role2.store(if events { STREAM } else { SERVED }, Ordering::SeqCst);
                async move {
                    let path = req.uri().path();
                    if path == "/_pufa" || path.starts_with("/_pufa/") {
                        if let Some(ed) = editor {
                            return Ok::<_, Infallible>(ed.handle(req, state).await);
                        }
                    }
                    Ok::<_, Infallible>(handle(req, &state).await)
                }
            });
            let _ = builder.serve_connection(io, service).await;
            conns2
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .open
                .remove(&id);
        });
        conns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .open
            .insert(id, (role, task.abort_handle()));
    }
}

/// What a connection is doing, for choosing one to close when all slots are taken.
const WAITING: u8 = 0;
const SERVED: u8 = 1;
const STREAM: u8 = 2;
const EVENTS_PATH: &str = "/__pufa/events";

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    open: BTreeMap<u64, (Arc<AtomicU8>, AbortHandle)>,
}

impl Conns {
    /// Frees a slot if all are taken: closes the oldest connection that has not yet sent a
    /// whole request (a slow or silent client), else the oldest idle or ordinary one, else
    /// the oldest live-reload stream (the browser reconnects it by itself). `false` when
    /// nothing could be closed.
    fn make_room(&mut self) -> bool {
        self.open.retain(|_, (_, task)| !task.is_finished());
        if self.open.len() < MAX_CONNECTIONS {
            return true;
        }
        let victim = [WAITING, SERVED, STREAM].into_iter().find_map(|want| {
            self.open
                .iter()
                .find(|(_, (role, _))| role.load(Ordering::SeqCst) == want)
                .map(|(id, _)| *id)
        });
        match victim.and_then(|id| self.open.remove(&id)) {
            Some((_, task)) => {
                task.abort();
                true
            }
            None => false,
        }
    }
}

/// The answer when no connection slot can be freed.
async fn busy(mut stream: tokio::net::TcpStream) {
    let answer = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Length: 4\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(answer).await?;
        stream.shutdown().await?;
        // Read what the client sent, so that closing does not reset the connection before
        // it has read the answer.
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, io::Error>(())
    })
    .await;
}

/// A stream whose writes fail after [`WRITE_STALL`] without progress, so a client that
/// stops reading cannot hold its connection (and a response in memory) for ever.
struct Stalled {
    inner: tokio::net::TcpStream,
    stall: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Stalled {
    fn new(inner: tokio::net::TcpStream) -> Self {
        Stalled { inner, stall: None }
    }

    /// Called when a write is pending: starts the clock, or reports that it ran out.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let sleep = self
            .stall
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Stalled {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stalled {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stall = None;
                ready
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stall = None;
                ready
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Bytes of a served file without copying it.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
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
        EVENTS_PATH => events(state),
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

/// The same answer with its length but no body (for `HEAD`).
fn without_body(res: Response<Body>) -> Response<Body> {
    let (mut parts, body) = res.into_parts();
    if let Body::Full(b) = &body {
        let len = b.as_ref().map_or(0, |b| b.len());
        parts.headers.insert(header::CONTENT_LENGTH, len.into());
    }
    // An event stream's body is dropped too, which ends its task.
    Response::from_parts(parts, Body::empty())
}

fn site_file(path: &str, headers: &hyper::HeaderMap, state: &ServeState) -> Response<Body> {
    let Some(rel) = decode_path(path) else {
        return text(StatusCode::BAD_REQUEST, "bad path");
    };
    let (files, error) = state.snapshot();
    match lookup(&files, &rel) {
        Lookup::File(key) => {
            let body = &files[&key];
            let ctype = content_type(&key);
            let bytes = if ctype.starts_with("text/html") {
                Bytes::from(inject(&String::from_utf8_lossy(body), error.as_deref()))
            } else {
                Bytes::from_owner(Shared(body.clone()))
            };
            // With `If-Range` the client asks for a part only of the version it has; there
            // are no validators here, so it gets the whole file, which is always correct.
            let range = headers
                .get(header::RANGE)
                .filter(|_| !headers.contains_key(header::IF_RANGE));
            with_range(ctype, bytes, range)
        }
        Lookup::Redirect(to) => {
            let mut res = text(StatusCode::MOVED_PERMANENTLY, "moved");
            if let Ok(v) = HeaderValue::from_str(&to) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            res
        }
        Lookup::Missing => {
            let body = match files.get("404.html") {
                Some(b) => inject(&String::from_utf8_lossy(b), error.as_deref()),
                None => inject(
                    "<!DOCTYPE html><html><body><h1>404</h1></body></html>",
                    error.as_deref(),
                ),
            };
            answer(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
        }
    }
}

/// A whole file (200) or the part a `Range` header asks for (206, or 416 when it cannot be
/// served). Audio and video players seek this way.
fn with_range(ctype: &str, bytes: Bytes, range: Option<&HeaderValue>) -> Response<Body> {
    let len = bytes.len() as u64;
    let wanted = range
        .map(|v| parse_range(v.to_str().unwrap_or("bytes=x"), len))
        .unwrap_or(Range::Whole);
    let mut res = match wanted {
        Range::Whole => answer(StatusCode::OK, ctype, bytes),
        Range::Part(start, end) => {
            let mut res = answer(
                StatusCode::PARTIAL_CONTENT,
                ctype,
                bytes.slice(start as usize..=end as usize),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            res
        }
        Range::Unsatisfiable => {
            let mut res = answer(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "text/plain; charset=utf-8",
                "range not satisfiable",
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            res
        }
    };
    res.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    res
}

/// What a `Range` header asks of a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Range {
    /// No usable range (another unit, several ranges): the whole file, 200.
    Whole,
    /// Bytes `start..=end`, 206.
    Part(u64, u64),
    /// A malformed byte range, or one that starts past the end: 416.
    Unsatisfiable,
}

/// Parses one `bytes=` range (RFC 9110 §14.1.2). Several ranges are answered with the whole
/// file, which the RFC allows; a range of another unit is ignored.
pub fn parse_range(header: &str, len: u64) -> Range {
    let header = header.trim();
    let Some((unit, spec)) = header.split_once('=') else {
        return Range::Unsatisfiable;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return Range::Whole;
    }
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Range::Unsatisfiable;
    };
    let num = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (first, last) = (first.trim(), last.trim());
    match (first.is_empty(), last.is_empty()) {
        // `-N`: the last N bytes.
        (true, false) => match num(last) {
            Some(n) if n > 0 && len > 0 => Range::Part(len.saturating_sub(n), len - 1),
            _ => Range::Unsatisfiable,
        },
        // `A-`: from A to the end.
        (false, true) => match num(first) {
            Some(a) if a < len => Range::Part(a, len - 1),
            _ => Range::Unsatisfiable,
        },
        // `A-B`.
        (false, false) => match (num(first), num(last)) {
            (Some(a), Some(b)) if a <= b && a < len => Range::Part(a, b.min(len - 1)),
            _ => Range::Unsatisfiable,
        },
        (true, true) => Range::Unsatisfiable,
    }
}

/// Server-sent events: `data: reload …` each time the site changes, a comment line every 15 s
/// so proxies and browsers keep the stream open.
fn events(state: &ServeState) -> Response<Body> {
    let mut rx = state.subscribe();
    let (tx, body) = mpsc::channel::<Bytes>(8);
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b": connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let msg = tokio::select! {
                got = rx.recv() => match got {
                    Ok(reload) => format!("data: {}\n\n", reload.data()),
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        format!("data: {}\n\n", Reload::All.data())
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = tokio::time::sleep(Duration::from_secs(15)) => ": keep-alive\n\n".into(),
            };
            // The page was closed: its body was dropped.
            if tx.send(Bytes::from(msg)).await.is_err() {
                return;
            }
        }
    });
    answer(StatusCode::OK, "text/event-stream", Body::Events(body))
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
        // The path is percent-encoded again: a Location header must be ASCII.
        let enc = percent_encoding::utf8_percent_encode(rel, PATH_ENCODE);
        return Lookup::Redirect(format!("/{enc}/"));
    }
    Lookup::Missing
}

/// Characters escaped in a redirect's path.
const PATH_ENCODE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%');

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "wav" => "audio/wav",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "flac" => "audio/flac",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::state::changed_urls;

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
        let mut rx = state.subscribe();
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
}
