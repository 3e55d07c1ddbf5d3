//! The article inside the saved page (`#js_content`) → the importer's document: its title,
//! paragraphs, headings, lists, tables and pictures found in the upload, without WeChat's clutter.

use std::collections::BTreeMap;

use super::super::docx::{Block, Document, Inline, Para};
use super::archive::{decode_location, Saved};
use super::rules::{attr, clean_text, is_prompt, is_qr, BLOCK, CLUTTER, DROPPED, VOID};
use super::tokens::{tokens, Tok};

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

/// Resolves `link` against the page's location, as a key of the saved files.
pub(super) fn resolve(base: &str, link: &str) -> String {
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
pub(super) fn picture<'a>(saved: &'a Saved, link: &str) -> Option<&'a [u8]> {
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
