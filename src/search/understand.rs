//! Query understanding: what a citizen typed → what to look for. Shared by `pufa search`
//! (`query`) and the page: the rule tables are `data/rules.json`, which `build` writes into
//! `pufa-search.js`, and the JS `understand()` follows this file step by step; both are
//! checked against `data/understand_cases.json` (Rust: the test below; JS: the browser test).
//!
//! Steps, on the folded query (`normalize::fold`):
//! 1. punctuation (the `punct` code point ranges) becomes a blank;
//! 2. article numbers (`第1077条`, `第 1077 条`, `1077条`, `第一千零七十七条`, also 款 项 章 节 编
//!    and `之一`) become one term with both spellings, `第一千零七十七条` and `第1077条`; the
//!    text before it (a law name such as `民法典`) stays a term of its own;
//! 3. question words (`strong`, e.g. 什么是 怎么办 多少天) and fillers (`weak`, e.g. 请问)
//!    become blanks;
//! 4. each blank-separated term loses question particles at its end (`strong_tail`: 吗 呢),
//!    other particles at its end (`weak_tail`: 了 的) and fillers at its start (`weak_head`:
//!    我的 我家), as long as two characters remain;
//! 5. a term that is a law's short name as people say it (`short`: 道交法, 未保法, 消法)
//!    is searched as the law's name (道路交通安全法) too, so that 道交法第91条 finds the
//!    article; this counts as a strong change.
//!
//! The result is `Plan::clean`: terms, each a list of spellings any of which may match.
//! `Plan::raw` keeps the words of step 2 before steps 3 and 4, so that thesaurus keys holding a
//! question word or a particle (判几年, 工伤怎么赔, 私了) are still found (`thesaurus_terms`).

use std::sync::OnceLock;

use serde::Deserialize;

use super::normalize::{fold, query_terms};

/// `data/rules.json`, the shared rule tables.
pub(super) const RULES_JSON: &str = include_str!("data/rules.json");

#[derive(Deserialize)]
struct Rules {
    punct: Vec<(u32, u32)>,
    strong: Vec<String>,
    weak: Vec<String>,
    strong_tail: Vec<String>,
    weak_tail: Vec<String>,
    weak_head: Vec<String>,
    units: String,
    /// Characters that make a character pair no evidence in the best-match ranking.
    #[serde(default)]
    stop: String,
    /// Characters from which a query is a sentence (see `best`).
    #[serde(default)]
    sentence: usize,
    /// The laws citizens consult (see `best`).
    #[serde(default)]
    consulted: Vec<String>,
    /// Laws' names, each with its short names, blank-separated (道路交通安全法: 道交法 交通法).
    #[serde(default)]
    short: std::collections::BTreeMap<String, String>,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let mut r: Rules = serde_json::from_str(RULES_JSON).unwrap_or(Rules {
            punct: Vec::new(),
            strong: Vec::new(),
            weak: Vec::new(),
            strong_tail: Vec::new(),
            weak_tail: Vec::new(),
            weak_head: Vec::new(),
            units: String::new(),
            stop: String::new(),
            sentence: 0,
            consulted: Vec::new(),
            short: Default::default(),
        });
        // Longest first, so 怎么办 goes before 怎么 (the JS sorts the same way).
        for list in [&mut r.strong, &mut r.weak] {
            list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        }
        r
    })
}

/// What to search for, in order of trust.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The literal terms (blank-separated, folded): today's exact matching.
    pub exact: Vec<String>,
    /// The cleaned terms, each a list of spellings (any may match); empty when equal to
    /// `exact`.
    pub clean: Vec<Vec<String>>,
    /// A question word was dropped or an article number respelled: the cleaned terms are
    /// searched even when the literal ones found pages.
    pub strong: bool,
    /// The cleaned words without article numbers, blank-separated: where thesaurus keys and
    /// pinyin are looked for.
    pub text: String,
    /// The words without punctuation and article numbers, before question words, fillers and
    /// particles are dropped (steps 1 and 2), blank-separated: where thesaurus keys that hold
    /// such words are looked for.
    pub raw: String,
    /// An article number follows other text without a blank (刑法第二百六十六条): as typed,
    /// only the pages that cite the article hold it (依照刑法第…条, an amendment), not the
    /// law's own page, so the cleaned terms (the law's name, the article) are searched first.
    pub joined: bool,
}

