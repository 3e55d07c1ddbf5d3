//! `pufa check`: build in memory, then look for everything that should stop publishing.
//!
//! On top of every build error (front matter, templates, `@/` links), it checks the built
//! pages for broken internal links, anchors and assets, and the articles for personal data
//! ([`privacy`]), images without alt text, case articles missing their core parts, and pages
//! dated in the future. Each finding names the article's own file, line and column.

pub mod links;
pub mod privacy;

use std::path::Path;

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{self, BuildOptions};

/// Runs every check and returns the findings (errors and warnings), sorted.
pub fn check(opts: &BuildOptions, today: chrono::NaiveDate) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some((site, out)) = site::build_in_memory(opts, &mut diags, None) else {
        diags.sort();
        return diags;
    };
    let files = out.into_files();
    for d in links::check_links(&site, &files) {
        diags.push(d);
    }
    for page in site.library.pages.iter() {
        check_article(&site.root, page, today, &mut diags);
    }
    diags.sort();
    diags
}

/// The findings as JSON, for tools: a list of objects with `path`, `line`, `col`,
/// `severity` (`error`/`warning`), `message` (in the site's language), `message_en`, `hint`.
pub fn to_json(diags: &Diagnostics) -> String {
    let lang = diags.lang();
    let list: Vec<serde_json::Value> = diags
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
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// Line, column and line text (for the caret display) of byte offset `at` of an article
/// body whose first line is line `body_line` of its file.
pub fn place(text: &str, at: usize, body_line: usize) -> (usize, usize, String) {
    let (line, col, src) = crate::diagnostics::line_col(text, at, body_line);
    (line, col, src.to_string())
}

fn rel(root: &Path, p: &Path) -> std::path::PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// The checks of one article's text (also the editor's preview).
pub fn check_article(root: &Path, page: &Page, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    let text: &str = &page.raw_content;
    let path = rel(root, &page.file.path);
    let body_line = page.body_line;

    let mut findings = privacy::find_numbers(text);
    if page.meta.kind.as_deref() == Some("case") {
        findings.extend(privacy::find_full_names(text));
    }
    for f in findings {
        let (line, col, src) = place(text, f.start, body_line);
        let (zh, en, hint_zh, hint_en) = f.kind.message(&f.text);
        diags.push(
            Diagnostic::error(&path, line, col, zh, en, Some((hint_zh, hint_en)))
                .with_source_line(src),
        );
    }

    for (at, what) in images_without_alt(text) {
        let (line, col, src) = place(text, at, body_line);
        diags.push(
            Diagnostic::warning(
                &path,
                line,
                col,
                format!("图片缺少替代文字（alt）：{what}"),
                format!("image without alt text: {what}"),
                Some((
                    "请在 ![ ] 的方括号里写一句图片说明，方便视障读者使用读屏软件。",
                    "Describe the image inside ![ ] for screen-reader users.",
                )),
            )
            .with_source_line(src),
        );
    }

    if page.meta.kind.as_deref() == Some("case") {
        let headings: Vec<String> = crate::markdown::toc::titles(&page.rendered.toc);
        for (part_zh, part_en, names) in [
            ("基本案情", "the facts", FACT_HEADINGS),
            ("法官说法", "the judge's analysis", ANALYSIS_HEADINGS),
        ] {
            if !headings.iter().any(|h| names.iter().any(|n| h.contains(n))) {
                diags.push(Diagnostic::warning(
                    &path,
                    page.body_line,
                    1,
                    format!("以案释法文章缺少“{part_zh}”部分"),
                    format!("case article has no part for {part_en}"),
                    Some((
                        "请加一个二级标题，如“## 基本案情”“## 法官说法”。",
                        "Add a heading such as “## 基本案情” or “## 法官说法”.",
                    )),
                ));
            }
        }
    }

    if let Some(date) = page.meta.datetime.map(|d| d.date_naive()) {
        if date > today && !page.meta.draft {
            let (line, src) = key_line(&page.file.path, "date").unwrap_or((1, String::new()));
            diags.push(
                Diagnostic::warning(
                    &path,
                    line,
                    1,
                    format!("文章日期 {date} 还没到，却不是草稿"),
                    format!("the page is dated in the future ({date}) but is not a draft"),
                    Some((
                        "如果还不想发布，请在头部加 draft = true；否则请改正日期。",
                        "Add draft = true if it is not ready, or correct the date.",
                    )),
                )
                .with_source_line(src),
            );
        }
    }
}

/// The file line where front-matter `key` is set (`date = …` / `date: …`), and its text.
fn key_line(path: &Path, key: &str) -> Option<(usize, String)> {
    let text = crate::source::read_text_file(path).ok()?;
    text.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start();
        t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(['=', ':', '＝', '：']))
            .then(|| (i + 1, l.to_string()))
    })
}

