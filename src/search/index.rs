//! Builds the sharded search index from `SearchDoc`s (format described in `format`).
//!
//! Work is split so both stages run in parallel without shared mutable state: each document
//! is turned into its keys on its own (folding, bigrams, jieba words, facets), then each of
//! `PARTS` partitions of the key space gathers its postings from every document in document
//! order — so posting lists come out sorted without a sort — and encodes its records.
//! Records are finally grouped into shards by `hash % shards` and sorted by key bytes.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde_json::json;

use super::format::{self, Posting};
use super::normalize::fold_char;
use super::{segment, SearchDoc, SearchOptions, SEARCH_CSS, SEARCH_JS};

/// Partitions of the key space processed in parallel while gathering postings.
const PARTS: usize = 64;
/// Term frequency is capped so the value fits one byte with the title flag.
const TF_CAP: u32 = 127;

/// A multiply-rotate hasher (as in rustc's FxHash): the keys are trusted and short, and
/// SipHash was a visible share of index time.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A key of one document with its partition, hash and packed value.
struct DocKeys {
    /// `gram << 8 | value`, gram = `a << 21 | b` (b = 0 for unigrams), sorted by partition.
    /// Packed in one word because these vectors are most of the indexer's peak memory.
    grams: Vec<u64>,
    gram_parts: Vec<u32>,
    /// Word and facet keys, sorted by partition.
    strs: StrKeys,
    str_parts: Vec<u32>,
}

/// A document's string keys in one buffer: a `String` per key cost three times the memory.
struct StrKeys {
    buf: String,
    /// `(hash, start in buf, byte length, value)`.
    items: Vec<(u32, u32, u16, u8)>,
}

impl StrKeys {
    fn key(&self, item: &(u32, u32, u16, u8)) -> &str {
        &self.buf[item.1 as usize..item.1 as usize + item.2 as usize]
    }
}

/// The text a document is matched against: title, description, headings, body, one per
/// line. The title is the first line, so newlines inside it become spaces.
pub(crate) fn doc_text(d: &SearchDoc) -> String {
    let mut t = d.title.replace(['\n', '\r'], " ");
    for part in std::iter::once(&d.description)
        .chain(&d.headings)
        .chain(std::iter::once(&d.body))
    {
        if !part.is_empty() {
            t.push('\n');
            t.push_str(part);
        }
    }
    t
}

fn value(tf: u32, in_title: bool) -> u8 {
    ((tf.min(TF_CAP) as u8) << 1) | u8::from(in_title)
}

fn part_offsets<T>(items: &[T], part: impl Fn(&T) -> usize) -> Vec<u32> {
    let mut offs = vec![0u32; PARTS + 1];
    for it in items {
        offs[part(it) + 1] += 1;
    }
    for i in 0..PARTS {
        offs[i + 1] += offs[i];
    }
    offs
}

fn gram_hash(g: u64) -> u32 {
    format::gram_hash((g >> 21) as u32, (g & 0x1F_FFFF) as u32)
}

fn gram_part(g: u64) -> usize {
    gram_hash(g) as usize % PARTS
}

fn pack(a: u32, b: u32) -> u64 {
    (u64::from(a) << 21) | u64::from(b)
}

fn unpack(g: u64) -> String {
    let a = char::from_u32((g >> 21) as u32).unwrap_or(' ');
    let b = (g & 0x1F_FFFF) as u32;
    let mut s = String::from(a);
    if b != 0 {
        s.push(char::from_u32(b).unwrap_or(' '));
    }
    s
}

/// Unigrams and bigrams of folded text, each once, sorted.
fn grams_of(folded: &[char]) -> Vec<u64> {
    let mut g = Vec::with_capacity(folded.len() * 2);
    for (i, &c) in folded.iter().enumerate() {
        if c == ' ' {
            continue;
        }
        g.push(pack(c as u32, 0));
        if let Some(&n) = folded.get(i + 1) {
            if n != ' ' {
                g.push(pack(c as u32, n as u32));
            }
        }
    }
    g.sort_unstable();
    g
}

