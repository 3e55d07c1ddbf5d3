//! Files of the built site from memory: request paths decoded and refused when they could leave
//! the output, content types, `HEAD`, and byte ranges.

use std::sync::Arc;

use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use super::super::state::{answer, Body, Files, ServeState};
use super::reload::inject;
use super::text;

/// Bytes of a served file without copying it.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// The same answer with its length but no body (for `HEAD`).
pub(super) fn without_body(res: Response<Body>) -> Response<Body> {
    let (mut parts, body) = res.into_parts();
    if let Body::Full(b) = &body {
        let len = b.as_ref().map_or(0, |b| b.len());
        parts.headers.insert(header::CONTENT_LENGTH, len.into());
    }
    // An event stream's body is dropped too, which ends its task.
    Response::from_parts(parts, Body::empty())
}

pub(super) fn site_file(
    path: &str,
    headers: &hyper::HeaderMap,
    state: &ServeState,
) -> Response<Body> {
    let Some(rel) = decode_path(path) else {
        return text(StatusCode::BAD_REQUEST, "bad path");
    };
    let (version, files, error) = state.snapshot();
    match lookup(&files, &rel) {
        Lookup::File(key) => {
            let body = &files[&key];
            let ctype = content_type(&key);
            let bytes = if ctype.starts_with("text/html") {
                Bytes::from(inject(
                    &String::from_utf8_lossy(body),
                    error.as_deref(),
                    version,
                ))
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
                Some(b) => inject(&String::from_utf8_lossy(b), error.as_deref(), version),
                None => inject(
                    "<!DOCTYPE html><html><body><h1>404</h1></body></html>",
                    error.as_deref(),
                    version,
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
