//! One shortcode call as Zola's grammar reads it: `name(key = literal, …)`, with literals
//! (strings in three quotes, numbers, booleans, arrays) as JSON values.

use serde_json::{Map, Value};

use super::{Call, ShortcodeScanner};

impl<'a> ShortcodeScanner<'a> {
    /// A call `{{ name(args) }}` / `{% name(args) %}` at `p`.
    pub(super) fn call(&mut self, p: usize, close: &str) -> Option<(Call, usize)> {
        let (mut call, after) = self.call_inner(p + 2, close)?;
        call.start = p;
        Some((call, after))
    }

    pub(super) fn call_inner(&mut self, p: usize, close: &str) -> Option<(Call, usize)> {
        let p = self.skip_ws(p);
        let (name, p) = self.ident(p)?;
        let p = self.skip_ws(p);
        let mut p = self.lit(p, "(")?;
        let mut args = Map::new();
        // Zola's grammar is `ident "(" kwargs* ")"` with `kwargs = kwarg ("," kwarg)*`: after
        // a kwarg comes `,` and another kwarg, or directly another kwarg (space-separated or
        // not even that: `a=1b=2`), or `)`. A comma must be followed by a kwarg, so a leading,
        // doubled or trailing comma makes the whole call plain text.
        p = self.skip_ws(p);
        loop {
            if let Some(q) = self.lit(p, ")") {
                p = q;
                break;
            }
            let ((key, val), q) = self.kwarg(p)?;
            args.insert(key.to_string(), val);
            let q = self.skip_ws(q);
            p = match self.lit(q, ",") {
                Some(r) => {
                    let r = self.skip_ws(r);
                    self.ident(r)?;
                    r
                }
                None => q,
            };
        }
        let p = self.skip_ws(p);
        let p = self.lit(p, close)?;
        Some((
            Call {
                name: name.to_string(),
                args,
                start: 0,
            },
            p,
        ))
    }

    /// `key = literal` at `p`.
    fn kwarg(&mut self, p: usize) -> Option<((&'a str, Value), usize)> {
        let (key, q) = self.ident(p)?;
        let q = self.skip_ws(q);
        let q = self.lit(q, "=")?;
        let q = self.skip_ws(q);
        let (val, q) = self.literal(q, 0)?;
        Some(((key, val), q))
    }

    pub(super) fn ident(&self, p: usize) -> Option<(&'a str, usize)> {
        let b = self.bytes;
        if p >= b.len() || !(b[p].is_ascii_alphabetic() || b[p] == b'_') {
            return None;
        }
        let mut q = p + 1;
        while q < b.len() && (b[q].is_ascii_alphanumeric() || b[q] == b'_') {
            q += 1;
        }
        let src: &'a str = self.src;
        Some((&src[p..q], q))
    }

    /// A value at `p`; `depth` counts the arrays around it (Zola has none inside arrays; a few
    /// levels are allowed, thousands would overflow the stack).
    fn literal(&mut self, p: usize, depth: usize) -> Option<(Value, usize)> {
        let b = self.bytes;
        let c = *b.get(p)?;
        match c {
            b'"' | b'\'' | b'`' => {
                // Remembers where a quote kind no longer occurs, so many unclosed strings
                // cost one scan, not one scan each.
                let slot = match c {
                    b'"' => 0,
                    b'\'' => 1,
                    _ => 2,
                };
                if p + 1 >= self.no_quote_after[slot] {
                    return None;
                }
                let Some(rel) = self.src[p + 1..].find(c as char) else {
                    self.no_quote_after[slot] = p + 1;
                    return None;
                };
                let s = &self.src[p + 1..p + 1 + rel];
                Some((Value::String(s.to_string()), p + rel + 2))
            }
            b'[' if depth < 8 => {
                let mut q = self.skip_ws(p + 1);
                let mut vals = Vec::new();
                loop {
                    if let Some(r) = self.lit(q, "]") {
                        return Some((Value::Array(vals), r));
                    }
                    let (v, r) = self.literal(q, depth + 1)?;
                    vals.push(v);
                    let r = self.skip_ws(r);
                    if let Some(r) = self.lit(r, ",") {
                        q = self.skip_ws(r);
                    } else {
                        let r = self.lit(r, "]")?;
                        return Some((Value::Array(vals), r));
                    }
                }
            }
            _ if self.src[p..].starts_with("true") => Some((Value::Bool(true), p + 4)),
            _ if self.src[p..].starts_with("false") => Some((Value::Bool(false), p + 5)),
            b'-' | b'0'..=b'9' => {
                // `-`? then `0` or a digit string without a leading zero (`007` does not
                // parse as a whole, as in Zola's grammar).
                let mut q = p + usize::from(c == b'-');
                match b.get(q) {
                    Some(b'0') => q += 1,
                    Some(b'1'..=b'9') => {
                        while q < b.len() && b[q].is_ascii_digit() {
                            q += 1;
                        }
                    }
                    _ => return None,
                }
                if b.get(q) == Some(&b'.') && b.get(q + 1).is_some_and(u8::is_ascii_digit) {
                    q += 1;
                    while q < b.len() && b[q].is_ascii_digit() {
                        q += 1;
                    }
                    let f: f64 = self.src[p..q].parse().ok()?;
                    return Some((serde_json::Number::from_f64(f)?.into(), q));
                }
                let i: i64 = self.src[p..q].parse().ok()?;
                Some((Value::from(i), q))
            }
            _ => None,
        }
    }
}
