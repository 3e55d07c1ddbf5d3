//! The saved page as a flat list of simplified tokens (tags with their attributes, text),
//! read with html5ever's tokenizer.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One token of the page, simplified.
pub(super) enum Tok {
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

pub(super) fn tokens(html: &str) -> Vec<Tok> {
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
