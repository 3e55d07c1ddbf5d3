//! Builds the sharded search index from `SearchDoc`s (format described in `format`).
//!
//! Each document is turned into its keys on its own, in parallel (folding, bigrams, title and
//! heading words, facets), grouped by `PARTS` partitions of the key space. Then each
//! partition gathers its postings from every document and sorts them by key and document,
//! and encodes its records into one buffer. Records are finally grouped into shards by
//! `hash % shards` and sorted by key bytes; document text goes into small JSON chunks.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde_json::json;

use super::format::{self, Posting};
use super::normalize::{fold, fold_char};
use super::{lexicon, segment, SearchDoc, SearchOptions, SEARCH_CSS, SEARCH_JS, SEARCH_MORE_JS};

/// The page script with the shared query rules (`data/rules.json`) filled in, without
/// comments and indentation (it is the largest part of what a first query downloads).
pub fn search_js() -> String {
    static JS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JS.get_or_init(|| {
        let mut rules: serde_json::Value =
            serde_json::from_str(super::understand::RULES_JSON).unwrap_or_default();
        if let Some(m) = rules.as_object_mut() {
            // Notes, and the laws citizens consult (read by the second script only).
            m.retain(|k, _| !k.starts_with('_') && k != "consulted");
        }
        minify_js(&SEARCH_JS.replacen("/*RULES*/null", &rules.to_string(), 1))
    })
    .clone()
}

/// The second page script (`pufa-search-more.js`, loaded when a query needs it) with the
/// laws citizens consult (`data/rules.json` `consulted`) filled in, minified.
fn search_more_js() -> String {
    let rules: serde_json::Value =
        serde_json::from_str(super::understand::RULES_JSON).unwrap_or_default();
    let consulted = rules.get("consulted").cloned().unwrap_or_default();
    minify_js(&SEARCH_MORE_JS.replacen("/*CONSULTED*/null", &consulted.to_string(), 1))
}

