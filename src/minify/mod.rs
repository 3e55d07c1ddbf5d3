//! `minify_html = true`: pages minified as Zola minifies them — with minify-html 0.18 and Zola's
//! settings (`<html>`/`<head>` opening tags kept, CSS minified, JavaScript not, comments dropped,
//! spec-compliant entities and attribute quoting) — to the same bytes, without the crate: it links
//! a 10 MB table of character references and a JavaScript minifier Zola never calls.
//!
//! The page is parsed into a tree as minify-html parses it (its tolerance of broken markup
//! included: stray closing tags dropped, implied closing tags, attributes in closing tags), then
//! written back: whitespace collapsed, trimmed or removed per element (`spec::whitespace`),
//! omissible closing tags left out, attributes sorted, redundant ones dropped, each value in its
//! shortest quoting. `<style>` and `style="…"` go through lightningcss, the crate and settings
//! minify-html uses. The differential test (`tests/it/minify_diff.rs`) compares both on many
//! pages byte for byte.

mod attrs;
mod css;
mod entities;
mod spec;
mod tree;

use entities::{encode, replace};
use tree::{find_ci, is_ws, Closing, Element, Node, Parser, Script, Seen};

/// Minifies a page; on output that is not UTF-8 (it cannot happen) the page is kept as it is.
pub fn minify_html(html: String) -> String {
    let out = minify_bytes(html.as_bytes());
    String::from_utf8(out).unwrap_or(html)
}

/// Minifies HTML bytes (to compare with minify-html, which takes bytes).
pub fn minify_bytes(src: &[u8]) -> Vec<u8> {
    let mut p = Parser {
        src,
        pos: 0,
        seen: Seen::default(),
    };
    let nodes = p.content(false, b"", b"").nodes;
    let mut out = Vec::with_capacity(src.len());
    write_content(&mut out, false, false, b"", nodes);
    out
}

fn trimmed(s: &[u8]) -> &[u8] {
    let start = s.iter().take_while(|&&c| is_ws(c)).count();
    let end = s.len() - s[start..].iter().rev().take_while(|&&c| is_ws(c)).count();
    &s[start..end]
}

fn collapse(v: &mut Vec<u8>) {
    let mut w = 0;
    let mut in_ws = false;
    for i in 0..v.len() {
        let c = v[i];
        if is_ws(c) {
            if in_ws {
                continue;
            }
            in_ws = true;
            v[w] = b' ';
        } else {
            in_ws = false;
            v[w] = c;
        }
        w += 1;
    }
    v.truncate(w);
}

fn left_trim(v: &mut Vec<u8>) {
    let n = v.iter().take_while(|&&c| is_ws(c)).count();
    v.drain(..n);
}

fn right_trim(v: &mut Vec<u8>) {
    let n = v.iter().rev().take_while(|&&c| is_ws(c)).count();
    v.truncate(v.len() - n);
}

fn write_content(out: &mut Vec<u8>, svg: bool, in_pre: bool, parent: &[u8], mut nodes: Vec<Node>) {
    let ws = spec::whitespace(svg, parent, in_pre);
    let mut found_first = false;
    let mut last_nonempty: Option<usize> = None;
    let mut last: Option<usize> = None;
    for i in 0..nodes.len() {
        let (before, after) = nodes.split_at_mut(i);
        match &mut after[0] {
            Node::Element(e) => {
                if let Some(Node::Element(prev)) = last_nonempty.map(|j| &mut before[j]) {
                    prev.next_element.extend_from_slice(&e.name);
                }
                found_first = true;
                last_nonempty = Some(i);
                last = Some(i);
            }
            Node::Text(v) => {
                if !found_first {
                    found_first = true;
                    if ws.trim {
                        left_trim(v);
                    }
                }
                if ws.destroy_whole && v.iter().all(|&c| is_ws(c)) {
                    v.clear();
                } else if ws.collapse {
                    collapse(v);
                }
                last = Some(i);
                if !v.is_empty() {
                    last_nonempty = Some(i);
                }
            }
            _ => {}
        }
    }
    if ws.trim {
        if let Some(Node::Text(v)) = last.map(|j| &mut nodes[j]) {
            right_trim(v);
        }
    }
    for (i, node) in nodes.into_iter().enumerate() {
        match node {
            Node::Bang(code, ended) => {
                out.extend_from_slice(b"<!");
                out.extend_from_slice(&code);
                if ended {
                    out.push(b'>');
                }
            }
            Node::Comment => {}
            Node::Doctype(legacy, ended) => {
                out.extend_from_slice(b"<!doctype html");
                if !legacy.is_empty() {
                    out.push(b' ');
                    out.extend_from_slice(&legacy);
                }
                if ended {
                    out.push(b'>');
                }
            }
            Node::Element(e) => {
                let is_last = last_nonempty == Some(i);
                stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
                    write_element(out, in_pre, parent, is_last, *e)
                });
            }
            Node::Instruction(code, ended) => {
                out.extend_from_slice(b"<?");
                out.extend_from_slice(&code);
                if ended {
                    out.extend_from_slice(b"?>");
                }
            }
            Node::Rcdata(text, end) => {
                let html = encode(&text, false);
                let escaped: &[u8] = if end == b"</title" {
                    b"&lt;/title"
                } else {
                    b"&lt;/textarea"
                };
                out.extend_from_slice(&replace_ci(&html, end, escaped));
            }
            Node::Raw(code, _) if code.is_empty() => {}
            Node::Raw(code, Script::Css) => css::style_sheet(out, &code),
            Node::Raw(code, Script::Data) => out.extend_from_slice(&code),
            Node::Raw(code, Script::Js) => out.extend_from_slice(trimmed(&code)),
            Node::Text(v) => out.extend_from_slice(&replace(&encode(&v, false), b"<", b"&lt;")),
        }
    }
}

