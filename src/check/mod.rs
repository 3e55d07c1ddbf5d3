//! `pufa check`: build in memory, then look for everything that should stop publishing.
//!
//! On top of every build error (front matter, templates, `@/` links), it checks the built
//! pages for broken internal links, anchors and assets, and the articles for personal data
//! ([`privacy`]), images without alt text, case articles missing their core parts, and pages
//! dated in the future. Each finding names the article's own file, line and column.

pub mod html;
pub mod links;
pub mod privacy;

use std::path::{Path, PathBuf};

use crate::article_kind::{ANALYSIS_HEADINGS, FACT_HEADINGS};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::site::{self, BuildOptions};

/// Runs every check and returns the findings (errors and warnings), sorted.
///
/// Every kind of problem is reported in one run: when the build itself fails (a broken `@/`
/// link, a template error), the articles are still read from `content/` and checked for
/// personal data, images without alt text, incomplete cases and future dates; only the
/// checks that need the built pages (links, anchors, assets) wait for a build that works.
pub fn check(opts: &BuildOptions, today: chrono::NaiveDate) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let built = site::build_in_memory(opts, &mut diags, None);
    let Some((site, out)) = built else {
        check_sources(opts, today, &mut diags);
        diags.sort();
        return diags;
    };
    let files = out.into_files();
    for d in links::check_links(&site, &files) {
        diags.push(d);
    }
    for page in site.library.pages.iter() {
        check_page(&site.root, page, today, &mut diags);
    }
    for section in site.library.sections.iter().filter(|s| !s.is_default) {
        check_article(&Article::section(&site.root, section), today, &mut diags);
    }
    diags.sort();
    diags
}

/// The article checks, on the source files, for a site whose build failed.
fn check_sources(opts: &BuildOptions, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    // The failed build has reported the config's problems already.
    let Some(config) = crate::config::Config::load(
        &opts.root,
        opts.config_file.as_deref(),
        &mut Diagnostics::default(),
    ) else {
        return;
    };
    let sources = crate::source::load(
        &opts.root.join("content"),
        &config.source_options(),
        &mut Diagnostics::default(),
    );
    for p in &sources.pages {
        if p.meta.draft && !opts.include_drafts {
            continue;
        }
        let article = Article {
            root: &opts.root,
            file: &p.file.path,
            raw: &p.body,
            body_line: p.body_line,
            kind: p.meta.kind.as_deref(),
            title: p.meta.title.as_deref(),
            description: p.meta.description.as_deref(),
            date: p.meta.datetime.map(|d| d.date_naive()),
            draft: p.meta.draft,
            file_text: None,
        };
        check_article(&article, today, diags);
    }
    for s in &sources.sections {
        if s.meta.draft && !opts.include_drafts {
            continue;
        }
        let article = Article {
            root: &opts.root,
            file: &s.file.path,
            raw: &s.body,
            body_line: s.body_line,
            kind: None,
            title: s.meta.title.as_deref(),
            description: s.meta.description.as_deref(),
            date: None,
            draft: s.meta.draft,
            file_text: None,
        };
        check_article(&article, today, diags);
    }
}

/// The findings as JSON, for tools: a list of objects with `path`, `line`, `col`,
/// `severity` (`error`/`warning`/`unpublished`), `message` (in the site's language),
/// `message_en`, `hint`. Files that will not be published come last, as `unpublished`.
pub fn to_json(diags: &Diagnostics) -> String {
    let lang = diags.lang();
    let mut list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d.path.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "col": d.col,
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": d.message.get(lang),
                "message_en": d.message.en,
                "hint": d.hint.as_ref().map(|h| h.get(lang).to_string()),
            })
        })
        .collect();
    for u in diags.unpublished() {
        list.push(serde_json::json!({
            "path": diags.relative(&u.path),
            "line": 0,
            "col": 0,
            "severity": "unpublished",
            "message": u.reason.get(lang),
            "message_en": u.reason.en,
            "hint": null,
        }));
    }
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// Line, column and line text (for the caret display) of byte offset `at` of an article
/// body whose first line is line `body_line` of its file.
pub fn place(text: &str, at: usize, body_line: usize) -> (usize, usize, String) {
    let (line, col, src) = crate::diagnostics::line_col(text, at, body_line);
    (line, col, src.to_string())
}

/// Finds the line and column of many offsets in one text in linear time overall: lines by
/// binary search over the line starts, columns counted on from the previous offset when it
/// is on the same line and before (as when offsets come in order).
pub struct Locator<'a> {
    text: &'a str,
    first_line: usize,
    newlines: Vec<usize>,
    /// (line index, byte offset, column) of the last answer.
    last: Option<(usize, usize, usize)>,
}

