//! When a query finds nothing: reading it as pinyin, respelling it by the sound of its
//! characters, or by the word one slip away (`suggestion`: 您是不是要找).

use super::reader::{Reader, SearchError};
use crate::search::format;

/// A word of the vocabulary spelled `pinyin` (toneless, no blanks), if any.
pub(super) fn pinyin_word(r: &mut Reader, pinyin: &str) -> Result<Option<String>, SearchError> {
    Ok(r.data(&format::data_key(format::PINYIN_PREFIX, pinyin))?
        .and_then(|ws| ws.split('|').next().map(String::from))
        .filter(|w| !w.is_empty()))
}

/// Reads `text` as pinyin (`zhengdangfangwei`, `dian xin zha pian`) or respells it by the
/// sound of its characters (正挡防卫), into words of the vocabulary: the whole text first,
/// then word by word. `None` when nothing changes.
pub(super) fn respell(r: &mut Reader, text: &str) -> Result<Option<String>, SearchError> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Ok(None);
    }
    let latin = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_lowercase()));
    // Pinyin among characters (yizhu怎么写, lihun要多久, 我想问 yi zhu): each run of letters
    // (runs of neighbouring words joined) read as pinyin, apart from the characters.
    let runs = script_runs(&words);
    if runs.iter().any(|r| r.1) && runs.iter().any(|r| !r.1) {
        let mut out: Vec<String> = Vec::new();
        let mut changed = false;
        for (run, letters) in runs {
            match letters && run.len() >= 2 {
                true => match pinyin_word(r, &run)? {
                    Some(w) => {
                        changed = true;
                        out.push(w);
                    }
                    None => out.push(run),
                },
                false => out.push(run),
            }
        }
        if changed {
            return Ok(Some(out.join(" ")));
        }
    }
    if latin {
        let joined: String = words.concat();
        if joined.len() < 2 {
            return Ok(None);
        }
        if let Some(w) = pinyin_word(r, &joined)? {
            return Ok(Some(w));
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let whole: String = words.concat();
    let pieces: Vec<String> = if words.len() > 1 && !latin {
        std::iter::once(whole)
            .chain(words.iter().map(|w| w.to_string()))
            .collect()
    } else {
        words.iter().map(|w| w.to_string()).collect()
    };
    for (i, w) in pieces.iter().enumerate() {
        let found = if latin {
            pinyin_word(r, w)?
        } else {
            match sound_alike(r, w)? {
                Some(f) => Some(f),
                None => match near_miss(r, w)? {
                    Some(f) => Some(f),
                    None => abbreviated(r, w)?,
                },
            }
        };
        if i == 0 && words.len() > 1 && !latin {
            if let Some(f) = found {
                return Ok(Some(f));
            }
            continue;
        }
        match found {
            Some(f) if f != *w => {
                changed = true;
                out.push(f);
            }
            _ => out.push(w.clone()),
        }
    }
    Ok(changed.then(|| out.join(" ")))
}

/// The runs of `words`: (text, whether it is letters), letters of neighbouring words joined
/// (`yi zhu` → `yizhu`).
fn script_runs(words: &[&str]) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    for w in words {
        let mut first = true;
        for c in w.chars() {
            let letter = c.is_ascii_lowercase();
            match runs.last_mut() {
                Some(last) if last.1 == letter && (!first || letter) => last.0.push(c),
                _ => runs.push((c.to_string(), letter)),
            }
            first = false;
        }
    }
    runs
}

/// A vocabulary word that sounds like `w` (CJK, 2–8 characters), other than `w`: as many
/// characters, each changed one read the same way as the typed one by the common reading of
/// both. A same-sound slip comes from the input method, which offers a character under its
/// common reading (正挡 for 正当); rare readings would turn fine words into others (卖烟 is no
/// 卖淫 for 淫's rare yàn, 借车 no 姐姐 for 姐's rare jù).
pub(super) fn sound_alike(r: &mut Reader, w: &str) -> Result<Option<String>, SearchError> {
    Ok(sound_alikes(r, w)?.0.into_iter().next())
}