/// The unigram/bigram keys of a document, sorted by partition, with partition offsets.
fn doc_grams(d: &SearchDoc) -> (Vec<u64>, Vec<u32>) {
    let text = doc_text(d);
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    let title_len = d.title.chars().count().min(folded.len());
    let title_grams = grams_of(&folded[..title_len]);
    let all = grams_of(&folded);
    let mut grams = Vec::with_capacity(all.len() / 2);
    let mut i = 0;
    while i < all.len() {
        let g = all[i];
        let mut j = i + 1;
        while j < all.len() && all[j] == g {
            j += 1;
        }
        let v = value((j - i) as u32, title_grams.binary_search(&g).is_ok());
        grams.push((g << 8) | u64::from(v));
        i = j;
    }
    grams.sort_by_key(|&e| (gram_part(e >> 8), e));
    grams.shrink_to_fit();
    let parts = part_offsets(&grams, |&e| gram_part(e >> 8));
    (grams, parts)
}

/// The word and facet keys of a document, sorted by partition, with partition offsets.
fn doc_strs(d: &SearchDoc, opts: &SearchOptions, extra: &[String]) -> (StrKeys, Vec<u32>) {
    let folded: Vec<char> = doc_text(d).chars().map(fold_char).collect();
    let title_len = d.title.chars().count().min(folded.len());
    let folded_text: String = folded.iter().collect();
    let folded_title: String = folded[..title_len].iter().collect();
    let title_words = segment::words(&folded_title, extra);
    let mut strs: Vec<(u32, String, u8)> = segment::words(&folded_text, extra)
        .into_iter()
        .map(|(w, n)| {
            let in_title = title_words.iter().any(|(t, _)| *t == w);
            let k = format::word_key(&w);
            (format::key_hash(&k), k, value(n, in_title))
        })
        .collect();
    let mut facet = |f: char, v: &str| {
        let k = format::facet_key(f, v);
        strs.push((format::key_hash(&k), k, value(1, false)));
    };
    if let Some(kind) = &d.kind {
        facet('k', kind);
    }
    for (f, tax) in [('l', &opts.law_taxonomy), ('t', &opts.topic_taxonomy)] {
        let terms: BTreeSet<&String> = d.taxonomies.get(tax).into_iter().flatten().collect();
        for term in terms {
            facet(f, term);
        }
    }

    // A key too long for the compact form (a pasted paragraph as a taxonomy term) is not
    // worth a filter or ranking entry.
    strs.retain(|e| e.1.len() <= usize::from(u16::MAX));
    strs.sort_by(|x, y| (x.0 as usize % PARTS, &x.1).cmp(&(y.0 as usize % PARTS, &y.1)));
    let parts = part_offsets(&strs, |e| e.0 as usize % PARTS);
    let mut keys = StrKeys {
        buf: String::with_capacity(strs.iter().map(|e| e.1.len()).sum()),
        items: Vec::with_capacity(strs.len()),
    };
    for (h, k, v) in strs {
        keys.items
            .push((h, keys.buf.len() as u32, k.len() as u16, v));
        keys.buf.push_str(&k);
    }
    (keys, parts)
}

/// Gathers one partition's postings from all documents and encodes its records as
/// `(hash, record bytes)` (the record starts with its key).
fn encode_part(p: usize, docs: &[DocKeys]) -> Vec<(u32, Vec<u8>)> {
    let mut grams: FastMap<u64, (u32, Vec<Posting>)> = FastMap::default();
    let mut strs: FastMap<&str, (u32, Vec<Posting>)> = FastMap::default();
    for (id, d) in docs.iter().enumerate() {
        let id = id as u32;
        let (s, e) = (d.gram_parts[p] as usize, d.gram_parts[p + 1] as usize);
        for &e in &d.grams[s..e] {
            let (g, v) = (e >> 8, e as u8);
            let h = gram_hash(g);
            grams
                .entry(g)
                .or_insert_with(|| (h, Vec::new()))
                .1
                .push((id, v));
        }
        let (s, e) = (d.str_parts[p] as usize, d.str_parts[p + 1] as usize);
        for item in &d.strs.items[s..e] {
            strs.entry(d.strs.key(item))
                .or_insert_with(|| (item.0, Vec::new()))
                .1
                .push((id, item.3));
        }
    }
    let mut out = Vec::with_capacity(grams.len() + strs.len());
    for (g, (h, postings)) in grams {
        let mut rec = Vec::new();
        format::encode_record(&mut rec, &unpack(g), &postings);
        out.push((h, rec));
    }
    for (k, (h, postings)) in strs {
        let mut rec = Vec::new();
        format::encode_record(&mut rec, k, &postings);
        out.push((h, rec));
    }
    out
}