/// Where an offset is: 1-based line and column, the line's text and the offset in it.
pub struct Spot<'a> {
    pub line: usize,
    pub col: usize,
    pub line_text: &'a str,
    pub in_line: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Locator<'a> {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Locator {
            text,
            first_line,
            newlines,
            last: None,
        }
    }

    pub fn locate(&mut self, at: usize) -> Spot<'a> {
        let text = self.text;
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let idx = self.newlines.partition_point(|&n| n < at);
        let start = if idx == 0 {
            0
        } else {
            self.newlines[idx - 1] + 1
        };
        let end = self.newlines.get(idx).copied().unwrap_or(text.len());
        let col = match self.last {
            Some((l, prev, c)) if l == idx && prev <= at => c + text[prev..at].chars().count(),
            _ => text[start..at].chars().count() + 1,
        };
        self.last = Some((idx, at, col));
        let line_text = text[start..end].trim_end_matches('\r');
        Spot {
            line: self.first_line + idx,
            col,
            line_text,
            in_line: at - start,
        }
    }
}

/// What the article checks read, from a built page or section or from its source file.
pub struct Article<'a> {
    pub root: &'a Path,
    pub file: &'a Path,
    pub raw: &'a str,
    pub body_line: usize,
    pub kind: Option<&'a str>,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub date: Option<chrono::NaiveDate>,
    pub draft: bool,
    /// The whole file's text when it is not (yet) on disk as checked: the editor's unsaved
    /// text. Front-matter findings are placed in it instead of in the file.
    pub file_text: Option<&'a str>,
}

impl<'a> Article<'a> {
    fn section(root: &'a Path, s: &'a crate::content::Section) -> Article<'a> {
        Article {
            root,
            file: &s.file.path,
            raw: &s.raw_content,
            body_line: s.body_line,
            kind: None,
            title: s.meta.title.as_deref(),
            description: s.meta.description.as_deref(),
            date: None,
            draft: s.meta.draft,
            file_text: None,
        }
    }
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// One finding in an article body, before its place is known.
struct BodyFinding {
    at: usize,
    error: bool,
    message: Msg,
    hint: Msg,
}

/// The checks of one page's text.
pub fn check_page(root: &Path, page: &Page, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    check_page_text(root, page, None, today, diags);
}

/// The checks of one page whose file text may not be saved yet (the editor's preview):
/// front-matter findings are placed in `file_text` when given.
pub fn check_page_text(
    root: &Path,
    page: &Page,
    file_text: Option<&str>,
    today: chrono::NaiveDate,
    diags: &mut Diagnostics,
) {
    let article = Article {
        root,
        file: &page.file.path,
        raw: &page.raw_content,
        body_line: page.body_line,
        kind: page.meta.kind.as_deref(),
        title: page.meta.title.as_deref(),
        description: page.meta.description.as_deref(),
        date: page.meta.datetime.map(|d| d.date_naive()),
        draft: page.meta.draft,
        file_text,
    };
    check_article(&article, today, diags);
}

