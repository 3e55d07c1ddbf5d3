//! The document model of a .docx → a Markdown body, its title and its images.
//!
//! Word files from publicity staff rarely use heading styles consistently, so besides real
//! heading styles a short, all-bold paragraph numbered the Chinese way (`一、`, `（一）`,
//! `1.`) is taken as a heading. The first heading (or a leading bold line) is the title;
//! the remaining headings are shifted so the highest becomes `##`. For case articles the
//! usual variants of the part headings are renamed to the canonical parts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::docx::{Block, Document, Inline, Para};
use crate::article_kind::{ALT_PLACEHOLDER, CASE_PARTS};

/// A converted article body.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub title: Option<String>,
    pub body: String,
    /// Images to write beside the article: (file name, relationship id).
    pub images: Vec<(String, String)>,
}

/// Longest paragraph taken as a faked heading.
const MAX_FAKE_HEADING: usize = 30;

/// Converts the document. `case` renames the usual case headings to the canonical parts.
pub fn convert(doc: &Document, case: bool) -> Converted {
    // Headings first, with their levels, so the title and the level shift are known.
    let mut levels: Vec<Option<u8>> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => heading_level(p, case),
            Block::Table(_) => None,
        })
        .collect();
    let mut title = None;
    let first_content = doc.blocks.iter().position(|b| match b {
        Block::Para(p) => !p.plain().trim().is_empty(),
        Block::Table(_) => true,
    });
    if let Some(i) = first_content {
        if let Block::Para(p) = &doc.blocks[i] {
            let text = p.plain().trim().to_string();
            let leading_bold_line = p.all_bold()
                && p.list.is_none()
                && text.chars().count() <= 60
                && levels[i].is_none()
                && !is_case_part(&text);
            if (levels[i].is_some() && !(case && is_case_part(&text))) || leading_bold_line {
                title = Some(text);
                levels[i] = Some(0);
            }
        }
    }
    let top = levels
        .iter()
        .flatten()
        .copied()
        .filter(|l| *l > 0)
        .min()
        .unwrap_or(2);

    let mut images: Vec<(String, String)> = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = String::new();
    let mut in_list = false;
    for (block, level) in doc.blocks.iter().zip(&levels) {
        match block {
            Block::Para(p) => {
                if *level == Some(0) {
                    continue;
                }
                let text = inlines(&p.inlines, doc, &mut images, &mut names);
                if text.trim().is_empty() {
                    continue;
                }
                if let Some((ordered, depth)) = p.list.filter(|_| level.is_none()) {
                    if !in_list && !out.is_empty() {
                        out.push('\n');
                    }
                    in_list = true;
                    let marker = if ordered { "1." } else { "-" };
                    let indent = "   ".repeat(usize::from(depth));
                    let _ = writeln!(out, "{indent}{marker} {}", text.trim());
                    continue;
                }
                if in_list {
                    in_list = false;
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                match level {
                    Some(l) => {
                        let hashes = "#".repeat(usize::from((l + 2 - top).clamp(2, 6)));
                        let plain = p.plain();
                        let heading = if case {
                            case_part(&plain)
                                .map(str::to_string)
                                .unwrap_or_else(|| plain.trim().to_string())
                        } else {
                            plain.trim().to_string()
                        };
                        let _ = writeln!(out, "{hashes} {}", escape_line_start(&heading));
                    }
                    None => {
                        let _ = writeln!(out, "{}", escape_line_start(text.trim()));
                    }
                }
            }
            Block::Table(rows) => {
                in_list = false;
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&table(rows, doc, &mut images, &mut names));
            }
        }
    }
    let mut notes: Vec<(&String, &String)> = doc.footnotes.iter().collect();
    notes.sort_by_key(|(id, _)| id.parse::<i64>().unwrap_or(i64::MAX));
    let used: Vec<(&String, &String)> = notes
        .into_iter()
        .filter(|(id, _)| out.contains(&format!("[^{id}]")))
        .collect();
    if !used.is_empty() {
        out.push('\n');
        for (id, text) in used {
            let _ = writeln!(out, "[^{id}]: {}", escape_inline(text));
        }
    }
    Converted {
        title,
        body: out,
        images,
    }
}

/// Heading level of a paragraph: its style, or a faked heading (short, all bold, numbered
/// 一、/（一）/1.), or for a case a bold line naming one of the parts.
fn heading_level(p: &Para, case: bool) -> Option<u8> {
    if let Some(l) = p.heading {
        return Some(l);
    }
    let text = p.plain();
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_FAKE_HEADING || !p.all_bold() {
        return None;
    }
    if let Some(l) = numbering_level(text) {
        return Some(l);
    }
    (case && case_part(text).is_some()).then_some(2)
}

