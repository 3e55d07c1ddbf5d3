//! Text normalisation shared by the indexer, `pufa search` and `pufa-search.js`, plus
//! `html_to_text`, which turns rendered page HTML into the plain text that gets indexed.
//!
//! Matching is "does the page contain the query string", so both sides must be folded the
//! same way. The folding maps every character to exactly one character (full-width ASCII
//! forms to ASCII, ASCII upper case to lower case, every kind of blank to a space), which
//! keeps character offsets of the folded text equal to those of the original: excerpts and
//! `<mark>` highlights can then be cut from the original text. The JS does the same mapping
//! character by character; keep the two in step.

/// The longest query searched, in characters (Unicode scalar values; the page counts code
/// points the same way): a paragraph pasted from a chat or an article is searched by its
/// first hundred characters, and the page says so. Without a cap, a pasted page of text
/// names nearly every shard of the index, which a phone on a slow link would download whole,
/// and costs the phone seconds of work; the longest questions citizens type by voice are
/// about sixty characters.
pub const QUERY_MAX_CHARS: usize = 100;

/// `q` cut to its first `QUERY_MAX_CHARS` characters.
pub fn capped(q: &str) -> &str {
    match q.char_indices().nth(QUERY_MAX_CHARS) {
        Some((end, _)) => &q[..end],
        None => q,
    }
}

/// Folds one character: full-width ASCII (`Ａ１２`) to ASCII, ASCII upper case to lower
/// case, any blank or control character to `' '`.
pub(super) fn fold_char(c: char) -> char {
    let u = c as u32;
    let c = if (0xFF01..=0xFF5E).contains(&u) {
        // Full-width forms sit exactly 0xFEE0 above their ASCII twins.
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else {
        c
    };
    if is_blank(c) {
        ' '
    } else {
        c.to_ascii_lowercase()
    }
}

/// The blanks that separate query terms and break bigrams. An explicit list (rather than
/// `char::is_whitespace`) so the JS can use the identical set.
pub(super) fn is_blank(c: char) -> bool {
    let u = c as u32;
    u <= 0x20
        || u == 0x7F
        || u == 0xA0
        || u == 0x1680
        || (0x2000..=0x200B).contains(&u)
        || u == 0x2028
        || u == 0x2029
        || u == 0x202F
        || u == 0x205F
        || u == 0x3000
        || u == 0xFEFF
}

/// Folds a whole string (same number of characters as the input).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Splits a query into its folded terms: blanks separate terms, duplicates are dropped,
/// order is kept (the first term drives the excerpt).
pub(super) fn query_terms(q: &str) -> Vec<String> {
    let folded = fold(q);
    let mut terms: Vec<String> = Vec::new();
    for t in folded.split(' ').filter(|t| !t.is_empty()) {
        if !terms.iter().any(|x| x == t) {
            terms.push(t.to_string());
        }
    }
    terms
}

/// Tags after which a paragraph break is kept in the plain text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "dt",
    "dd",
    "header",
    "footer",
    "figure",
    "figcaption",
    "aside",
    "nav",
    "main",
];

/// Strips tags and decodes entities from rendered HTML, keeping paragraph breaks as `\n`.
/// `<script>`, `<style>` and `<template>` contents are dropped; runs of blanks inside a
/// paragraph become one space; empty lines are removed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone '<' is text, not a tag.
            push_decoded(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && matches!(name.as_str(), "script" | "style" | "template") {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&end) {
                Some(i) => rest[i..].find('>').map_or("", |g| &rest[i + g + 1..]),
                None => "",
            };
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push(' ');
        }
    }
    push_decoded(&mut out, rest);
    out.lines()
        .map(|l| {
            l.split(is_blank)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Appends text with HTML entities decoded (named ones that matter in Chinese pages, and
/// every numeric one). Unknown entities are kept as written.
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Bytes, not `str` slicing: the twelfth byte may fall inside a Chinese character.
        let semi = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = semi.and_then(|s| decode_entity(&rest[1..s]).map(|c| (c, s)));
        match decoded {
            Some((c, s)) => {
                out.push(c);
                rest = &rest[s + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

pub(super) fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "times" => '×',
        "yen" => '¥',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_next_to_multibyte_text_do_not_split_a_character() {
        // The twelfth byte after `&` falls inside `ć` / `法`: this once panicked.
        assert_eq!(html_to_text("<p>&quot;Cześć&quot;</p>"), "\"Cześć\"");
        assert_eq!(html_to_text("<p>A&B 正当防卫法</p>"), "A&B 正当防卫法");
    }

    #[test]
    fn fold_maps_full_width_and_case_one_to_one() {
        assert_eq!(fold("ＡＢＣ１２３４８　Law"), "abc12348 law");
        let s = "《中华人民共和国民法典》ＰＤＦ";
        assert_eq!(fold(s).chars().count(), s.chars().count());
        assert_eq!(fold(s), "《中华人民共和国民法典》pdf");
    }

    #[test]
    fn query_terms_split_and_dedupe() {
        assert_eq!(
            query_terms("  正当防卫　１２３４８ 正当防卫 "),
            vec!["正当防卫", "12348"]
        );
        assert!(query_terms(" 　").is_empty());
    }

    #[test]
    fn html_to_text_keeps_paragraphs_and_decodes() {
        let html = "<h1>标题</h1><p>第一段&nbsp;文字 &amp; <b>粗体</b></p>\
                    <script>var x = '<p>';</script><style>p{}</style>\
                    <!-- 注释 --><p>第二段&#x4E00;&#19968;</p>a &lt; b &unknown; c";
        assert_eq!(
            html_to_text(html),
            "标题\n第一段 文字 & 粗体\n第二段一一\na < b &unknown; c"
        );
    }
}
