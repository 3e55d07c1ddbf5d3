//! The `<!-- more -->` summary, with Zola's exact semantics: the events before the marker
//! rendered on their own, footnote references removed, trailing whitespace trimmed, the
//! `summary-cutoff.html` text added when the cut falls inside an element, open tags closed.

use pulldown_cmark::{html, Event, Tag, TagEnd};

use super::RenderContext;

/// What replaces `<!-- more -->` in the body (Zola's marker, themes link to it).
pub(super) const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

/// The summary: everything before `<!-- more -->`, footnote references removed, trailing
/// space trimmed, the cutoff template added when something was left open, open tags closed.
pub(super) fn summary(events: &[Event], ctx: &RenderContext) -> String {
    let cut = events
        .iter()
        .position(|e| matches!(e, Event::Html(t) if t.as_ref() == CONTINUE_READING))
        .unwrap_or(events.len());
    let mut open: Vec<TagEnd> = Vec::new();
    for e in &events[..cut] {
        match e {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(t) => open.push(t.to_end()),
            // Zola's bookkeeping, kept as is: an end whose start was rewritten to HTML (headings)
            // clears the list.
            Event::End(t) => open.truncate(open.iter().rposition(|o| o == t).unwrap_or(0)),
            _ => {}
        }
    }
    let mut s = String::new();
    html::push_html(&mut s, events[..cut].iter().cloned());
    let mut s = remove_footnote_refs(&s);
    s.truncate(s.trim_end().len());
    if !open.is_empty() {
        let cutoff = match ctx.summary_cutoff {
            Some(f) => f(&s),
            None => "&hellip;".to_string(),
        };
        s.push_str(&cutoff);
    }
    html::push_html(&mut s, open.into_iter().rev().map(Event::End));
    s
}

fn remove_footnote_refs(s: &str) -> String {
    const OPEN: &str = "<sup class=\"footnote-reference\"";
    const CLOSE: &str = "</a></sup>";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(OPEN) {
        match rest[i..].find(CLOSE) {
            Some(j) if !rest[i..i + j].contains('\n') => {
                out.push_str(&rest[..i]);
                rest = &rest[i + j + CLOSE.len()..];
            }
            _ => {
                out.push_str(&rest[..i + OPEN.len()]);
                rest = &rest[i + OPEN.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}
