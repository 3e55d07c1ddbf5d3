//! The data a forgiving query needs, written into the index as data records (`format`):
//! the everyday ↔ legal thesaurus (`data/thesaurus.tsv`), the pinyin of the search
//! vocabulary (legal words, thesaurus words, words of the site's titles and headings) and the
//! readings of common characters (GB2312's 6,763 and every character of the vocabulary).
//! The page fetches a record only with the shard a query needs, so none of this is loaded
//! up front; thesaurus records even sit in the shards of their bigrams, which the query
//! fetches anyway.

use std::collections::{BTreeMap, BTreeSet};

use pinyin::ToPinyinMulti;

use super::format;
use super::normalize::fold;

/// The reviewed thesaurus (`data/thesaurus.tsv`), compressed by `build.rs` (`zstd -19`:
/// 317 KB → 84 KB of the binary).
static THESAURUS_ZST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus.tsv.zst"));

/// The reviewed thesaurus: `everyday|everyday<TAB>legal|legal<TAB>source` per line; a legal
/// column starting with `~` marks background words (who or what: 孩子, 电动车), which narrow
/// a search but are the first dropped when it finds nothing. Decompressed on first use
/// (empty if the compiled-in copy could not be read, which a test rules out).
pub fn thesaurus_tsv() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        use std::io::Read;
        let mut text = String::new();
        ruzstd::decoding::StreamingDecoder::new(THESAURUS_ZST)
            .ok()
            .and_then(|mut dec| dec.read_to_string(&mut text).ok())
            .map_or_else(String::new, |_| text)
    })
}

/// One thesaurus line: everyday words (folded) → legal terms (folded), with its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub everyday: Vec<String>,
    pub legal: Vec<String>,
    pub source: String,
    /// A background line (`~` before the legal terms).
    pub context: bool,
}

/// Parses the thesaurus; `Err` names the first bad line (a test keeps the file clean).
pub fn parse_thesaurus(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let list = |s: &str| -> Vec<String> {
            s.split('|')
                .map(|w| fold(w.trim()))
                .filter(|w| !w.is_empty())
                .collect()
        };
        if cols.len() != 3 || cols[2].trim().is_empty() {
            return Err(format!(
                "thesaurus.tsv:{}: want three tab-separated columns",
                n + 1
            ));
        }
        let context = cols[1].starts_with('~');
        let (everyday, legal) = (list(cols[0]), list(cols[1].trim_start_matches('~')));
        if everyday.is_empty()
            || legal.is_empty()
            || everyday.iter().any(|w| w.chars().nth(1).is_none())
        {
            return Err(format!(
                "thesaurus.tsv:{}: everyday words of two or more characters and legal terms needed",
                n + 1
            ));
        }
        out.push(Entry {
            everyday,
            legal,
            source: cols[2].trim().to_string(),
            context,
        });
    }
    Ok(out)
}

/// The thesaurus text: the reviewed file compiled in; in a debug build, the file named by
/// `PUFA_DEV_THESAURUS` instead, so that a change to the thesaurus can be tried on a built
/// site without compiling pufa again (release builds ignore the variable).
fn thesaurus_text() -> std::borrow::Cow<'static, str> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("PUFA_DEV_THESAURUS") {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text.into();
        }
    }
    thesaurus_tsv().into()
}

/// Everyday word → legal terms (merged over lines, in file order, without the word itself),
/// and whether the word is only background (on background lines alone).
pub(super) fn thesaurus() -> BTreeMap<String, (Vec<String>, bool)> {
    let mut map: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
    for e in parse_thesaurus(&thesaurus_text()).unwrap_or_default() {
        for w in &e.everyday {
            // 私了, 撞了: without 了 one character is left; such a word is kept as written
            // (and found in the query as typed, `query::thesaurus_terms`).
            let k = Some(thes_form(w))
                .filter(|k| k.chars().nth(1).is_some())
                .unwrap_or_else(|| w.clone());
            let v = map.entry(k.clone()).or_insert((Vec::new(), true));
            v.1 &= e.context;
            for l in std::iter::once(w).chain(&e.legal) {
                if *l != k && !v.0.contains(l) {
                    v.0.push(l.clone());
                }
            }
        }
    }
    // Legal terms are found inside a citizen's sentence too (想收养一个孩子 → 收养).
    let legal: BTreeSet<String> = map
        .values()
        .filter(|v| !v.1)
        .flat_map(|v| v.0.iter().cloned())
        .chain(super::segment::LEGAL_WORDS.iter().map(|w| fold(w)))
        .filter(|w| is_cjk_word(w))
        .collect();
    for l in legal {
        let k = thes_form(&l);
        if k.chars().nth(1).is_none() {
            continue;
        }
        let v = map.entry(k.clone()).or_insert((Vec::new(), false));
        if k != l && !v.0.contains(&l) {
            v.0.push(l);
        }
    }
    map
}

