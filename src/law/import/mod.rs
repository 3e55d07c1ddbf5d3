//! `pufa laws import [DB] NAME …`: copies laws into the site as Markdown pages, from the law
//! text that ships with pufa ([`import_bundled`], see [`super::bundled`]) or from an SQLite law
//! database (the format of `laws.db`: tables `laws` and `articles`, [`import`]).
//!
//! Takes the database path, the requested names (full names or short names such as `民法典`,
//! `刑法`) and the site root; writes under `content/laws/` (plus `content/laws/_index.md` when
//! missing) and returns the written paths:
//!
//! - a law of up to [`SPLIT_ABOVE`] (40 KB) of Markdown: one page, `<slug>.md`, template
//!   `law.html`;
//! - a longer law: a section, `<slug>/_index.md` (the overview: facts and a nested list of
//!   links to the parts, template `law.html`, `sort_by = "weight"`) and one page per part,
//!   template `law-part.html`: one per 编 when the 编 fits in [`PART_MAX`] (60 KB), else one
//!   per 章, else per 节, else runs of articles (`bian-7.md`, `bian-3-zhang-8.md`,
//!   `bian-2-zhang-3-jie-5.md`, `zhang-3.md` for laws without 编).
//!
//! The pages are plain pufa/Zola pages that staff can read and correct: `## 第一章 …`
//! headings and one paragraph per article starting with an anchor and `**第…条**`. The site's
//! [`super::LawLibrary`] is read back from these files, so the database is never needed at build
//! time.
//!
//! The import can be run again. Every file it writes starts with the comment `# 由 pufa laws import …`; a new run
//! rewrites those files and removes the ones its new layout no longer has (the single page of
//! a law that is now split, parts that no longer exist). It never overwrites or removes a
//! file without the marker: when one is in the way it stops before changing anything.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{dict, normalize_name, numerals, LawError};

mod pages;

use pages::render_law;
#[cfg(test)]
use pages::render_page;
pub use pages::{PART_MAX, SPLIT_ABOVE};

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

/// Imports the named laws from a `laws.db` file. See the module documentation.
pub fn import(db: &Path, names: &[String], site_root: &Path) -> Result<Vec<PathBuf>, LawError> {
    if !db.is_file() {
        return Err(LawError::DbMissing {
            path: db.to_path_buf(),
        });
    }
    if names.is_empty() {
        return Err(LawError::NoNames {
            db: db.to_path_buf(),
        });
    }
    let conn =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db_err(db))?;
    let laws = read_laws(&conn).map_err(db_err(db))?;
    write_laws(&laws, names, site_root, &mut |law| {
        read_articles(&conn, &law.id).map_err(db_err(db))
    })
}

/// Imports the named laws from the law text that ships with pufa ([`super::bundled`]).
pub fn import_bundled(names: &[String], site_root: &Path) -> Result<Vec<PathBuf>, LawError> {
    let bundle = super::bundled::load()?;
    let laws: Vec<LawRow> = bundle.laws.iter().map(LawRow::from).collect();
    write_laws(&laws, names, site_root, &mut |law| {
        let i = bundle
            .laws
            .iter()
            .position(|l| l.id == law.id)
            .unwrap_or(usize::MAX);
        Ok(bundle
            .articles
            .get(i)
            .map(|rows| article_rows(rows))
            .unwrap_or_default())
    })
}

fn article_rows(rows: &[super::bundled::ArticleTuple]) -> Vec<ArticleRow> {
    rows.iter()
        .map(|(chapter, section, label, arabic, text)| ArticleRow {
            chapter: chapter.clone(),
            section: section.clone(),
            label: label.clone().unwrap_or_default(),
            arabic: *arabic,
            text: text.clone().unwrap_or_default(),
        })
        .collect()
}

impl From<&super::bundled::LawMeta> for LawRow {
    fn from(l: &super::bundled::LawMeta) -> Self {
        LawRow {
            id: l.id.clone(),
            name: l.name.clone(),
            doc_type: l.doc_type.clone(),
            issuing_body: l.issuing_body.clone(),
            publish_date: l.publish_date.clone(),
            effective_date: l.effective_date.clone(),
            version_date: l.version_date.clone(),
            status: l.status.clone(),
        }
    }
}

/// The articles of a law, from wherever the laws come from.
type ArticlesOf<'a> = dyn FnMut(&LawRow) -> Result<Vec<ArticleRow>, LawError> + 'a;

