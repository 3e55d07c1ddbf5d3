//! Zola's extra Tera filters: `markdown`, `base64_encode`, `base64_decode`, `regex_replace`
//! and `num_format`, with Zola's argument names and error texts.
//!
//! `markdown` does not render by itself: the Markdown stage owns the renderer (shortcodes,
//! links, highlighting), so the caller hands in a closure and this filter only does what
//! Zola's filter adds around it (argument checks, the `inline` paragraph trimming).

use std::collections::HashMap;
use std::sync::Mutex;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use regex::Regex;
use tera::{try_get_value, Filter, Result as TeraResult, Value};

/// Renders Markdown to HTML: `(text, inline)`. The filter trims the paragraph for `inline`
/// itself, so the closure should render the text as a normal document.
pub type MarkdownFn = Box<dyn Fn(&str, bool) -> Result<String, String> + Send + Sync>;

/// `{{ text | markdown(inline=false) }}`.
pub struct MarkdownFilter {
    render: MarkdownFn,
}

impl MarkdownFilter {
    pub fn new(render: MarkdownFn) -> Self {
        Self { render }
    }
}

impl Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let s = try_get_value!("markdown", "value", String, value);
        let inline = match args.get("inline") {
            Some(v) => try_get_value!("markdown", "inline", bool, v),
            None => false,
        };
        let html = (self.render)(&s, inline)
            .map_err(|e| format!("Failed to render markdown filter: {e}"))?;
        // Zola strips the one wrapping paragraph pulldown-cmark produces (`<p>…</p>\n`).
        let html = if inline {
            html.trim_start_matches("<p>")
                .trim_end_matches("</p>\n")
                .to_string()
        } else {
            html
        };
        Ok(Value::String(html))
    }
}

/// `{{ text | base64_encode }}` (standard alphabet, padded).
pub fn base64_encode(value: &Value, _: &HashMap<String, Value>) -> TeraResult<Value> {
    let s = try_get_value!("base64_encode", "value", String, value);
    Ok(Value::String(STANDARD.encode(s.as_bytes())))
}

/// `{{ text | base64_decode }}`; the decoded bytes must be UTF-8.
pub fn base64_decode(value: &Value, _: &HashMap<String, Value>) -> TeraResult<Value> {
    let s = try_get_value!("base64_decode", "value", String, value);
    let bytes = STANDARD
        .decode(s.as_bytes())
        .map_err(|e| format!("`base64_decode`: failed to decode: {e}"))?;
    let text =
        String::from_utf8(bytes).map_err(|e| format!("`base64_decode`: invalid utf-8: {e}"))?;
    Ok(Value::String(text))
}

/// `{{ text | regex_replace(pattern="…", rep="…") }}`; compiled patterns are kept because
/// themes apply the same pattern on every page.
#[derive(Default)]
pub struct RegexReplaceFilter {
    cache: Mutex<HashMap<String, Regex>>,
}

impl RegexReplaceFilter {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Filter for RegexReplaceFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let text = try_get_value!("regex_replace", "value", String, value);
        let pattern = match args.get("pattern") {
            Some(v) => try_get_value!("regex_replace", "pattern", String, v),
            None => return Err("Filter `regex_replace` expected an arg called `pattern`".into()),
        };
        let rep = match args.get("rep") {
            Some(v) => try_get_value!("regex_replace", "rep", String, v),
            None => return Err("Filter `regex_replace` expected an arg called `rep`".into()),
        };
        let re = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            match cache.get(&pattern) {
                Some(re) => re.clone(),
                None => {
                    let re = Regex::new(&pattern)
                        .map_err(|e| format!("`regex_replace`: failed to compile regex: {e}"))?;
                    cache.insert(pattern, re.clone());
                    re
                }
            }
        };
        Ok(Value::String(
            re.replace_all(&text, rep.as_str()).into_owned(),
        ))
    }
}

/// `{{ 1234567 | num_format(locale="zh") }}`; the locale defaults to the site's language.
pub struct NumFormatFilter {
    default_language: String,
}

impl NumFormatFilter {
    pub fn new(default_language: &str) -> Self {
        Self {
            default_language: default_language.to_string(),
        }
    }
}