/// The cleaned words of one piece of a query (steps 3 and 4), and whether a question word
/// was dropped.
pub(super) fn clean_words(seg: &str) -> (Vec<String>, bool) {
    let r = rules();
    let mut s = seg.to_string();
    let mut strong = blank_out(&mut s, &r.strong);
    blank_out(&mut s, &r.weak);
    let mut out = Vec::new();
    for t in s.split(' ').filter(|t| !t.is_empty()) {
        let (t, a) = strip_ends(t, &r.strong_tail, &[]);
        strong |= a;
        let (t, _) = strip_ends(&t, &r.weak_tail, &r.weak_head);
        out.push(t);
    }
    (out, strong)
}

/// The law whose short name (`rules.json` `short`) `t` is: 道交法 → 道路交通安全法.
fn law_of_short(t: &str) -> Option<String> {
    rules()
        .short
        .iter()
        .find(|(_, names)| names.split(' ').any(|n| n == t))
        .map(|(law, _)| law.clone())
}

/// Whether `law` (a law's name without 中华人民共和国) is one citizens consult (`rules.json`
/// `consulted`, see `best`).
pub(super) fn is_consulted(law: &str) -> bool {
    rules().consulted.iter().any(|l| l == law)
}

/// Whether `c` makes a character pair no evidence in the best-match ranking (`rules.json`
/// `stop`: pronouns, particles, 被 把 给 …).
pub(super) fn is_stop(c: char) -> bool {
    rules().stop.contains(c)
}

/// The length (characters, blanks left out) from which a cleaned query is a sentence.
pub(super) fn sentence_len() -> usize {
    rules().sentence
}

pub(super) fn is_punct(c: char) -> bool {
    let u = c as u32;
    rules().punct.iter().any(|&(a, b)| a <= u && u <= b)
}

const CN_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1 ≤ n ≤ 9999 in Chinese numerals as statutes write them: 10 → 十, 15 → 十五,
/// 110 → 一百一十, 1077 → 一千零七十七. `None` outside that range.
pub(super) fn to_chinese(n: u32) -> Option<String> {
    if n == 0 || n > 9999 {
        return None;
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut s = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        if !(i == 2 && d == 1 && s.is_empty()) {
            s.push(CN_DIGITS[d as usize]);
        }
        s.push_str(units[i]);
    }
    Some(s)
}

/// Chinese numerals (一千零七十七, 十五, 两百) → number; `None` when not a numeral.
pub(super) fn from_chinese(s: &str) -> Option<u32> {
    let (mut total, mut cur) = (0u32, 0u32);
    let mut any = false;
    for c in s.chars() {
        any = true;
        if let Some(d) = CN_DIGITS.iter().position(|&x| x == c) {
            cur = d as u32;
        } else if c == '两' {
            cur = 2;
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            total += cur.max(u32::from(cur == 0 && unit == 10)) * unit;
            cur = 0;
        }
    }
    (any && total + cur > 0).then_some(total + cur)
}

fn is_cn_numeral(c: char) -> bool {
    CN_DIGITS.contains(&c) || matches!(c, '十' | '百' | '千' | '两')
}

