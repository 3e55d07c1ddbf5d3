//! One law as Markdown pages: its articles placed in its structure (编, 章, 节), one page when it
//! is short, else an overview and one page per part (split by 编, 章, 节 or runs of articles, each
//! at most [`PART_MAX`]); the facts table, headings and anchors, TOML front matter.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::super::{dict, numerals};
use super::{Amended, ArticleRow, LawRow, BOOKS, MARKER};

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// `2021-06-10` → `2021年6月10日`; `None` for anything else.
fn cn_date(s: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(d.format("%Y年%-m月%-d日").to_string())
}

/// An article placed in the law's structure (编, 章, 节), with its Markdown.
struct Placed<'a> {
    levels: [Option<&'a str>; 3],
    /// `(number, sub)` when the label is a regular `第…条`.
    number: Option<(u32, Option<u32>)>,
    md: String,
}

/// A page of a split law: the headings it covers (outermost first) and its articles.
struct Part<'a> {
    path: Vec<String>,
    slug: String,
    items: &'a [Placed<'a>],
    /// How many structure levels the path fixes (the rest become headings in the page).
    depth: usize,
}

/// Places every article under its 编/章/节 and renders its paragraph(s).
fn place<'a>(law: &LawRow, articles: &'a [ArticleRow]) -> Vec<Placed<'a>> {
    let books = BOOKS
        .iter()
        .find(|(n, _)| *n == law.name)
        .map(|(_, b)| *b)
        .unwrap_or(&[]);
    articles
        .iter()
        .map(|a| {
            let parsed = numerals::parse_article_label(&a.label);
            let number = parsed
                .map(|(n, _)| n)
                .or(a.arabic.and_then(|n| u32::try_from(n).ok()));
            let book = number.and_then(|n| books.iter().find(|b| (b.0..=b.1).contains(&n)));
            let (chapter, section) = match book {
                Some(b) if !b.3 => (None, None),
                _ => (a.chapter.as_deref(), a.section.as_deref()),
            };
            Placed {
                levels: [book.map(|b| b.2), chapter, section],
                number: parsed,
                md: article_md(a, parsed),
            }
        })
        .collect()
}

fn article_md(a: &ArticleRow, parsed: Option<(u32, Option<u32>)>) -> String {
    let mut out = String::from("\n");
    match parsed {
        Some((n, sub)) => {
            let _ = write!(
                out,
                "<a id=\"{}\"></a>**{}**",
                numerals::anchor(n, sub),
                numerals::article_label(n, sub)
            );
        }
        None => {
            let _ = write!(out, "**{}**", escape_md(&a.label));
        }
    }
    let mut lines = a.text.lines().map(str::trim).filter(|l| !l.is_empty());
    if let Some(first) = lines.next() {
        let _ = writeln!(out, " {}", escape_md(first));
    } else {
        out.push('\n');
    }
    for l in lines {
        let _ = write!(out, "\n{}\n", escape_md(l));
    }
    out
}

/// The articles with a heading wherever the 编/章/节 changes; levels above `depth` are fixed
/// by the page and get no heading. The first printed level is `##`.
fn render_articles(out: &mut String, items: &[Placed], depth: usize) {
    let has_books = items.iter().any(|p| p.levels[0].is_some());
    let top = if has_books { depth } else { depth.max(1) };
    let mut open: [Option<&str>; 3] = [None; 3];
    for p in items {
        for d in depth..3 {
            if p.levels[d].is_some() && p.levels[d] != open[d] {
                open[d] = p.levels[d];
                open[d + 1..].fill(None);
                let _ = write!(
                    out,
                    "\n{} {}\n",
                    "#".repeat(2 + d - top),
                    escape_md(p.levels[d].unwrap_or_default())
                );
            }
        }
        out.push_str(&p.md);
    }
}

fn body_len(items: &[Placed]) -> usize {
    items.iter().map(|p| p.md.len()).sum()
}

/// Laws whose Markdown is longer than this are split into an overview and parts.
pub const SPLIT_ABOVE: usize = 40 * 1024;
/// The most Markdown one part holds (about 75 KB of HTML once rendered).
pub const PART_MAX: usize = 60 * 1024;

