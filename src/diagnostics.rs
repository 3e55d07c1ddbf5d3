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
    /// `PUFA_LANG=zh` or `PUFA_LANG=en` (any code starting so), if set.
    pub fn from_env() -> Option<Lang> {
        let v = std::env::var("PUFA_LANG").ok()?;
        let v = v.trim().to_ascii_lowercase();
        if v.starts_with("zh") {
            Some(Lang::Zh)
        } else if v.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language to speak for the site at `root`: `PUFA_LANG`, else the config's
    /// `default_language` read without parsing the whole file (so that errors in the config
    /// itself are already in the site's language), else Zola's default, English.
    pub fn for_site(config_file: &Path) -> Lang {
        if let Some(l) = Lang::from_env() {
            return l;
        }
        let text = std::fs::read(config_file).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                break;
            }
            if let Some(rest) = line.strip_prefix("default_language") {
                if let Some(v) = rest.trim_start().strip_prefix('=') {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    return Lang::from_code(v);
                }
            }
        }
        // No `default_language` (Zola's default is English): a config written in Chinese (a
        // title like 某某司法所普法网) or using the default Chinese theme speaks Chinese. Only
        // the top-level keys count: an English site's `[languages.zh]` title is Chinese too.
        let top = text
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['));
        let chinese = top
            .clone()
            .any(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
            || top.into_iter().any(|l| {
                let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                l == "theme=\"pufa\"" || l == "theme='pufa'"
            });
        if chinese {
            Lang::Zh
        } else {
            Lang::En
        }
    }

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

/// A source file that will not be published, and why (a draft, `render = false`, left out
/// by its section's sorting …). Not an error: listed after the diagnostics and counted in the
/// summary line, so that no article disappears without a word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unpublished {
    pub path: PathBuf,
    pub reason: Msg,
}

/// An error repeated in more files than this is printed once, with the count and the
/// first few files.
const REPEAT_LIMIT: usize = 3;
/// How many files a repeated error names.
const REPEAT_SHOWN: usize = 5;

