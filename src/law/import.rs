//! `pufa laws import <DB> [NAME …]`: copies laws from an SQLite law database (the format of
//! `laws.db`: tables `laws` and `articles`) into the site as Markdown pages.
//!
//! Takes the database path, the requested names (full names or short names such as `民法典`,
//! `刑法`) and the site root; writes `content/laws/<slug>.md` per law (plus
//! `content/laws/_index.md` when missing) and returns the written paths. The pages are plain
//! pufa/Zola pages that staff can read and correct: `## 第一章 …` headings and one paragraph
//! per article starting with an anchor and `**第…条**`. The site's [`super::Library`] is read
//! back from these files, so the database is never needed at build time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{dict, normalize_name, numerals, LawError};

/// A row of the `laws` table.
#[derive(Debug, Clone)]
struct LawRow {
    id: String,
    name: String,
    doc_type: String,
    issuing_body: String,
    publish_date: String,
    effective_date: String,
    version_date: String,
    status: String,
}

/// A row of the `articles` table.
struct ArticleRow {
    chapter: Option<String>,
    section: Option<String>,
    label: String,
    arabic: Option<i64>,
    text: String,
}

/// The 编 (books) of the two codes that have them; the database has no 编 level.
/// `(first article, last article, title, has chapters)`.
type Book = (u32, u32, &'static str, bool);

const BOOKS: &[(&str, &[Book])] = &[
    (
        "中华人民共和国民法典",
        &[
            (1, 204, "第一编 总则", true),
            (205, 462, "第二编 物权", true),
            (463, 988, "第三编 合同", true),
            (989, 1039, "第四编 人格权", true),
            (1040, 1118, "第五编 婚姻家庭", true),
            (1119, 1163, "第六编 继承", true),
            (1164, 1258, "第七编 侵权责任", true),
            (1259, 1260, "附则", false),
        ],
    ),
    (
        "中华人民共和国刑法",
        &[
            (1, 101, "第一编 总则", true),
            (102, 451, "第二编 分则", true),
            (452, 452, "附则", false),
        ],
    ),
];

fn db_err(db: &Path) -> impl Fn(rusqlite::Error) -> LawError + '_ {
    move |source| LawError::Db {
        path: db.to_path_buf(),
        source,
    }
}

/// Imports the named laws. See the module documentation.
pub fn import(db: &Path, names: &[String], site_root: &Path) -> Result<Vec<PathBuf>, LawError> {
    if !db.is_file() {
        return Err(LawError::DbMissing {
            path: db.to_path_buf(),
        });
    }
    let conn =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db_err(db))?;
    let laws = read_laws(&conn).map_err(db_err(db))?;
    // Resolve every name first, so that a typo writes nothing.
    let chosen: Vec<&LawRow> = names
        .iter()
        .map(|n| choose(&laws, n))
        .collect::<Result<_, _>>()?;
    let dir = site_root.join("content").join("laws");
    std::fs::create_dir_all(&dir).map_err(|source| LawError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut written = Vec::new();
    let index = dir.join("_index.md");
    if !index.exists() {
        write(
            &index,
            "+++\ntitle = \"法律法规库\"\nsort_by = \"title\"\n+++\n\n本站引用的法律法规全文。\n",
        )?;
        written.push(index);
    }
    for law in chosen {
        let articles = read_articles(&conn, &law.id).map_err(db_err(db))?;
        let short = dict::auto_short(&law.name).unwrap_or(&law.name);
        let mut slug = slug::slugify(short);
        if slug.is_empty() {
            slug = law.id.clone();
        }
        let path = dir.join(format!("{slug}.md"));
        write(&path, &render_page(law, &articles))?;
        written.push(path);
    }
    Ok(written)
}

