//! Where an error or warning in a body points: an offset in the text after shortcodes were
//! expanded, mapped back to the line and column the writer sees.

use super::shortcode::OffsetMap;
use super::{LineIndex, MarkdownError, MarkdownWarning};
use crate::diagnostics::Msg;

/// Where an error or warning points.
pub(super) struct Pos<'a> {
    pub(super) original: &'a str,
    pub(super) lines: &'a LineIndex,
    pub(super) map: &'a OffsetMap,
}

impl Pos<'_> {
    pub(super) fn at(&self, offset: usize) -> (usize, usize) {
        self.lines
            .line_col(self.original, self.map.to_original(offset))
    }
    pub(super) fn error(&self, offset: usize, message: Msg) -> MarkdownError {
        let (line, col) = self.at(offset);
        MarkdownError { line, col, message }
    }
    pub(super) fn warning(&self, offset: usize, message: Msg) -> MarkdownWarning {
        let (line, col) = self.at(offset);
        MarkdownWarning { line, col, message }
    }
}