/// How thesaurus words are compared: without 了 and 的 after the first character, so
/// 吃坏了肚子 finds 吃坏肚子 and 离婚了房子 finds 离婚房子 (pufa-search.js `thesForm`).
pub(super) fn thes_form(w: &str) -> String {
    w.chars()
        .enumerate()
        .filter(|&(i, c)| i == 0 || !matches!(c, '了' | '的'))
        .map(|(_, c)| c)
        .collect()
}

/// Toneless readings of a character (ü written v), most common first; empty if none.
pub(super) fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = c.to_pinyin_multi() {
        for p in m {
            let r = p.plain().replace('ü', "v");
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// Pinyin spellings of a word (all characters must have a reading): the common reading of
/// each character first, then other readings, at most `cap` spellings.
#[cfg(test)]
pub(super) fn word_pinyin(word: &str, cap: usize) -> Vec<String> {
    let mut out = Vec::new();
    spellings(word, cap, readings, &mut out);
    out
}

/// `word_pinyin` with the readings of each character from `read`, into `out` (cleared).
/// The first `k` spellings of a word are the same for every `cap >= k`.
fn spellings<R: AsRef<[String]>>(
    word: &str,
    cap: usize,
    read: impl Fn(char) -> R,
    out: &mut Vec<String>,
) {
    out.clear();
    out.push(String::new());
    let mut next = Vec::new();
    for c in word.chars() {
        let r = read(c);
        let r = r.as_ref();
        if r.is_empty() {
            out.clear();
            return;
        }
        next.clear();
        for s in out.iter() {
            for x in r {
                if next.len() < cap {
                    let mut t = String::with_capacity(s.len() + x.len());
                    t.push_str(s);
                    t.push_str(x);
                    next.push(t);
                }
            }
        }
        std::mem::swap(out, &mut next);
    }
}

/// The characters of GB2312's area (levels 1 and 2, 6,763, and the few GBK puts beside them),
/// the ones a phone keyboard offers first.
fn common_chars() -> impl Iterator<Item = char> {
    (0xB0u8..=0xF7).flat_map(|hi| {
        (0xA1u8..=0xFE).filter_map(move |lo| {
            let bytes = [hi, lo];
            let (s, _, bad) = encoding_rs::GBK.decode(&bytes);
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if !bad && c as u32 >= 0x4E00 => Some(c),
                _ => None,
            }
        })
    })
}

fn is_cjk_word(w: &str) -> bool {
    let n = w.chars().count();
    (2..=8).contains(&n) && w.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Keys (in one buffer) with the words they lead to: a `BTreeMap<String, BTreeSet<String>>`
/// per kind of record held 62 MB at the indexer's peak (10,000 pages) and took a sixth of
/// its time; these pairs take a few MB.
#[derive(Default)]
struct KeyedWords {
    buf: String,
    /// `(start, end)` of the key in `buf`, and the word's index in the sorted vocabulary.
    pairs: Vec<(u32, u32, u32)>,
}

impl KeyedWords {
    fn push(&mut self, key: impl IntoIterator<Item = char>, word: u32) {
        let start = self.buf.len() as u32;
        self.buf.extend(key);
        self.pairs.push((start, self.buf.len() as u32, word));
    }

    /// Each key once (sorted), with its distinct words in `order` (the shortest first, then
    /// curated and site words, then common words by frequency, then by the words' bytes).
    fn groups<K: Ord>(&mut self, order: impl Fn(u32) -> K, mut each: impl FnMut(&str, &[u32])) {
        let buf = &self.buf;
        let key = |p: &(u32, u32, u32)| &buf[p.0 as usize..p.1 as usize];
        self.pairs
            .sort_unstable_by(|a, b| key(a).cmp(key(b)).then(order(a.2).cmp(&order(b.2))));
        self.pairs.dedup_by(|a, b| a.2 == b.2 && key(a) == key(b));
        let mut ws = Vec::new();
        for run in self.pairs.chunk_by(|a, b| key(a) == key(b)) {
            ws.clear();
            ws.extend(run.iter().map(|p| p.2));
            each(key(&run[0]), &ws);
        }
    }
}

/// The thesaurus records' texts by the first bigram of the everyday word: one line per
/// everyday word, `word<TAB>legal|legal` (`~` before the legal column for background words).
fn thesaurus_records(thes: &BTreeMap<String, (Vec<String>, bool)>) -> BTreeMap<String, String> {
    let mut by_bigram: BTreeMap<String, String> = BTreeMap::new();
    for (w, (legal, context)) in thes {
        let bigram: String = w.chars().take(2).collect();
        let t = by_bigram.entry(bigram).or_default();
        if !t.is_empty() {
            t.push('\n');
        }
        t.push_str(w);
        t.push('\t');
        if *context {
            t.push('~');
        }
        t.push_str(&legal.join("|"));
    }
    by_bigram
}

/// The data records (`(key, text)`, handed to `emit` in no particular order) for a site
/// whose titles and headings hold `site_words`.
pub(super) fn data_records(site_words: &BTreeSet<String>, emit: &mut dyn FnMut(&str, &str)) {
    let thes = thesaurus();
    let mut key = String::new();
    let mut emit_key = |prefix: char, k: &str, text: &str| {
        key.clear();
        key.push(prefix);
        key.push_str(k);
        emit(&key, text);
    };
    let by_bigram = thesaurus_records(&thes);
    for (b, t) in &by_bigram {
        emit_key(format::THES_PREFIX, b, t);
    }
    drop(by_bigram);
    // Vocabulary pinyin: curated words spelled every way (up to 8), site words two ways. A
    // word in both gets the 8 (its first two spellings are the two, `spellings`).
    let curated = super::segment::LEGAL_WORDS
        .iter()
        .copied()
        .chain(thes.keys().map(String::as_str))
        .chain(thes.values().flat_map(|v| v.0.iter().map(String::as_str)));
    // Common words of the statutes (年龄, 劳动), two ways like site words, after the words
    // above in their records: the rank in `data/common_words.txt` (most frequent first) + 1,
    // and 0 for the others (a common word that is also one of them is one of them).
    let mut vocab: Vec<(&str, usize, u32)> = curated
        .map(|w| (w, 8, 0))
        .chain(site_words.iter().map(|w| (w.as_str(), 2, 0)))
        .chain(common_words().zip(1..).map(|(w, n)| (w, 2, n)))
        .filter(|(w, _, _)| is_cjk_word(w))
        .collect();
    vocab.sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    vocab.dedup_by(|a, b| a.0 == b.0);
    let mut chars: BTreeSet<char> = common_chars().collect();
    chars.extend(vocab.iter().flat_map(|(w, _, _)| w.chars()));
    let reads: BTreeMap<char, Vec<String>> = chars.iter().map(|&c| (c, readings(c))).collect();
    // A word's place in the records: the shortest words are the likeliest, then by bytes
    // (`vocab` is sorted by bytes, so by index).
    let lens: Vec<usize> = vocab.iter().map(|(w, _, _)| w.chars().count()).collect();
    let order = |i: u32| (lens[i as usize], vocab[i as usize].2, i);
    let (mut pinyin, mut near) = (KeyedWords::default(), KeyedWords::default());
    let mut spelled = Vec::new();
    for (i, &(w, cap, _)) in vocab.iter().enumerate() {
        spellings(
            w,
            cap,
            |c| reads.get(&c).map_or(&[][..], Vec::as_slice),
            &mut spelled,
        );
        for p in &spelled {
            pinyin.push(p.chars(), i as u32);
        }
        // Near misses: each word of three characters or more (that has a spelling) under
        // itself and under every spelling with one character left out (`query::near_miss`).
        if spelled.is_empty() || lens[i] < 3 {
            continue;
        }
        near.push(w.chars(), i as u32);
        for skip in 0..lens[i] {
            let cs = w.chars().enumerate().filter(|&(j, _)| j != skip);
            near.push(cs.map(|(_, c)| c), i as u32);
        }
        // Abbreviations: a word of four characters also under its first and third
        // (`respell::abbreviated`: 刑拘 → 刑事拘留, 网暴 → 网络暴力), written out in the record.
        if lens[i] == 4 {
            near.push(w.chars().step_by(2), i as u32);
        }
    }
    let mut text = String::new();
    near.groups(order, |k, ws| {
        text.clear();
        for (n, &i) in ws.iter().take(8).enumerate() {
            if n > 0 {
                text.push('|');
            }
            text.push_str(&format::near_code(k, vocab[i as usize].0));
        }
        emit_key(format::NEAR_PREFIX, k, &text);
    });
    drop(near);
    pinyin.groups(order, |p, ws| {
        text.clear();
        for (n, &i) in ws.iter().take(6).enumerate() {
            if n > 0 {
                text.push('|');
            }
            text.push_str(vocab[i as usize].0);
        }
        emit_key(format::PINYIN_PREFIX, p, &text);
    });
    let mut one = [0u8; 4];
    for (c, r) in &reads {
        if !r.is_empty() {
            emit_key(format::CHAR_PREFIX, c.encode_utf8(&mut one), &r.join("|"));
        }
    }
}

/// `data/common_words.txt`: character pairs that many articles of the bundled statutes hold
/// (its header says how they were chosen; `common_pairs` makes them), most frequent first.
const COMMON_WORDS: &str = include_str!("data/common_words.txt");

/// The words of `data/common_words.txt`, most frequent first: words of the pinyin vocabulary
/// besides the curated and the site's (年龄, 劳动 are in neither).
pub(super) fn common_words() -> impl Iterator<Item = &'static str> {
    COMMON_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Articles, at least, that hold a character pair of `data/common_words.txt`.
#[cfg(test)]
const COMMON_MIN: usize = 40;

/// The common words of `texts` (`data/common_words.txt`): pairs of CJK characters, neither a
/// particle, pronoun or the like (`rules.json` `stop`) nor a numeral or 第, that `COMMON_MIN` texts
/// or more hold; the most held first, then by code point.
#[cfg(test)]
pub(super) fn common_pairs<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    let ok = |c: char| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            && !super::understand::is_stop(c)
            && !"零一二三四五六七八九十百千万两几第".contains(c)
    };
    let mut df: HashMap<(char, char), usize> = HashMap::new();
    for t in texts {
        let cs: Vec<char> = fold(t).chars().collect();
        let mut seen = HashSet::new();
        for w in cs.windows(2) {
            if ok(w[0]) && ok(w[1]) && seen.insert((w[0], w[1])) {
                *df.entry((w[0], w[1])).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<((char, char), usize)> =
        df.into_iter().filter(|p| p.1 >= COMMON_MIN).collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    pairs
        .into_iter()
        .map(|((a, b), _)| [a, b].iter().collect())
        .collect()
}

/// Whether `w` is a word of the search vocabulary worth a pinyin record (CJK, 2–8 chars).
pub(super) fn vocab_word(w: &str) -> bool {
    is_cjk_word(w) && w.chars().count() <= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compressed copy in the binary is the reviewed file, byte for byte.
    #[test]
    fn compiled_in_thesaurus_is_the_file() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/search/data/thesaurus.tsv");
        assert_eq!(thesaurus_tsv(), std::fs::read_to_string(path).unwrap());
        assert!(
            THESAURUS_ZST.len() * 3 < thesaurus_tsv().len(),
            "{}",
            THESAURUS_ZST.len()
        );
    }

    #[test]
    fn thesaurus_file_is_well_formed_and_large() {
        let entries = parse_thesaurus(thesaurus_tsv()).unwrap();
        let pairs: usize = entries
            .iter()
            .map(|e| e.everyday.len() * e.legal.len())
            .sum();
        assert!(pairs >= 10_000 && entries.len() >= 600, "{pairs} pairs");
        let map = thesaurus();
        for (w, want) in [
            ("家暴", "家庭暴力"),
            ("酒驾", "饮酒后驾驶"),
            ("醉驾", "醉酒驾驶"),
            ("醉驾", "危险驾驶"),
            ("高空抛物", "从建筑物中抛掷物品"),
            ("借钱不还", "借款合同"),
            ("借钱不还", "返还借款"),
            ("噪音扰民", "噪声"),
            ("养狗", "饲养动物"),
            ("老人被骗", "诈骗"),
            ("老人被骗", "老年人"),
        ] {
            assert!(
                map.get(w).is_some_and(|v| v.0.iter().any(|x| x == want)),
                "{w} → {want}"
            );
        }
        assert!(map.contains_key("彩礼") && map.contains_key("离婚冷静期"));
    }

    /// The "sourced" rule of the thesaurus' header, enforced: every legal term of every line
    /// that is not background occurs verbatim, after the same folding, in the statute text
    /// that ships with pufa (law names and article text of `law::bundled`), so a line never
    /// maps everyday words to wording no statute uses (a crime's name such as 交通肇事罪 is
    /// not statute text: its article describes the act).
    #[test]
    fn thesaurus_legal_terms_occur_in_the_bundled_statutes() {
        use std::collections::{HashMap, HashSet};
        let bundle = crate::law::bundled::load().unwrap();
        let texts: Vec<String> = bundle
            .laws
            .iter()
            .map(|l| fold(&l.name))
            .chain(
                bundle
                    .articles
                    .iter()
                    .flatten()
                    .filter_map(|a| a.4.as_deref())
                    .map(fold),
            )
            .collect();
        assert!(texts.len() > 20_000, "{} texts", texts.len());
        // Texts by character pair, so each term is looked for only where all its pairs are.
        let pair = |a: char, b: char| (u64::from(a as u32) << 32) | u64::from(b as u32);
        let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            let cs: Vec<char> = t.chars().collect();
            let mut seen = HashSet::new();
            for w in cs.windows(2) {
                let k = pair(w[0], w[1]);
                if seen.insert(k) {
                    index.entry(k).or_default().push(i);
                }
            }
        }
        let occurs = |term: &str| -> bool {
            let cs: Vec<char> = term.chars().collect();
            if cs.len() < 2 {
                return texts.iter().any(|t| t.contains(term));
            }
            // A pair no text holds: the term is in none; else look where its rarest pair is.
            let mut rarest: Option<&Vec<usize>> = None;
            for w in cs.windows(2) {
                match index.get(&pair(w[0], w[1])) {
                    None => return false,
                    Some(v) if rarest.is_none_or(|r| v.len() < r.len()) => rarest = Some(v),
                    Some(_) => {}
                }
            }
            rarest.is_some_and(|c| c.iter().any(|&i| texts[i].contains(term)))
        };
        let (mut terms, mut missing) = (0, Vec::new());
        for (n, line) in thesaurus_tsv().lines().enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || cols.len() != 3 || cols[1].starts_with('~') {
                continue;
            }
            for term in cols[1].split('|').map(|t| fold(t.trim())) {
                terms += 1;
                if !term.is_empty() && !occurs(&term) {
                    missing.push(format!("thesaurus.tsv:{}: {term}", n + 1));
                }
            }
        }
        assert!(terms >= 1000, "{terms} legal terms");
        assert!(
            missing.is_empty(),
            "legal terms found in no statute:\n{}",
            missing.join("\n")
        );
    }

    /// `data_records` as it was written before `KeyedWords`: a `BTreeMap` of `BTreeSet`s per
    /// kind of record.
    fn data_records_by_maps(site_words: &BTreeSet<String>) -> Vec<(String, String)> {
        let thes = thesaurus();
        let mut out = Vec::new();
        for (b, t) in super::thesaurus_records(&thes) {
            out.push((format::data_key(format::THES_PREFIX, &b), t));
        }
        let mut vocab: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let curated: Vec<String> = super::super::segment::LEGAL_WORDS
            .iter()
            .map(|w| w.to_string())
            .chain(thes.keys().cloned())
            .chain(thes.values().flat_map(|v| v.0.iter().cloned()))
            .collect();
        let mut chars: BTreeSet<char> = common_chars().collect();
        let known: BTreeSet<&String> = curated.iter().chain(site_words).collect();
        // Common words that are no curated or site word: their rank, after those.
        let rank = |w: &String| -> usize {
            if known.contains(w) {
                0
            } else {
                common_words().position(|c| c == w).map_or(0, |p| p + 1)
            }
        };
        for (w, cap) in curated
            .iter()
            .map(|w| (w.clone(), 8))
            .chain(site_words.iter().map(|w| (w.clone(), 2)))
            .chain(common_words().map(|w| (w.to_string(), 2)))
        {
            if !is_cjk_word(&w) {
                continue;
            }
            chars.extend(w.chars());
            for p in word_pinyin(&w, cap) {
                vocab.entry(p).or_default().insert(w.clone());
            }
        }
        let mut near: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for w in vocab.values().flatten() {
            let cs: Vec<char> = w.chars().collect();
            if cs.len() < 3 {
                continue;
            }
            near.entry(w.clone()).or_default().insert(w.clone());
            for i in 0..cs.len() {
                let d: String = cs[..i].iter().chain(&cs[i + 1..]).collect();
                near.entry(d).or_default().insert(w.clone());
            }
            if cs.len() == 4 {
                near.entry([cs[0], cs[2]].iter().collect())
                    .or_default()
                    .insert(w.clone());
            }
        }
        for (k, words) in near {
            let mut ws: Vec<String> = words.into_iter().collect();
            ws.sort_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(a.cmp(b)));
            ws.truncate(8);
            let codes: Vec<String> = ws.iter().map(|w| format::near_code(&k, w)).collect();
            out.push((format::data_key(format::NEAR_PREFIX, &k), codes.join("|")));
        }
        for (p, words) in vocab {
            let mut ws: Vec<String> = words.into_iter().collect();
            ws.sort_by(|a, b| {
                a.chars()
                    .count()
                    .cmp(&b.chars().count())
                    .then(rank(a).cmp(&rank(b)))
                    .then(a.cmp(b))
            });
            ws.truncate(6);
            out.push((format::data_key(format::PINYIN_PREFIX, &p), ws.join("|")));
        }
        for c in chars {
            let r = readings(c);
            if !r.is_empty() {
                out.push((
                    format::data_key(format::CHAR_PREFIX, &c.to_string()),
                    r.join("|"),
                ));
            }
        }
        out
    }

    /// `data/common_words.txt` is what `common_pairs` makes of the articles of the bundled
    /// statutes (`PUFA_WRITE_COMMON_WORDS=1 cargo test --lib common_words` writes it anew,
    /// after the bundled data or the rule changed).
    #[test]
    fn common_words_are_the_bundled_statutes_frequent_pairs() {
        let bundle = crate::law::bundled::load().unwrap();
        let got = common_pairs(
            bundle
                .articles
                .iter()
                .flatten()
                .filter_map(|a| a.4.as_deref()),
        );
        if std::env::var_os("PUFA_WRITE_COMMON_WORDS").is_some() {
            let mut text = String::from(COMMON_HEADER);
            for w in &got {
                text.push_str(w);
                text.push('\n');
            }
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/search/data/common_words.txt");
            std::fs::write(path, text).unwrap();
            return;
        }
        let file: Vec<&str> = common_words().collect();
        assert_eq!(file, got, "data/common_words.txt is out of date");
        assert!(got.len() > 1000, "{} words", got.len());
        for w in ["年龄", "劳动", "工资", "财产"] {
            assert!(got.iter().any(|g| g == w), "{w}");
        }
        assert!(COMMON_WORDS.starts_with(COMMON_HEADER));
    }

    const COMMON_HEADER: &str = "\
# 常用词：随附法律条文（data/laws.jsonl.zst）里至少 40 条条文都有的两字组合，按出现的条文数从多到少排列。
# 用途：拼音搜索和同音纠错的词表（年龄、劳动这类常用词不在整理的词表里），每行一个。
# 由 src/search/lexicon.rs 的 common_pairs 生成：汉字两两相连，去掉虚词、代词（rules.json 的 stop）、数字和“第”。
# 重新生成：PUFA_WRITE_COMMON_WORDS=1 cargo test --lib common_words
";

    /// The records are those the maps gave, for site words that are also curated words
    /// (spelled 8 ways, not 2), share spellings and near misses with them, have characters
    /// outside GB2312 or without a reading, or are no vocabulary word at all.
    #[test]
    fn data_records_are_those_of_the_maps() {
        let site_words: BTreeSet<String> = [
            "正当防卫",
            "正挡防卫",
            "民法典",
            "民法",
            "行政处罚",
            "长期居住",
            "重新审理",
            "䶮字号",
            "𠀀𠀁法",
            "扫码普法站",
            "a站",
            "法",
            "一二三四五六七八九",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let mut got = Vec::new();
        data_records(&site_words, &mut |k, t| {
            got.push((k.to_string(), t.to_string()))
        });
        got.sort();
        let mut want = data_records_by_maps(&site_words);
        want.sort();
        assert!(want.len() > 50_000, "{} records", want.len());
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w);
        }
        assert!(got.iter().any(|r| r.0 == "\u{4}zhengdangfangwei"));
        assert!(got.iter().any(|r| r.0 == "\u{6}正挡卫"));
    }

    #[test]
    fn pinyin_of_words_and_characters() {
        assert_eq!(
            word_pinyin("正当防卫", 8).first().map(String::as_str),
            Some("zhengdangfangwei")
        );
        assert!(readings('挡').contains(&"dang".to_string()));
        assert!(readings('绿').contains(&"lv".to_string()));
        assert!(common_chars().count() >= 6763);
    }
}
