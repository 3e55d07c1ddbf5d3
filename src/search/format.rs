//! The on-disk format of the search index, shared by the writer (`index`), the reader
//! (`query`) and mirrored by `pufa-search.js`.
//!
//! Layout under the search folder:
//! - `index.json`: the manifest (document count, shard counts, documents per chunk, how many
//!   values each filter menu has). Small: it is the first thing a query downloads.
//! - `facets.json`: the filter menus' values (`{"kind": […], "law": […], "topic": […]}`),
//!   fetched when the filters are opened.
//! - `s/<n>.bin`: postings shards. A key goes to shard `hash(key) % shards`, so a query
//!   downloads only the shards of its own keys. A shard is a run of records sorted by key:
//!   `varint key_len, key (UTF-8), varint count, varint block_len, block`, where the block
//!   holds `count` pairs `varint doc_delta, varint value` and `value = min(tf,127) << 1 |
//!   in_title`.
//! - `p/<n>.bin`: respelling shards, the same records for pinyin, readings and near misses
//!   (see below).
//! - `d/<n>.json`: documents `n*chunk .. n*chunk+chunk`, each `[url, section, kind, text]`
//!   where `text` is title, description, headings and body joined by `\n` (title first).
//!   Fetched only for the results being shown or verified.
//!
//! Keys: one or two folded characters (unigram / bigram), `\u{1}word` for a word of the
//! title, description or headings (`segment::words`; stored in the shard of its first bigram),
//! `\u{2}k…`, `\u{2}l…`, `\u{2}t…` for the kind, law and topic facets.
//!
//! Data records (count 0, the block is UTF-8 text; see `lexicon`): `\u{3}` + a bigram →
//! the thesaurus entries whose everyday word starts with that bigram, `word\texp|exp` per
//! line, stored in the bigram's own shard (`hash(bigram) % shards`) so a query gets them
//! with the postings it fetches anyway; `\u{4}` + toneless pinyin → the words spelled so,
//! `|`-separated; `\u{5}` + one character → its readings, `|`-separated; `\u{6}` + a word of
//! the vocabulary (three characters or more) or that word with one character left out → the
//! words, `|`-separated (near misses: one character wrong, missing, extra or two swapped),
//! each written against the key: empty for the key itself, else the position (one digit) and
//! the character that the key lacks there (`\u{6}正当卫` → `2防` for 正当防卫; `near_word`).
//!
//! The pinyin, reading and near-miss records (`\u{4}`, `\u{5}`, `\u{6}`) are not in `s/`:
//! they sit in shards of their own, `p/<n>.bin` (same record layout, `hash(key) % more`,
//! `more` in the manifest), which only a query that finds nothing itself fetches (respelling
//! and near misses, `pufa-search-more.js`). In `s/` they were 3.6 MB of 11.7 at 10,000
//! pages, a third more shards, all fetched by plain queries for nothing.
//!
//! Version 2: the data records, and a fifth field in document rows (see `index`).
//! Version 3: facet values moved from the manifest to `facets.json`; near-miss records.
//! Version 4: pinyin, reading and near-miss records in `p/` (`more` in the manifest).

/// Bumped whenever the format changes, so an old `pufa-search.js` fails loudly.
pub(super) const VERSION: u32 = 4;

pub(super) const WORD_PREFIX: char = '\u{1}';
pub(super) const FACET_PREFIX: char = '\u{2}';
pub(super) const THES_PREFIX: char = '\u{3}';
pub(super) const PINYIN_PREFIX: char = '\u{4}';
pub(super) const CHAR_PREFIX: char = '\u{5}';
pub(super) const NEAR_PREFIX: char = '\u{6}';

/// Whether `key` is a record of the respelling shards (`p/`): pinyin, readings, near misses.
pub(super) fn in_more(key: &str) -> bool {
    matches!(
        key.chars().next(),
        Some(PINYIN_PREFIX | CHAR_PREFIX | NEAR_PREFIX)
    )
}