fn write(path: &Path, text: &str) -> Result<(), LawError> {
    std::fs::write(path, text).map_err(|source| LawError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_laws(conn: &Connection) -> rusqlite::Result<Vec<LawRow>> {
    let mut st = conn.prepare(
        "SELECT law_id, law_name, doc_type, issuing_body, publish_date, effective_date, \
         version_date, status FROM laws ORDER BY law_id",
    )?;
    let rows = st.query_map([], |r| {
        let s = |i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
        Ok(LawRow {
            id: s(0)?,
            name: s(1)?,
            doc_type: s(2)?,
            issuing_body: s(3)?,
            publish_date: s(4)?,
            effective_date: s(5)?,
            version_date: s(6)?,
            status: s(7)?,
        })
    })?;
    rows.collect()
}

fn read_articles(conn: &Connection, law_id: &str) -> rusqlite::Result<Vec<ArticleRow>> {
    let mut st = conn.prepare(
        "SELECT chapter, section, article_no, article_no_arabic, article_text \
         FROM articles WHERE law_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([law_id], |r| {
        Ok(ArticleRow {
            chapter: r.get(0)?,
            section: r.get(1)?,
            label: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            arabic: r.get(3)?,
            text: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// Picks the law for a requested name: exact full name, `中华人民共和国` + name, or a
/// dictionary short name; among versions, the one in force and then the newest.
fn choose<'a>(laws: &'a [LawRow], requested: &str) -> Result<&'a LawRow, LawError> {
    let name = normalize_name(requested);
    let mut wanted = vec![name.clone(), format!("{}{name}", dict::PRC)];
    for entry in dict::LAWS {
        if entry[1..].contains(&name.as_str()) {
            wanted.push(entry[0].to_string());
        }
    }
    let rank = |l: &LawRow| match l.status.as_str() {
        "现行有效" => 0,
        "已被修改" => 1,
        _ => 2,
    };
    laws.iter()
        .filter(|l| wanted.contains(&normalize_name(&l.name)))
        .min_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then(b.version_date.cmp(&a.version_date))
        })
        .ok_or_else(|| LawError::UnknownLaw {
            name: requested.to_string(),
            suggestions: close_matches(laws, &name),
        })
}

/// Up to five names that contain the request, or share the most characters with it.
fn close_matches(laws: &[LawRow], name: &str) -> Vec<String> {
    let stem = name.strip_prefix(dict::PRC).unwrap_or(name);
    let mut scored: Vec<(usize, &str)> = laws
        .iter()
        .map(|l| {
            let short = l.name.strip_prefix(dict::PRC).unwrap_or(&l.name);
            let score = if short.contains(stem) || stem.contains(short) {
                1000usize.saturating_sub(short.chars().count())
            } else {
                (stem.chars().filter(|c| short.contains(*c)).count() * 10)
                    .saturating_sub(short.chars().count().min(9))
            };
            (score, l.name.as_str())
        })
        .filter(|(s, _)| *s >= 20)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, n) in scored {
        let short = dict::auto_short(n).unwrap_or(n).to_string();
        if !out.contains(&short) {
            out.push(short);
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// The Markdown page of one law.
fn render_page(law: &LawRow, articles: &[ArticleRow]) -> String {
    let short = dict::auto_short(&law.name).unwrap_or(&law.name);
    let mut numbers = articles
        .iter()
        .filter_map(|a| numerals::parse_article_label(&a.label));
    let last = numbers.clone().map(|(n, _)| n).max();
    let count = numbers.by_ref().count();
    let mut out = String::from("+++\n");
    out.push_str("# 由 pufa laws import 从法律数据库导入。可以修改文字，但请保留每条开头的 **第…条** 标记。\n");
    let _ = writeln!(out, "title = {}", toml_str(&law.name));
    let mut desc = format!("{}公布", law.issuing_body);
    if is_iso_date(&law.publish_date) {
        desc = format!("{}{}公布", law.issuing_body, law.publish_date);
    }
    if is_iso_date(&law.effective_date) {
        let _ = write!(desc, "，{}起施行", law.effective_date);
    }
    let _ = write!(desc, "。{}。", law.status);
    let _ = writeln!(out, "description = {}", toml_str(&desc));
    if is_iso_date(&law.effective_date) {
        let _ = writeln!(out, "date = {}", law.effective_date);
    }
    out.push_str("template = \"law.html\"\n\n[extra.law]\n");
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
    let _ = writeln!(out, "articles = {count}");
    if let Some(l) = last {
        let _ = writeln!(out, "last_article = {l}");
    }
    out.push_str("+++\n");

    let books = BOOKS
        .iter()
        .find(|(n, _)| *n == law.name)
        .map(|(_, b)| *b)
        .unwrap_or(&[]);
    let base = if books.is_empty() { 2 } else { 3 };
    let (mut book, mut chapter, mut section) = (None, None, None);
    for a in articles {
        let parsed = numerals::parse_article_label(&a.label);
        let number = parsed
            .map(|(n, _)| n)
            .or(a.arabic.and_then(|n| u32::try_from(n).ok()));
        let this_book = number.and_then(|n| books.iter().find(|b| (b.0..=b.1).contains(&n)));
        let (chap, sect) = match this_book {
            Some(b) if !b.3 => (None, None),
            _ => (a.chapter.as_deref(), a.section.as_deref()),
        };
        if let Some(b) = this_book {
            if book != Some(b.2) {
                book = Some(b.2);
                (chapter, section) = (None, None);
                let _ = write!(out, "\n## {}\n", b.2);
            }
        }
        if chap.is_some() && chap != chapter {
            chapter = chap;
            section = None;
            let _ = write!(out, "\n{} {}\n", "#".repeat(base), chap.unwrap_or_default());
        }
        if sect.is_some() && sect != section {
            section = sect;
            let _ = write!(
                out,
                "\n{} {}\n",
                "#".repeat(base + 1),
                sect.unwrap_or_default()
            );
        }
        out.push('\n');
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
    }
    out
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

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