/// Every vocabulary word that sounds like `w` (`sound_alike`), in the record's order, and
/// whether `w` is one itself.
fn sound_alikes(r: &mut Reader, w: &str) -> Result<(Vec<String>, bool), SearchError> {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < 2 || cs.len() > 8 || !cs.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return Ok((Vec::new(), false));
    }
    let mut spelling = String::new();
    for c in &cs {
        let Some(x) = common_reading(r, *c)? else {
            return Ok((Vec::new(), false));
        };
        spelling.push_str(&x);
    }
    let Some(words) = r.data(&format::data_key(format::PINYIN_PREFIX, &spelling))? else {
        return Ok((Vec::new(), false));
    };
    let mut out = Vec::new();
    'words: for f in words.split('|').filter(|f| *f != w) {
        let fs: Vec<char> = f.chars().collect();
        if fs.len() != cs.len() {
            continue;
        }
        for (a, b) in cs.iter().zip(&fs) {
            if a != b && common_reading(r, *a)? != common_reading(r, *b)? {
                continue 'words;
            }
        }
        out.push(f.to_string());
    }
    Ok((out, words.split('|').any(|f| f == w)))
}

/// The common (first) toneless reading of `c`, from its data record.
fn common_reading(r: &mut Reader, c: char) -> Result<Option<String>, SearchError> {
    Ok(
        r.data(&format::data_key(format::CHAR_PREFIX, &c.to_string()))?
            .and_then(|rs| rs.split('|').next().map(String::from)),
    )
}

/// A vocabulary word one slip away from `w` (CJK, 3–8 characters): one character wrong
/// (a similar shape, a neighbouring key), missing or extra, or two neighbours swapped. The
/// index lists every word under itself and under each spelling with one character left out,
/// so looking up `w` and each of its own such spellings finds them all (a word of four is
/// also under its first and third characters, for `abbreviated`; `one_slip` leaves it out
/// here). A word with as many characters as `w` is preferred, then the first in code point
/// order.
pub(super) fn near_miss(r: &mut Reader, w: &str) -> Result<Option<String>, SearchError> {
    Ok(near_misses(r, w, false)?.into_iter().next())
}

/// The vocabulary word of four characters that `w`, two CJK characters, abbreviates the
/// way Chinese shortens two words to their first characters (刑拘 for 刑事拘留, 网暴 for
/// 网络暴力, 行拘 for 行政拘留): the first in its record (the near-miss record of `w`, where the
/// index lists every such word under its first and third characters). Looked for only when
/// nothing was found, after a slip: 刑拘 is on no page of the statutes.
fn abbreviated(r: &mut Reader, w: &str) -> Result<Option<String>, SearchError> {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() != 2 || !cs.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return Ok(None);
    }
    Ok(r.data(&format::data_key(format::NEAR_PREFIX, w))?
        .and_then(|ws| {
            ws.split('|')
                .find(|x| {
                    let xs: Vec<char> = x.chars().collect();
                    xs.len() == 4 && xs[0] == cs[0] && xs[2] == cs[1]
                })
                .map(String::from)
        }))
}

/// Every vocabulary word one slip away from `w` (`near_miss`), in its order of preference;
/// when `added`, only those with a character more (all under the key `w` itself).
fn near_misses(r: &mut Reader, w: &str, added: bool) -> Result<Vec<String>, SearchError> {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < 3 || cs.len() > 8 || !cs.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return Ok(Vec::new());
    }
    let mut keys = vec![w.to_string()];
    for i in (0..cs.len()).filter(|_| !added) {
        let d: String = cs[..i].iter().chain(&cs[i + 1..]).collect();
        if !keys.contains(&d) {
            keys.push(d);
        }
    }
    let mut found: Vec<String> = Vec::new();
    for k in keys {
        if let Some(ws) = r.data(&format::data_key(format::NEAR_PREFIX, &k))? {
            for code in ws.split('|') {
                let x = &format::near_word(&k, code);
                let xs: Vec<char> = x.chars().collect();
                if x != w
                    && xs.len() >= 3
                    && one_slip(&cs, &xs)
                    && numerals(&cs) == numerals(&xs)
                    && !found.iter().any(|f| f == x)
                {
                    found.push(x.to_string());
                }
            }
        }
    }
    found.sort_by(|a, b| {
        let d = |s: &String| s.chars().count().abs_diff(cs.len());
        d(a).cmp(&d(b)).then(a.cmp(b))
    });
    Ok(found)
}

