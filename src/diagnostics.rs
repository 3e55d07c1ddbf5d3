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

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors stop the build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// The language diagnostics are printed in, from the site's `default_language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh-CN`, `zh_Hans` … give Chinese; anything else English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// A text in both languages.
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
        }
    }

    /// An error with its message (and optional hint) in Chinese and English.
    pub fn error(
        path: impl AsRef<Path>,
        line: usize,
        col: usize,
        zh: impl Into<String>,
        en: impl Into<String>,
        hint: Option<(&str, &str)>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Error, path, line, col, Msg::new(zh, en))
            .with_hint_opt(hint.map(|(z, e)| Msg::new(z, e)))
    }

    /// A warning with its message (and optional hint) in Chinese and English.
    pub fn warning(
        path: impl AsRef<Path>,
        line: usize,
        col: usize,
        zh: impl Into<String>,
        en: impl Into<String>,
        hint: Option<(&str, &str)>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Warning, path, line, col, Msg::new(zh, en))
            .with_hint_opt(hint.map(|(z, e)| Msg::new(z, e)))
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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Rendered in `lang`, with paths shown relative to `root` when they are under it.
    pub fn render(&self, lang: Lang, root: Option<&Path>) -> String {
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
            None if self.line > 0 => read_line(&self.path, self.line),
            None => None,
        };
        if let Some(src) = source {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = write!(out, "\n  {number} | {}", src.trim_end());
            if self.col > 0 {
                let before: String = src.chars().take(self.col - 1).collect();
                let _ = write!(out, "\n  {pad} | {}^", caret_padding(&before));
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
fn read_line(path: &Path, n: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().nth(n - 1)?;
    Some(line.trim_start_matches('\u{feff}').to_string())
}

/// All diagnostics of a run, printed together, errors and warnings counted.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    lang: Lang,
    root: Option<PathBuf>,
}

impl Diagnostics {
    pub fn new(lang: Lang) -> Diagnostics {
        Diagnostics {
            lang,
            ..Default::default()
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// From the site's `default_language`.
    pub fn set_lang_from(&mut self, code: &str) {
        self.lang = Lang::from_code(code);
    }

    /// Paths under `root` are printed relative to it.
    pub fn set_root(&mut self, root: impl Into<PathBuf>) {
        self.root = Some(root.into());
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// By path, line, column, then errors before warnings; duplicates removed.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message.en).cmp(&(
                &b.path,
                b.line,
                b.col,
                b.severity,
                &b.message.en,
            ))
        });
        self.items.dedup();
    }

    /// Every diagnostic (sorted), one block each, then the counts line. Paths are shown
    /// relative to the root set with [`set_root`](Self::set_root), else to the current folder.
    pub fn render_plain(&self) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let root = self.root.clone().or_else(|| std::env::current_dir().ok());
        let mut out = String::new();
        for d in &sorted.items {
            out.push_str(&d.render(self.lang, root.as_deref()));
            out.push_str("\n\n");
        }
        if !sorted.items.is_empty() {
            out.push_str(&self.counts_line());
            out.push('\n');
        }
        out
    }

    /// `2 个错误，1 个警告` / `2 errors, 1 warning`.
    pub fn counts_line(&self) -> String {
        let (e, w) = (self.error_count(), self.warning_count());
        match self.lang {
            Lang::Zh => format!("{e} 个错误，{w} 个警告"),
            Lang::En => format!(
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        }
    }

    /// The line printed after a successful build.
    pub fn summary_line(
        &self,
        pages: usize,
        sections: usize,
        files: usize,
        seconds: f64,
    ) -> String {
        let w = self.warning_count();
        match self.lang {
            Lang::Zh => format!(
                "完成：{pages} 篇文章，{sections} 个栏目，{files} 个文件，用时 {seconds:.2} 秒，{w} 个警告"
            ),
            Lang::En => format!(
                "done: {pages} pages, {sections} sections, {files} files in {seconds:.2}s, {w} warning{}",
                if w == 1 { "" } else { "s" }
            ),
        }
    }

    pub fn print_to_stderr(&self) {
        let text = self.render_plain();
        if !text.is_empty() {
            eprint!("{text}");
        }
    }

    /// 1 when there are errors, 0 otherwise (for `main`).
    pub fn exit_code(&self) -> u8 {
        u8::from(self.has_errors())
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo
/// (at most a third of the word's length, at least 1, at most 3 edits).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let folded = word.to_lowercase().replace('-', "_");
    candidates
        .into_iter()
        .map(|c| (edit_distance(&folded, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edit distance over characters where swapping two neighbours counts as one edit (optimal
/// string alignment), since `titel` for `title` is the commonest typo.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
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
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error(
            "/site/content/a.md",
            3,
            8,
            "日期写法不对",
            "bad date",
            Some(("请写成 2024-05-01", "write 2024-05-01")),
        )
        .with_source_line("date = \"2024年5月1日\"")
    }

    #[test]
    fn renders_like_rustc_in_chinese() {
        let text = sample().render(Lang::Zh, Some(Path::new("/site")));
        assert_eq!(
            text,
            "content/a.md:3:8: 错误: 日期写法不对\n  3 | date = \"2024年5月1日\"\n    |        ^\n  提示: 请写成 2024-05-01"
        );
    }

    #[test]
    fn renders_in_english_without_root() {
        let d = Diagnostic::warning("a.md", 0, 0, "警告", "careful", None);
        assert_eq!(d.render(Lang::En, None), "a.md: warning: careful");
    }

    #[test]
    fn caret_counts_wide_characters_twice() {
        let d = Diagnostic::error("a.md", 1, 3, "x", "x", None).with_source_line("标题＝1");
        let text = d.render(Lang::Zh, None);
        assert!(text.ends_with("\n    |     ^"), "{text}");
    }

    #[test]
    fn reads_source_line_from_file_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "+++\ntitle = 1\n+++\n").unwrap();
        let d = Diagnostic::error(&p, 2, 9, "类型不对", "wrong type", None);
        let text = d.render(Lang::En, Some(dir.path()));
        assert_eq!(
            text,
            "a.md:2:9: error: wrong type\n  2 | title = 1\n    |         ^"
        );
    }

    #[test]
    fn collector_sorts_counts_and_dedups() {
        let mut ds = Diagnostics::new(Lang::En);
        ds.push(Diagnostic::warning("b.md", 1, 1, "w", "w", None));
        ds.push(Diagnostic::error("a.md", 9, 1, "e", "e", None));
        ds.push(Diagnostic::error("a.md", 2, 1, "e", "e", None));
        ds.push(Diagnostic::error("a.md", 2, 1, "e", "e", None));
        ds.sort();
        let places: Vec<(String, usize)> = ds
            .iter()
            .map(|d| (d.path.display().to_string(), d.line))
            .collect();
        assert_eq!(
            places,
            [("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]
        );
        assert_eq!((ds.error_count(), ds.warning_count()), (2, 1));
        assert_eq!(ds.counts_line(), "2 errors, 1 warning");
        assert_eq!(ds.exit_code(), 1);
        ds.set_lang_from("zh-CN");
        assert_eq!(ds.counts_line(), "2 个错误，1 个警告");
    }

    #[test]
    fn nearest_key_by_edit_distance() {
        let keys = ["title", "description", "date", "weight"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("Weight", keys), Some("weight"));
        assert_eq!(nearest("descripton", keys), Some("description"));
        assert_eq!(nearest("zzzzzz", keys), None);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\n标题 = x\n";
        assert_eq!(
            line_col(text, text.find('x').unwrap(), 2),
            (3, 6, "标题 = x")
        );
        assert_eq!(line_col(text, 0, 1), (1, 1, "a = 1"));
    }
}