/// Shrinks the page script safely: drops `/* … */` comments (the script has no `/*` inside
/// a string or regular expression; a test checks that), indentation, empty lines and the
/// blanks between operators (`squeeze_line`). Lines stay lines, so no statement runs into
/// the next, except after `;`, `{` and `,`, where a line break never ends a statement (it
/// would after `}` or a name: `a = function () {}` then `var b`); that saves a line break
/// on two lines of three (about 460 bytes of the first script, which every first query
/// downloads). (minify-html's JS minifier writes ES2015, which old WeChat browsers cannot
/// run.)
fn minify_js(js: &str) -> String {
    let mut no_comments = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(i) = rest.find("/*") {
        no_comments.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    no_comments.push_str(rest);
    no_comments
        .lines()
        .map(squeeze_line)
        .filter(|l| !l.is_empty())
        .fold(String::new(), |mut out, l| {
            if !out.is_empty() && !out.ends_with([';', '{', ',']) {
                out.push('\n');
            }
            out.push_str(&l);
            out
        })
}

/// One line of the page script without the blanks it does not need: a blank stays only
/// between two characters of names, numbers or keywords (`var x`, `return a`), and between
/// `+ +` or `- -`; strings and regular expressions are copied as they are. A `/` starts a
/// regular expression after an operator, an opening bracket, `,` `;` `:` or `return`
/// (the script writes division only after a name, a number or `)`).
fn squeeze_line(line: &str) -> String {
    let cs: Vec<char> = line.trim().chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(cs.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c == '\'' || c == '"' {
            let start = i;
            i += 1;
            while i < cs.len() && cs[i] != c {
                i += if cs[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(cs.len());
            out.extend(&cs[start..i]);
            continue;
        }
        if c == '/' {
            let prev = out.chars().last();
            let regex = match prev {
                None => true,
                Some(p) => "(,=:[!&|?{};+-*%<>~^".contains(p) || out.ends_with("return"),
            };
            if regex {
                let start = i;
                i += 1;
                let mut class = false;
                while i < cs.len() && (class || cs[i] != '/') {
                    match cs[i] {
                        '\\' => i += 1,
                        '[' => class = true,
                        ']' => class = false,
                        _ => {}
                    }
                    i += 1;
                }
                i = (i + 1).min(cs.len());
                while i < cs.len() && cs[i].is_ascii_alphabetic() {
                    i += 1;
                }
                out.extend(&cs[start..i]);
                continue;
            }
        }
        if c == ' ' {
            let next = cs[i..].iter().find(|&&n| n != ' ').copied();
            let prev = out.chars().last();
            if let (Some(p), Some(n)) = (prev, next) {
                if (word(p) && word(n)) || (p == n && (p == '+' || p == '-')) {
                    out.push(' ');
                }
            }
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

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
/// line. The title is the first line, so newlines inside it become spaces. Also returns
/// where the body starts, in characters (the text's length when there is no body):
/// excerpts come from the body rather than from the list of headings.
pub(crate) fn doc_text(d: &SearchDoc) -> (String, usize) {
    let mut t = d.title.replace(['\n', '\r'], " ");
    let mut body_start = None;
    for part in std::iter::once(&d.description).chain(&d.headings) {
        if !part.is_empty() {
            t.push('\n');
            t.push_str(part);
        }
    }
    if !d.body.is_empty() {
        t.push('\n');
        body_start = Some(t.chars().count());
        t.push_str(&d.body);
    }
    let n = body_start.unwrap_or_else(|| t.chars().count());
    (t, n)
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

/// Reusable per-thread buffers of the gram pass: allocating them per document cost more
/// than filling them.
#[derive(Default)]
struct GramBufs {
    chars: Vec<char>,
    grams: Vec<u64>,
    uniq: Vec<u64>,
}

/// Folds a document's text (as `doc_text`, blanks between parts) into `out`; returns the
/// title's length in characters.
fn fold_doc(d: &SearchDoc, out: &mut Vec<char>) -> usize {
    out.clear();
    out.extend(d.title.chars().map(fold_char));
    let title_len = out.len();
    for part in std::iter::once(&d.description)
        .chain(&d.headings)
        .chain(std::iter::once(&d.body))
    {
        if !part.is_empty() {
            out.push(' ');
            out.extend(part.chars().map(fold_char));
        }
    }
    title_len
}

/// The unigram/bigram keys of a document (`gram << 8 | value`) grouped by partition, with
/// partition offsets. One sort finds the distinct grams; a counting pass groups them.
fn doc_grams(d: &SearchDoc, b: &mut GramBufs) -> (Vec<u64>, Vec<u32>) {
    let title_len = fold_doc(d, &mut b.chars);
    let cs = &b.chars;
    b.grams.clear();
    for (i, &c) in cs.iter().enumerate() {
        if c == ' ' {
            continue;
        }
        // The low bit marks a gram of the title; sorting puts it after its plain twin.
        let t = u64::from(i < title_len);
        b.grams.push(pack(c as u32, 0) << 1 | t);
        if let Some(&n) = cs.get(i + 1).filter(|&&n| n != ' ') {
            b.grams.push(pack(c as u32, n as u32) << 1 | t);
        }
    }
    b.grams.sort_unstable();
    b.uniq.clear();
    let mut offs = vec![0u32; PARTS + 1];
    let mut i = 0;
    while i < b.grams.len() {
        let g = b.grams[i] >> 1;
        let mut j = i + 1;
        while j < b.grams.len() && b.grams[j] >> 1 == g {
            j += 1;
        }
        let v = value((j - i) as u32, b.grams[j - 1] & 1 == 1);
        b.uniq.push((g << 8) | u64::from(v));
        offs[gram_part(g) + 1] += 1;
        i = j;
    }
    for p in 0..PARTS {
        offs[p + 1] += offs[p];
    }
    let mut next = offs.clone();
    let mut grams = vec![0u64; b.uniq.len()];
    for &e in &b.uniq {
        let slot = &mut next[gram_part(e >> 8)];
        grams[*slot as usize] = e;
        *slot += 1;
    }
    (grams, offs)
}

/// The word and facet keys of a document, sorted by partition, with partition offsets.
///
/// Words come from the title, description and headings only. Matching never needs words
/// (see `segment`); they only rank a whole-word hit higher, and where it counts — the
/// title and headings — is a few dozen characters, while segmenting every body was most of
/// the indexing time.
fn doc_strs(d: &SearchDoc, opts: &SearchOptions, vocab: &segment::Vocab) -> (StrKeys, Vec<u32>) {
    let folded_title = super::fold(&d.title.replace(['\n', '\r'], " "));
    let mut head = folded_title.clone();
    for part in std::iter::once(&d.description).chain(&d.headings) {
        if !part.is_empty() {
            head.push(' ');
            head.push_str(&super::fold(part));
        }
    }
    let title_words = vocab.words(&folded_title);
    let mut strs: Vec<(u32, String, u8)> = vocab
        .words(&head)
        .into_iter()
        .map(|(w, n)| {
            let in_title = title_words.iter().any(|(t, _)| *t == w);
            let k = format::word_key(&w);
            (format::shard_hash(&k), k, value(n, in_title))
        })
        .collect();
    let mut facet = |f: char, v: &str| {
        let k = format::facet_key(f, v);
        strs.push((format::shard_hash(&k), k, value(1, false)));
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

/// One partition's records, encoded back to back in `bytes`; `recs` holds each record's
/// `(key hash, start, end)` in `bytes`. One buffer per partition rather than one per record:
/// a hundred thousand small vectors cost more memory than their bytes.
struct PartRecords {
    bytes: Vec<u8>,
    recs: Vec<(u32, u32, u32)>,
}

/// Gathers one partition's postings from all documents and encodes its records.
/// `entries` is scratch space reused across partitions.
fn encode_part(p: usize, docs: &[DocKeys], entries: &mut Vec<u128>) -> PartRecords {
    // `gram << 40 | doc << 8 | value`: one sort orders the postings by gram, then document.
    entries.clear();
    let mut strs: FastMap<&str, (u32, Vec<Posting>)> = FastMap::default();
    for (id, d) in docs.iter().enumerate() {
        let (s, e) = (d.gram_parts[p] as usize, d.gram_parts[p + 1] as usize);
        entries.extend(
            d.grams[s..e]
                .iter()
                .map(|&e| (u128::from(e >> 8) << 40) | ((id as u128) << 8) | u128::from(e & 0xFF)),
        );
        let (s, e) = (d.str_parts[p] as usize, d.str_parts[p + 1] as usize);
        for item in &d.strs.items[s..e] {
            strs.entry(d.strs.key(item))
                .or_insert_with(|| (item.0, Vec::new()))
                .1
                .push((id as u32, item.3));
        }
    }
    entries.sort_unstable();
    let mut out = PartRecords {
        bytes: Vec::new(),
        recs: Vec::new(),
    };
    let mut block = Vec::new();
    let mut push =
        |out: &mut PartRecords, h: u32, key: &str, postings: &mut dyn Iterator<Item = Posting>| {
            let start = out.bytes.len() as u32;
            format::encode_record_iter(&mut out.bytes, key, postings, &mut block);
            out.recs.push((h, start, out.bytes.len() as u32));
        };
    for run in entries.chunk_by(|a, b| a >> 40 == b >> 40) {
        let g = (run[0] >> 40) as u64;
        let mut postings = run.iter().map(|&x| ((x >> 8) as u32, x as u8));
        push(&mut out, gram_hash(g), &unpack(g), &mut postings);
    }
    for (k, (h, postings)) in strs {
        push(&mut out, h, k, &mut postings.into_iter());
    }
    out
}

/// The shard files `{folder}/<n>.bin` of `parts`' records: a record goes to shard
/// `hash % shards`, and each shard's records are sorted by key bytes.
fn write_shards<'a>(
    parts: impl Iterator<Item = &'a PartRecords>,
    shards: usize,
    folder: &str,
) -> Vec<(String, Vec<u8>)> {
    let mut by_shard: Vec<Vec<&[u8]>> = vec![Vec::new(); shards];
    for part in parts {
        for &(h, s, e) in &part.recs {
            by_shard[h as usize % shards].push(&part.bytes[s as usize..e as usize]);
        }
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, recs)| {
            // Keys read once rather than at every comparison.
            let mut keyed: Vec<(&[u8], &[u8])> =
                recs.iter().map(|r| (format::record_key(r), *r)).collect();
            keyed.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut bytes = Vec::with_capacity(recs.iter().map(|r| r.len()).sum());
            for (_, r) in keyed {
                bytes.extend_from_slice(r);
            }
            (format!("{folder}/{i}.bin"), bytes)
        })
        .collect()
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
    let vocab = segment::Vocab::new(&extra);

    // Thesaurus, pinyin and character readings (see `lexicon`), for the site's words. Made
    // first: the memory their making takes (about 10 MB at 10,000 pages, on this thread) is
    // then free for the postings encoded on this thread below, instead of adding to the
    // peak after them (79 -> 73 MB).
    let site_words: BTreeSet<String> = order
        .par_iter()
        .map(|d| {
            let mut head = super::fold(&d.title.replace(['\n', '\r'], " "));
            for h in &d.headings {
                head.push(' ');
                head.push_str(&super::fold(h));
            }
            vocab
                .words(&head)
                .into_iter()
                .map(|(w, _)| w)
                .filter(|w| lexicon::vocab_word(w))
                .collect::<BTreeSet<String>>()
        })
        .reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    // The thesaurus goes with the postings (every query reads it); pinyin, readings and near
    // misses into the respelling shards (`p/`), which only a query finding nothing fetches.
    let empty = || PartRecords {
        bytes: Vec::new(),
        recs: Vec::new(),
    };
    let (mut data, mut more) = (empty(), empty());
    lexicon::data_records(&site_words, &mut |key, text| {
        let to = if format::in_more(key) {
            &mut more
        } else {
            &mut data
        };
        let start = to.bytes.len() as u32;
        format::encode_data_record(&mut to.bytes, key, text);
        to.recs
            .push((format::shard_hash(key), start, to.bytes.len() as u32));
    });
    drop(site_words);

    let grams: Vec<(Vec<u64>, Vec<u32>)> = order
        .par_iter()
        .map_init(GramBufs::default, |b, d| doc_grams(d, b))
        .collect();
    let keys: Vec<DocKeys> = order
        .par_iter()
        .zip(grams)
        .map(|(d, (grams, gram_parts))| {
            let (strs, str_parts) = doc_strs(d, opts, &vocab);
            DocKeys {
                grams,
                gram_parts,
                strs,
                str_parts,
            }
        })
        .collect();
    // On one thread: encoding is a small share of the time, and spread over the pool the
    // allocator's per-thread heaps held ~20 MB more at the peak.
    let mut entries = Vec::new();
    let parts: Vec<PartRecords> = (0..PARTS)
        .map(|p| encode_part(p, &keys, &mut entries))
        .collect();
    drop(keys);

    let total: usize = parts.iter().map(|p| p.bytes.len()).sum::<usize>() + data.bytes.len();
    let shard_bytes = opts.shard_bytes.max(256);
    let shards = total.div_ceil(shard_bytes).max(1);
    let more_shards = more
        .bytes
        .len()
        .div_ceil(opts.more_shard_bytes.max(256))
        .max(1);
    let mut files = write_shards(
        parts.iter().chain(std::iter::once(&data)),
        shards,
        &format!("{dir}/s"),
    );
    files.extend(write_shards(
        std::iter::once(&more),
        more_shards,
        &format!("{dir}/p"),
    ));
    drop(parts);

    let per = opts.docs_per_chunk.max(1);
    let chunks: Vec<(String, Vec<u8>)> = order
        .par_chunks(per)
        .enumerate()
        .map(|(i, ds)| {
            // Tuples serialise as the same JSON arrays as `json!`, without building values.
            let rows: Vec<(&str, &str, &str, String, usize)> = ds
                .iter()
                .map(|d| {
                    let (text, body_start) = doc_text(d);
                    (
                        d.url.as_str(),
                        d.section.as_str(),
                        d.kind.as_deref().unwrap_or(""),
                        text,
                        body_start,
                    )
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
    let (kind, law, topic) = (
        facet_values(&|d| d.kind.iter().cloned().collect()),
        facet_values(&|d| tax(&opts.law_taxonomy, d)),
        facet_values(&|d| tax(&opts.topic_taxonomy, d)),
    );
    // The manifest only counts the filter values; the page fetches them (`facets.json`,
    // 19 KB for 360 laws) when the filters are opened, not before the first query.
    let mut manifest = json!({
        "version": format::VERSION,
        "docs": order.len(),
        "shards": shards,
        "more": more_shards,
        "chunk": per,
        "facets": { "kind": kind.len(), "law": law.len(), "topic": topic.len() }
    });
    // The amendments (a title holding 修正案: `best::AMENDMENT`), which rank below the law
    // they amend: their ids here cost a statute site a few hundred bytes on every page (94
    // at 10,000 pages), where the postings of 修正案 cost each first thesaurus query or
    // sentence two shards (3 KB at 10,000 pages); a site without amendments has no list.
    let amend: Vec<usize> = order
        .iter()
        .enumerate()
        .filter(|(_, d)| fold(&d.title).contains(super::best::AMENDMENT))
        .map(|(i, _)| i)
        .collect();
    if !amend.is_empty() {
        manifest["amend"] = json!(amend);
    }
    files.push((
        format!("{dir}/index.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    files.push((
        format!("{dir}/facets.json"),
        serde_json::to_vec(&json!({ "kind": kind, "law": law, "topic": topic }))
            .unwrap_or_default(),
    ));
    files.push((format!("{dir}/pufa-search.js"), search_js().into_bytes()));
    files.push((
        format!("{dir}/pufa-search-more.js"),
        search_more_js().into_bytes(),
    ));
    files.push((
        format!("{dir}/pufa-search.css"),
        SEARCH_CSS.as_bytes().to_vec(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_keeps_strings_regexes_and_needed_blanks() {
        assert_eq!(
            squeeze_line("  var a = b + +c, d = 'x  y' + \"p / q\";  "),
            "var a=b+ +c,d='x  y'+\"p / q\";"
        );
        assert_eq!(
            squeeze_line("s = s.replace(/[ a]\\/ +/g, ' ') / 2; return /x y/.test(z);"),
            "s=s.replace(/[ a]\\/ +/g,' ')/2;return/x y/.test(z);"
        );
        assert_eq!(
            squeeze_line("if (a) { return b; } else { c = d - -e; }"),
            "if(a){return b;}else{c=d- -e;}"
        );
        // Lines joined after `;` `{` `,` only.
        assert_eq!(
            minify_js("var f = function () {\n  a(1,\n    2);\n}\nvar g = /* x */ 1;\nh();"),
            "var f=function(){a(1,2);}\nvar g=1;h();"
        );
        // The whole script: no `/*` left, and it shrank.
        let js = search_js();
        assert!(
            !js.contains("/*") && js.len() < SEARCH_JS.len() * 4 / 5,
            "{}",
            js.len()
        );
    }
}