/// `一、` → 2, `（一）` → 3, `1.` / `1、` → 4 (as Markdown levels of a body heading).
pub fn numbering_level(text: &str) -> Option<u8> {
    const NUMERALS: &str = "一二三四五六七八九十百";
    let head: String = text.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    if !head.is_empty() && text[head.len()..].starts_with(['、', '．', '.']) {
        return Some(2);
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = text.strip_prefix(open) {
            let n: String = rest.chars().take_while(|c| NUMERALS.contains(*c)).collect();
            if !n.is_empty() && rest[n.len()..].starts_with(close) {
                return Some(3);
            }
        }
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let mut after = text[digits.len()..].chars();
    let separator = after.next().is_some_and(|c| matches!(c, '.' | '、' | '．'));
    // `2023.5.1` is a date, not the numbering of a heading.
    let then_digit = after.next().is_some_and(|c| c.is_ascii_digit());
    if !digits.is_empty() && digits.len() <= 2 && separator && !then_digit {
        return Some(4);
    }
    None
}

/// The heading without its numbering and trailing colon: `一、案情简介：` → `案情简介`.
fn strip_numbering(text: &str) -> &str {
    let t = text.trim();
    let t = match t.find(['、', '）', ')']) {
        Some(i) if numbering_level(t).is_some() => &t[i..],
        _ => t,
    };
    t.trim_start_matches(['、', '）', ')', '.', '．'])
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
}

/// The canonical case part a heading names, if any.
pub fn case_part(heading: &str) -> Option<&'static str> {
    let h = strip_numbering(heading);
    CASE_PARTS
        .iter()
        .find(|p| p.variants.contains(&h))
        .or_else(|| {
            CASE_PARTS.iter().find(|p| {
                p.variants
                    .iter()
                    .any(|v| v.chars().count() >= 4 && h.contains(v))
            })
        })
        .map(|p| p.heading)
}

fn is_case_part(text: &str) -> bool {
    case_part(text).is_some()
}

fn inlines(
    list: &[Inline],
    doc: &Document,
    images: &mut Vec<(String, String)>,
    names: &mut BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    for i in list {
        match i {
            Inline::Text { text, bold, italic } => {
                let t = escape_inline(text);
                let core = t.trim();
                if core.is_empty() || (!bold && !italic) {
                    out.push_str(&t);
                    continue;
                }
                let mark = match (bold, italic) {
                    (true, true) => "***",
                    (true, false) => "**",
                    _ => "*",
                };
                let lead = &t[..t.len() - t.trim_start().len()];
                let trail = &t[t.trim_end().len()..];
                let _ = write!(out, "{lead}{mark}{core}{mark}{trail}");
            }
            Inline::Link { text, url } => {
                let _ = write!(out, "[{}](<{url}>)", escape_inline(text.trim()));
            }
            Inline::Image { rid, alt } => {
                let Some((file, _)) = doc.media.get(rid) else {
                    continue;
                };
                let name = names
                    .entry(rid.clone())
                    .or_insert_with(|| {
                        let name = file.clone();
                        images.push((name.clone(), rid.clone()));
                        name
                    })
                    .clone();
                let alt = if alt.is_empty() {
                    ALT_PLACEHOLDER.to_string()
                } else {
                    escape_inline(alt).replace(['[', ']'], "")
                };
                let _ = write!(out, "![{alt}]({name})");
            }
            Inline::Footnote(id) => {
                let _ = write!(out, "[^{id}]");
            }
            Inline::Break => out.push_str("\\\n"),
        }
    }
    // Adjacent runs of the same formatting that Word split leave `****` behind.
    out.replace("****", "").replace("\\\n\\\n", "\\\n")
}

fn table(
    rows: &[Vec<Vec<Inline>>],
    doc: &Document,
    images: &mut Vec<(String, String)>,
    names: &mut BTreeMap<String, String>,
) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row
                .get(c)
                .map(|cell| inlines(cell, doc, images, names))
                .unwrap_or_default();
            let cell = cell.replace("\\\n", "<br>").replace('\n', " ");
            let _ = write!(out, " {} |", cell.trim().replace('|', "\\|"));
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out
}

/// Escapes characters that would turn plain text into Markdown or template syntax.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a line start that Markdown would read as a heading, quote or list item.
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = &line[digits..];
    if line.starts_with(['#', '>', '-', '+', '=']) {
        format!("\\{line}")
    } else if digits > 0 && (after_digits.starts_with(". ") || after_digits.starts_with(") ")) {
        format!("{}\\{after_digits}", &line[..digits])
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbering_levels() {
        assert_eq!(numbering_level("一、基本案情"), Some(2));
        assert_eq!(numbering_level("十二、其他"), Some(2));
        assert_eq!(numbering_level("（一）借款事实"), Some(3));
        assert_eq!(numbering_level("(二)还款"), Some(3));
        assert_eq!(numbering_level("1. 第一点"), Some(4));
        assert_eq!(numbering_level("3、注意"), Some(4));
        assert_eq!(numbering_level("2023.5.1 发生"), None);
        assert_eq!(numbering_level("一般情况下"), None);
    }

    #[test]
    fn case_heading_variants_map_to_parts() {
        assert_eq!(case_part("一、案情简介："), Some("基本案情"));
        assert_eq!(case_part("案情回顾"), Some("基本案情"));
        assert_eq!(case_part("（二）律师说法"), Some("法官说法"));
        assert_eq!(case_part("以案释法"), Some("法官说法"));
        assert_eq!(case_part("法院判决结果"), Some("裁判结果"));
        assert_eq!(case_part("法条链接"), Some("相关法条"));
        assert_eq!(case_part("法官提醒"), Some("温馨提示"));
        assert_eq!(case_part("一、借款经过"), None);
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        assert_eq!(
            escape_inline("a*b_[c]{{x}}"),
            "a\\*b\\_\\[c\\]\\{\\{x\\}\\}"
        );
        assert_eq!(escape_line_start("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape_line_start("2023. 年"), "2023\\. 年");
        assert_eq!(escape_line_start("普通"), "普通");
    }
}
