//! Diagnostics: errors and warnings that point at a place in a file, in Chinese and English.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of stopping at the first one,
//! so one broken article never hides the next nine. A diagnostic carries the file, the 1-based
//! line and column *in the file* (front matter counted), a message and an optional hint, both
//! written in Chinese and English ([`Msg`]): the language is only chosen when printing, because
//! the first diagnostics (from `config.toml` itself) exist before the site's language is known.
//!
//! [`Diagnostics`] collects them, sorts them by place and renders them like rustc, but plainly:
//!
//! ```text
//! content/news/a.md:3:9: 错误: 日期写法不对：“2024年5月1日”
//!   3 | date = "2024年5月1日"
//!     |         ^
//!   提示: 请写成 date = 2024-05-01
//! ```
//!
//! Here: [`Msg`], [`Diagnostic`] and how to make one; `lang.rs` chooses the language,
//! `render.rs` prints one diagnostic, `report.rs` collects and prints a run's, `suggest.rs`
//! finds the word a typo meant.

mod lang;
mod render;
mod report;
mod suggest;

use std::path::{Path, PathBuf};

pub use lang::Lang;
pub use render::{display_path, SourceLines};
pub use report::{Diagnostics, Unpublished};
pub use suggest::{edit_distance, nearest};

/// How bad a diagnostic is. Errors stop the build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A text in both languages: every message and hint pufa prints is one `Msg`, made with
/// [`Msg::new`]`(zh, en)`, Chinese first; the language is chosen when it is printed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given (printed relative to the site root when [`Diagnostics::set_root`]).
    pub path: PathBuf,
    /// 1-based line in the file; 0 when unknown.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    pub message: Msg,
    pub hint: Option<Msg>,
    /// The text of `line`, shown with a caret under `col`. When `None` and `line > 0`, the
    /// renderer reads the line from the file.
    pub source_line: Option<String>,
    /// Characters of a long line cut before `source_line` (shown as `...`), so that a finding
    /// in a 4 MB one-line page shows a few words around it, not the whole line.
    pub source_skip: usize,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        path: impl AsRef<Path>,
        line: usize,
        col: usize,
        message: Msg,
    ) -> Diagnostic {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line,
            col,
            severity,
            message,
            hint: None,
            source_line: None,
            source_skip: 0,
        }
    }

    /// An error with its message in Chinese and English; a hint is added with
    /// [`with_hint`](Self::with_hint).
    pub fn error(path: impl AsRef<Path>, line: usize, col: usize, message: Msg) -> Diagnostic {
        Diagnostic::new(Severity::Error, path, line, col, message)
    }

    /// A warning with its message in Chinese and English.
    pub fn warning(path: impl AsRef<Path>, line: usize, col: usize, message: Msg) -> Diagnostic {
        Diagnostic::new(Severity::Warning, path, line, col, message)
    }

    /// A file that could not be read or written.
    pub fn from_io(path: impl AsRef<Path>, err: &std::io::Error) -> Diagnostic {
        let (zh, hint) = match err.kind() {
            std::io::ErrorKind::NotFound => ("找不到文件或文件夹", None),
            std::io::ErrorKind::PermissionDenied => (
                "没有权限读写这个文件",
                Some(Msg::new(
                    "请关闭正在打开它的程序（如 WPS、杀毒软件）后再试。",
                    "Close programs that have it open, then try again.",
                )),
            ),
            _ => ("读写文件失败", None),
        };
        Diagnostic::new(
            Severity::Error,
            path,
            0,
            0,
            Msg::new(
                format!("{zh}：{err}"),
                format!("cannot read or write the file: {err}"),
            ),
        )
        .with_hint_opt(hint)
    }

    pub fn with_hint(mut self, hint: Msg) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<Msg>) -> Diagnostic {
        self.hint = hint;
        self
    }

    pub fn with_source_line(mut self, line: impl Into<String>) -> Diagnostic {
        self.source_line = Some(line.into());
        self
    }

    /// The source line for display, cut to a window around the caret when it is long.
    /// `at` is the caret's byte offset in `line`; `self.col` must already be set.
    pub fn with_source_excerpt(mut self, line: &str, at: usize) -> Diagnostic {
        const KEEP: usize = 120;
        if line.len() <= 3 * KEEP {
            self.source_line = Some(line.to_string());
            self.source_skip = 0;
            return self;
        }
        let floor = |mut i: usize| {
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let at = floor(at.min(line.len()));
        let start = floor(at.saturating_sub(KEEP));
        let end = floor((at + KEEP).min(line.len()));
        let before = line[start..at].chars().count();
        let mut shown = line[start..end].to_string();
        if end < line.len() {
            shown.push_str(" ...");
        }
        self.source_skip = self.col.saturating_sub(1).saturating_sub(before);
        self.source_line = Some(shown);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`, where the first line
/// of `text` is line `first_line` of its file. Also returns that line's text.
pub fn line_col(text: &str, at: usize, first_line: usize) -> (usize, usize, &str) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = first_line + before.matches('\n').count();
    let col = text[line_start..at].chars().count() + 1;
    (line, col, text[line_start..line_end].trim_end_matches('\r'))
}

#[cfg(test)]
mod tests;
