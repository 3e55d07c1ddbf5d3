//! Answers a query from the index files written by `build` (used by `pufa search`).
//!
//! This is the reference for `pufa-search.js`, which follows the same steps:
//! 1. fold the query and split it into terms (all must match);
//! 2. a term's keys are its bigrams (its one character if it has one); its candidates are
//!    the documents in every key's postings;
//! 3. score = Σ over terms of `base × ⌊1 000 000 / (df + 20)⌋` with integer arithmetic (so JS
//!    doubles give identical numbers), where `df` is the term's candidate count and `base`
//!    rewards frequency, title hits and whole-word hits (words of title and headings, see `segment`);
//! 4. sort by score, then document id; keep, in that order, the candidates whose text really
//!    contains every term (terms of one or two characters need no check: their postings are
//!    exact).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::format::{self, Posting};
use super::normalize::{fold, query_terms};
use super::{Filters, Hit};

/// Failure to read the search index of a built site.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{path}: 无法读取搜索索引（请先运行 pufa build）: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: 搜索索引已损坏或版本不符（请重新运行 pufa build）: {message}")]
    Format { path: PathBuf, message: String },
}

/// Documents: `[url, section, kind, text]`.
type Row = (String, String, String, String);

struct Reader {
    dir: PathBuf,
    shards: usize,
    chunk: usize,
    shard_cache: HashMap<usize, Vec<u8>>,
    chunk_cache: HashMap<usize, Vec<Row>>,
}

impl Reader {
    fn open(dir: &Path) -> Result<Reader, SearchError> {
        let path = dir.join("index.json");
        let bytes = read(&path)?;
        let bad = |message: String| SearchError::Format {
            path: path.clone(),
            message,
        };
        let m: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if m["version"].as_u64() != Some(u64::from(format::VERSION)) {
            return Err(bad(format!(
                "version {} ≠ {}",
                m["version"],
                format::VERSION
            )));
        }
        let num = |k: &str| m[k].as_u64().filter(|n| *n > 0).map(|n| n as usize);
        Ok(Reader {
            dir: dir.to_path_buf(),
            shards: num("shards").ok_or_else(|| bad("shards".into()))?,
            chunk: num("chunk").ok_or_else(|| bad("chunk".into()))?,
            shard_cache: HashMap::new(),
            chunk_cache: HashMap::new(),
        })
    }

    fn postings(&mut self, key: &str) -> Result<Vec<Posting>, SearchError> {
        let i = format::key_hash(key) as usize % self.shards;
        if !self.shard_cache.contains_key(&i) {
            let bytes = read(&self.dir.join(format!("s/{i}.bin")))?;
            self.shard_cache.insert(i, bytes);
        }
        format::find_record(&self.shard_cache[&i], key)
            .map(Option::unwrap_or_default)
            .map_err(|()| SearchError::Format {
                path: self.dir.join(format!("s/{i}.bin")),
                message: "truncated record".into(),
            })
    }

    fn doc(&mut self, id: u32) -> Result<Row, SearchError> {
        let c = id as usize / self.chunk;
        if !self.chunk_cache.contains_key(&c) {
            let path = self.dir.join(format!("d/{c}.json"));
            let rows: Vec<Row> =
                serde_json::from_slice(&read(&path)?).map_err(|e| SearchError::Format {
                    path,
                    message: e.to_string(),
                })?;
            self.chunk_cache.insert(c, rows);
        }
        let rows = &self.chunk_cache[&c];
        rows.get(id as usize % self.chunk)
            .cloned()
            .ok_or_else(|| SearchError::Format {
                path: self.dir.join(format!("d/{c}.json")),
                message: format!("document {id} missing"),
            })
    }
}