fn replace_ci(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = find_ci(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// An attribute's value as written: `None` drops the attribute, `Some(None)` writes the name
/// alone, `Some(Some((text, quoted)))` writes `name=text`.
type AttrOut = Option<Option<(Vec<u8>, bool)>>;

fn minify_attr(e: &Element, viewport: bool, name: &[u8], mut v: Vec<u8>) -> AttrOut {
    let entry = spec::attr(e.svg, &e.name, name);
    let flags = entry.map_or(0, |a| a.0);
    let default = entry.and_then(|a| a.1);
    if viewport {
        v.retain(|&c| !is_ws(c));
    } else {
        if flags & attrs::T != 0 {
            right_trim(&mut v);
            left_trim(&mut v);
        }
        if flags & attrs::C != 0 {
            collapse(&mut v);
        }
    }
    if name == b"style" {
        if let Some(min) = css::style_attribute(&v) {
            v = min;
        }
    }
    if flags & attrs::CI != 0 {
        v.make_ascii_lowercase();
    }
    if (v.is_empty() && flags & attrs::E != 0)
        || default.is_some_and(|d| d.as_bytes() == v.as_slice())
        || (e.name == b"script" && name == b"type" && spec::is_js_mime(&v))
    {
        return None;
    }
    if flags & attrs::B != 0 || v.is_empty() {
        return Some(None);
    }
    let enc = encode(&v, true);
    let dq = replace(&enc, b"\"", b"&#34;");
    let sq = replace(&enc, b"'", b"&#39;");
    let mut uq = Vec::with_capacity(enc.len());
    for &c in &enc {
        match c {
            b'\t' => uq.extend_from_slice(b"&#9;"),
            b'\n' => uq.extend_from_slice(b"&#10;"),
            b'\x0c' => uq.extend_from_slice(b"&#12;"),
            b'\r' => uq.extend_from_slice(b"&#13;"),
            b' ' => uq.extend_from_slice(b"&#32;"),
            b'"' => uq.extend_from_slice(b"&#34;"),
            b'\'' => uq.extend_from_slice(b"&#39;"),
            b'=' => uq.extend_from_slice(b"&#61;"),
            // minify-html writes a backtick as `&#6;` (sic).
            b'`' => uq.extend_from_slice(b"&#6;"),
            b'<' => uq.extend_from_slice(b"&lt;"),
            b'>' => uq.extend_from_slice(b"&gt;"),
            c => uq.push(c),
        }
    }
    // Equal lengths: double quotes, then single quotes, then none.
    let (mut best, mut quote) = (dq.len() + 2, b'"');
    if sq.len() + 2 < best {
        (best, quote) = (sq.len() + 2, b'\'');
    }
    if uq.len() < best {
        return Some(Some((uq, false)));
    }
    let body = if quote == b'"' { dq } else { sq };
    let mut q = Vec::with_capacity(body.len() + 2);
    q.push(quote);
    q.extend_from_slice(&body);
    q.push(quote);
    Some(Some((q, true)))
}

fn write_element(out: &mut Vec<u8>, in_pre: bool, parent: &[u8], is_last: bool, mut e: Element) {
    let viewport = e.name == b"meta"
        && e.attr(b"name")
            .is_some_and(|v| v.eq_ignore_ascii_case(b"viewport"));
    let mut quoted = Vec::new();
    let mut unquoted = Vec::new();
    for (name, value) in std::mem::take(&mut e.attrs) {
        match minify_attr(&e, viewport, &name, value) {
            None => {}
            Some(Some((v, true))) => quoted.push((name, Some(v))),
            Some(v) => unquoted.push((name, v.map(|(v, _)| v))),
        }
    }
    quoted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    unquoted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let omit_closing = spec::can_omit_as_before(&e.name, &e.next_element)
        || (is_last && spec::can_omit_as_last_node(parent, &e.name));
    out.push(b'<');
    out.extend_from_slice(&e.name);
    for (name, value) in quoted.iter().chain(&unquoted) {
        out.push(b' ');
        out.extend_from_slice(name);
        if let Some(v) = value {
            out.push(b'=');
            out.extend_from_slice(v);
        }
    }
    if e.closing == Closing::Slash {
        if !unquoted.is_empty() {
            out.push(b' ');
        }
        out.push(b'/');
    }
    out.push(b'>');
    if matches!(e.closing, Closing::Slash | Closing::Void) {
        return;
    }
    let in_pre = in_pre || (!e.svg && e.name == b"pre");
    write_content(out, e.svg, in_pre, &e.name, std::mem::take(&mut e.children));
    if e.closing != Closing::Present || omit_closing {
        return;
    }
    out.extend_from_slice(b"</");
    out.extend_from_slice(&e.name);
    out.push(b'>');
}
