//! The three shapes a saved WeChat article comes in, read in memory: a web archive (`.mhtml`,
//! MIME `multipart/related`), a zip of the `.html` and its `_files` folder, or the `.html` alone.

use std::collections::BTreeMap;

use super::super::ImportError;

/// Most parts a web archive or zip may have.
pub const MAX_PARTS: usize = 2000;

/// The page and the files it refers to, by their (decoded) location.
pub struct Saved {
    pub html: String,
    /// Where the page was (its `Content-Location` or path in the zip), to resolve relative
    /// addresses against.
    pub location: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

pub(super) fn bad(msg: impl Into<String>) -> ImportError {
    ImportError::NotWeb(msg.into())
}

/// Reads an upload by its file name: `.mhtml`/`.mht`, `.zip`, `.html`/`.htm`.
pub fn read_saved(name: &str, bytes: &[u8]) -> Result<Saved, ImportError> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".zip") || bytes.starts_with(b"PK\x03\x04") {
        read_zip(bytes)
    } else if lower.ends_with(".html") || lower.ends_with(".htm") {
        Ok(Saved {
            html: String::from_utf8_lossy(bytes).into_owned(),
            location: name.to_string(),
            files: BTreeMap::new(),
        })
    } else {
        read_mhtml(bytes)
    }
}

/// The headers of a MIME entity (names lower-cased, folded lines joined) and where its
/// body starts.
fn headers(bytes: &[u8]) -> (BTreeMap<String, String>, usize) {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| at + i)
            .unwrap_or(bytes.len());
        let line = String::from_utf8_lossy(&bytes[at..end]);
        let line = line.trim_end_matches('\r');
        at = (end + 1).min(bytes.len());
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(v) = last.as_ref().and_then(|k| out.get_mut(k)) {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            out.insert(k.clone(), v.trim().to_string());
            last = Some(k);
        }
    }
    (out, at)
}

/// A parameter of a header value: `boundary` of `multipart/related; boundary="x"`.
pub(super) fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_string())
    })
}

pub(super) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// Reads a web archive (MIME `multipart/related`).
pub fn read_mhtml(bytes: &[u8]) -> Result<Saved, ImportError> {
    let (top, _) = headers(bytes);
    let ctype = top.get("content-type").cloned().unwrap_or_default();
    let boundary = param(&ctype, "boundary")
        .filter(|b| !b.is_empty() && b.len() <= 200)
        .ok_or_else(|| bad("这不是浏览器保存的网页存档（.mhtml）：请在浏览器里打开文章，用“另存为”保存成“网页，单个文件”后再导入"))?;
    let delimiter = format!("--{boundary}");
    let mut html: Option<(String, String)> = None;
    let mut files = BTreeMap::new();
    let mut at = find(bytes, delimiter.as_bytes(), 0).ok_or_else(|| bad("网页存档是空的"))?;
    let mut parts = 0usize;
    loop {
        let start = at + delimiter.len();
        if bytes[start..].starts_with(b"--") {
            break;
        }
        let next = find(bytes, format!("\n{delimiter}").as_bytes(), start);
        let end = next.unwrap_or(bytes.len());
        parts += 1;
        if parts > MAX_PARTS {
            return Err(bad(format!(
                "网页存档的部分太多（超过 {MAX_PARTS} 个），没有导入"
            )));
        }
        // The part: after the delimiter line, up to the CRLF before the next one.
        let body_start = find(bytes, b"\n", start).map(|i| i + 1).unwrap_or(end);
        let mut part = &bytes[body_start.min(end)..end];
        if part.ends_with(b"\r") {
            part = &part[..part.len() - 1];
        }
        let (h, body_at) = headers(part);
        let body = &part[body_at.min(part.len())..];
        let decoded = match h
            .get("content-transfer-encoding")
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("base64") => {
                use base64::Engine;
                let clean: Vec<u8> = body
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                base64::engine::general_purpose::STANDARD
                    .decode(&clean)
                    .map_err(|e| {
                        bad(format!(
                            "网页存档有一部分已损坏，读不出来（{e}）：请重新保存网页后再导入"
                        ))
                    })?
            }
            Some("quoted-printable") => quoted_printable(body),
            _ => body.to_vec(),
        };
        let ptype = h
            .get("content-type")
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        let location = h
            .get("content-location")
            .map(|l| decode_location(l))
            .or_else(|| {
                h.get("content-id")
                    .map(|c| format!("cid:{}", c.trim_matches(['<', '>'])))
            })
            .unwrap_or_default();
        if html.is_none() && ptype.starts_with("text/html") {
            html = Some((String::from_utf8_lossy(&decoded).into_owned(), location));
        } else if !location.is_empty() {
            files.insert(location, decoded);
        }
        match next {
            Some(n) => at = n + 1,
            None => break,
        }
    }
    let (html, location) =
        html.ok_or_else(|| bad("网页存档里没有文章网页：请在浏览器里打开文章，重新保存后再导入"))?;
    Ok(Saved {
        html,
        location,
        files,
    })
}

/// Decodes quoted-printable (`=E4=BD=A0`, `=` at a line end joins lines).
pub(super) fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    while i < body.len() {
        let b = body[i];
        if b == b'=' {
            if body[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if body[i + 1..].starts_with(b"\n") {
                i += 2;
                continue;
            }
            if let (Some(h), Some(l)) = (
                body.get(i + 1).copied().and_then(hex),
                body.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// A location as a lookup key: percent-decoded, `\` as `/`.
pub(super) fn decode_location(l: &str) -> String {
    percent_encoding::percent_decode_str(l.trim())
        .decode_utf8_lossy()
        .replace('\\', "/")
}

/// Reads a zip holding the saved `.html` and its `_files` folder. Every entry is bounded as
/// a Word document's parts are (a zip bomb is refused, not unpacked).
pub fn read_zip(bytes: &[u8]) -> Result<Saved, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("压缩包读不出来：{e}")))?;
    if zip.len() > MAX_PARTS {
        return Err(bad(format!(
            "压缩包里的文件太多（超过 {MAX_PARTS} 个），没有导入"
        )));
    }
    let mut total = 0u64;
    let mut files = BTreeMap::new();
    let mut html: Option<(String, String)> = None;
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| bad(format!("压缩包读不出来：{e}")))?;
        if f.is_dir() {
            continue;
        }
        // Names are only keys here; one that climbs out (`../x`) or is absolute is ignored.
        let name = f.name().replace('\\', "/");
        if name.starts_with('/') || name.split('/').any(|s| s == ".." || s.contains(':')) {
            continue;
        }
        let buf = super::super::docx::read_bounded(&mut f, &name, &mut total).map_err(bad)?;
        let lower = name.to_ascii_lowercase();
        let is_page = lower.ends_with(".html") || lower.ends_with(".htm");
        // The page: the .html nearest the top of the zip.
        let depth = name.matches('/').count();
        let better = match &html {
            None => true,
            Some((_, n)) => depth < n.matches('/').count(),
        };
        if is_page && better {
            if let Some((old, n)) = html.take() {
                files.insert(n, old.into_bytes());
            }
            html = Some((String::from_utf8_lossy(&buf).into_owned(), name));
        } else {
            files.insert(name, buf);
        }
    }
    let (html, location) = html.ok_or_else(|| bad("压缩包里没有 .html 网页文件"))?;
    Ok(Saved {
        html,
        location,
        files,
    })
}
