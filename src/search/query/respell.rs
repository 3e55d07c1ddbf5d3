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
                None => near_miss(r, w)?,
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
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < 2 || cs.len() > 8 || !cs.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return Ok(None);
    }
    let mut spelling = String::new();
    for c in &cs {
        let Some(x) = common_reading(r, *c)? else {
            return Ok(None);
        };
        spelling.push_str(&x);
    }
    let Some(words) = r.data(&format::data_key(format::PINYIN_PREFIX, &spelling))? else {
        return Ok(None);
    };
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
        return Ok(Some(f.to_string()));
    }
    Ok(None)
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
/// so looking up `w` and each of its own such spellings finds them all; a word with as many
/// characters as `w` is preferred, then the first in code point order.
pub(super) fn near_miss(r: &mut Reader, w: &str) -> Result<Option<String>, SearchError> {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < 3 || cs.len() > 8 || !cs.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return Ok(None);
    }
    let mut keys = vec![w.to_string()];
    for i in 0..cs.len() {
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
                if x != w && xs.len() >= 3 && one_slip(&cs, &xs) && !found.iter().any(|f| f == x) {
                    found.push(x.to_string());
                }
            }
        }
    }
    found.sort_by(|a, b| {
        let d = |s: &String| s.chars().count().abs_diff(cs.len());
        d(a).cmp(&d(b)).then(a.cmp(b))
    });
    Ok(found.into_iter().next())
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