/// All diagnostics of a run, printed together, errors and warnings counted.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    lang: Lang,
    root: Option<PathBuf>,
    unpublished: Vec<Unpublished>,
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

    /// From the site's `default_language`, unless `PUFA_LANG` chooses (`zh` or `en`).
    pub fn set_lang_from(&mut self, code: &str) {
        self.lang = Lang::from_env().unwrap_or_else(|| Lang::from_code(code));
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

    /// Records the files that will not be published (replacing any earlier list).
    pub fn set_unpublished(&mut self, mut list: Vec<Unpublished>) {
        list.sort();
        list.dedup();
        self.unpublished = list;
    }

    pub fn unpublished(&self) -> &[Unpublished] {
        &self.unpublished
    }

    /// `p` as printed: relative to the site root (or the current folder), with `/`.
    pub fn relative(&self, p: &Path) -> String {
        let root = self.root.clone().or_else(|| std::env::current_dir().ok());
        root.as_deref()
            .and_then(|r| p.strip_prefix(r).ok())
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// `2 篇文章未发布：content/a.md、content/b.md` (the first few named), or `None`.
    pub fn unpublished_line(&self) -> Option<String> {
        let n = self.unpublished.len();
        if n == 0 {
            return None;
        }
        let names: Vec<String> = self
            .unpublished
            .iter()
            .take(REPEAT_SHOWN)
            .map(|u| self.relative(&u.path))
            .collect();
        let more = n > REPEAT_SHOWN;
        Some(match self.lang {
            Lang::Zh => format!(
                "{n} 篇文章未发布：{}{}",
                names.join("、"),
                if more { " 等" } else { "" }
            ),
            Lang::En => format!(
                "{n} page{} not published: {}{}",
                if n == 1 { "" } else { "s" },
                names.join(", "),
                if more { " …" } else { "" }
            ),
        })
    }

    /// One line per unpublished file, with the reason.
    fn unpublished_block(&self) -> String {
        let mut out = String::new();
        let head = match self.lang {
            Lang::Zh => "以下文章不会发布：",
            Lang::En => "these pages will not be published:",
        };
        out.push_str(head);
        for u in &self.unpublished {
            let sep = if self.lang == Lang::Zh { "：" } else { ": " };
            let _ = write!(
                out,
                "\n  {}{sep}{}",
                self.relative(&u.path),
                u.reason.get(self.lang)
            );
        }
        out
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
        let mut lines = SourceLines::default();
        // The same message in many files (a template reading a missing key on every page):
        // printed once, with the count and the first places. The same message several times
        // in a few files is printed at each place (each is to be fixed there).
        let key = |d: &Diagnostic| (d.severity, d.message.zh.clone(), d.message.en.clone());
        let mut groups: std::collections::HashMap<_, Vec<usize>> = std::collections::HashMap::new();
        for (i, d) in sorted.items.iter().enumerate() {
            groups.entry(key(d)).or_default().push(i);
        }
        // Per group: its distinct files in order, when there are more than the limit.
        let mut grouped: std::collections::HashMap<_, Vec<&Path>> =
            std::collections::HashMap::new();
        for (k, members) in &groups {
            let mut seen = std::collections::HashSet::new();
            let files: Vec<&Path> = members
                .iter()
                .map(|&m| sorted.items[m].path.as_path())
                .filter(|p| seen.insert(*p))
                .collect();
            if files.len() > REPEAT_LIMIT {
                grouped.insert(k.clone(), files);
            }
        }
        for (i, d) in sorted.items.iter().enumerate() {
            let k = key(d);
            let Some(files) = grouped.get(&k) else {
                out.push_str(&d.render_with(self.lang, root.as_deref(), &mut lines));
                out.push_str("\n\n");
                continue;
            };
            let members = &groups[&k];
            if members[0] != i {
                continue;
            }
            out.push_str(&d.render_with(self.lang, root.as_deref(), &mut lines));
            // The first places: each file once, with the line where it is known.
            let mut shown_files = std::collections::HashSet::new();
            let places: Vec<String> = members
                .iter()
                .map(|&m| &sorted.items[m])
                .filter(|x| shown_files.insert(x.path.as_path()))
                .take(REPEAT_SHOWN)
                .map(|x| match (x.line, x.col) {
                    (0, _) => self.relative(&x.path),
                    (l, 0) => format!("{}:{l}", self.relative(&x.path)),
                    (l, c) => format!("{}:{l}:{c}", self.relative(&x.path)),
                })
                .collect();
            let n = members.len();
            let shown = places.join(match self.lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            });
            let more = files.len() > REPEAT_SHOWN;
            let _ = match self.lang {
                Lang::Zh => write!(
                    out,
                    "\n  同样的问题共 {n} 处，在 {} 个文件中：{shown}{}",
                    files.len(),
                    if more { " 等" } else { "" }
                ),
                Lang::En => write!(
                    out,
                    "\n  the same problem occurs {n} times in {} files: {shown}{}",
                    files.len(),
                    if more { " …" } else { "" }
                ),
            };
            out.push_str("\n\n");
        }
        if !self.unpublished.is_empty() {
            out.push_str(&self.unpublished_block());
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
        let mut line = match self.lang {
            Lang::Zh => format!("{e} 个错误，{w} 个警告"),
            Lang::En => format!(
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        };
        if let Some(u) = self.unpublished_line() {
            line.push_str(if self.lang == Lang::Zh { "，" } else { ", " });
            line.push_str(&u);
        }
        line
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
        let mut line = match self.lang {
            Lang::Zh => format!(
                "完成：{pages} 篇文章，{sections} 个栏目，{files} 个文件，用时 {seconds:.2} 秒，{w} 个警告"
            ),
            Lang::En => format!(
                "done: {pages} pages, {sections} sections, {files} files in {seconds:.2}s, {w} warning{}",
                if w == 1 { "" } else { "s" }
            ),
        };
        if let Some(u) = self.unpublished_line() {
            line.push_str(if self.lang == Lang::Zh { "，" } else { ", " });
            line.push_str(&u);
        }
        line
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
            Msg::new("日期写法不对", "bad date"),
        )
        .with_hint(Msg::new("请写成 2024-05-01", "write 2024-05-01"))
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
    fn site_language_comes_from_the_top_level_of_the_config() {
        if Lang::from_env().is_some() {
            return; // PUFA_LANG chooses; nothing to check here.
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let lang = |text: &str| {
            std::fs::write(&file, text).unwrap();
            Lang::for_site(&file)
        };
        assert_eq!(
            lang("base_url = \"x\"\ntitle = \"某某司法所普法网\"\n"),
            Lang::Zh
        );
        assert_eq!(lang("base_url = \"x\"\ntheme = \"pufa\"\n"), Lang::Zh);
        assert_eq!(lang("default_language = \"zh-CN\"\n"), Lang::Zh);
        // An English site with a Chinese translation (no `default_language`: Zola's `en`).
        assert_eq!(
            lang("base_url = \"x\"\ntitle = \"Blog\"\n[languages.zh]\ntitle = \"博客\"\n"),
            Lang::En
        );
        assert_eq!(
            lang("default_language = \"en\"\ntitle = \"博客\"\n"),
            Lang::En
        );
    }

    #[test]
    fn renders_in_english_without_root() {
        let d = Diagnostic::warning("a.md", 0, 0, Msg::new("警告", "careful"));
        assert_eq!(d.render(Lang::En, None), "a.md: warning: careful");
    }

    #[test]
    fn caret_counts_wide_characters_twice() {
        let d = Diagnostic::error("a.md", 1, 3, Msg::new("x", "x")).with_source_line("标题＝1");
        let text = d.render(Lang::Zh, None);
        assert!(text.ends_with("\n    |     ^"), "{text}");
    }

    #[test]
    fn source_lines_match_str_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        let text = "\u{feff}一\r\n二\n\n四\r\n";
        std::fs::write(&p, text).unwrap();
        let mut lines = SourceLines::default();
        for n in 1..=6 {
            let want = text
                .lines()
                .nth(n - 1)
                .map(|l| l.trim_start_matches('\u{feff}').to_string());
            assert_eq!(lines.line(&p, n), want, "line {n}");
        }
        assert_eq!(lines.line(&dir.path().join("none.md"), 1), None);
    }

    #[test]
    fn reads_source_line_from_file_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "+++\ntitle = 1\n+++\n").unwrap();
        let d = Diagnostic::error(&p, 2, 9, Msg::new("类型不对", "wrong type"));
        let text = d.render(Lang::En, Some(dir.path()));
        assert_eq!(
            text,
            "a.md:2:9: error: wrong type\n  2 | title = 1\n    |         ^"
        );
    }

    #[test]
    fn collector_sorts_counts_and_dedups() {
        let mut ds = Diagnostics::new(Lang::En);
        ds.push(Diagnostic::warning("b.md", 1, 1, Msg::new("w", "w")));
        ds.push(Diagnostic::error("a.md", 9, 1, Msg::new("e", "e")));
        ds.push(Diagnostic::error("a.md", 2, 1, Msg::new("e", "e")));
        ds.push(Diagnostic::error("a.md", 2, 1, Msg::new("e", "e")));
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
    fn a_message_repeated_in_many_files_is_printed_once() {
        let mut ds = Diagnostics::new(Lang::Zh);
        for f in ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md"] {
            ds.push(Diagnostic::error(
                f,
                0,
                0,
                Msg::new("模板错误：缺少 x", "template error"),
            ));
        }
        // The same message several times in two files: every place is shown.
        for l in [3, 9, 12] {
            ds.push(Diagnostic::error(
                "h.md",
                l,
                2,
                Msg::new("文中有手机号码 1", "mobile"),
            ));
            ds.push(Diagnostic::error(
                "i.md",
                l,
                2,
                Msg::new("文中有手机号码 1", "mobile"),
            ));
        }
        let text = ds.render_plain();
        assert_eq!(text.matches("模板错误：缺少 x").count(), 1, "{text}");
        assert!(
            text.contains("同样的问题共 7 处，在 7 个文件中：a.md、b.md、c.md、d.md、e.md 等"),
            "{text}"
        );
        assert_eq!(text.matches("文中有手机号码 1").count(), 6, "{text}");
        assert!(text.trim_end().ends_with("13 个错误，0 个警告"), "{text}");
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