/// Splits a big law: one part per 编 when the 编 fits in [`PART_MAX`], else one per 章, else
/// one per 节, else runs of articles.
fn plan_parts<'a>(items: &'a [Placed<'a>]) -> Vec<Part<'a>> {
    let has_books = items.iter().any(|p| p.levels[0].is_some());
    let mut parts = Vec::new();
    split(items, if has_books { 0 } else { 1 }, &[], &mut parts);
    let mut seen = std::collections::HashSet::new();
    for p in &mut parts {
        let base = p.slug.clone();
        let mut k = 2;
        while !seen.insert(p.slug.clone()) {
            p.slug = format!("{base}-{k}");
            k += 1;
        }
    }
    parts
}

fn split<'a>(items: &'a [Placed<'a>], depth: usize, path: &[String], out: &mut Vec<Part<'a>>) {
    let mut start = 0;
    while start < items.len() {
        let key = items[start].levels[depth];
        let len = items[start..]
            .iter()
            .take_while(|p| p.levels[depth] == key)
            .count();
        let group = &items[start..start + len];
        start += len;
        let mut sub_path = path.to_vec();
        if let Some(k) = key {
            sub_path.push(k.to_string());
        }
        let has_children = depth < 2 && group.iter().any(|p| p.levels[depth + 1].is_some());
        if body_len(group) <= PART_MAX {
            let slug = path_slug(&sub_path);
            out.push(Part {
                path: sub_path,
                slug,
                items: group,
                depth: depth + 1,
            });
        } else if has_children {
            split(group, depth + 1, &sub_path, out);
        } else {
            chunk(group, &sub_path, depth + 1, out);
        }
    }
}

/// Runs of articles of at most [`PART_MAX`], for a 章 or 节 too big for one page.
fn chunk<'a>(items: &'a [Placed<'a>], path: &[String], depth: usize, out: &mut Vec<Part<'a>>) {
    let mut start = 0;
    while start < items.len() {
        let mut end = start;
        let mut size = 0;
        while end < items.len() && (end == start || size + items[end].md.len() <= PART_MAX) {
            size += items[end].md.len();
            end += 1;
        }
        let group = &items[start..end];
        let first = group.iter().find_map(|p| p.number).map_or(0, |(n, _)| n);
        let base = path_slug(path);
        let mut p = path.to_vec();
        p.push(range_label(group));
        out.push(Part {
            path: p,
            slug: format!("{base}-{first}"),
            items: group,
            depth,
        });
        start = end;
    }
}

/// `bian-7-zhang-1` for `["第七编 侵权责任", "第一章 一般规定"]`; `tiao` for articles outside
/// any 编 or 章.
fn path_slug(path: &[String]) -> String {
    if path.is_empty() {
        return "tiao".to_string();
    }
    path.iter()
        .map(|h| heading_slug(h))
        .collect::<Vec<_>>()
        .join("-")
}

/// `第七编 侵权责任` → `bian-7`, `第十二章 …` → `zhang-12`, `附则` → `fu-ze`.
fn heading_slug(h: &str) -> String {
    let head = h.split_whitespace().next().unwrap_or(h);
    if let Some(rest) = head.strip_prefix('第') {
        for (unit, word) in [('编', "bian"), ('章', "zhang"), ('节', "jie")] {
            if let Some(n) = rest.strip_suffix(unit).and_then(numerals::parse) {
                return format!("{word}-{n}");
            }
        }
    }
    slug::slugify(h)
}

/// `第一条至第十二条` for the articles of a part.
fn range_label(items: &[Placed]) -> String {
    let mut numbers = items.iter().filter_map(|p| p.number);
    match (numbers.next(), numbers.next_back()) {
        (Some((a, s)), Some((b, t))) => format!(
            "{}至{}",
            numerals::article_label(a, s),
            numerals::article_label(b, t)
        ),
        (Some((a, s)), None) => numerals::article_label(a, s),
        _ => String::new(),
    }
}

/// The front matter lines shared by a law's page and overview: `title`, `description`.
fn title_and_description(out: &mut String, law: &LawRow) {
    let _ = writeln!(out, "title = {}", toml_str(&law.name));
    // Dates as readers write them (2021年6月10日), not ISO: the description shows in lists.
    let mut desc = format!("{}公布", law.issuing_body);
    if let Some(d) = cn_date(&law.publish_date) {
        desc = format!("{}{d}公布", law.issuing_body);
    }
    if let Some(d) = cn_date(&law.effective_date) {
        let _ = write!(desc, "，{d}起施行");
    }
    let _ = write!(desc, "。{}。", law.status);
    let _ = writeln!(out, "description = {}", toml_str(&desc));
}

/// The `[extra.law]` table of a law's page or overview.
fn law_table(out: &mut String, law: &LawRow, items: &[Placed], amended: &Amended) {
    let short = dict::auto_short(&law.name).unwrap_or(&law.name);
    out.push_str("\n[extra.law]\n");
    let _ = writeln!(out, "name = {}", toml_str(&law.name));
    let _ = writeln!(out, "short_names = [{}]", toml_str(short));
    for (k, v) in [
        ("status", &law.status),
        ("doc_type", &law.doc_type),
        ("issuing_body", &law.issuing_body),
        ("publish_date", &law.publish_date),
        ("effective_date", &law.effective_date),
        ("version_date", &law.version_date),
    ] {
        let _ = writeln!(out, "{k} = {}", toml_str(v));
    }
    if let Some((_, date)) = amended.by.last() {
        let names: Vec<String> = amended.by.iter().map(|(n, _)| toml_str(n)).collect();
        let _ = writeln!(out, "amended_by = [{}]", names.join(", "));
        let _ = writeln!(out, "amended_on = {}", toml_str(date));
        if let Some(ns) = &amended.articles {
            let ns: Vec<String> = ns.iter().map(u32::to_string).collect();
            let _ = writeln!(out, "amended_articles = [{}]", ns.join(", "));
        }
    }
    let count = items.iter().filter(|p| p.number.is_some()).count();
    let _ = writeln!(out, "articles = {count}");
    if let Some(l) = items.iter().filter_map(|p| p.number).map(|(n, _)| n).max() {
        let _ = writeln!(out, "last_article = {l}");
    }
}

/// The Markdown page of a small law: all its articles on one page.
pub(super) fn render_page(law: &LawRow, articles: &[ArticleRow], amended: &Amended) -> String {
    let items = place(law, articles);
    let mut out = format!("+++\n{MARKER}\n");
    title_and_description(&mut out, law);
    if is_iso_date(&law.effective_date) {
        let _ = writeln!(out, "date = {}", law.effective_date);
    }
    out.push_str("template = \"law.html\"\n");
    law_table(&mut out, law, &items, amended);
    out.push_str("+++\n");
    render_articles(&mut out, &items, 0);
    out
}

/// The files of one law, relative to `content/laws/`: `<slug>.md` for a small law;
/// `<slug>/_index.md` (the overview) and one page per part for a law longer than
/// [`SPLIT_ABOVE`].
pub(super) fn render_law(
    law: &LawRow,
    articles: &[ArticleRow],
    slug: &str,
    amended: &Amended,
) -> Vec<(PathBuf, String)> {
    let items = place(law, articles);
    if body_len(&items) <= SPLIT_ABOVE {
        return vec![(
            PathBuf::from(format!("{slug}.md")),
            render_page(law, articles, amended),
        )];
    }
    let parts = plan_parts(&items);
    let short = dict::auto_short(&law.name).unwrap_or(&law.name);
    let dir = PathBuf::from(slug);

    let mut index = format!("+++\n{MARKER}\n");
    title_and_description(&mut index, law);
    index.push_str(
        "template = \"law.html\"\npage_template = \"law-part.html\"\nsort_by = \"weight\"\n",
    );
    law_table(&mut index, law, &items, amended);
    index.push_str("+++\n\n");
    // A nested list of the parts under their 编: the law's table of contents.
    let mut open: Vec<&str> = Vec::new();
    for p in &parts {
        let (last, ancestors) = p.path.split_last().map_or(("", &[][..]), |(l, a)| (l, a));
        let same = open
            .iter()
            .zip(ancestors)
            .take_while(|(a, b)| **a == b.as_str())
            .count();
        open.truncate(same);
        for a in &ancestors[same..] {
            let _ = writeln!(index, "{}- {}", "  ".repeat(open.len()), escape_md(a));
            open.push(a);
        }
        let _ = writeln!(
            index,
            "{}- [{}](@/laws/{slug}/{}.md)　{}",
            "  ".repeat(open.len()),
            escape_md(if last.is_empty() { short } else { last }),
            p.slug,
            range_label(p.items)
        );
    }
    let mut files = vec![(dir.join("_index.md"), index)];

    for (i, p) in parts.iter().enumerate() {
        let mut out = format!("+++\n{MARKER}\n");
        let _ = writeln!(
            out,
            "title = {}",
            toml_str(&format!("{short} {}", p.path.join(" ")))
        );
        let _ = writeln!(
            out,
            "description = {}",
            toml_str(&format!("《{}》{}", law.name, range_label(p.items)))
        );
        let _ = writeln!(out, "weight = {}", i + 1);
        out.push_str("template = \"law-part.html\"\n\n[extra.law]\n");
        let _ = writeln!(out, "name = {}", toml_str(&law.name));
        let path: Vec<String> = p.path.iter().map(|h| toml_str(h)).collect();
        let _ = writeln!(out, "part = [{}]", path.join(", "));
        let _ = writeln!(
            out,
            "articles = {}",
            p.items.iter().filter(|a| a.number.is_some()).count()
        );
        out.push_str("+++\n");
        render_articles(&mut out, p.items, p.depth);
        files.push((dir.join(format!("{}.md", p.slug)), out));
    }
    files
}

/// Escapes the characters Markdown would read as markup, so the law text renders as text.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let at_start = i == 0;
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>')
            || (at_start && matches!(c, '#' | '-' | '+' | '=' | '|'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    // `1. text` would become a list item.
    if let Some(pos) = out.find(['.', ')']) {
        if pos > 0 && out[..pos].chars().all(|c| c.is_ascii_digit()) {
            out.insert(pos, '\\');
        }
    }
    out
}