pub fn check_article(a: &Article, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    let text: &str = a.raw;
    let path = rel(a.root, a.file);
    let is_case = a.kind == Some("case");

    let mut body: Vec<BodyFinding> = Vec::new();
    let mut findings = privacy::find_numbers(text);
    if is_case {
        findings.extend(privacy::find_full_names(text));
    }
    for f in findings {
        let (message, hint) = f.kind.message(&f.text);
        body.push(BodyFinding {
            at: f.start,
            error: true,
            message,
            hint,
        });
    }
    for (at, what) in images_without_alt(text) {
        body.push(BodyFinding {
            at,
            error: false,
            message: Msg::new(
                format!("图片缺少替代文字（alt）：{what}"),
                format!("image without alt text: {what}"),
            ),
            hint: Msg::new(
                "请在 ![ ] 的方括号里写一句图片说明，方便视障读者使用读屏软件。",
                "Describe the image inside ![ ] for screen-reader users.",
            ),
        });
    }
    body.sort_by_key(|f| f.at);
    let mut locator = Locator::new(text, a.body_line);
    for f in body {
        let spot = locator.locate(f.at);
        let make = if f.error {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        diags.push(
            make(&path, spot.line, spot.col, f.message)
                .with_hint(f.hint)
                .with_source_excerpt(spot.line_text, spot.in_line),
        );
    }

    // Personal data in the title and description: published in the page, every list and
    // the feeds. Reported at the front-matter line that sets it.
    for (key, value) in [("title", a.title), ("description", a.description)] {
        let Some(value) = value else { continue };
        let mut found = privacy::find_numbers(value);
        if is_case {
            found.extend(privacy::find_full_names(value));
        }
        if found.is_empty() {
            continue;
        }
        let place = key_line(a.file, a.file_text, key);
        for f in found {
            let (message, hint) = f.kind.message(&f.text);
            let (line, col, src) = match &place {
                Some((line, src)) => {
                    let col = src
                        .find(&f.text)
                        .map(|i| src[..i].chars().count() + 1)
                        .unwrap_or(1);
                    (*line, col, src.clone())
                }
                None => (1, 1, String::new()),
            };
            let where_zh = if key == "title" { "标题" } else { "摘要" };
            diags.push(
                Diagnostic::error(
                    &path,
                    line,
                    col,
                    Msg::new(
                        format!("{where_zh}（{key}）中：{}", message.zh),
                        format!("in the {key}: {}", message.en),
                    ),
                )
                .with_hint(hint)
                .with_source_line(src),
            );
        }
    }

    if is_case {
        let headings = markdown_headings(text);
        for (part, names) in [
            (Msg::new("基本案情", "the facts"), FACT_HEADINGS),
            (
                Msg::new("法官说法", "the judge's analysis"),
                ANALYSIS_HEADINGS,
            ),
        ] {
            if !headings.iter().any(|h| names.iter().any(|n| h.contains(n))) {
                diags.push(
                    Diagnostic::warning(
                        &path,
                        a.body_line,
                        1,
                        Msg::new(
                            format!("以案释法文章缺少“{}”部分", part.zh),
                            format!("case article has no part for {}", part.en),
                        ),
                    )
                    .with_hint(Msg::new(
                        "请加一个二级标题，如“## 基本案情”“## 法官说法”。",
                        "Add a heading such as “## 基本案情” or “## 法官说法”.",
                    )),
                );
            }
        }
    }

    if let Some(date) = a.date {
        if date > today && !a.draft {
            let (line, src) = key_line(a.file, a.file_text, "date").unwrap_or((1, String::new()));
            diags.push(
                Diagnostic::warning(
                    &path,
                    line,
                    1,
                    Msg::new(
                        format!("文章日期 {date} 还没到，却不是草稿"),
                        format!("the page is dated in the future ({date}) but is not a draft"),
                    ),
                )
                .with_hint(Msg::new(
                    "如果还不想发布，请在头部加 draft = true；否则请改正日期。",
                    "Add draft = true if it is not ready, or correct the date.",
                ))
                .with_source_line(src),
            );
        }
    }
}

/// The text of every heading of a Markdown body.
fn markdown_headings(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    for e in Parser::new_ext(md, opts) {
        match e {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The file line where front-matter `key` is set (`date = …` / `date: …`), and its text.
/// Only the front matter is searched (up to its closing `+++` / `---`). The file is read
/// unless its text is given.
fn key_line(path: &Path, text: Option<&str>, key: &str) -> Option<(usize, String)> {
    let text = match text {
        Some(t) => t.to_string(),
        None => crate::source::read_text_file(path).ok()?,
    };
    let mut fences = 0;
    text.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with("+++") || t.starts_with("---") {
            fences += 1;
        }
        if fences >= 2 {
            return None;
        }
        t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(['=', ':', '＝', '：']))
            .then(|| (i + 1, l.to_string()))
    })
}

/// `![](x.png)` and `<img …>` without a non-empty `alt`, with their byte offsets. Linear in
/// the text: the next `](`, line end and `>` are found once and reused.
pub fn images_without_alt(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut next_close: Option<usize> = None;
    let mut next_nl: Option<usize> = None;
    while let Some(i) = text[from..].find("![") {
        let at = from + i;
        from = at + 2;
        let close = match next_close {
            Some(c) if c >= at + 2 => Some(c),
            Some(_) | None => text[at + 2..].find("](").map(|c| at + 2 + c),
        };
        next_close = close;
        let Some(close) = close else { break };
        // The alt text is on one line: a `](` after the line's end belongs to another image.
        let nl = match next_nl {
            Some(n) if n >= at + 2 => n,
            _ => text[at + 2..].find('\n').map_or(text.len(), |n| at + 2 + n),
        };
        next_nl = Some(nl);
        if nl < close {
            continue;
        }
        let alt = &text[at + 2..close];
        let undescribed =
            alt.trim().is_empty() || alt.trim() == crate::article_kind::ALT_PLACEHOLDER;
        if undescribed {
            let target: String = text[close + 2..]
                .chars()
                .take_while(|c| *c != ')' && *c != '\n')
                .take(200)
                .collect();
            out.push((at, target));
        }
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    let mut next_gt: Option<usize> = None;
    while let Some(i) = lower[from..].find("<img") {
        let at = from + i;
        from = at + 4;
        let end = match next_gt {
            Some(g) if g > at => g,
            _ => lower[at..].find('>').map(|e| at + e).unwrap_or(lower.len()),
        };
        next_gt = Some(end);
        let mut tag_end = end.min(at + 4096);
        while !lower.is_char_boundary(tag_end) {
            tag_end -= 1;
        }
        let tag = &lower[at..tag_end];
        let has_alt = tag
            .find("alt=")
            .map(|a| {
                let v = &tag[a + 4..];
                !(v.starts_with("\"\"") || v.starts_with("''"))
            })
            .unwrap_or(false);
        if !has_alt {
            let mut cut = end.min(at + 60);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push((at, text[at..cut].to_string()));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_the_file_start() {
        let body = "第一行\n身份证 11010519491231002X\n";
        let at = body.find("110").unwrap();
        assert_eq!(
            place(body, at, 5),
            (6, 5, "身份证 11010519491231002X".to_string())
        );
    }

    #[test]
    fn images_without_alt_are_found() {
        let md =
            "![](a.png) ![示意图](b.png)\n<img src=\"c.png\"> <img alt=\"说明\" src=\"d.png\">";
        let found: Vec<String> = images_without_alt(md).into_iter().map(|x| x.1).collect();
        assert_eq!(
            found,
            vec!["a.png".to_string(), "<img src=\"c.png\"".to_string()]
        );
    }
}
