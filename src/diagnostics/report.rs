//! All diagnostics of a run: sorted, a message repeated in many files printed once, the
//! files that will not be published, and the counts and summary lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Lang, Msg, SourceLines};

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