/// How a near-miss record writes `word` against its key `key` (`word` itself, or `word`
/// with one character left out): empty for `key` itself, else the position of the missing
/// character (one digit; words have at most 8 characters) and the character.
pub(super) fn near_code(key: &str, word: &str) -> String {
    if key == word {
        return String::new();
    }
    let cs: Vec<char> = word.chars().collect();
    (0..cs.len())
        .find(|&i| cs[..i].iter().chain(&cs[i + 1..]).copied().eq(key.chars()))
        .map_or_else(|| word.to_string(), |i| format!("{i}{}", cs[i]))
}

/// The word a near-miss record's `code` stands for (`near_code`), under key `key`.
pub(super) fn near_word(key: &str, code: &str) -> String {
    let mut it = code.chars();
    match (it.next().and_then(|d| d.to_digit(10)), it.as_str()) {
        (None, _) if code.is_empty() => key.to_string(),
        // A word written out (not written so, but read as such).
        (None, _) => code.to_string(),
        (Some(i), c) => {
            let cs: Vec<char> = key.chars().collect();
            let i = (i as usize).min(cs.len());
            cs[..i]
                .iter()
                .chain(c.chars().collect::<Vec<_>>().iter())
                .chain(&cs[i..])
                .collect()
        }
    }
}

/// `prefix` + `s`.
pub(super) fn data_key(prefix: char, s: &str) -> String {
    let mut k = String::with_capacity(s.len() + 1);
    k.push(prefix);
    k.push_str(s);
    k
}

/// The hash that places a key in its shard: a thesaurus key goes with its bigram, and a word
/// with its first bigram, so a query gets them with the postings it fetches anyway.
pub(super) fn shard_hash(key: &str) -> u32 {
    if let Some(bigram) = key.strip_prefix(THES_PREFIX) {
        return key_hash(bigram);
    }
    if let Some(word) = key.strip_prefix(WORD_PREFIX) {
        let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
        return key_hash(&word[..end]);
    }
    key_hash(key)
}