/// Resolves the names against `laws` and writes the chosen laws under `content/laws/`.
fn write_laws(
    laws: &[LawRow],
    names: &[String],
    site_root: &Path,
    articles_of: &mut ArticlesOf,
) -> Result<Vec<PathBuf>, LawError> {
    // Resolve every name first, so that a typo writes nothing.
    let mut chosen: Vec<&LawRow> = Vec::new();
    for n in names {
        let law = choose(laws, n)?;
        if !chosen.iter().any(|c| c.id == law.id) {
            chosen.push(law);
        }
    }
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
            "+++\ntitle = \"法律法规库\"\nsort_by = \"title\"\ntemplate = \"laws.html\"\n+++\n\n本站引用的法律法规全文。\n",
        )?;
        written.push(index);
    }
    // Plan every file first: a file staff wrote where the importer would write stops the
    // import before anything is changed.
    let mut plans = Vec::new();
    for law in chosen {
        let articles = articles_of(law)?;
        let amended = amendments(laws, law, articles_of)?;
        let short = dict::auto_short(&law.name).unwrap_or(&law.name);
        let mut slug = slug::slugify(short);
        if slug.is_empty() {
            slug = law.id.clone();
        }
        let files: Vec<(PathBuf, String)> = render_law(law, &articles, &slug, &amended)
            .into_iter()
            .map(|(p, text)| (dir.join(p), text))
            .collect();
        let stale = stale_files(&dir, &slug, &files);
        plans.push((files, stale));
    }
    let foreign: Vec<PathBuf> = plans
        .iter()
        .flat_map(|(files, stale)| {
            files
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.exists() && !is_own_file(p))
                .chain(stale.iter().filter(|p| !is_own_file(p)).cloned())
        })
        .collect();
    if !foreign.is_empty() {
        return Err(LawError::NotImported { paths: foreign });
    }
    for (files, stale) in plans {
        for p in stale {
            std::fs::remove_file(&p).map_err(|source| LawError::Io {
                path: p.clone(),
                source,
            })?;
            tracing::info!(path = %p.display(), "removed an earlier import");
        }
        for (path, text) in files {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| LawError::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            write(&path, &text)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Later amending acts of a law that its text does not include yet.
#[derive(Debug, Default)]
struct Amended {
    /// `(name, version date)` of each act, oldest first.
    by: Vec<(String, String)>,
    /// The article numbers the acts change; `None` when an act renumbers the law (then any
    /// article may have changed).
    articles: Option<Vec<u32>>,
}

/// Finds the amending acts of `law` among `laws` that are newer than its text:
/// `《X》修正案…` and `关于修改《X》的决定`, dated after the law's `version_date`.
fn amendments(
    laws: &[LawRow],
    law: &LawRow,
    articles_of: &mut ArticlesOf,
) -> Result<Amended, LawError> {
    let mut acts: Vec<&LawRow> = laws
        .iter()
        .filter(|l| {
            l.id != law.id
                && l.version_date.as_str() > law.version_date.as_str()
                && (l
                    .name
                    .strip_prefix(law.name.as_str())
                    .is_some_and(|rest| rest.starts_with("修正案"))
                    || l.name.contains(&format!("关于修改《{}》", law.name)))
        })
        .collect();
    if acts.is_empty() {
        return Ok(Amended::default());
    }
    acts.sort_by(|a, b| a.version_date.cmp(&b.version_date));
    let stem = law.name.strip_prefix(dict::PRC).unwrap_or(&law.name);
    let re = regex::Regex::new(&format!(
        "(?:{}|本法)?第([一二三四五六七八九十百千零〇]+)条",
        regex::escape(stem)
    ))
    .expect("valid regex");
    let mut numbers: Option<Vec<u32>> = Some(Vec::new());
    for act in &acts {
        for a in articles_of(act)? {
            // Only the instruction, not the new wording that follows it.
            let head = a.text.split(['“', '"', '：']).next().unwrap_or_default();
            if head.contains("改为第") || head.contains("条文顺序") {
                numbers = None;
            }
            if let Some(ns) = &mut numbers {
                ns.extend(
                    re.captures_iter(head)
                        .filter_map(|c| numerals::parse(&c[1])),
                );
            }
        }
    }
    if let Some(ns) = &mut numbers {
        ns.sort_unstable();
        ns.dedup();
    }
    Ok(Amended {
        by: acts
            .iter()
            .map(|a| (a.name.clone(), a.version_date.clone()))
            .collect(),
        articles: numbers,
    })
}

/// Files of an earlier import of the same law that this import does not rewrite: the single
/// page of a law that is now split, the overview of a law that is now one page, and parts
/// that no longer exist. Files that would clash with the new layout but were not written by
/// the importer are returned too, so that the caller can refuse to go on.
fn stale_files(dir: &Path, slug: &str, files: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let keep = |p: &Path| files.iter().any(|(f, _)| f == p);
    let single = dir.join(format!("{slug}.md"));
    let folder = dir.join(slug);
    let split = files.iter().any(|(f, _)| f.starts_with(&folder));
    let mut stale = Vec::new();
    if split && single.exists() {
        stale.push(single);
    }
    let index = folder.join("_index.md");
    if !split && index.exists() {
        stale.push(index);
    }
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return stale;
    };
    let mut parts: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p.ends_with("_index.md")
                && !keep(p)
                && is_own_file(p)
        })
        .collect();
    parts.sort();
    stale.extend(parts);
    stale
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

/// The first line of every file the importer writes; a re-import rewrites or removes only
/// files that carry it.
const MARKER: &str =
    "# 由 pufa laws import 从法律数据库导入。可以修改文字，但请保留每条开头的 **第…条** 标记。";

/// True when the file at `path` was written by the importer.
fn is_own_file(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| {
        t.strip_prefix("+++")
            .is_some_and(|rest| rest.trim_start().starts_with(MARKER))
    })
}

#[cfg(test)]
#[path = "../import_tests.rs"]
pub(crate) mod tests;