/// The numerals of `cs`, in order: a near miss never adds, drops or changes one (拘留十天 is
/// no slip for 拘留二十天, whose records hold the longer word).
fn numerals(cs: &[char]) -> Vec<char> {
    cs.iter()
        .copied()
        .filter(|&c| NUMERALS.contains(c))
        .collect()
}

/// Whether `a` becomes `b` by one edit: a character changed, left out or added, or two
/// neighbours swapped.
pub(crate) fn one_slip(a: &[char], b: &[char]) -> bool {
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return diff.len() == 1
            || (diff.len() == 2
                && diff[1] == diff[0] + 1
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]]);
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    short[i..] == long[i + 1..]
}

/// The class of a character for `inside`: letters, digits, CJK or other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Cjk,
    Other,
}

fn class(c: char) -> Class {
    match c {
        'a'..='z' => Class::Letter,
        '0'..='9' => Class::Digit,
        '\u{4E00}'..='\u{9FFF}' => Class::Cjk,
        _ => Class::Other,
    }
}

/// Characters (CJK, of the cleaned query) above which a query's characters are not respelled
/// inside it.
const LONG: usize = 10;

/// Pinyin of the units after an article number (`55 tiao` → 55条).
const UNITS: [(&str, &str); 6] = [
    ("tiao", "条"),
    ("kuan", "款"),
    ("xiang", "项"),
    ("zhang", "章"),
    ("jie", "节"),
    ("bian", "编"),
];

/// Whether some page may hold `w`: every key of it has postings and they share a page.
fn present(r: &mut Reader, w: &str) -> Result<bool, SearchError> {
    Ok(!super::spelling_candidates(r, w)?.0.is_empty())
}

