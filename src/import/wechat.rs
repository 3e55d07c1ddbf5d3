//! A WeChat article (公众号文章) saved from the browser → the importer's document model.
//!
//! Three shapes are read, all in memory (nothing is written by a name from the upload):
//! - a web archive (`.mhtml`/`.mht`, "Save as: single file"): MIME `multipart/related` with
//!   quoted-printable, base64, 7bit/8bit or binary parts; the page is the first `text/html`
//!   part, the pictures are parts found by their `Content-Location`;
//! - a zip of the saved `.html` and its `_files` folder ("Save as: complete page", then
//!   "send to compressed folder");
//! - the saved `.html` alone (its pictures cannot be found then and are left out).
//!
//! The article is the content of `#js_content`, its title `rich_media_title` (else
//! `og:title`, else `<title>`). WeChat's clutter is dropped: inline styles, `<span>` and
//! `<section>` wrappers, scripts, voice/video/mini-program cards, and the "follow us" /
//! QR-code prompts. Pictures come from `data-src` (WeChat loads them lazily; `src` is often
//! a placeholder) or `src`, whichever names a picture in the upload.

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::docx::{Block, Document, Inline, Para};
use super::ImportError;

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

fn bad(msg: impl Into<String>) -> ImportError {
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
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
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
fn quoted_printable(body: &[u8]) -> Vec<u8> {
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
fn decode_location(l: &str) -> String {
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
        let buf = super::docx::read_bounded(&mut f, &name, &mut total).map_err(bad)?;
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

/// One token of the page, simplified.
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

struct Sink {
    toks: RefCell<Vec<Tok>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut toks = self.toks.borrow_mut();
        match token {
            Token::TagToken(Tag {
                kind,
                name,
                attrs,
                self_closing,
            }) => {
                let n = name.to_string();
                if kind == TagKind::StartTag {
                    let attrs = attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    toks.push(Tok::Start(n.clone(), attrs));
                    let raw = match n.as_str() {
                        "script" => Some(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                            Some(RawKind::Rawtext)
                        }
                        "textarea" | "title" => Some(RawKind::Rcdata),
                        _ => None,
                    };
                    if let Some(k) = raw.filter(|_| !self_closing) {
                        return TokenSinkResult::RawData(k);
                    }
                } else {
                    toks.push(Tok::End(n));
                }
            }
            Token::CharacterTokens(t) => match toks.last_mut() {
                Some(Tok::Text(s)) => s.push_str(&t),
                _ => toks.push(Tok::Text(t.to_string())),
            },
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokens(html: &str) -> Vec<Tok> {
    let sink = Sink {
        toks: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.toks.into_inner()
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "mpvoice", "mpvideo",
];
const BLOCK: &[&str] = &[
    "p",
    "section",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "pre",
    "article",
    "header",
    "footer",
    "hr",
];
/// Elements whose content is not the article's text.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "mpvoice",
    "mpvideo",
    "mp-miniprogram",
    "mp-common-profile",
    "mp-common-videosnap",
    "qqmusic",
    "button",
    "form",
    "select",
    "textarea",
    "template",
    "head",
];

/// WeChat's own parts of the page around the article (met when there is no `#js_content`).
const CLUTTER: &[&str] = &[
    "rich_media_title",
    "rich_media_meta_list",
    "rich_media_area_extra",
    "rich_media_tool",
    "qr_code_pc",
    "profile_container",
    "reward_area",
];

/// Short lines that ask readers to follow, share or scan: not part of the article.
const PROMPTS: &[&str] = &[
    "长按识别",
    "长按二维码",
    "扫码关注",
    "扫描二维码",
    "识别二维码",
    "扫一扫",
    "点击上方",
    "点上方",
    "点击蓝字",
    "关注我们",
    "欢迎关注",
    "关注公众号",
    "阅读原文",
    "点个在看",
    "点亮在看",
    "分享、点赞",
    "点赞、在看",
    "转发、点赞",
    "预览时标签不可点",
    "微信扫一扫",
];

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn is_prompt(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 60 && PROMPTS.iter().any(|p| t.contains(p))
}

/// Whether a picture is a QR code or a decoration to drop (by what WeChat marks on it).
fn is_qr(attrs: &[(String, String)]) -> bool {
    ["alt", "class", "id", "data-src", "src", "title"]
        .iter()
        .any(|k| {
            attr(attrs, k).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("qrcode") || v.contains("qr_code") || v.contains("二维码")
            })
        })
}

/// The page's title: `rich_media_title`, else `og:title`, else `<title>`.
fn title_of(toks: &[Tok]) -> Option<String> {
    let mut og = None;
    let mut plain = None;
    let mut i = 0;
    while i < toks.len() {
        if let Tok::Start(name, attrs) = &toks[i] {
            let class = attr(attrs, "class").unwrap_or("");
            let id = attr(attrs, "id").unwrap_or("");
            if class.split_whitespace().any(|c| c == "rich_media_title") || id == "activity-name" {
                let mut text = String::new();
                let mut depth = 0usize;
                for t in &toks[i + 1..] {
                    match t {
                        Tok::Text(s) => text.push_str(s),
                        Tok::Start(n, _) if !VOID.contains(&n.as_str()) => depth += 1,
                        Tok::End(_) if depth == 0 => break,
                        Tok::End(_) => depth -= 1,
                        _ => {}
                    }
                }
                let text = clean_text(&text);
                if !text.is_empty() {
                    return Some(text);
                }
            }
            if name == "meta" && attr(attrs, "property") == Some("og:title") {
                og = attr(attrs, "content").map(clean_text);
            }
            if name == "title" && plain.is_none() {
                if let Some(Tok::Text(t)) = toks.get(i + 1) {
                    plain = Some(clean_text(t));
                }
            }
        }
        i += 1;
    }
    og.filter(|t| !t.is_empty())
        .or(plain.filter(|t| !t.is_empty()))
}

/// Whitespace as HTML shows it (runs become one space), without invisible characters.
fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
            || c.is_control() && !c.is_whitespace()
        {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Resolves `link` against the page's location, as a key of the saved files.
fn resolve(base: &str, link: &str) -> String {
    let link = decode_location(link);
    if link.contains("://") || link.starts_with("cid:") {
        return link;
    }
    if let Some(rest) = link.strip_prefix("//") {
        return format!("https://{rest}");
    }
    let (prefix, base_path) = match base.split_once("://") {
        Some((scheme, rest)) => match rest.find('/') {
            Some(i) => (format!("{scheme}://{}", &rest[..i]), &rest[i..]),
            None => (format!("{scheme}://{rest}"), "/"),
        },
        None => (String::new(), base),
    };
    let joined = if link.starts_with('/') {
        link.clone()
    } else {
        let dir = base_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        if dir.is_empty() {
            link.clone()
        } else {
            format!("{dir}/{link}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    if prefix.is_empty() {
        path
    } else {
        format!("{prefix}/{path}")
    }
}

/// The bytes of a picture the page names, found in the saved files: exactly, else without
/// the query (WeChat adds `&tp=webp&wxfrom=5` …), else (a saved folder) by file name.
fn picture<'a>(saved: &'a Saved, link: &str) -> Option<&'a [u8]> {
    if link.is_empty() || link.starts_with("data:") {
        return None;
    }
    let key = resolve(&saved.location, link);
    if let Some(b) = saved.files.get(&key) {
        return Some(b);
    }
    let no_query = |s: &str| s.split(['?', '#']).next().unwrap_or("").to_string();
    let k = no_query(&key);
    if let Some((_, b)) = saved.files.iter().find(|(name, _)| no_query(name) == k) {
        return Some(b);
    }
    // The page and its pictures chosen together, without their folder: by file name, when
    // only one file has it.
    let last = |s: &str| no_query(s).rsplit('/').next().unwrap_or("").to_string();
    let want = last(&key);
    let mut same = saved.files.iter().filter(|(name, _)| last(name) == want);
    match (same.next(), same.next()) {
        (Some((_, b)), None) if !want.is_empty() && !want.contains("://") => Some(b),
        _ => None,
    }
}

/// Converts a saved page into the importer's document: the first paragraph is the title
/// (as a level-1 heading), pictures are in `media` as `tu-N.ext`.
pub fn document(saved: &Saved) -> Document {
    let toks = tokens(&saved.html);
    let mut doc = Document::default();
    if let Some(t) = title_of(&toks) {
        doc.blocks.push(Block::Para(Para {
            heading: Some(1),
            list: None,
            inlines: vec![Inline::Text {
                text: t,
                bold: true,
                italic: false,
            }],
        }));
    }
    // Where the article is: `#js_content`, else the whole body.
    let start = toks
        .iter()
        .position(|t| matches!(t, Tok::Start(_, a) if attr(a, "id") == Some("js_content")));
    let (from, scoped) = match start {
        Some(i) => (i, true),
        None => (0, false),
    };
    let mut w = Walker {
        doc: &mut doc,
        saved,
        para: Para::default(),
        bold: 0,
        italic: 0,
        link: None,
        lists: Vec::new(),
        heading: None,
        pictures: 0,
    };
    // Open elements: (name, bold, italic, dropped) so that each end undoes its start.
    let mut open: Vec<(String, bool, bool, bool)> = Vec::new();
    let mut dropped = 0usize;
    for t in &toks[from..] {
        match t {
            Tok::Start(name, attrs) => {
                let name = name.as_str();
                if name == "img" {
                    if dropped == 0 && !is_qr(attrs) {
                        w.image(attrs);
                    }
                    continue;
                }
                if name == "br" {
                    if dropped == 0 {
                        w.para.inlines.push(Inline::Break);
                    }
                    continue;
                }
                if VOID.contains(&name) {
                    continue;
                }
                let style = attr(attrs, "style").unwrap_or("").replace(' ', "");
                let class = attr(attrs, "class").unwrap_or("");
                let hidden = style.contains("display:none")
                    || is_qr(attrs)
                    || CLUTTER
                        .iter()
                        .any(|c| class.split_whitespace().any(|x| x == *c));
                let drop = DROPPED.contains(&name) || hidden;
                let bold = matches!(name, "b" | "strong")
                    || style.contains("font-weight:bold")
                    || style.contains("font-weight:700")
                    || style.contains("font-weight:600");
                let italic = matches!(name, "i" | "em");
                open.push((name.to_string(), bold, italic, drop));
                if drop {
                    dropped += 1;
                }
                if dropped > 0 {
                    continue;
                }
                if BLOCK.contains(&name) {
                    w.flush();
                }
                match name {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        w.heading = name[1..].parse().ok();
                    }
                    "ul" | "ol" => w.lists.push(name == "ol"),
                    "a" => {
                        w.link = attr(attrs, "href")
                            .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
                            .map(|h| (h.to_string(), String::new()));
                    }
                    _ => {}
                }
                w.bold += usize::from(bold);
                w.italic += usize::from(italic);
            }
            Tok::End(name) => {
                let Some(pos) = open.iter().rposition(|(n, ..)| n == name) else {
                    continue;
                };
                for (n, bold, italic, drop) in open.drain(pos..).rev() {
                    if drop {
                        dropped -= 1;
                        continue;
                    }
                    if dropped > 0 {
                        continue;
                    }
                    w.bold -= usize::from(bold);
                    w.italic -= usize::from(italic);
                    match n.as_str() {
                        "a" => {
                            if let Some((url, text)) = w.link.take() {
                                let text = clean_text(&text);
                                if !text.is_empty() {
                                    w.para.inlines.push(Inline::Link { text, url });
                                }
                            }
                        }
                        "ul" | "ol" => {
                            w.flush();
                            w.lists.pop();
                        }
                        n if BLOCK.contains(&n) => w.flush(),
                        _ => {}
                    }
                    if n.starts_with('h') && n.len() == 2 {
                        w.heading = None;
                    }
                }
            }
            Tok::Text(text) => {
                if dropped > 0 {
                    continue;
                }
                if let Some((_, t)) = w.link.as_mut() {
                    t.push_str(text);
                    continue;
                }
                w.text(text);
            }
        }
        // `#js_content` closed: the rest of the page is WeChat's, not the article's.
        if scoped && open.is_empty() && matches!(t, Tok::End(_)) {
            break;
        }
    }
    w.flush();
    drop_prompts(&mut doc.blocks);
    renumber_pictures(&mut doc);
    doc
}

/// Names the pictures that are left `tu-1`, `tu-2` … in the order they appear, and forgets
/// the dropped ones (a QR code next to a prompt).
fn renumber_pictures(doc: &mut Document) {
    let mut media = BTreeMap::new();
    let mut n = 0;
    for b in &doc.blocks {
        let Block::Para(p) = b else { continue };
        for i in &p.inlines {
            if let Inline::Image { rid, .. } = i {
                if let Some((name, bytes)) = doc.media.remove(rid) {
                    n += 1;
                    let ext = name.rsplit('.').next().unwrap_or("jpg");
                    media.insert(rid.clone(), (format!("tu-{n}.{ext}"), bytes));
                }
            }
        }
    }
    doc.media = media;
}

struct Walker<'a> {
    doc: &'a mut Document,
    saved: &'a Saved,
    para: Para,
    bold: usize,
    italic: usize,
    link: Option<(String, String)>,
    lists: Vec<bool>,
    heading: Option<u8>,
    pictures: usize,
}

impl Walker<'_> {
    fn text(&mut self, text: &str) {
        let bold = self.bold > 0;
        let italic = self.italic > 0;
        let mut t: String = text
            .chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'))
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        while t.contains("  ") {
            t = t.replace("  ", " ");
        }
        if t.is_empty() {
            return;
        }
        if let Some(Inline::Text {
            text: last,
            bold: b,
            italic: i,
        }) = self.para.inlines.last_mut()
        {
            if *b == bold && *i == italic {
                last.push_str(&t);
                return;
            }
        }
        self.para.inlines.push(Inline::Text {
            text: t,
            bold,
            italic,
        });
    }

    fn image(&mut self, attrs: &[(String, String)]) {
        let candidates = [attr(attrs, "src"), attr(attrs, "data-src")];
        let Some(bytes) = candidates
            .iter()
            .flatten()
            .find_map(|l| picture(self.saved, l))
        else {
            if candidates
                .iter()
                .flatten()
                .any(|l| !l.is_empty() && !l.starts_with("data:"))
            {
                self.doc.missing_pictures += 1;
            }
            return;
        };
        let ext = match image::guess_format(bytes) {
            Ok(image::ImageFormat::Png) => "png",
            Ok(image::ImageFormat::Jpeg) => "jpg",
            Ok(image::ImageFormat::Gif) => "gif",
            Ok(image::ImageFormat::WebP) => "webp",
            _ => return,
        };
        self.pictures += 1;
        let rid = format!("wx{}", self.pictures);
        let name = format!("tu-{}.{ext}", self.pictures);
        self.doc.media.insert(rid.clone(), (name, bytes.to_vec()));
        let alt = attr(attrs, "alt")
            .or_else(|| attr(attrs, "data-alt"))
            .map(clean_text)
            .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case("图片") && a != "Image")
            .unwrap_or_default();
        self.para.inlines.push(Inline::Image { rid, alt });
    }

    /// Ends the paragraph being read (a block element started or ended).
    fn flush(&mut self) {
        let mut para = std::mem::take(&mut self.para);
        // Trim the breaks and spaces around it.
        while matches!(para.inlines.last(), Some(Inline::Break)) {
            para.inlines.pop();
        }
        while matches!(para.inlines.first(), Some(Inline::Break)) {
            para.inlines.remove(0);
        }
        let has_image = para
            .inlines
            .iter()
            .any(|i| matches!(i, Inline::Image { .. }));
        if para.plain().trim().is_empty() && !has_image {
            return;
        }
        if let Some(Inline::Text { text, .. }) = para.inlines.first_mut() {
            *text = text.trim_start().to_string();
        }
        if let Some(Inline::Text { text, .. }) = para.inlines.last_mut() {
            *text = text.trim_end().to_string();
        }
        para.heading = self.heading;
        if let Some(&ordered) = self.lists.last() {
            para.list = Some((ordered, (self.lists.len() - 1).min(8) as u8));
        }
        self.doc.blocks.push(Block::Para(para));
    }
}