/// Encodes a data record: `key`, count 0, `text` as the block.
pub(super) fn encode_data_record(out: &mut Vec<u8>, key: &str, text: &str) {
    put_varint(out, key.len() as u64);
    out.extend_from_slice(key.as_bytes());
    put_varint(out, 0);
    put_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// Finds a data record's text in a shard (`Ok(None)` when absent).
pub(super) fn find_data(shard: &[u8], key: &str) -> Result<Option<String>, ()> {
    let want = key.as_bytes();
    let mut pos = 0;
    while pos < shard.len() {
        let klen = get_varint(shard, &mut pos).ok_or(())? as usize;
        let k = shard.get(pos..pos + klen).ok_or(())?;
        pos += klen;
        get_varint(shard, &mut pos).ok_or(())?;
        let blen = get_varint(shard, &mut pos).ok_or(())? as usize;
        let block = shard.get(pos..pos + blen).ok_or(())?;
        pos += blen;
        if k == want {
            return Ok(Some(String::from_utf8_lossy(block).into_owned()));
        }
        if k > want {
            return Ok(None);
        }
    }
    Ok(None)
}

/// Polynomial hash over the key's code points, modulo 2^32. Chosen because ES5 can compute
/// it exactly with doubles (no `Math.imul`, no UTF-8 encoder needed).
pub(super) fn key_hash(key: &str) -> u32 {
    key.chars()
        .fold(0u32, |h, c| h.wrapping_mul(131).wrapping_add(c as u32))
}

/// The hash of a unigram/bigram key given as code points (`b == 0` for a unigram), without
/// building the string.
pub(super) fn gram_hash(a: u32, b: u32) -> u32 {
    let h = a;
    if b == 0 {
        h
    } else {
        h.wrapping_mul(131).wrapping_add(b)
    }
}

pub(super) fn facet_key(facet: char, value: &str) -> String {
    let mut k = String::with_capacity(value.len() + 2);
    k.push(FACET_PREFIX);
    k.push(facet);
    k.push_str(value);
    k
}

pub(super) fn word_key(word: &str) -> String {
    let mut k = String::with_capacity(word.len() + 1);
    k.push(WORD_PREFIX);
    k.push_str(word);
    k
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`, advancing it; `None` on truncated input.
pub(super) fn get_varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *buf.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// One posting: document id and `value` (see module doc).
pub(super) type Posting = (u32, u8);

/// Encodes one record (key and its postings, already in document order).
#[cfg(test)]
pub(super) fn encode_record(out: &mut Vec<u8>, key: &str, postings: &[Posting]) {
    encode_record_iter(out, key, postings.iter().copied(), &mut Vec::new());
}

/// `encode_record` from an iterator of postings, with `block` as scratch space: the
/// indexer encodes over a hundred thousand records and reuses one buffer for all.
pub(super) fn encode_record_iter(
    out: &mut Vec<u8>,
    key: &str,
    postings: impl Iterator<Item = Posting>,
    block: &mut Vec<u8>,
) {
    block.clear();
    let (mut prev, mut count) = (0u32, 0u64);
    for (doc, value) in postings {
        put_varint(block, u64::from(doc - prev));
        put_varint(block, u64::from(value));
        prev = doc;
        count += 1;
    }
    put_varint(out, key.len() as u64);
    out.extend_from_slice(key.as_bytes());
    put_varint(out, count);
    put_varint(out, block.len() as u64);
    out.extend_from_slice(block);
}

/// The key bytes at the start of an encoded record (empty if malformed).
pub(super) fn record_key(rec: &[u8]) -> &[u8] {
    let mut pos = 0;
    get_varint(rec, &mut pos)
        .and_then(|n| rec.get(pos..pos + n as usize))
        .unwrap_or_default()
}

/// Finds `key` in a shard and decodes its postings. `Ok(None)` when the key is absent,
/// `Err(())` when the shard is malformed.
pub(super) fn find_record(shard: &[u8], key: &str) -> Result<Option<Vec<Posting>>, ()> {
    let want = key.as_bytes();
    let mut pos = 0;
    while pos < shard.len() {
        let klen = get_varint(shard, &mut pos).ok_or(())? as usize;
        let k = shard.get(pos..pos + klen).ok_or(())?;
        pos += klen;
        let count = get_varint(shard, &mut pos).ok_or(())? as usize;
        let blen = get_varint(shard, &mut pos).ok_or(())? as usize;
        let block = shard.get(pos..pos + blen).ok_or(())?;
        pos += blen;
        if k == want {
            let mut out = Vec::with_capacity(count);
            let (mut p, mut doc) = (0usize, 0u32);
            for _ in 0..count {
                doc += get_varint(block, &mut p).ok_or(())? as u32;
                let v = get_varint(block, &mut p).ok_or(())? as u8;
                out.push((doc, v));
            }
            return Ok(Some(out));
        }
        if k > want {
            // Records are sorted by key bytes.
            return Ok(None);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gram_hash_matches_key_hash() {
        assert_eq!(gram_hash('民' as u32, '法' as u32), key_hash("民法"));
        assert_eq!(gram_hash('法' as u32, 0), key_hash("法"));
        // Known value, also asserted by the JS self-test: ((27665*131)+27861) = 3651976.
        assert_eq!(key_hash("民法"), 27665 * 131 + 27861);
    }

    #[test]
    fn records_round_trip() {
        let mut shard = Vec::new();
        encode_record(&mut shard, "a", &[(0, 2), (7, 255)]);
        encode_record(&mut shard, "民法", &[(3, 5), (300, 1), (70000, 9)]);
        assert_eq!(
            find_record(&shard, "民法"),
            Ok(Some(vec![(3, 5), (300, 1), (70000, 9)]))
        );
        assert_eq!(find_record(&shard, "a"), Ok(Some(vec![(0, 2), (7, 255)])));
        assert_eq!(find_record(&shard, "b"), Ok(None));
        assert_eq!(find_record(&shard[..shard.len() - 1], "民法"), Err(()));
        assert_eq!(record_key(&shard), b"a");
    }

    #[test]
    fn near_miss_words_are_written_against_their_key() {
        for (key, word, code) in [
            ("正当卫", "正当防卫", "2防"),
            ("当防卫", "正当防卫", "0正"),
            ("正当防", "正当防卫", "3卫"),
            ("正当防卫", "正当防卫", ""),
        ] {
            assert_eq!(near_code(key, word), code);
            assert_eq!(near_word(key, code), word);
        }
        assert_eq!(near_word("正当卫", "正当防卫"), "正当防卫");
    }
}
