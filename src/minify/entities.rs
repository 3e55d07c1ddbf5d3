//! Character references as minify-html 0.18 reads and writes them: decoded while parsing
//! (text, attribute values, `<title>`/`<textarea>`), and on output an `&` is written as `&amp;`
//! only where the browser would otherwise read a reference. The 2,231 names of the WHATWG list
//! come from html5ever's table (already linked for `pufa check`), which also holds every prefix
//! of a name (with the value `(0, 0)`), so the longest name at a position is found by growing
//! the prefix until it is no longer in the table — what minify-html's 10 MB trie does.

use html5ever::data::NAMED_ENTITIES;

enum Ref {
    /// Not a reference (or not one minify-html knows): `len` bytes stay as they are.
    None(usize),
    /// `&#` and a digit; `&#x` and a hex digit.
    Dec,
    Hex,
    /// A named reference of `len` bytes (with the `&`) and its characters.
    Named(usize, (u32, u32)),
}

fn is_alnum_or_eq(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'='
}

/// The reference at the start of `s` (which starts with `&`).
fn lookup(s: &[u8]) -> Ref {
    match s.get(1) {
        Some(b'#') => {
            return match (s.get(2), s.get(3)) {
                (Some(c), _) if c.is_ascii_digit() => Ref::Dec,
                (Some(b'x'), Some(c)) if c.is_ascii_hexdigit() => Ref::Hex,
                _ => Ref::None(1),
            }
        }
        None => return Ref::None(1),
        _ => {}
    }
    let mut best = None;
    let mut end = 2;
    // Names are ASCII: a non-ASCII byte ends the walk before a slice could split a character.
    while end <= s.len() && s[end - 1].is_ascii() {
        let Ok(name) = std::str::from_utf8(&s[1..end]) else {
            break;
        };
        match NAMED_ENTITIES.get(name) {
            Some(&(0, 0)) => {}
            Some(&v) => best = Some((end, v)),
            None => break,
        }
        end += 1;
    }
    match best {
        Some((len, v)) => Ref::Named(len, v),
        None => Ref::None(1),
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// `&#…` / `&#x…` from `start`: leading zeros skipped, every digit consumed, an optional `;`;
/// more than `max` significant digits or no character → U+FFFD (as minify-html, `&#0;` is NUL).
fn numeric(s: &[u8], start: usize, radix: u32, max: usize) -> (char, usize) {
    let mut i = start;
    while s.get(i) == Some(&b'0') {
        i += 1;
    }
    let mut value = 0u32;
    let mut digits = 0;
    while let Some(d) = s.get(i).and_then(|&c| (c as char).to_digit(radix)) {
        value = value.wrapping_mul(radix).wrapping_add(d);
        i += 1;
        digits += 1;
    }
    if s.get(i) == Some(&b';') {
        i += 1;
    }
    let c = Some(value)
        .filter(|_| digits <= max)
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}');
    (c, i)
}

/// Decodes the references in `s` as minify-html's parser does.
pub(super) fn decode(mut s: &[u8], in_attr: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    while let Some(at) = memchr::memchr(b'&', s) {
        out.extend_from_slice(&s[..at]);
        s = &s[at..];
        let read = match lookup(s) {
            Ref::None(len) => {
                out.extend_from_slice(&s[..len]);
                len
            }
            Ref::Dec => {
                let (c, len) = numeric(s, 2, 10, 7);
                push_char(&mut out, c);
                len
            }
            Ref::Hex => {
                let (c, len) = numeric(s, 3, 16, 6);
                push_char(&mut out, c);
                len
            }
            Ref::Named(len, (a, b)) => {
                if in_attr && s[len - 1] != b';' && s.get(len).is_some_and(|&c| is_alnum_or_eq(c)) {
                    out.extend_from_slice(&s[..len]);
                } else {
                    for cp in [a, b] {
                        if let Some(c) = char::from_u32(cp).filter(|_| cp != 0) {
                            push_char(&mut out, c);
                        }
                    }
                }
                len
            }
        };
        s = &s[read..];
    }
    out.extend_from_slice(s);
    out
}

/// Writes `s` with `&` as `&amp;` wherever it would start a reference, and the two characters
/// whose names are shorter than their UTF-8 (`≫⃒` `&nGt;`, `≪⃒` `&nLt;`) as names.
pub(super) fn encode(mut s: &[u8], in_attr: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 8);
    while let Some(at) = memchr::memchr(b'&', s) {
        out.extend_from_slice(&s[..at]);
        s = &s[at..];
        let len = match lookup(s) {
            Ref::None(len) => {
                out.extend_from_slice(&s[..len]);
                len
            }
            r => {
                let len = match r {
                    Ref::Dec => 3,
                    Ref::Hex => 4,
                    Ref::Named(len, _) => len,
                    Ref::None(_) => unreachable!(),
                };
                let kept = matches!(r, Ref::Named(..))
                    && in_attr
                    && s[len - 1] != b';'
                    && s.get(len).is_some_and(|&c| is_alnum_or_eq(c));
                if kept {
                    out.extend_from_slice(&s[..len]);
                } else {
                    out.extend_from_slice(b"&amp;");
                    out.extend_from_slice(&s[1..len]);
                }
                len
            }
        };
        s = &s[len..];
    }
    out.extend_from_slice(s);
    const NGT: &[u8] = "\u{226B}\u{20D2}".as_bytes();
    const NLT: &[u8] = "\u{226A}\u{20D2}".as_bytes();
    if out.windows(3).any(|w| w == &NGT[..3] || w == &NLT[..3]) {
        out = replace(&replace(&out, NGT, b"&nGt;"), NLT, b"&nLt;");
    }
    out
}

/// Every `from` in `s` replaced by `to`.
pub(super) fn replace(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = memchr::memmem::find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}