/// Drops the follow/share/QR prompts, and a picture alone next to one (the QR code).
fn drop_prompts(blocks: &mut Vec<Block>) {
    let image_only = |b: &Block| match b {
        Block::Para(p) => {
            p.plain().trim().is_empty()
                && p.inlines.iter().any(|i| matches!(i, Inline::Image { .. }))
        }
        _ => false,
    };
    let prompt: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(b, Block::Para(p) if p.heading != Some(1) && is_prompt(&p.plain())))
        .collect();
    let mut keep = vec![true; blocks.len()];
    for i in 0..blocks.len() {
        if prompt[i] {
            keep[i] = false;
            for j in [i.wrapping_sub(1), i + 1] {
                if j < blocks.len() && image_only(&blocks[j]) {
                    keep[j] = false;
                }
            }
        }
    }
    let mut i = 0;
    blocks.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_decodes_utf8_and_soft_breaks() {
        assert_eq!(
            String::from_utf8(quoted_printable(b"=E4=BD=A0=\r\n=E5=A5=BD a=3Db")).unwrap(),
            "你好 a=b"
        );
    }

    #[test]
    fn relative_addresses_resolve_against_the_page() {
        assert_eq!(
            resolve("文章.html", "./文章_files/640.jpeg"),
            "文章_files/640.jpeg"
        );
        assert_eq!(resolve("a/b.html", "../x/%E5%9B%BE.png"), "x/图.png");
        assert_eq!(
            resolve(
                "https://mp.weixin.qq.com/s/abc",
                "//mmbiz.qpic.cn/a/640?x=1"
            ),
            "https://mmbiz.qpic.cn/a/640?x=1"
        );
        // A path that climbs out stays a key: nothing is read or written by it.
        assert_eq!(resolve("a.html", "../../../etc/passwd"), "etc/passwd");
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wechat");
        std::fs::read(dir.join(name)).unwrap()
    }

    const PAGE: &str = "高空抛物伤人，谁来担责";

    /// What every saved shape of the fixture must give: title, text, headings, the two
    /// photos (not the banner, not the QR code), no clutter.
    fn check_article(a: &crate::import::Article) {
        let md = &a.markdown;
        assert_eq!(a.title, "高空抛物伤人，谁来担责？", "{md}");
        assert!(md.contains("title = \"高空抛物伤人，谁来担责？\""), "{md}");
        assert!(md.contains("kind = \"case\""), "{md}");
        assert!(md.contains("draft = true"), "{md}");
        for heading in ["## 基本案情", "## 裁判结果", "## 法官说法"] {
            assert!(md.contains(&format!("\n{heading}\n")), "{heading}: {md}");
        }
        assert!(
            md.contains("2023年6月的一个傍晚，张某驾车路过某小区楼下时，一只从楼上落下的花盆砸中了车辆的前挡风玻璃，张某也被碎玻璃划伤。事后，"),
            "{md}"
        );
        assert!(md.contains("![被花盆砸坏的车辆](tu-1.jpg)"), "{md}");
        assert!(
            md.contains(&format!("![{}](tu-2.jpg)", crate::import::ALT_PLACEHOLDER)),
            "{md}"
        );
        assert!(
            md.contains("**公安等机关应当依法及时调查，查清责任人。**"),
            "{md}"
        );
        assert!(
            md.contains("- 不要在阳台外侧摆放花盆；\n- 发现高空抛物，及时报警。"),
            "{md}"
        );
        assert!(
            md.contains("[以往推送](<https://mp.weixin.qq.com/s/another-article>)"),
            "{md}"
        );
        for clutter in [
            "style",
            "span",
            "section",
            "关注",
            "二维码",
            "在看",
            "阅读原文",
            "清溪镇司法所",
            "seajs",
            "biz",
            "mpvoice",
            "v.qq.com",
            "请在微信中打开",
            "2024-05-20 09:30",
        ] {
            assert!(!md.contains(clutter), "{clutter} left in: {md}");
        }
        let names: Vec<&str> = a.images.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["tu-1.jpg", "tu-2.jpg"]);
        assert_eq!(
            a.images[0].1,
            fixture(&format!("{PAGE}_files/640.jpeg")),
            "the photo itself"
        );
    }

    #[test]
    fn web_archive_from_the_browser() {
        let a = crate::import::convert_web(
            &format!("{PAGE}.mhtml"),
            &fixture(&format!("{PAGE}.mhtml")),
            "x",
            Some(crate::article_kind::ArticleKind::Case),
            "2024-05-21",
        )
        .unwrap();
        check_article(&a);
    }

    #[test]
    fn saved_page_with_its_folder_as_a_zip() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file(format!("{PAGE}.html"), opts).unwrap();
        zip.write_all(&fixture(&format!("{PAGE}.html"))).unwrap();
        for f in ["640.png", "640.jpeg", "640(1).jpeg", "qrcode.png"] {
            zip.start_file(format!("{PAGE}_files/{f}"), opts).unwrap();
            zip.write_all(&fixture(&format!("{PAGE}_files/{f}")))
                .unwrap();
        }
        // A name that climbs out of the folder is only ever a key: ignored.
        zip.start_file("../../escape.png", opts).unwrap();
        zip.write_all(&fixture(&format!("{PAGE}_files/640.png")))
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let a = crate::import::convert_web(
            "保存的网页.zip",
            &bytes,
            "x",
            Some(crate::article_kind::ArticleKind::Case),
            "2024-05-21",
        )
        .unwrap();
        check_article(&a);
    }

    #[test]
    fn saved_page_alone_keeps_the_text_and_counts_the_missing_pictures() {
        let a = crate::import::convert_web(
            &format!("{PAGE}.html"),
            &fixture(&format!("{PAGE}.html")),
            "x",
            None,
            "2024-05-21",
        )
        .unwrap();
        assert!(a.markdown.contains("\n## 三、法官说法\n"), "{}", a.markdown);
        assert!(a.images.is_empty());
        // The banner, the photo and the court picture; not the QR code.
        assert_eq!(a.missing_pictures, 3);
    }

    #[test]
    fn web_archive_limits() {
        // Too many parts.
        let mut m = String::from(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n",
        );
        m.push_str("--b\r\nContent-Type: text/html\r\nContent-Location: a.html\r\n\r\n<div id=js_content><p>正文</p></div>\r\n");
        for i in 0..MAX_PARTS + 1 {
            m.push_str(&format!("--b\r\nContent-Location: p{i}.png\r\n\r\nx\r\n"));
        }
        m.push_str("--b--\r\n");
        let e = crate::import::convert_web("a.mhtml", m.as_bytes(), "x", None, "2024-05-21")
            .unwrap_err();
        assert!(e.to_string().contains("部分太多"), "{e}");
        // Not an archive at all.
        assert!(crate::import::convert_web("a.mhtml", b"hello", "x", None, "2024-05-21").is_err());
        // Bad base64 is an error, not a panic.
        let bad = "Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--b--\r\n";
        assert!(
            crate::import::convert_web("a.mht", bad.as_bytes(), "x", None, "2024-05-21").is_err()
        );
    }

    #[test]
    fn prompts_are_recognised() {
        assert!(is_prompt("长按识别二维码关注我们"));
        assert!(is_prompt("▲点击上方蓝字 关注我们"));
        assert!(!is_prompt("法院认为，被告应当承担赔偿责任。"));
    }
}
