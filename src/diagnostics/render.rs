//! A diagnostic as text, like rustc but plainly: `path:line:col: 错误: …`, the source line
//! with a caret under the column (CJK characters are two columns wide), and the hint.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Lang, Severity};

impl Diagnostic {
    /// Rendered in `lang`, with paths shown relative to `root` when they are under it.
    pub fn render(&self, lang: Lang, root: Option<&Path>) -> String {
        self.render_with(lang, root, &mut SourceLines::default())
    }

    /// As [`render`](Self::render), reading source lines through `lines` (each file once).
    pub fn render_with(&self, lang: Lang, root: Option<&Path>, lines: &mut SourceLines) -> String {
        let shown = display_path(
            root.and_then(|r| self.path.strip_prefix(r).ok())
                .unwrap_or(&self.path),
        );
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let mut out = String::new();
        match (self.line, self.col) {
            (0, _) => out.push_str(&shown),
            (l, 0) => {
                let _ = write!(out, "{shown}:{l}");
            }
            (l, c) => {
                let _ = write!(out, "{shown}:{l}:{c}");
            }
        }
        let _ = write!(out, ": {label}: {}", self.message.get(lang));
        let source = match &self.source_line {
            Some(s) => Some(s.clone()),
            // A path relative to the site (as the Markdown stage gives) is read from the site,
            // wherever pufa was started.
            None if self.line > 0 => match root {
                Some(r) if self.path.is_relative() => lines
                    .line(&r.join(&self.path), self.line)
                    .or_else(|| lines.line(&self.path, self.line)),
                _ => lines.line(&self.path, self.line),
            },
            None => None,
        };
        // A long line read back from the file (a 6 MB one-line page): a window around the
        // caret, as `with_source_excerpt` makes.
        let (source, skip) = match source {
            Some(src) if src.len() > 360 && self.source_skip == 0 => {
                let at = src
                    .char_indices()
                    .nth(self.col.saturating_sub(1))
                    .map_or(src.len(), |(i, _)| i);
                let cut = self.clone().with_source_excerpt(&src, at);
                (cut.source_line, cut.source_skip)
            }
            other => (other, self.source_skip),
        };
        if let Some(src) = source {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let cut = if skip > 0 { "..." } else { "" };
            let _ = write!(out, "\n  {number} | {cut}{}", src.trim_end());
            if self.col > skip {
                let before: String = src.chars().take(self.col - 1 - skip).collect();
                let _ = write!(
                    out,
                    "\n  {pad} | {}{}^",
                    " ".repeat(cut.len()),
                    caret_padding(&before)
                );
            }
        }
        if let Some(h) = &self.hint {
            let label = if lang == Lang::Zh { "提示" } else { "hint" };
            let _ = write!(out, "\n  {label}: {}", h.get(lang));
        }
        out
    }
}

/// A path as the writer sees it on their system: `content\cases\a.md` on Windows (paths are
/// often joined with `/` inside pufa, and `canonicalize` adds a `\\?\` prefix nobody types),
/// `content/cases/a.md` elsewhere.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        let text = text.replace('/', "\\");
        match text.strip_prefix(r"\\?\UNC\") {
            Some(rest) => format!(r"\\{rest}"),
            None => text.strip_prefix(r"\\?\").unwrap_or(&text).to_string(),
        }
    } else {
        text.replace('\\', "/")
    }
}

/// Spaces as wide as `before` on screen: CJK and full-width characters take two columns, tabs
/// are kept so the caret lines up in any terminal.
fn caret_padding(before: &str) -> String {
    before
        .chars()
        .map(|c| match c {
            '\t' => "\t",
            c if is_wide(c) => "  ",
            _ => " ",
        })
        .collect()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Line `n` (1-based) of a file, for diagnostics made without their source line.
/// Files read once for the lines diagnostics show: 20,000 errors in one file used to read
/// it 20,000 times.
#[derive(Debug, Default)]
pub struct SourceLines {
    files: std::collections::HashMap<PathBuf, Option<(String, Vec<usize>)>>,
}

impl SourceLines {
    /// Line `n` (1-based) of `path`, as `str::lines` gives it (no `\r`, no BOM).
    pub fn line(&mut self, path: &Path, n: usize) -> Option<String> {
        let (text, starts) = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(path).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut starts = vec![0];
                starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
                Some((text, starts))
            })
            .as_ref()?;
        let start = *starts.get(n.checked_sub(1)?)?;
        if start >= text.len() {
            return None;
        }
        let end = starts.get(n).map_or(text.len(), |&e| e - 1);
        let line = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        Some(line.trim_start_matches('\u{feff}').to_string())
    }
}
