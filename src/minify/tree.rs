//! The page as minify-html parses it: a tree of elements, text, comments and raw content,
//! with its tolerance of broken markup (stray closing tags dropped, implied closing tags,
//! attributes in closing tags).

use super::entities::decode;
use super::spec;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    Omitted,
    Present,
    /// `<x/>` in SVG.
    Slash,
    Void,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Css,
    Data,
    Js,
}

pub(super) enum Node {
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
pub(super) type Attrs = Vec<(Vec<u8>, Vec<u8>)>;

pub(super) struct Element {
    pub(super) attrs: Attrs,
    pub(super) children: Vec<Node>,
    pub(super) closing: Closing,
    pub(super) name: Vec<u8>,
    pub(super) svg: bool,
    /// Set while writing: the next sibling's name when it is an element (text between them
    /// gone), else empty.
    pub(super) next_element: Vec<u8>,
}

impl Element {
    pub(super) fn attr(&self, name: &[u8]) -> Option<&[u8]> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

#[derive(Default)]
pub(super) struct Seen {
    pub(super) html_open: bool,
    pub(super) head_open: bool,
    pub(super) head_close: bool,
    pub(super) body_open: bool,
}

pub(super) struct Parser<'a> {
    pub(super) src: &'a [u8],
    pub(super) pos: usize,
    pub(super) seen: Seen,
}

pub(super) struct Content {
    pub(super) nodes: Vec<Node>,
    pub(super) closing_omitted: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    OpeningTag,
    ClosingTag,
    Instruction,
    Doctype,
    Bang,
    Comment,
}

pub(super) fn is_tag_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b':' || c == b'-'
}

pub(super) fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

pub(super) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
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
pub(super) fn classify(s: &[u8]) -> Option<Next> {
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
    pub(super) fn rest(&self) -> &[u8] {
        &self.src[self.pos..]
    }

    pub(super) fn skip_while(&mut self, f: impl Fn(u8) -> bool) -> Option<u8> {
        let mut last = None;
        while let Some(&c) = self.src.get(self.pos).filter(|&&c| f(c)) {
            last = Some(c);
            self.pos += 1;
        }
        last
    }

    pub(super) fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &[u8] {
        let start = self.pos;
        self.skip_while(f);
        &self.src[start..self.pos]
    }

    pub(super) fn peek_tag_name(&self) -> Vec<u8> {
        let s = self.rest();
        let start = if s.get(1) == Some(&b'/') { 2 } else { 1 };
        let len = s[start..]
            .iter()
            .take_while(|&&c| is_tag_name_char(c))
            .count();
        s[start..start + len].to_ascii_lowercase()
    }

    /// `<name attr…>` or `</name attr…>` (attributes of a closing tag are read and dropped).
    pub(super) fn tag(&mut self) -> (Vec<u8>, Attrs, bool) {
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
    pub(super) fn raw_until(&mut self, end: &[u8]) -> (&[u8], bool) {
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
    pub(super) fn delimited(&mut self, open: usize, end: &[u8]) -> (Vec<u8>, bool) {
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

    pub(super) fn content(&mut self, svg: bool, grandparent: &[u8], parent: &[u8]) -> Content {
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

    pub(super) fn doctype(&mut self) -> Node {
        self.pos += 9;
        self.skip_while(is_ws);
        if self.rest().len() >= 4 && self.rest()[..4].eq_ignore_ascii_case(b"html") {
            self.pos += 4;
        }
        self.skip_while(is_ws);
        let (b, e) = self.delimited(0, b">");
        Node::Doctype(b, e)
    }

    pub(super) fn element(&mut self, svg: bool, parent: &[u8]) -> Node {
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
