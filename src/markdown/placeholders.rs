//! Puts the rendered `.html` shortcodes back at their placeholders after pulldown-cmark.
//!
//! Zola hands the outputs out in order, one per placeholder it meets in text; a placeholder
//! that lands where it does not look (inside inline code, say) keeps its output, and every
//! later shortcode then shows the previous one's. Here each output is tied to the byte offset
//! of its own placeholder in the expanded text, so a swallowed placeholder costs only its own
//! output (reported as a warning), never its neighbours'.

use std::ops::Range;

use super::shortcode::PLACEHOLDER;

/// A piece of an event's text: text as is, or the HTML of the shortcode placed there.
#[derive(Debug, PartialEq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Html(String),
}

pub(super) struct HtmlOutputs<'c> {
    content: &'c str,
    html: Vec<Option<String>>,
    /// Sorted offsets of the placeholders in `content`.
    at: Vec<usize>,
}

impl<'c> HtmlOutputs<'c> {
    pub(super) fn new(content: &'c str, html: Vec<String>, at: Vec<usize>) -> Self {
        debug_assert_eq!(html.len(), at.len());
        HtmlOutputs {
            content,
            html: html.into_iter().map(Some).collect(),
            at,
        }
    }

    /// Whether a placeholder starts at `offset` of the expanded text.
    pub(super) fn starts_at(&self, offset: usize) -> bool {
        self.at.binary_search(&offset).is_ok()
    }

    /// Splits `text`, the text of an event that covers `range` of the expanded content, at its
    /// placeholders. When the text is the source verbatim, each placeholder is found by its
    /// exact offset; otherwise (escapes, entities) the k-th placeholder of the text is the k-th
    /// one inside `range`. A placeholder with no output left stays as text.
    pub(super) fn split<'t>(&mut self, text: &'t str, range: Range<usize>) -> Vec<Piece<'t>> {
        let verbatim = self.content.get(range.clone()) == Some(text);
        let first = self.at.partition_point(|&o| o < range.start);
        let mut pieces = Vec::new();
        let mut rest = 0;
        for (k, (i, _)) in text.match_indices(PLACEHOLDER).enumerate() {
            if i > rest {
                pieces.push(Piece::Text(&text[rest..i]));
            }
            rest = i + PLACEHOLDER.len();
            let idx = if verbatim {
                self.at.binary_search(&(range.start + i)).ok()
            } else {
                Some(first + k).filter(|&j| self.at.get(j).is_some_and(|&o| o < range.end))
            };
            match idx.and_then(|j| self.html[j].take()) {
                Some(html) => pieces.push(Piece::Html(html)),
                None => pieces.push(Piece::Text(PLACEHOLDER)),
            }
        }
        if rest < text.len() {
            pieces.push(Piece::Text(&text[rest..]));
        }
        pieces
    }

    /// `text` with each placeholder replaced by its output (for code, where it is text).
    pub(super) fn replace(&mut self, text: &str, range: Range<usize>) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in self.split(text, range) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Html(h) => out.push_str(&h),
            }
        }
        out
    }

    /// Offsets of the placeholders whose output found no place.
    pub(super) fn unplaced(&self) -> impl Iterator<Item = usize> + '_ {
        self.at
            .iter()
            .zip(&self.html)
            .filter(|(_, h)| h.is_some())
            .map(|(&o, _)| o)
    }
}