/// Builds the search index of `docs`: every file to write, as (path relative to the output
/// root, bytes), sorted by path. Includes the page script and styles. Documents are ordered
/// by URL, so the same pages give byte-identical files.
pub fn build(docs: &[SearchDoc], opts: &SearchOptions) -> Vec<(String, Vec<u8>)> {
    let dir = opts.dir.trim_matches('/');
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| a.url.cmp(&b.url));
    order.dedup_by(|a, b| a.url == b.url);
    let extra: Vec<String> = opts
        .extra_words
        .iter()
        .map(|w| super::fold(w.trim()))
        .collect();

    // Loading jieba's dictionary is single-threaded: overlap it with the bigram pass.
    let (_, grams) = rayon::join(segment::warm_up, || {
        order.par_iter().map(|d| doc_grams(d)).collect::<Vec<_>>()
    });
    let keys: Vec<DocKeys> = order
        .par_iter()
        .zip(grams)
        .map(|(d, (grams, gram_parts))| {
            let (strs, str_parts) = doc_strs(d, opts, &extra);
            DocKeys {
                grams,
                gram_parts,
                strs,
                str_parts,
            }
        })
        .collect();
    let records: Vec<(u32, Vec<u8>)> = (0..PARTS)
        .into_par_iter()
        .flat_map_iter(|p| encode_part(p, &keys))
        .collect();
    drop(keys);

    let total: usize = records.iter().map(|r| r.1.len()).sum();
    let shards = total.div_ceil(opts.shard_bytes.max(256)).max(1);
    let mut by_shard: Vec<Vec<Vec<u8>>> = vec![Vec::new(); shards];
    for (h, rec) in records {
        by_shard[h as usize % shards].push(rec);
    }
    let mut files: Vec<(String, Vec<u8>)> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, mut recs)| {
            recs.sort_unstable_by(|a, b| format::record_key(a).cmp(format::record_key(b)));
            let bytes = recs.concat();
            (format!("{dir}/s/{i}.bin"), bytes)
        })
        .collect();

    let per = opts.docs_per_chunk.max(1);
    let chunks: Vec<(String, Vec<u8>)> = order
        .par_chunks(per)
        .enumerate()
        .map(|(i, ds)| {
            let rows: Vec<_> = ds
                .iter()
                .map(|d| {
                    json!([
                        d.url,
                        d.section,
                        d.kind.as_deref().unwrap_or(""),
                        doc_text(d)
                    ])
                })
                .collect();
            (
                format!("{dir}/d/{i}.json"),
                serde_json::to_vec(&rows).unwrap_or_default(),
            )
        })
        .collect();
    files.extend(chunks);

    let facet_values = |f: &dyn Fn(&SearchDoc) -> Vec<String>| -> Vec<String> {
        let set: BTreeSet<String> = order.iter().flat_map(|d| f(d)).collect();
        set.into_iter().collect()
    };
    let tax = |name: &str, d: &SearchDoc| d.taxonomies.get(name).cloned().unwrap_or_default();
    let manifest = json!({
        "version": format::VERSION,
        "docs": order.len(),
        "shards": shards,
        "chunk": per,
        "facets": {
            "kind": facet_values(&|d| d.kind.iter().cloned().collect()),
            "law": facet_values(&|d| tax(&opts.law_taxonomy, d)),
            "topic": facet_values(&|d| tax(&opts.topic_taxonomy, d)),
        }
    });
    files.push((
        format!("{dir}/index.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    files.push((
        format!("{dir}/pufa-search.js"),
        SEARCH_JS.as_bytes().to_vec(),
    ));
    files.push((
        format!("{dir}/pufa-search.css"),
        SEARCH_CSS.as_bytes().to_vec(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
