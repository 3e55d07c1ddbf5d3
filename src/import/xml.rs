//! A small element tree over `quick-xml` events, enough for the parts of a .docx.
//!
//! Word's XML is read once into [`Element`]s so the importer can ask structural questions
//! ("the `w:t` texts of this run", "the `a:blip` inside this drawing") instead of keeping a
//! state machine over events. Names are kept without their namespace prefix: Word always
//! uses `w:`, `r:`, `a:`, `wp:`, and no two parts we read share a local name.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One XML element: local name, attributes (local names, unescaped values), children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of attribute `name` (local name, e.g. `val` for `w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element called `name` at any depth below this one.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// Every element called `name` at any depth below this one, in document order.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// All text below this element, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// Why a part of a Word package is not XML pufa can read.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    #[error("{0}")]
    Syntax(#[from] quick_xml::Error),
    #[error("{0}")]
    Attribute(#[from] quick_xml::events::attributes::AttrError),
    #[error("unbalanced end tag")]
    UnbalancedEnd,
    #[error("empty document")]
    Empty,
    #[error("unclosed element")]
    Unclosed,
    #[error("no root element")]
    NoRoot,
}

/// Parses a whole XML document into its root element.
pub fn parse(xml: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event()? {
            Event::Start(start) => stack.push(element(&start)?),
            Event::Empty(start) => {
                let e = element(&start)?;
                push(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(XmlError::UnbalancedEnd);
                };
                if stack.is_empty() {
                    return Err(XmlError::UnbalancedEnd);
                }
                push(&mut stack, Node::Element(done));
            }
            Event::Text(t) => push(&mut stack, Node::Text(t.xml10_content().into_owned())),
            Event::CData(t) => push(&mut stack, Node::Text(t.into_inner().into_owned())),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref()? {
                    Some(c) => c.to_string(),
                    None => named_entity(&r).to_string(),
                };
                push(&mut stack, Node::Text(c));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let top = stack.pop().ok_or(XmlError::Empty)?;
    if !stack.is_empty() {
        return Err(XmlError::Unclosed);
    }
    top.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or(XmlError::NoRoot)
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        // Adjacent texts (split around entity references) become one.
        if let (Node::Text(t), Some(Node::Text(prev))) = (&node, parent.children.last_mut()) {
            prev.push_str(t);
            return;
        }
        parent.children.push(node);
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let name = local(start.name().as_ref());
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a?;
        let value = unescape(&a.value);
        attrs.push((local(a.key.as_ref()), value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// `w:p` → `p`.
fn local(qname: &str) -> String {
    qname.rsplit(':').next().unwrap_or("").to_string()
}

fn named_entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

/// Unescapes the five predefined entities and character references of an attribute value.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let name = &after[..end];
        let c = if let Some(hex) = name.strip_prefix("#x") {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            named_entity(name).chars().next()
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..i + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_word_markup_with_entities() {
        let root = parse(
            r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve">甲 &amp; 乙&#x4E19;</w:t></w:r></w:p><w:p w:rsid="a&quot;b"/></w:body></w:document>"#,
        )
        .unwrap();
        assert_eq!(root.name, "document");
        let body = root.child("body").unwrap();
        assert_eq!(body.elements().count(), 2);
        assert_eq!(body.text(), "甲 & 乙丙");
        assert_eq!(body.elements().nth(1).unwrap().attr("rsid"), Some("a\"b"));
        assert!(parse("<a><b></a>").is_err());
    }
}
