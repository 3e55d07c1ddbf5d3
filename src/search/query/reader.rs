//! Reading the index files of a built site: the manifest, the key shards (postings and data
//! records) and the document chunks, each read once per query and cached.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::search::format::{self, Posting};

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

/// Documents: `[url, section, kind, text, body_start]`.
pub(super) type Row = (String, String, String, String, usize);

pub(in crate::search) struct Reader {
    dir: PathBuf,
    /// How many documents the index holds (for the rarity of a key, `best`).
    pub(super) docs: usize,
    shards: usize,
    /// Respelling shards (`p/`: pinyin, readings, near misses).
    more: usize,
    chunk: usize,
    /// The amendments' ids (the manifest's `amend`, see `index`).
    amend: HashSet<u32>,
    shard_cache: HashMap<String, Vec<u8>>,
    chunk_cache: HashMap<usize, Vec<Row>>,
}

impl Reader {
    pub(super) fn open(dir: &Path) -> Result<Reader, SearchError> {
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
            docs: num("docs").unwrap_or(1),
            shards: num("shards").ok_or_else(|| bad("shards".into()))?,
            more: num("more").ok_or_else(|| bad("more".into()))?,
            chunk: num("chunk").ok_or_else(|| bad("chunk".into()))?,
            amend: m["amend"]
                .as_array()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|i| i.as_u64().and_then(|i| u32::try_from(i).ok()))
                        .collect()
                })
                .unwrap_or_default(),
            shard_cache: HashMap::new(),
            chunk_cache: HashMap::new(),
        })
    }

    /// The documents whose title holds 修正案 (`best::AMENDMENT`): amendments.
    pub(super) fn amendments(&self) -> &HashSet<u32> {
        &self.amend
    }

    /// The file of `key`'s shard (`s/<n>.bin`, or `p/<n>.bin` for respelling records),
    /// read into the cache.
    fn shard(&mut self, key: &str) -> Result<String, SearchError> {
        let path = if format::in_more(key) {
            format!("p/{}.bin", format::shard_hash(key) as usize % self.more)
        } else {
            format!("s/{}.bin", format::shard_hash(key) as usize % self.shards)
        };
        if !self.shard_cache.contains_key(&path) {
            let bytes = read(&self.dir.join(&path))?;
            self.shard_cache.insert(path.clone(), bytes);
        }
        Ok(path)
    }

    /// A data record's text (thesaurus, pinyin, readings; see `format`).
    pub(super) fn data(&mut self, key: &str) -> Result<Option<String>, SearchError> {
        let path = self.shard(key)?;
        format::find_data(&self.shard_cache[&path], key).map_err(|()| SearchError::Format {
            path: self.dir.join(&path),
            message: "truncated record".into(),
        })
    }

    pub(super) fn postings(&mut self, key: &str) -> Result<Vec<Posting>, SearchError> {
        let path = self.shard(key)?;
        format::find_record(&self.shard_cache[&path], key)
            .map(Option::unwrap_or_default)
            .map_err(|()| SearchError::Format {
                path: self.dir.join(&path),
                message: "truncated record".into(),
            })
    }

    pub(super) fn doc(&mut self, id: u32) -> Result<Row, SearchError> {
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