/// An article reference starting at `i` (`第` or a digit): (end, Chinese spelling, Arabic
/// spelling).
fn article_at(cs: &[char], i: usize) -> Option<(usize, String, String, bool)> {
    let units = &rules().units;
    let mut j = i;
    let di = cs[j] == '第';
    if di {
        j += 1;
    }
    while j < cs.len() && cs[j] == ' ' {
        j += 1;
    }
    let start = j;
    let arabic = j < cs.len() && cs[j].is_ascii_digit();
    while j < cs.len()
        && if arabic {
            cs[j].is_ascii_digit()
        } else {
            is_cn_numeral(cs[j])
        }
    {
        j += 1;
    }
    let num: String = cs[start..j].iter().collect();
    if num.is_empty() || (!arabic && !di) {
        return None;
    }
    while j < cs.len() && cs[j] == ' ' {
        j += 1;
    }
    let unit = *cs.get(j).filter(|u| units.contains(**u))?;
    j += 1;
    let n = if arabic {
        num.parse().ok()?
    } else {
        from_chinese(&num)?
    };
    let (mut cn, mut ar) = (
        format!("第{}{unit}", to_chinese(n)?),
        format!("第{n}{unit}"),
    );
    // 第一百三十三条之一
    if cs.get(j) == Some(&'之') {
        let k0 = j + 1;
        let mut k = k0;
        while k < cs.len() && (is_cn_numeral(cs[k]) || cs[k].is_ascii_digit()) {
            k += 1;
        }
        let sub: String = cs[k0..k].iter().collect();
        let m = sub.parse().ok().or_else(|| from_chinese(&sub));
        if let Some(m) = m.and_then(to_chinese) {
            cn.push('之');
            cn.push_str(&m);
            ar.push('之');
            ar.push_str(&m);
            j = k;
        }
    }
    Some((j, cn, ar, arabic))
}

/// Replaces every occurrence of `words` (longest first) in `s` with a blank; whether any was.
fn blank_out(s: &mut String, words: &[String]) -> bool {
    let mut hit = false;
    for w in words {
        if !w.is_empty() && s.contains(w.as_str()) {
            *s = s.replace(w.as_str(), " ");
            hit = true;
        }
    }
    hit
}

fn strip_ends(t: &str, tails: &[String], heads: &[String]) -> (String, bool) {
    let mut t = t.to_string();
    let mut hit = false;
    loop {
        let before = t.clone();
        for x in tails {
            if let Some(r) = t.strip_suffix(x.as_str()) {
                if r.chars().nth(1).is_some() {
                    t = r.to_string();
                }
            }
        }
        for x in heads {
            if let Some(r) = t.strip_prefix(x.as_str()) {
                if r.chars().nth(1).is_some() {
                    t = r.to_string();
                }
            }
        }
        if t == before {
            return (t, hit);
        }
        hit = true;
    }
}

