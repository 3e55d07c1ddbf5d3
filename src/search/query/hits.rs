//! A search result: where the match is, the excerpt around it, and the law article it is in
//! (the `#art-1077` anchor a result links to).

use super::reader::Row;
use crate::search::understand::from_chinese;
use crate::search::Hit;

/// Where in `folded` (characters) `t` first occurs at or after `from`.
fn find_chars(folded: &[char], t: &[char], from: usize) -> Option<usize> {
    if t.is_empty() || folded.len() < t.len() {
        return None;
    }
    (from..=folded.len() - t.len()).find(|&i| folded[i..].starts_with(t))
}

/// Where the excerpt centres: the first match of the first spelling found, preferring the
/// passage at `from` on (the best passage of a long page, `best::passage_key`), then the
/// body, then anything after the title line, then the title.
fn match_pos(
    chars_folded: &[char],
    from: Option<usize>,
    body_start: usize,
    title_end: usize,
    found: &[String],
) -> usize {
    let spellings: Vec<Vec<char>> = found.iter().map(|t| t.chars().collect()).collect();
    for from in from.into_iter().chain([body_start, title_end, 0]) {
        for t in &spellings {
            if let Some(p) = find_chars(chars_folded, t, from) {
                return p;
            }
        }
    }
    title_end.min(chars_folded.len())
}

/// Where an article that a spelling names (第九十一条, 第一百三十三条之一) begins in the body:
/// the first line that starts with the spelling followed by a blank or the line's end. An
/// article query then centres on the article and links to it, not to the first article that
/// cites it (依照本法第九十一条) or to 第二百三十六条之一 for 第二百三十六条.
fn heading_pos(
    chars: &[char],
    chars_folded: &[char],
    body_start: usize,
    found: &[String],
) -> Option<usize> {
    for t in found {
        let t: Vec<char> = t.chars().collect();
        if !is_article(&t) {
            continue;
        }
        let mut from = body_start;
        while let Some(p) = find_chars(chars_folded, &t, from) {
            let starts = p == 0 || chars.get(p - 1) == Some(&'\n');
            if starts && matches!(chars.get(p + t.len()), None | Some(' ' | '\n')) {
                return Some(p);
            }
            from = p + 1;
        }
    }
    None
}

/// Whether `t` names an article: 第, numerals or digits, 条, maybe 之 and numerals.
fn is_article(t: &[char]) -> bool {
    let num = |c: &char| c.is_ascii_digit() || "零一二三四五六七八九十百千".contains(*c);
    let Some(rest) = t.strip_prefix(&['第']) else {
        return false;
    };
    let n = rest.iter().take_while(|c| num(c)).count();
    match &rest[n..] {
        ['条'] => n > 0,
        ['条', '之', sub @ ..] => n > 0 && !sub.is_empty() && sub.iter().all(num),
        _ => false,
    }
}

/// The anchors of the articles that the query's `terms` name (第1077条 → `art-1077`,
/// 第133条之一 → `art-133-1`): the page that holds such an article comes before the pages
/// that cite it.
pub(super) fn named_articles(terms: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for s in terms.iter().flatten() {
        let cs: Vec<char> = s.chars().collect();
        if !is_article(&cs) || !cs[1].is_ascii_digit() {
            continue;
        }
        let body = &s['第'.len_utf8()..];
        let (num, sub) = body.split_once('条').unwrap_or((body, ""));
        let mut anchor = format!("art-{num}");
        if let Some(sub) = sub.strip_prefix('之') {
            match from_chinese(sub) {
                Some(m) => anchor.push_str(&format!("-{m}")),
                None => continue,
            }
        }
        if !out.contains(&anchor) {
            out.push(anchor);
        }
    }
    out
}

/// Plain-text excerpt around `pos` (characters), starting at the body when the match is
/// there. Folding keeps character offsets aligned with `text`.
pub(crate) fn excerpt_at(text: &str, pos: usize, len: usize, body_start: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let title_end = chars.iter().position(|&c| c == '\n').unwrap_or(chars.len());
    let from = if pos >= body_start {
        body_start
    } else if pos >= title_end {
        title_end + 1
    } else {
        0
    };
    let from = from.min(pos);
    let start = pos.saturating_sub(30).max(from);
    let end = (pos + len + 70).min(chars.len());
    let mut s: String = chars[start.min(end)..end]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    s = s.trim().to_string();
    if start > from {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// The article a match at `pos` is in, as the anchor `pufa laws import` gives it
/// (`art-1077`, `art-133-1`): the nearest line at or before `pos`, in the body and at most
/// 12 lines back, that starts with `第…条 `; none when a `第…章/节/编` line comes first.
pub(crate) fn article_anchor(chars: &[char], pos: usize, body_start: usize) -> Option<String> {
    let mut end = pos.min(chars.len());
    for _ in 0..12 {
        let line_start = chars[..end]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        if line_start < body_start {
            return None;
        }
        let line = &chars[line_start..];
        if line.first() == Some(&'第') {
            let num_end = line[1..]
                .iter()
                .position(|&c| !"零一二三四五六七八九十百千".contains(c))
                .map_or(line.len(), |i| i + 1);
            let num: String = line[1..num_end].iter().collect();
            match line.get(num_end) {
                Some('条') => {
                    let n = from_chinese(&num)?;
                    let mut k = num_end + 1;
                    let mut anchor = format!("art-{n}");
                    if line.get(k) == Some(&'之') {
                        let sub_end = line[k + 1..]
                            .iter()
                            .position(|&c| !"零一二三四五六七八九十百千".contains(c))
                            .map_or(line.len(), |i| i + k + 1);
                        let sub: String = line[k + 1..sub_end].iter().collect();
                        anchor.push_str(&format!("-{}", from_chinese(&sub)?));
                        k = sub_end;
                    }
                    return matches!(line.get(k), Some(' ') | Some('\n') | None).then_some(anchor);
                }
                Some('章' | '节' | '编') if !num.is_empty() => return None,
                _ => {}
            }
        }
        if line_start == 0 {
            return None;
        }
        end = line_start - 1;
    }
    None
}

/// A hit for document `row` (its text folded as `folded`) found by `tier`, with the excerpt
/// and article anchor around the first of the spellings `found` in it (at `from` on, if
/// there).
pub(super) fn make_hit(
    row: Row,
    folded: &str,
    score: u64,
    tier: &'static str,
    found: Vec<String>,
    from: Option<usize>,
) -> Hit {
    let (url, section, kind, text, body_start) = row;
    // Folding turns line breaks into blanks: lines are read from the original text.
    let chars_folded: Vec<char> = folded.chars().collect();
    let chars: Vec<char> = text.chars().collect();
    let title_end = chars.iter().position(|&c| c == '\n').unwrap_or(chars.len());
    let pos = heading_pos(&chars, &chars_folded, body_start, &found)
        .unwrap_or_else(|| match_pos(&chars_folded, from, body_start, title_end, &found));
    let len = found.first().map_or(0, |f| f.chars().count());
    let title = text.split('\n').next().unwrap_or_default().to_string();
    Hit {
        excerpt: excerpt_at(&text, pos, len, body_start),
        anchor: article_anchor(&chars, pos, body_start),
        url,
        title,
        section,
        kind: Some(kind).filter(|k| !k.is_empty()),
        score,
        tier,
        found,
    }
}