fn read(path: &Path) -> Result<Vec<u8>, SearchError> {
    std::fs::read(path).map_err(|source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A term's keys: its distinct bigrams, or itself when it is one character.
pub(crate) fn term_keys(term: &str) -> Vec<String> {
    let cs: Vec<char> = term.chars().collect();
    if cs.len() < 2 {
        return vec![term.to_string()];
    }
    let mut keys: Vec<String> = Vec::new();
    for w in cs.windows(2) {
        let k: String = w.iter().collect();
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Intersects sorted posting lists, combining values with `f`.
fn intersect(a: &[Posting], b: &[Posting], f: impl Fn(u8, u8) -> u8) -> Vec<Posting> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, f(a[i].1, b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Score of one term in one document (see module doc).
pub(crate) fn term_base(value: u8, word: Option<u8>) -> u64 {
    let tf = u64::from(value >> 1).min(16);
    let mut base = tf * 4 + if value & 1 == 1 { 40 } else { 0 };
    if let Some(w) = word {
        base += 16 + u64::from(w >> 1).min(16) * 2 + if w & 1 == 1 { 20 } else { 0 };
    }
    base
}

/// Ranked candidate ids with scores, before verification.
fn candidates(
    r: &mut Reader,
    terms: &[String],
    filters: &Filters,
) -> Result<Vec<(u32, u64)>, SearchError> {
    let mut scores: Option<HashMap<u32, u64>> = None;
    for term in terms {
        let mut cand: Option<Vec<Posting>> = None;
        for key in term_keys(term) {
            let p = r.postings(&key)?;
            // Min tf, and "in title" only if every key is.
            cand = Some(match cand {
                None => p,
                Some(c) => intersect(&c, &p, |x, y| (x.min(y) & !1) | (x & y & 1)),
            });
        }
        let cand = cand.unwrap_or_default();
        let words: HashMap<u32, u8> = if term.chars().nth(1).is_some() {
            r.postings(&format::word_key(term))?.into_iter().collect()
        } else {
            HashMap::new()
        };
        let rarity = 1_000_000 / (cand.len() as u64 + 20);
        let next: HashMap<u32, u64> = cand
            .iter()
            .filter(|(d, _)| scores.as_ref().is_none_or(|s| s.contains_key(d)))
            .map(|&(d, v)| {
                let prev = scores.as_ref().map_or(0, |s| s[&d]);
                (d, prev + term_base(v, words.get(&d).copied()) * rarity)
            })
            .collect();
        scores = Some(next);
    }
    let mut scores = scores.unwrap_or_default();
    for (f, v) in [
        ('k', &filters.kind),
        ('l', &filters.law),
        ('t', &filters.topic),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            let allowed: Vec<u32> = r
                .postings(&format::facet_key(f, v))?
                .iter()
                .map(|p| p.0)
                .collect();
            scores.retain(|d, _| allowed.binary_search(d).is_ok());
        }
    }
    let mut ranked: Vec<(u32, u64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ranked)
}

/// Plain-text excerpt around the first match of the first term, preferring a match after
/// the title line. Offsets are in characters; folding keeps them aligned with `text`.
pub(crate) fn excerpt(text: &str, terms: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = fold(text).chars().collect();
    let title_end = chars.iter().position(|&c| c == '\n').unwrap_or(chars.len());
    let t: Vec<char> = terms
        .first()
        .map(|t| t.chars().collect())
        .unwrap_or_default();
    let find_from = |from: usize| {
        (from..folded.len().saturating_sub(t.len().saturating_sub(1)))
            .find(|&i| !t.is_empty() && folded[i..].starts_with(&t))
    };
    let pos = find_from(title_end)
        .or_else(|| find_from(0))
        .unwrap_or(title_end.min(chars.len()));
    let body_start = if pos >= title_end { title_end + 1 } else { 0 };
    let start = pos.saturating_sub(30).max(body_start.min(pos));
    let end = (pos + t.len() + 70).min(chars.len());
    let mut s: String = chars[start..end]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    s = s.trim().to_string();
    if start > body_start {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// Runs query `q` against the index of a built site and returns up to `limit` hits, best
/// first — the same hits, in the same order, as the page. `dir` is the output folder (the
/// index is in its `search/`) or the index folder itself.
pub fn query_dir(
    dir: &Path,
    q: &str,
    limit: usize,
    filters: &Filters,
) -> Result<Vec<Hit>, SearchError> {
    let terms = query_terms(q);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let index_dir = if dir.join("index.json").is_file() {
        dir.to_path_buf()
    } else {
        dir.join("search")
    };
    let mut r = Reader::open(&index_dir)?;
    let ranked = candidates(&mut r, &terms, filters)?;
    let must_check: Vec<&String> = terms
        .iter()
        .filter(|t| t.chars().nth(2).is_some())
        .collect();
    let mut hits = Vec::new();
    for (id, score) in ranked {
        let (url, section, kind, text) = r.doc(id)?;
        if !must_check.is_empty() {
            let folded = fold(&text);
            if !must_check.iter().all(|t| folded.contains(t.as_str())) {
                continue;
            }
        }
        let title = text.split('\n').next().unwrap_or_default().to_string();
        hits.push(Hit {
            excerpt: excerpt(&text, &terms),
            url,
            title,
            section,
            kind: Some(kind).filter(|k| !k.is_empty()),
            score,
        });
        if hits.len() == limit {
            break;
        }
    }
    Ok(hits)
}