/// The words of the vocabulary spelled `pinyin`.
fn pinyin_words(r: &mut Reader, pinyin: &str) -> Result<Vec<String>, SearchError> {
    Ok(r.data(&format::data_key(format::PINYIN_PREFIX, pinyin))?
        .map(|ws| {
            ws.split('|')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default())
}

/// Respelling INSIDE a query (`正当放卫的条件`, `吸du违法吗`, `zhapian duoshao qian li an`,
/// `xiaofeizhe quanyi baohufa 55 tiao`), before it is searched. `text` is the query's
/// cleaned words (`Plan::text`); only pieces of it that no page holds are looked at, so a
/// query whose every piece is on some page (民法典) reads no respelling record. In order:
/// - runs of letters that no page holds, read as pinyin: neighbouring runs (`xiaofeizhe
///   quanyi baohufa`) joined as long as they spell a word of the vocabulary, the longest
///   first; a run that spells none alone, glued to the character before or after it when
///   the two spell a word holding that character (`吸du` → 吸毒); the pinyin of an article's
///   unit after a number (`55 tiao` → 55条, `di 55 tiao` → 第55条);
/// - in a query of at most `LONG` characters, windows of 4, 3 and 2 characters that no page
///   holds — the whole piece of characters, four characters holding a pair no page holds, or
///   windows around a character that makes no pair pages hold with its neighbours — respelled
///   by the sound of their characters (`sound_alike`) into a word some page holds (正当放卫 →
///   正当防卫), never changing a character of an everyday word of the thesaurus; a whole piece
///   also into such a word one slip away (`near_miss`): any slip for four characters
///   (正当防御), a character left out for three (正当卫 → 正当防卫).
///
/// Other runs of letters that no page holds are left out when some pinyin was read (`zhapian
/// duoshao qian li an` → 诈骗 立案: duoshao and qian spell no word of the vocabulary). The
/// answer is the folded query (punctuation as blanks, blanks single) with those pieces
/// replaced, `None` when none is.
pub(super) fn inside(r: &mut Reader, q: &str, text: &str) -> Result<Option<String>, SearchError> {
    // Tokens: runs of one class within a word, with the word they are in.
    let mut toks: Vec<(String, Class, usize)> = Vec::new();
    for (wi, w) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
        for c in w.chars() {
            let k = class(c);
            match toks.last_mut() {
                Some(t) if t.1 == k && t.2 == wi => t.0.push(c),
                _ => toks.push((c.to_string(), k, wi)),
            }
        }
    }
    let span = |toks: &[(String, Class, usize)]| -> String {
        let mut s = String::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && toks[i - 1].2 != t.2 {
                s.push(' ');
            }
            s.push_str(&t.0);
        }
        s
    };
    let mut fixes: Vec<(String, String)> = Vec::new();
    // A long sentence is left to the best match, which its other words carry (and a phone
    // would fetch the records of every window).
    let long = text.chars().filter(|&c| class(c) == Class::Cjk).count() > LONG;
    let mut i = 0;
    while i < toks.len() {
        match toks[i].1 {
            Class::Letter => {
                // The run of neighbouring letter tokens from i.
                let mut end = i + 1;
                while end < toks.len() && toks[end].1 == Class::Letter {
                    end += 1;
                }
                if toks[i..end].iter().all(|t| t.0.len() < 2) {
                    i = end;
                    continue;
                }
                let absent = {
                    let mut any = false;
                    for t in &toks[i..end] {
                        any |= t.0.len() >= 2 && !present(r, &t.0)?;
                    }
                    any
                };
                if !absent {
                    i = end;
                    continue;
                }
                let mut k = i;
                while k < end {
                    let mut taken = false;
                    for j in (k + 1..=end).rev() {
                        let p: String = toks[k..j].iter().map(|t| t.0.as_str()).collect();
                        if p.len() < 2 {
                            continue;
                        }
                        if let Some(w) = pinyin_word(r, &p)? {
                            fixes.push((span(&toks[k..j]), w));
                            k = j;
                            taken = true;
                            break;
                        }
                    }
                    if taken {
                        continue;
                    }
                    let t = &toks[k];
                    // An article's unit after a number (di 55 tiao, 55tiao).
                    if let Some(&(_, unit)) = UNITS.iter().find(|u| u.0 == t.0) {
                        if k > 0 && toks[k - 1].1 == Class::Digit {
                            let di =
                                k >= 2 && toks[k - 2].1 == Class::Letter && toks[k - 2].0 == "di";
                            let from = span(&toks[k - usize::from(di) - 1..=k]);
                            let to =
                                format!("{}{}{unit}", if di { "第" } else { "" }, toks[k - 1].0);
                            if di {
                                fixes.retain(|f| f.0 != "di");
                            }
                            fixes.push((from, to));
                            k += 1;
                            continue;
                        }
                    }
                    // Glued to a character before or after it in the same word (吸du).
                    if t.0.len() >= 2 {
                        if let Some(f) = glued(r, &toks, k)? {
                            fixes.push(f);
                        } else if !present(r, &t.0)? {
                            // Pinyin of no word of the vocabulary (duoshao, nianling) is
                            // left out when other pinyin is read.
                            fixes.push((t.0.clone(), String::new()));
                        }
                    }
                    k += 1;
                }
                i = end;
            }
            Class::Cjk => {
                let cs: Vec<char> = toks[i].0.chars().collect();
                let mut covered = vec![false; cs.len()];
                let mut found: Vec<(usize, String, String)> = Vec::new();
                // The pairs that no page holds, and the characters that make no pair pages
                // hold with either neighbour: where a slip can be (and what a page fetches
                // respelling records for).
                let mut gap = Vec::new();
                for q in 0..cs.len().saturating_sub(1) {
                    let pair: String = cs[q..q + 2].iter().collect();
                    gap.push(r.postings(&pair)?.is_empty());
                }
                let alone: Vec<bool> = (0..cs.len())
                    .map(|p| {
                        cs.len() >= 2 && (p == 0 || gap[p - 1]) && (p + 1 == cs.len() || gap[p])
                    })
                    .collect();
                // Characters of everyday words of the thesaurus are typed on purpose (打麻将 is
                // no 大麻, 冷静期 no 经期).
                let mut kept = vec![false; cs.len()];
                for e in super::entries_in(r, &cs, |_| true)? {
                    kept[e.0..e.0 + e.1].iter_mut().for_each(|k| *k = true);
                }
                // Pairs that start an everyday word (网友 of 网友骗钱, 骑车 of 骑车撞人) are
                // words too: a window that is one or takes part of one is no slip (网友骗 is
                // no 网诱骗); one wholly inside a longer window may change (工商认定).
                let starts = word_starts(r, &cs)?;
                // The characters that may be a slip: neither such nor a particle, pronoun or
                // numeral (see `slipped`).
                let free: Vec<bool> = (0..cs.len())
                    .map(|p| {
                        !kept[p]
                            && !crate::search::understand::is_stop(cs[p])
                            && !NUMERALS.contains(cs[p])
                    })
                    .collect();
                for n in [4, 3, 2] {
                    for s in 0..(cs.len() + 1).saturating_sub(n) {
                        if covered[s..s + n].iter().any(|&c| c) || long {
                            continue;
                        }
                        // The whole piece (工商认定), four characters with a pair no page holds
                        // where a slip may be (正当放卫), or a window around a character alone
                        // (离昏); with a character that may be a slip.
                        if !free[s..s + n].iter().any(|&f| f)
                            || (n != cs.len()
                                && !(n == 4
                                    && (s..s + 3).any(|q| gap[q] && (free[q] || free[q + 1])))
                                && !(s..s + n).any(|p| alone[p] && free[p]))
                        {
                            continue;
                        }
                        if cuts(&starts, s, s + n) {
                            continue;
                        }
                        let w: String = cs[s..s + n].iter().collect();
                        if present(r, &w)? {
                            continue;
                        }
                        // A word of the vocabulary itself is no slip (订金 beside 定金).
                        let (fs, word) = sound_alikes(r, &w)?;
                        if word {
                            continue;
                        }
                        let mut fix = None;
                        for f in fs {
                            // One character slipped (two in four): 当卫 is no 党委.
                            let slips = f.chars().zip(w.chars()).filter(|(a, b)| a != b).count();
                            let changes_kept = f
                                .chars()
                                .zip(&cs[s..s + n])
                                .zip(&kept[s..s + n])
                                .any(|((a, b), k)| a != *b && *k);
                            if slips <= if n == 4 { 2 } else { 1 }
                                && !changes_kept
                                && (n == 4 || slipped(r, &cs, s, &f)?)
                                && present(r, &f)?
                            {
                                fix = Some(f);
                                break;
                            }
                        }
                        // Else, for a whole piece, a word of four characters or more one slip
                        // away: for four characters, one changed, swapped or added (正当防御);
                        // for three, a character left out (正当卫). Not inside a longer piece,
                        // where words one slip away are everywhere (安全帽口 is no 安全出口,
                        // 公司让 no 公司转让, 大数据杀 no 大数据).
                        if fix.is_none() && n >= 3 && n == cs.len() && !kept.iter().any(|&k| k) {
                            for f in near_misses(r, &w, n == 3)? {
                                if f.chars().count() >= 4 && present(r, &f)? {
                                    fix = Some(f);
                                    break;
                                }
                            }
                        }
                        if let Some(f) = fix {
                            covered[s..s + n].iter_mut().for_each(|c| *c = true);
                            found.push((s, w, f));
                        }
                    }
                }
                found.sort_by_key(|f| f.0);
                fixes.extend(found.into_iter().map(|f| (f.1, f.2)));
                i += 1;
            }
            _ => i += 1,
        }
    }
    if fixes.iter().all(|f| f.1.is_empty()) {
        return Ok(None);
    }
    Ok(apply(q, fixes))
}

