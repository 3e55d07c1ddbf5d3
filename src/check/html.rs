//! Links, ids and assets of a built page, read as a browser reads them.
//!
//! The built HTML goes through html5ever's tokenizer (the WHATWG tokenizer Servo uses), so
//! minified output (`<h2 id=an-zhuang>`, `<a href=/cases/a/>`), single quotes, character
//! references in attribute values (`&amp;`) and `<script>`/`<style>` contents (not markup)
//! are all understood as a browser would. Only the tokenizer is used, not a tree builder:
//! attributes are all `check` needs, and the tokenizer alone keeps the build small.

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What `check` reads from one HTML document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// `href`/`src` values (entities decoded), in document order.
    pub links: Vec<String>,
    /// Every `id`, and the `name` of `<a>` elements (old-style anchors).
    pub ids: HashSet<String>,
}

struct Sink {
    scan: RefCell<Scan>,
}

/// Elements whose content is not markup: after their start tag the tokenizer must read raw
/// text, as a browser's tree builder tells it to.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(Tag {
            kind: TagKind::StartTag,
            name,
            attrs,
            self_closing,
        }) = token
        else {
            return TokenSinkResult::Continue;
        };
        {
            let mut scan = self.scan.borrow_mut();
            for a in &attrs {
                match &*a.name.local {
                    "href" | "src" => scan.links.push(a.value.to_string()),
                    "id" => {
                        scan.ids.insert(a.value.to_string());
                    }
                    "name" if &*name == "a" => {
                        scan.ids.insert(a.value.to_string());
                    }
                    _ => {}
                }
            }
        }
        match raw_kind(&name) {
            Some(kind) if !self_closing => TokenSinkResult::RawData(kind),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Links and ids of `html`.
pub fn scan(html: &str) -> Scan {
    let sink = Sink {
        scan: RefCell::new(Scan::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.scan.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_minified_and_quoted_attributes_alike() {
        let html = "<h2 id=an-zhuang>安装</h2><a href=#an-zhuang>x</a>\
                    <a href='/a/?x=1&amp;y=2'>y</a><img src=\"b.png\" alt=\"\">\
                    <a name=old>z</a> text href=\"no\"";
        let s = scan(html);
        assert_eq!(s.links, ["#an-zhuang", "/a/?x=1&y=2", "b.png"]);
        assert!(s.ids.contains("an-zhuang") && s.ids.contains("old"));
        assert_eq!(s.ids.len(), 2);
    }

    #[test]
    fn script_and_style_contents_are_not_markup() {
        let html = "<script>var s = '<a href=\"/not-a-link/\">';</script>\
                    <style>/* <div id=nope> */</style><textarea><a href=/no/></textarea>\
                    <p id=yes><a href=/real/>r</a>";
        let s = scan(html);
        assert_eq!(s.links, ["/real/"]);
        assert_eq!(s.ids, HashSet::from(["yes".to_string()]));
    }
}
