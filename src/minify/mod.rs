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

use entities::{decode, encode, replace};

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Closing {
    Omitted,
    Present,
    /// `<x/>` in SVG.
    Slash,
    Void,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Css,
    Data,
    Js,
}

enum Node {
    Bang(Vec<u8>, bool),
    Comment,
    Doctype(Vec<u8>, bool),
    Element(Box<Element>),
    Instruction(Vec<u8>, bool),
    /// `<title>` / `<textarea>` text and the end tag to escape in it.
    Rcdata(Vec<u8>, &'static [u8]),
    Raw(Vec<u8>, Script),
    Text(Vec<u8>),
}

/// Attribute names (lowercased) and decoded values, in source order; a repeated name keeps its
/// last value in the first one's place.
type Attrs = Vec<(Vec<u8>, Vec<u8>)>;

struct Element {
    attrs: Attrs,
    children: Vec<Node>,
    closing: Closing,
    name: Vec<u8>,
    svg: bool,
    /// Set while writing: the next sibling's name when it is an element (text between them
    /// gone), else empty.
    next_element: Vec<u8>,
}

impl Element {
    fn attr(&self, name: &[u8]) -> Option<&[u8]> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

#[derive(Default)]
struct Seen {
    html_open: bool,
    head_open: bool,
    head_close: bool,
    body_open: bool,
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    seen: Seen,
}

struct Content {
    nodes: Vec<Node>,
    closing_omitted: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    OpeningTag,
    ClosingTag,
    Instruction,
    Doctype,
    Bang,
    Comment,
}

fn is_tag_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b':' || c == b'-'
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(at) = memchr::memchr(first, &hay[from..]) {
        let at = from + at;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// What starts at `s[0] == b'<'`, if anything.
fn classify(s: &[u8]) -> Option<Next> {
    match *s.get(1)? {
        c if is_tag_name_char(c) => Some(Next::OpeningTag),
        b'/' => Some(Next::ClosingTag),
        b'?' => Some(Next::Instruction),
        b'!' => {
            if s.len() >= 9 && s[..9].eq_ignore_ascii_case(b"<!doctype") {
                Some(Next::Doctype)
            } else if s.starts_with(b"<!--") {
                Some(Next::Comment)
            } else {
                Some(Next::Bang)
            }
        }
        _ => None,
    }
}

impl Parser<'_> {
    fn rest(&self) -> &[u8] {
        &self.src[self.pos..]
    }

    fn skip_while(&mut self, f: impl Fn(u8) -> bool) -> Option<u8> {
        let mut last = None;
        while let Some(&c) = self.src.get(self.pos).filter(|&&c| f(c)) {
            last = Some(c);
            self.pos += 1;
        }
        last
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &[u8] {
        let start = self.pos;
        self.skip_while(f);
        &self.src[start..self.pos]
    }

    fn peek_tag_name(&self) -> Vec<u8> {
        let s = self.rest();
        let start = if s.get(1) == Some(&b'/') { 2 } else { 1 };
        let len = s[start..]
            .iter()
            .take_while(|&&c| is_tag_name_char(c))
            .count();
        s[start..start + len].to_ascii_lowercase()
    }

    /// `<name attr…>` or `</name attr…>` (attributes of a closing tag are read and dropped).
    fn tag(&mut self) -> (Vec<u8>, Attrs, bool) {
        let name = self.peek_tag_name();
        self.pos += 1;
        if self.rest().first() == Some(&b'/') {
            self.pos += 1;
        }
        self.pos += name.len();
        let mut attrs: Attrs = Vec::new();
        let self_closing;
        loop {
            let last = self.skip_while(|c| is_ws(c) || c == b'/');
            if self.pos == self.src.len() || self.src[self.pos] == b'>' {
                if self.pos < self.src.len() {
                    self.pos += 1;
                }
                self_closing = last == Some(b'/');
                break;
            }
            // The first character may be `=`; the name ends at whitespace, `/`, `=` or `>`.
            let start = self.pos;
            self.pos += 1;
            self.skip_while(|c| !(is_ws(c) || matches!(c, b'/' | b'=' | b'>')));
            let attr_name = self.src[start..self.pos].to_ascii_lowercase();
            self.skip_while(is_ws);
            let has_value = self.src.get(self.pos) == Some(&b'=');
            if has_value {
                self.pos += 1;
            }
            self.skip_while(is_ws);
            let value = if has_value {
                let quote = self
                    .src
                    .get(self.pos)
                    .copied()
                    .filter(|&c| c == b'"' || c == b'\'');
                if quote.is_some() {
                    self.pos += 1;
                }
                let raw = match quote {
                    Some(q) => self.take_while(|c| c != q),
                    None => self.take_while(|c| !(is_ws(c) || c == b'>')),
                };
                let value = decode(raw, true);
                if quote.is_some() && self.pos < self.src.len() {
                    self.pos += 1;
                }
                value
            } else {
                Vec::new()
            };
            match attrs.iter_mut().find(|(n, _)| *n == attr_name) {
                Some(a) => a.1 = value,
                None => attrs.push((attr_name, value)),
            }
        }
        (name, attrs, self_closing)
    }

    /// Text up to the end tag `end` (case-insensitive), or to the end of the page.
    fn raw_until(&mut self, end: &[u8]) -> (&[u8], bool) {
        let rest = self.rest();
        let (len, omitted) = match find_ci(rest, end) {
            Some(at) => (at, false),
            None => (rest.len(), true),
        };
        let start = self.pos;
        self.pos += len;
        (&self.src[start..start + len], omitted)
    }

    /// `<!…>`, `<?…?>`, `<!--…-->` bodies: (text, whether the end was found).
    fn delimited(&mut self, open: usize, end: &[u8]) -> (Vec<u8>, bool) {
        self.pos += open;
        let rest = self.rest();
        let (len, ended) = match memchr::memmem::find(rest, end) {
            Some(at) => (at, true),
            None => (rest.len(), false),
        };
        let body = rest[..len].to_vec();
        self.pos += len + if ended { end.len() } else { 0 };
        (body, ended)
    }

    fn content(&mut self, svg: bool, grandparent: &[u8], parent: &[u8]) -> Content {
        let mut nodes: Vec<Node> = Vec::new();
        let mut closing_omitted = true;
        loop {
            // The next `<` that starts markup; text before it.
            let mut at = self.pos;
            let found = loop {
                match memchr::memchr(b'<', &self.src[at..]) {
                    Some(i) => {
                        at += i;
                        if let Some(n) = classify(&self.src[at..]) {
                            break Some(n);
                        }
                        at += 1;
                    }
                    None => {
                        at = self.src.len();
                        break None;
                    }
                }
            };
            if at > self.pos {
                let text = decode(&self.src[self.pos..at], false);
                self.pos = at;
                match nodes.last_mut() {
                    Some(Node::Text(t)) => t.extend_from_slice(&text),
                    _ => nodes.push(Node::Text(text)),
                }
            }
            let Some(next) = found else { break };
            let mut act = Act::Other;
            if next == Next::OpeningTag || next == Next::ClosingTag {
                let name = self.peek_tag_name();
                act = if next == Next::OpeningTag {
                    if spec::can_omit_as_before(parent, &name) {
                        Act::Omitted
                    } else {
                        Act::Open
                    }
                } else if name.is_empty() {
                    Act::Malformed
                } else if grandparent == name.as_slice()
                    && spec::can_omit_as_last_node(grandparent, parent)
                {
                    Act::Omitted
                } else if spec::is_void(&name) || parent.is_empty() || parent != name.as_slice() {
                    Act::Ignored
                } else {
                    Act::Close
                };
                let s = &mut self.seen;
                act = match (act, name.as_slice()) {
                    (Act::Open, b"html") => once(&mut s.html_open, Act::Open),
                    (Act::Open, b"head") => once(&mut s.head_open, Act::Open),
                    (Act::Close, b"head") => once(&mut s.head_close, Act::Close),
                    (Act::Omitted, _) if parent == b"head" => {
                        s.head_close = true;
                        Act::Omitted
                    }
                    (Act::Open, b"body") => once(&mut s.body_open, Act::Open),
                    (a, _) => a,
                };
            }
            match act {
                Act::Open => {
                    let e =
                        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.element(svg, parent));
                    nodes.push(e);
                }
                Act::Close => {
                    closing_omitted = false;
                    break;
                }
                Act::Omitted => {
                    closing_omitted = true;
                    break;
                }
                Act::Ignored => drop(self.tag()),
                Act::Malformed => {
                    self.pos = match memchr::memchr(b'>', self.rest()) {
                        Some(i) => self.pos + i + 1,
                        None => self.src.len(),
                    }
                }
                Act::Other => nodes.push(match next {
                    Next::Instruction => {
                        let (b, e) = self.delimited(2, b"?>");
                        Node::Instruction(b, e)
                    }
                    Next::Comment => {
                        self.delimited(4, b"-->");
                        Node::Comment
                    }
                    Next::Bang => {
                        let (b, e) = self.delimited(2, b">");
                        Node::Bang(b, e)
                    }
                    _ => self.doctype(),
                }),
            }
        }
        Content {
            nodes,
            closing_omitted,
        }
    }

    fn doctype(&mut self) -> Node {
        self.pos += 9;
        self.skip_while(is_ws);
        if self.rest().len() >= 4 && self.rest()[..4].eq_ignore_ascii_case(b"html") {
            self.pos += 4;
        }
        self.skip_while(is_ws);
        let (b, e) = self.delimited(0, b">");
        Node::Doctype(b, e)
    }

    fn element(&mut self, svg: bool, parent: &[u8]) -> Node {
        let (name, attrs, self_closing) = self.tag();
        let svg = svg || name == b"svg";
        let mut e = Element {
            attrs,
            children: Vec::new(),
            closing: Closing::Omitted,
            name,
            svg,
            next_element: Vec::new(),
        };
        if self_closing && svg {
            e.closing = Closing::Slash;
            return Node::Element(Box::new(e));
        }
        if spec::is_void(&e.name) {
            e.closing = Closing::Void;
            return Node::Element(Box::new(e));
        }
        let content = match e.name.as_slice() {
            b"script" => {
                let kind = match e.attr(b"type") {
                    Some(t) if t == b"module" => Script::Js,
                    Some(t) if !spec::is_js_mime(t) => Script::Data,
                    _ => Script::Js,
                };
                let (code, omitted) = self.raw_until(b"</script");
                Content {
                    nodes: vec![Node::Raw(code.to_vec(), kind)],
                    closing_omitted: omitted,
                }
            }
            b"style" => {
                let (code, omitted) = self.raw_until(b"</style");
                Content {
                    nodes: vec![Node::Raw(code.to_vec(), Script::Css)],
                    closing_omitted: omitted,
                }
            }
            b"textarea" | b"title" if !svg => {
                let end: &'static [u8] = if e.name == b"title" {
                    b"</title"
                } else {
                    b"</textarea"
                };
                let (text, omitted) = self.raw_until(end);
                let text = decode(text, false);
                Content {
                    nodes: vec![Node::Rcdata(text, end)],
                    closing_omitted: omitted,
                }
            }
            _ => {
                let name = e.name.clone();
                self.content(svg, parent, &name)
            }
        };
        if !content.closing_omitted {
            self.tag();
        }
        e.children = content.nodes;
        e.closing = if content.closing_omitted {
            Closing::Omitted
        } else {
            Closing::Present
        };
        Node::Element(Box::new(e))
    }
}

/// What the parser does with a tag it meets in an element's content.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Open,
    Close,
    /// The tag ends the current element (its closing tag left out).
    Omitted,
    /// Read and dropped: a stray closing tag, a second `<html>`/`<head>`/`<body>`.
    Ignored,
    /// `</` without a name: dropped up to the next `>`.
    Malformed,
    Other,
}

/// The first `<html>`, `<head>`, `</head>`, `<body>` counts; later ones are dropped.
fn once(seen: &mut bool, act: Act) -> Act {
    if *seen {
        Act::Ignored
    } else {
        *seen = true;
        act
    }
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
