//! Article references as written, read by hand: `第N条[之M][第K款][第J项]`, lists and ranges
//! (`、第…条`, `和第…条`, `至第…条`), a version note after a law's name; and the checks that
//! tell a law's name from the start of another instrument's name or title.

use super::super::numerals;

/// One article reference as written, with its byte span in the text run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ref {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) number: u32,
    pub(super) sub: Option<u32>,
    pub(super) paragraph: Option<u32>,
    /// The end of a range `第十一条至第十六条` (on the second reference).
    pub(super) range_from: Option<u32>,
}

/// True when a bare law name is only the start of another instrument's name.
pub(super) fn is_other_instrument(after: &str) -> bool {
    ["实施", "修正案", "解释", "若干"]
        .iter()
        .any(|p| after.starts_with(p))
}

/// True when the law at `start` is named inside the title of another instrument
/// (`最高人民法院关于适用《中华人民共和国民法典》侵权责任编的解释（一）第三条`): a later
/// `第三条` in the sentence belongs to that instrument, not to the law.
pub(super) fn inside_other_title(text: &str, start: usize) -> bool {
    let before: String = text[..start].chars().rev().take(12).collect();
    before.contains("于关")
}

/// True when the character before `i` is a CJK character that would make a bare law name
/// part of a longer, unknown name (`治安管理处罚法` must not be read as `处罚法`).
pub(super) fn preceded_by_name_char(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_some_and(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            && !"依据照按和及与或、在见的是了对由于反用犯合即如".contains(c)
    })
}

/// Parses `第N条[之M][第K款][第J项]` and what may follow it: `、第…条`, `和第…条`,
/// `至第…条`, `、第K款` (another paragraph of the same article).
pub(super) fn parse_refs(text: &str, at: usize) -> Vec<Ref> {
    let mut refs: Vec<Ref> = Vec::new();
    let Some(first) = parse_one(text, at) else {
        return refs;
    };
    refs.push(first);
    let mut pos = first.end;
    loop {
        let rest = &text[pos..];
        let (sep, is_range) = if let Some(s) = ["至", "到", "—", "－", "-", "~", "～"]
            .iter()
            .find(|s| rest.starts_with(**s))
        {
            (s.len(), true)
        } else if let Some(s) = ["、", "，", "和", "以及", "及", "或者", "或", "与"]
            .iter()
            .find(|s| rest.starts_with(**s))
        {
            (s.len(), false)
        } else {
            break;
        };
        let prev = *refs.last().expect("non-empty");
        match parse_one(text, pos + sep) {
            Some(mut r) => {
                if is_range && r.sub.is_none() && r.number > prev.number {
                    r.range_from = Some(prev.number);
                }
                refs.push(r);
                pos = r.end;
            }
            // `第二十条第一款、第三款`: a further paragraph of the same article.
            None if !is_range => match parse_unit(text, pos + sep, '款') {
                Some((k, end)) => {
                    refs.push(Ref {
                        start: pos + sep,
                        end,
                        paragraph: Some(k),
                        range_from: None,
                        ..prev
                    });
                    pos = end;
                }
                None => break,
            },
            None => break,
        }
    }
    refs
}

/// `第N条[之M][第K款][第（J）项]` at `at`.
fn parse_one(text: &str, at: usize) -> Option<Ref> {
    let (number, mut end) = parse_unit(text, at, '条')?;
    let mut sub = None;
    if let Some(rest) = text[end..].strip_prefix('之') {
        let digits: String = rest
            .chars()
            .take_while(|c| numerals::is_numeral_char(*c))
            .collect();
        if let Some(m) = numerals::parse(&digits) {
            sub = Some(m);
            end += '之'.len_utf8() + digits.len();
        }
    }
    let mut paragraph = None;
    if let Some((k, e)) = parse_unit(text, end, '款') {
        paragraph = Some(k);
        end = e;
    }
    if let Some(e) = parse_item(text, end) {
        end = e;
    }
    Some(Ref {
        start: at,
        end,
        number,
        sub,
        paragraph,
        range_from: None,
    })
}

/// `第` numerals `unit` at `at`: returns the number and the end.
fn parse_unit(text: &str, at: usize, unit: char) -> Option<(u32, usize)> {
    // People often type `第 1165 条` with spaces around Arabic digits.
    let rest = text
        .get(at..)?
        .strip_prefix('第')?
        .trim_start_matches(SPACES);
    let digits: String = rest
        .chars()
        .take_while(|c| numerals::is_numeral_char(*c))
        .take(12)
        .collect();
    let after = rest[digits.len()..]
        .trim_start_matches(SPACES)
        .strip_prefix(unit)?;
    let n = numerals::parse(&digits)?;
    Some((n, text.len() - after.len()))
}

const SPACES: [char; 3] = [' ', '\u{3000}', '\u{a0}'];

/// Skips what may stand between a law name and its article: spaces and a version note such
/// as `（2020年修正）`.
pub(super) fn skip_version_note(text: &str, at: usize) -> usize {
    let rest = text[at..].trim_start_matches(SPACES);
    let mut pos = text.len() - rest.len();
    if let Some(body) = rest.strip_prefix('（').or_else(|| rest.strip_prefix('(')) {
        if let Some(close) = body.find(['）', ')']) {
            let note = &body[..close];
            if note.chars().count() <= 16
                && ["修正", "修订", "修改", "年版", "施行"]
                    .iter()
                    .any(|k| note.contains(k))
            {
                let close_len = body[close..].chars().next().map_or(0, char::len_utf8);
                pos += rest.len() - body.len() + close + close_len;
            }
        }
    }
    let rest = text[pos..].trim_start_matches(SPACES);
    text.len() - rest.len()
}

/// `第（一）项`, `第(1)项`, `第一项`.
fn parse_item(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?.strip_prefix('第')?;
    let rest = rest.trim_start_matches(['（', '(']);
    let digits: String = rest
        .chars()
        .take_while(|c| numerals::is_numeral_char(*c))
        .collect();
    numerals::parse(&digits)?;
    let after = rest[digits.len()..].trim_start_matches(['）', ')']);
    let after = after.strip_prefix('项')?;
    Some(text.len() - after.len())
}