/// The folded query `q` (punctuation as blanks, blanks single) with `fixes` (from, to)
/// made in order, `None` when none is or nothing is left.
fn apply(q: &str, fixes: Vec<(String, String)>) -> Option<String> {
    let folded: String = crate::search::normalize::fold(q)
        .chars()
        .map(|c| {
            if crate::search::understand::is_punct(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut s = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut at = 0;
    let mut changed = false;
    for (from, to) in fixes {
        if let Some(p) = s[at..].find(&from) {
            let p = at + p;
            s.replace_range(p..p + from.len(), &to);
            at = p + to.len();
            changed = true;
        }
    }
    let s = s
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (changed && !s.is_empty()).then_some(s)
}

/// Whether the character of `cs[s..]` that `f` changes looks like a slip, for a window of
/// two or three characters (a pair across two words sounds like a word too often: 打麻将 is
/// no 大麻, 律师能 no 失能, 比新用户 no 信用): it is no particle, pronoun or numeral (的 在 一
/// are typed on purpose), it makes a character pair that no page holds with each of its
/// neighbours, and pages hold it less often than the character of `f`; and of a pair, the
/// character kept makes no pair that pages hold with its other neighbour.
fn slipped(r: &mut Reader, cs: &[char], s: usize, f: &str) -> Result<bool, SearchError> {
    for (i, b) in f.chars().enumerate() {
        let p = s + i;
        let a = cs[p];
        if a == b {
            continue;
        }
        if crate::search::understand::is_stop(a) || NUMERALS.contains(a) {
            return Ok(false);
        }
        for q in [p.wrapping_sub(1), p] {
            if q < cs.len() && q + 1 < cs.len() {
                let pair: String = cs[q..q + 2].iter().collect();
                if !r.postings(&pair)?.is_empty() {
                    return Ok(false);
                }
            }
        }
        if r.postings(&a.to_string())?.len() >= r.postings(&b.to_string())?.len() {
            return Ok(false);
        }
    }
    // Of a pair, the character kept must not make a pair some page holds with its other
    // neighbour either: it belongs to that word (打麻将 is no 大麻, 新用户 no 信用).
    if f.chars().count() == 2 {
        for (i, b) in f.chars().enumerate() {
            let p = s + i;
            if cs[p] != b {
                continue;
            }
            let q = if i == 0 { p.wrapping_sub(1) } else { p };
            if q < cs.len() && q + 1 < cs.len() {
                let pair: String = cs[q..q + 2].iter().collect();
                if !r.postings(&pair)?.is_empty() {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// Numerals, which a slip rarely brings (退一赔三 is no 退役, 扣几分 no 记分).
const NUMERALS: &str = "零一二三四五六七八九十百千万两几";

/// A letter token `toks[k]` (2 letters or more) glued to the character before or after it in
/// the same word, read as pinyin: the word of the vocabulary spelled by a reading of that
/// character and the letters that holds the character (`吸du` → 吸毒, `du品` → 毒品).
fn glued(
    r: &mut Reader,
    toks: &[(String, Class, usize)],
    k: usize,
) -> Result<Option<(String, String)>, SearchError> {
    let t = &toks[k];
    let before = (k > 0 && toks[k - 1].1 == Class::Cjk && toks[k - 1].2 == t.2)
        .then(|| toks[k - 1].0.chars().last())
        .flatten();
    let after = (k + 1 < toks.len() && toks[k + 1].1 == Class::Cjk && toks[k + 1].2 == t.2)
        .then(|| toks[k + 1].0.chars().next())
        .flatten();
    for (c, first) in [(before, true), (after, false)] {
        let Some(c) = c else { continue };
        let readings = r
            .data(&format::data_key(format::CHAR_PREFIX, &c.to_string()))?
            .unwrap_or_default();
        for x in readings.split('|').filter(|x| !x.is_empty()) {
            let p = if first {
                format!("{x}{}", t.0)
            } else {
                format!("{}{x}", t.0)
            };
            for w in pinyin_words(r, &p)? {
                let holds = if first {
                    w.starts_with(c)
                } else {
                    w.ends_with(c)
                };
                if holds && w.chars().count() >= 2 {
                    let from = if first {
                        format!("{c}{}", t.0)
                    } else {
                        format!("{}{c}", t.0)
                    };
                    return Ok(Some((from, w)));
                }
            }
        }
    }
    Ok(None)
}

/// Whether a run of two letters or more of `text` (the cleaned words) is on no page: then
/// the query is read as pinyin (`inside`) whatever the rest of it finds (`jiujia罚多少钱`).
pub(super) fn letters_absent(r: &mut Reader, text: &str) -> Result<bool, SearchError> {
    for w in text.split(' ') {
        let mut run = String::new();
        for c in w.chars().chain(std::iter::once(' ')) {
            if class(c) == Class::Letter {
                run.push(c);
                continue;
            }
            if run.len() >= 2 && !present(r, &run)? {
                return Ok(true);
            }
            run.clear();
        }
    }
    Ok(false)
}

/// A piece of `suspect_pieces`: its characters, and for each pair whether no page holds it.
type Piece = (Vec<char>, Vec<bool>);

/// CJK characters (of the cleaned query) above which no slip is looked for by evidence.
const LONG_EVIDENT: usize = 16;

/// The pieces (runs of CJK characters within a word) of `text` where `evident` looks for a
/// slip: none when the text holds more than `LONG_EVIDENT` CJK characters; of two characters
/// or more, with a pair that no page holds beside a character that may be a slip (no
/// particle, pronoun or numeral). Reads only the postings of the query's own pairs, so
/// a query whose pairs are all on pages (民法典) reads no respelling record.
fn suspect_pieces(r: &mut Reader, text: &str) -> Result<Vec<Piece>, SearchError> {
    let mut out = Vec::new();
    if text.chars().filter(|&c| class(c) == Class::Cjk).count() > LONG_EVIDENT {
        return Ok(out);
    }
    for w in text.split(' ') {
        let mut cs: Vec<char> = Vec::new();
        for c in w.chars().chain(std::iter::once(' ')) {
            if class(c) == Class::Cjk {
                cs.push(c);
                continue;
            }
            if cs.len() >= 2 {
                let mut gap = Vec::new();
                for q in 0..cs.len() - 1 {
                    let pair: String = cs[q..q + 2].iter().collect();
                    gap.push(r.postings(&pair)?.is_empty());
                }
                if (0..gap.len()).any(|q| gap[q] && (may_slip(cs[q]) || may_slip(cs[q + 1]))) {
                    out.push((std::mem::take(&mut cs), gap));
                }
            }
            cs.clear();
        }
    }
    Ok(out)
}

/// Whether `c` may be a slip: no particle, pronoun or numeral (typed on purpose).
fn may_slip(c: char) -> bool {
    !crate::search::understand::is_stop(c) && !NUMERALS.contains(c)
}

/// Whether `w` is a word of the thesaurus (an everyday word or a legal term: its records'
/// keys, compared as `lexicon::thes_form`).
fn everyday(r: &mut Reader, w: &str) -> Result<bool, SearchError> {
    let k = crate::search::lexicon::thes_form(w);
    let bigram: String = k.chars().take(2).collect();
    Ok(r.data(&format::data_key(format::THES_PREFIX, &bigram))?
        .is_some_and(|rec| {
            rec.lines()
                .any(|l| l.split('\t').next() == Some(k.as_str()))
        }))
}

/// Pages, at least, that must hold a respelling for it to be evidence of a slip.
const EVIDENCE: usize = 2;

/// Same-sound slips by evidence (a noisy channel), looked for whatever the typed query
/// finds: in a piece of `suspect_pieces`, a window of four or three characters that holds a
/// pair no page holds and is no word of the vocabulary, and that sounds like a word of the
/// vocabulary (`sound_alikes`; one character changed, two in four) which pages hold (two or
/// more: the index's evidence that it is what was meant) or, for four characters, which is
/// an everyday word of the thesaurus; or the piece's first two characters, a pair no page
/// holds, sounding like an everyday word of the thesaurus (醉架要坐牢吗 → 醉驾, strong: the
/// pair is on no page and the key word of such a question comes first; further inside a
/// sentence such pairs are mostly everyday words the statutes lack, 一下子 is no 一瞎子,
/// 加钱 no 假钱, 很丑 no 很臭, and a page word is no evidence there, 遗照 is no 依照): 工商保险 → 工伤保险 (工商 is a word, 工商保险 no phrase: 商保 is on no page),
/// 善养费 → 赡养费, 被狗要了 → 被狗咬了. The evidence is strong when pages hold every
/// respelled window (the answer's `bool`): then the respelled query is answered first; an
/// everyday word alone is weak evidence (大孩子 is no slip for the everyday word 被打孩子),
/// and the query as typed is answered first when it finds pages other than by best match
/// (`query_dir_full`), unless one character changed into a pair that
/// pages hold (遗主有效 → 遗嘱有效, 剧留最长 → 拘留最长: the slip is in a word of the statutes). A changed character is in a pair no page holds, and
/// may be a slip (`may_slip`; in four characters, a particle or pronoun too: 双被工资 →
/// 双倍工资; never a numeral). Words typed on purpose stay: a
/// window that is a word of the thesaurus or starts one (骑车 in 骑车撞人), or that takes part
/// of one (网友骗 is no 网诱骗, 养狗要打 no 养狗咬打) — a word wholly inside a longer window
/// may change (工商 in 工商保险). The answer is the folded query with those windows
/// replaced (`apply`), `None` when none is.
pub(super) fn evident(
    r: &mut Reader,
    q: &str,
    text: &str,
) -> Result<Option<(String, bool)>, SearchError> {
    let mut fixes: Vec<(String, String)> = Vec::new();
    let mut strong = true;
    for (cs, gap) in suspect_pieces(r, text)? {
        // Words typed on purpose: everyday words of the thesaurus in the piece, and pairs that
        // start one.
        let mut words: Vec<(usize, usize)> = super::entries_in(r, &cs, |_| true)?
            .iter()
            .map(|e| (e.0, e.1))
            .collect();
        words.extend(word_starts(r, &cs)?);
        let mut covered = vec![false; cs.len()];
        let mut found: Vec<(usize, String, String)> = Vec::new();
        for n in [4, 3, 2] {
            for s in 0..(cs.len() + 1).saturating_sub(n) {
                let e = s + n;
                if covered[s..e].iter().any(|&c| c)
                    || !(s..e - 1).any(|p| gap[p])
                    || (n == 2 && s > 0)
                {
                    continue;
                }
                if cuts(&words, s, e) {
                    continue;
                }
                let w: String = cs[s..e].iter().collect();
                let (fs, word) = sound_alikes(r, &w)?;
                if word {
                    continue;
                }
                let mut fix = None;
                for f in fs {
                    let fc: Vec<char> = f.chars().collect();
                    let changed: Vec<usize> = (0..n).filter(|&i| fc[i] != cs[s + i]).collect();
                    // A particle or pronoun may be a slip in four characters (双被工资),
                    // a numeral never.
                    if changed.len() > if n == 4 { 2 } else { 1 }
                        || changed.iter().any(|&i| {
                            NUMERALS.contains(cs[s + i]) || (n < 4 && !may_slip(cs[s + i]))
                        })
                        || !(s..e - 1).any(|p| {
                            gap[p] && (changed.contains(&(p - s)) || changed.contains(&(p + 1 - s)))
                        })
                    {
                        continue;
                    }
                    if n > 2 && super::spelling_candidates(r, &f)?.0.len() >= EVIDENCE {
                        fix = Some(f);
                        break;
                    }
                    if n != 3 && everyday(r, &f)? {
                        // One character changed into a pair that pages hold (遗主有效 →
                        // 遗嘱有效, 剧留最长 → 拘留最长): the slip is in a word of the statutes.
                        let mut held = false;
                        if let [c] = changed[..] {
                            for p in [c.checked_sub(1), Some(c)].into_iter().flatten() {
                                if p + 1 < n {
                                    let pair: String = fc[p..p + 2].iter().collect();
                                    held |= r.postings(&pair)?.len() >= EVIDENCE;
                                }
                            }
                        }
                        strong &= held || n == 2;
                        fix = Some(f);
                        break;
                    }
                }
                if let Some(f) = fix {
                    covered[s..e].iter_mut().for_each(|c| *c = true);
                    found.push((s, w, f));
                }
            }
        }
        found.sort_by_key(|f| f.0);
        fixes.extend(found.into_iter().map(|f| (f.1, f.2)));
    }
    if fixes.is_empty() {
        return Ok(None);
    }
    Ok(apply(q, fixes).map(|f| (f, strong)))
}

/// The pairs of `cs` that start an everyday word of the thesaurus (its records are keyed by
/// the first pair of the word), as (start, 2).
fn word_starts(r: &mut Reader, cs: &[char]) -> Result<Vec<(usize, usize)>, SearchError> {
    let mut out = Vec::new();
    for p in 0..cs.len().saturating_sub(1) {
        let pair: String = cs[p..p + 2].iter().collect();
        if r.data(&format::data_key(format::THES_PREFIX, &pair))?
            .is_some()
        {
            out.push((p, 2));
        }
    }
    Ok(out)
}

/// Whether the window `s..e` is one of `words` (start, length) or takes part of one (a word
/// wholly inside a longer window does not count).
fn cuts(words: &[(usize, usize)], s: usize, e: usize) -> bool {
    words
        .iter()
        .any(|&(a, l)| a < e && s < a + l && !(s <= a && a + l <= e && l < e - s))
}
