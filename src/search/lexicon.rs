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
pub(super) fn word_pinyin(word: &str, cap: usize) -> Vec<String> {
    let mut spellings = vec![String::new()];
    for c in word.chars() {
        let r = readings(c);
        if r.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for s in &spellings {
            for x in &r {
                if next.len() < cap {
                    next.push(format!("{s}{x}"));
                }
            }
        }
        spellings = next;
    }
    spellings
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

/// The data records (`(key, text)`) for a site whose titles and headings hold `site_words`.
pub(super) fn data_records(site_words: &BTreeSet<String>) -> Vec<(String, String)> {
    let thes = thesaurus();
    let mut out = Vec::new();
    // Thesaurus, grouped by the first bigram of the everyday word.
    let mut by_bigram: BTreeMap<String, String> = BTreeMap::new();
    for (w, (legal, context)) in &thes {
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
    for (b, t) in by_bigram {
        out.push((format::data_key(format::THES_PREFIX, &b), t));
    }
    // Vocabulary pinyin: curated words spelled every way (up to 8), site words two ways.
    let mut vocab: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let curated = super::segment::LEGAL_WORDS
        .iter()
        .map(|w| w.to_string())
        .chain(thes.keys().cloned())
        .chain(thes.values().flat_map(|v| v.0.iter().cloned()));
    let mut chars: BTreeSet<char> = common_chars().collect();
    for (w, cap) in curated
        .map(|w| (w, 8))
        .chain(site_words.iter().map(|w| (w.clone(), 2)))
    {
        if !is_cjk_word(&w) {
            continue;
        }
        chars.extend(w.chars());
        for p in word_pinyin(&w, cap) {
            vocab.entry(p).or_default().insert(w.clone());
        }
    }
    // Near misses: each word of three characters or more under itself and under every
    // spelling with one character left out (see `query::near_miss`).
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
    }
    for (k, words) in near {
        let mut ws: Vec<String> = words.into_iter().collect();
        ws.sort_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(a.cmp(b)));
        ws.truncate(8);
        let codes: Vec<String> = ws.iter().map(|w| format::near_code(&k, w)).collect();
        out.push((format::data_key(format::NEAR_PREFIX, &k), codes.join("|")));
    }
    for (p, words) in vocab {
        // Curated words first would need a rank; the shortest words are the likeliest.
        let mut ws: Vec<String> = words.into_iter().collect();
        ws.sort_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(a.cmp(b)));
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