impl Filter for NumFormatFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
        use num_format::{Locale, ToFormattedString};
        let num = try_get_value!("num_format", "value", i64, value);
        let (locale, explicit) = match args.get("locale") {
            Some(v) => (try_get_value!("num_format", "locale", String, v), true),
            None => (self.default_language.clone(), false),
        };
        // A site language like `zh-CN` is not a num-format locale name; for the implicit
        // default, fall back to its primary subtag (`zh`) instead of failing every page.
        let fallback = (!explicit)
            .then(|| locale.split(['-', '_']).next())
            .flatten()
            .and_then(|primary| Locale::from_name(primary).ok());
        let loc = Locale::from_name(&locale)
            .ok()
            .or(fallback)
            .ok_or_else(|| {
                format!(
                    "Filter `num_format` was called with an invalid `locale` argument: `{locale}`."
                )
            })?;
        Ok(Value::String(num.to_formatted_string(&loc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::fns::test_util::{args, err_text};
    use serde_json::json;

    fn md() -> MarkdownFilter {
        MarkdownFilter::new(Box::new(|s: &str, _inline: bool| {
            if s.contains("{{ broken") {
                return Err("shortcode `broken` not found".to_string());
            }
            Ok(format!("<p>{}</p>\n", s.trim()))
        }))
    }

    #[test]
    fn markdown_block_and_inline() {
        let f = md();
        assert_eq!(
            f.filter(&json!("Hi *there*"), &args(&[])).unwrap(),
            json!("<p>Hi *there*</p>\n")
        );
        assert_eq!(
            f.filter(&json!("Hi"), &args(&[("inline", json!(true))]))
                .unwrap(),
            json!("Hi")
        );
        let e = f.filter(&json!("{{ broken() }}"), &args(&[])).unwrap_err();
        assert_eq!(
            err_text(&e),
            "Failed to render markdown filter: shortcode `broken` not found"
        );
        let e = f.filter(&json!(3), &args(&[])).unwrap_err();
        assert_eq!(
            err_text(&e),
            "Filter `markdown` was called on an incorrect value: got `3` but expected a String"
        );
    }

    #[test]
    fn base64_round_trip() {
        let enc = base64_encode(&json!("普法 ok"), &args(&[])).unwrap();
        assert_eq!(enc, json!("5pmu5rOVIG9r"));
        assert_eq!(base64_decode(&enc, &args(&[])).unwrap(), json!("普法 ok"));
        assert_eq!(base64_encode(&json!(""), &args(&[])).unwrap(), json!(""));
        let e = base64_decode(&json!("@@@"), &args(&[])).unwrap_err();
        assert!(err_text(&e).starts_with("`base64_decode`: failed to decode: Invalid symbol 64"));
        // 0xff is not UTF-8.
        let e = base64_decode(&json!("/w=="), &args(&[])).unwrap_err();
        assert!(err_text(&e).starts_with("`base64_decode`: invalid utf-8:"));
    }

    #[test]
    fn regex_replace_works_and_caches() {
        let f = RegexReplaceFilter::new();
        let a = args(&[("pattern", json!(r"(\d+)年")), ("rep", json!("$1 年"))]);
        assert_eq!(
            f.filter(&json!("2024年与2025年"), &a).unwrap(),
            json!("2024 年与2025 年")
        );
        assert_eq!(f.filter(&json!("1999年"), &a).unwrap(), json!("1999 年"));
        assert_eq!(f.cache.lock().unwrap().len(), 1);
        let e = f
            .filter(&json!("x"), &args(&[("rep", json!(""))]))
            .unwrap_err();
        assert_eq!(
            err_text(&e),
            "Filter `regex_replace` expected an arg called `pattern`"
        );
        let e = f
            .filter(&json!("x"), &args(&[("pattern", json!("x"))]))
            .unwrap_err();
        assert_eq!(
            err_text(&e),
            "Filter `regex_replace` expected an arg called `rep`"
        );
        let e = f.filter(
            &json!("x"),
            &args(&[("pattern", json!("(")), ("rep", json!(""))]),
        );
        assert!(err_text(&e.unwrap_err()).starts_with("`regex_replace`: failed to compile regex:"));
    }

    #[test]
    fn num_format_locales() {
        let f = NumFormatFilter::new("en");
        assert_eq!(
            f.filter(&json!(1234567), &args(&[])).unwrap(),
            json!("1,234,567")
        );
        let de = args(&[("locale", json!("de"))]);
        assert_eq!(
            f.filter(&json!(-1234567), &de).unwrap(),
            json!("-1.234.567")
        );
        let zh = NumFormatFilter::new("zh");
        assert_eq!(
            zh.filter(&json!(10000), &args(&[])).unwrap(),
            json!("10,000")
        );
        let e = f
            .filter(&json!(1), &args(&[("locale", json!("xx-nope"))]))
            .unwrap_err();
        assert_eq!(
            err_text(&e),
            "Filter `num_format` was called with an invalid `locale` argument: `xx-nope`."
        );
        let e = f.filter(&json!(1.5), &args(&[])).unwrap_err();
        assert_eq!(
            err_text(&e),
            "Filter `num_format` was called on an incorrect value: got `1.5` but expected a i64"
        );
    }
}