/// One canonical part of a case article (以案释法) and the headings writers use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CasePart {
    /// `facts`, `issue`, `result`, `analysis`, `law`, `tips`.
    pub key: &'static str,
    /// The heading `pufa new case` writes.
    pub heading: &'static str,
    /// Headings that mean this part, the canonical one first.
    pub variants: &'static [&'static str],
}

/// The six parts of a case article, in their usual order.
pub const CASE_PARTS: &[CasePart] = &[
    CasePart {
        key: "facts",
        heading: "基本案情",
        variants: FACT_HEADINGS,
    },
    CasePart {
        key: "issue",
        heading: "争议焦点",
        variants: &["争议焦点", "焦点问题", "本案焦点", "争议问题", "案件焦点"],
    },
    CasePart {
        key: "result",
        heading: "裁判结果",
        variants: &[
            "裁判结果",
            "判决结果",
            "处理结果",
            "审理结果",
            "调解结果",
            "裁判要旨",
            "判决",
            "结果",
        ],
    },
    CasePart {
        key: "analysis",
        heading: "法官说法",
        variants: ANALYSIS_HEADINGS,
    },
    CasePart {
        key: "law",
        heading: "相关法条",
        variants: &[
            "相关法条",
            "法律依据",
            "法条链接",
            "法律条文",
            "相关法律规定",
            "相关法律",
            "法条",
        ],
    },
    CasePart {
        key: "tips",
        heading: "温馨提示",
        variants: &[
            "温馨提示",
            "法官提醒",
            "普法提示",
            "特别提醒",
            "法官提示",
            "律师提醒",
            "提示",
            "提醒",
        ],
    },
];

/// Headings that name a case's facts, and its analysis, in the ways writers title them.
pub const FACT_HEADINGS: &[&str] = &[
    "基本案情",
    "案情简介",
    "案情回顾",
    "案件事实",
    "案情介绍",
    "案情概要",
    "案情",
];
pub const ANALYSIS_HEADINGS: &[&str] = &[
    "法官说法",
    "以案释法",
    "律师说法",
    "法官释法",
    "检察官说法",
    "案例评析",
    "法律分析",
    "案例分析",
    "说法",
    "评析",
];

/// `![](x.png)` and `<img …>` without a non-empty `alt`, with their byte offsets.
pub fn images_without_alt(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("![") {
        let at = from + i;
        from = at + 2;
        let rest = &text[at + 2..];
        if let Some(close) = rest.find("](") {
            let alt = &rest[..close];
            let undescribed = alt.trim().is_empty() || alt.trim() == crate::import::ALT_PLACEHOLDER;
            if undescribed && !alt.contains('\n') {
                let target: String = rest[close + 2..]
                    .chars()
                    .take_while(|c| *c != ')')
                    .collect();
                out.push((at, target));
            }
        }
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let at = from + i;
        from = at + 4;
        let end = lower[at..].find('>').map(|e| at + e).unwrap_or(lower.len());
        let tag = &lower[at..end];
        let has_alt = tag
            .find("alt=")
            .map(|a| {
                let v = &tag[a + 4..];
                !(v.starts_with("\"\"") || v.starts_with("''"))
            })
            .unwrap_or(false);
        if !has_alt {
            out.push((at, text[at..end.min(at + 60)].to_string()));
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