/// Understands query `q` (see the module doc).
pub fn understand(q: &str) -> Plan {
    let exact = query_terms(q);
    let cs: Vec<char> = fold(q)
        .chars()
        .map(|c| if is_punct(c) { ' ' } else { c })
        .collect();
    let mut strong = false;
    let mut joined = false;
    let mut clean: Vec<Vec<String>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut raw: Vec<String> = Vec::new();
    let mut push_text = |seg: &str, strong: &mut bool, clean: &mut Vec<Vec<String>>| {
        raw.extend(seg.split(' ').filter(|t| !t.is_empty()).map(String::from));
        let (ts, a) = clean_words(seg);
        *strong |= a;
        for t in ts {
            if !clean.iter().any(|c| c.contains(&t)) {
                words.push(t.clone());
                // A law's short name (道交法第91条) is searched as the law's name, and as
                // typed when it has three characters or more: two occur inside other words
                // (民法 in 公民、法人).
                match law_of_short(&t) {
                    Some(name) => {
                        *strong = true;
                        let typed = t.chars().nth(2).is_some();
                        clean.push(
                            [name.clone()]
                                .into_iter()
                                .chain(typed.then_some(t))
                                .collect(),
                        );
                    }
                    None => clean.push(vec![t]),
                }
            }
        }
    };
    let (mut i, mut seg_start) = (0, 0);
    while i < cs.len() {
        let prev_digit = i > 0 && cs[i - 1].is_ascii_digit();
        if cs[i] == '第' || (cs[i].is_ascii_digit() && !prev_digit) {
            if let Some((end, cn, ar, arabic)) = article_at(&cs, i) {
                joined |= i > seg_start && cs[i - 1] != ' ';
                let seg: String = cs[seg_start..i].iter().collect();
                push_text(&seg, &mut strong, &mut clean);
                let typed: String = cs[i..end].iter().filter(|&&c| c != ' ').collect();
                strong |= typed != cn;
                let alts = if arabic { vec![ar, cn] } else { vec![cn, ar] };
                if !clean.contains(&alts) {
                    clean.push(alts);
                }
                i = end;
                seg_start = end;
                continue;
            }
        }
        i += 1;
    }
    let seg: String = cs[seg_start..].iter().collect();
    push_text(&seg, &mut strong, &mut clean);
    let same = clean.len() == exact.len()
        && clean
            .iter()
            .zip(&exact)
            .all(|(c, e)| c.len() == 1 && c[0] == *e);
    Plan {
        text: words.join(" "),
        raw: raw.join(" "),
        clean: if same { Vec::new() } else { clean },
        strong: strong && !same,
        joined: joined && !same,
        exact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every short name belongs to one law, is no bundled law's own name, and every law named
    /// is a bundled law, so that 道交法第91条 finds the article wherever the law is imported.
    #[test]
    fn short_law_names_name_one_bundled_law_each() {
        let laws: Vec<String> = crate::law::bundled::catalogue()
            .unwrap()
            .into_iter()
            .map(|l| l.name.trim_start_matches("中华人民共和国").to_string())
            .collect();
        let mut seen: Vec<&str> = Vec::new();
        for (law, names) in &rules().short {
            assert!(laws.contains(law), "{law} is no bundled law");
            for n in names.split(' ') {
                assert!(!n.is_empty() && !seen.contains(&n), "{n} twice or empty");
                assert!(!laws.iter().any(|l| l == n), "{n} is a law's own name");
                assert_eq!(law_of_short(n).as_deref(), Some(law.as_str()));
                seen.push(n);
            }
        }
        assert!(seen.len() > 20, "{} short names", seen.len());
    }

    #[test]
    fn numerals_both_ways() {
        for (n, s) in [
            (1, "一"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1000, "一千"),
            (1010, "一千零一十"),
            (1077, "一千零七十七"),
            (1260, "一千二百六十"),
            (2001, "二千零一"),
        ] {
            assert_eq!(to_chinese(n).as_deref(), Some(s), "{n}");
            assert_eq!(from_chinese(s), Some(n), "{s}");
        }
        assert_eq!(from_chinese("两百"), Some(200));
        assert_eq!(from_chinese("法"), None);
        assert_eq!(to_chinese(0), None);
    }

    /// The cases the page's JS is checked against too (tests/browser/search.js).
    #[test]
    fn shared_cases() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("data/understand_cases.json")).unwrap();
        assert!(cases.len() >= 20);
        for c in cases {
            let q = c["q"].as_str().unwrap();
            let p = understand(q);
            let want: Vec<Vec<String>> = serde_json::from_value(c["clean"].clone()).unwrap();
            assert_eq!(p.clean, want, "clean of {q:?}");
            assert_eq!(p.strong, c["strong"].as_bool().unwrap(), "strong of {q:?}");
            assert_eq!(p.text, c["text"].as_str().unwrap(), "text of {q:?}");
            if let Some(raw) = c.get("raw") {
                assert_eq!(p.raw, raw.as_str().unwrap(), "raw of {q:?}");
            }
            if let Some(joined) = c.get("joined") {
                assert_eq!(p.joined, joined.as_bool().unwrap(), "joined of {q:?}");
            }
        }
    }
}
