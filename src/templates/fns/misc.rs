//! `now` and `trans`: small functions whose only input is the build itself.
//!
//! `now` is fixed when the build starts (as in Zola), so every page of one build shows the
//! same time and a template calling it twice gets the same answer.

use std::collections::HashMap;

use chrono::{DateTime, Local, Utc};
use tera::{Function, Result as TeraResult, Value};

use super::{optional_arg, required_arg};

/// `now(utc=false, timestamp=false)`: RFC 3339 text or a Unix timestamp.
pub struct Now {
    local: DateTime<Local>,
    utc: DateTime<Utc>,
}

impl Now {
    pub fn new(local: DateTime<Local>) -> Self {
        Self {
            local,
            utc: local.with_timezone(&Utc),
        }
    }

    pub fn at_build_start() -> Self {
        Self::new(Local::now())
    }
}

fn bool_flag(args: &HashMap<String, Value>, name: &str) -> TeraResult<bool> {
    match args.get(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(format!(
            "Function `now` received {name}={v} but `{name}` can only be a boolean"
        )
        .into()),
    }
}

impl Function for Now {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let utc = bool_flag(args, "utc")?;
        let timestamp = bool_flag(args, "timestamp")?;
        Ok(match (utc, timestamp) {
            (_, true) => Value::from(self.utc.timestamp()),
            (true, false) => Value::String(self.utc.to_rfc3339()),
            (false, false) => Value::String(self.local.to_rfc3339()),
        })
    }
}

/// `[languages.<code>.translations]` of every language, the default one included.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    pub default_language: String,
    /// language code → key → text.
    pub by_language: HashMap<String, HashMap<String, String>>,
}

/// `trans(key, lang=default)`.
pub struct Trans {
    translations: Translations,
}

impl Trans {
    pub fn new(translations: Translations) -> Self {
        Self { translations }
    }
}

impl Function for Trans {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let key: String = required_arg(args, "key", "`trans` requires a `key` argument.")?;
        let lang: String = optional_arg(args, "lang", "`trans`: `lang` must be a string.")?
            .unwrap_or_else(|| self.translations.default_language.clone());
        let cause = match self.translations.by_language.get(&lang) {
            Some(terms) => match terms.get(&key) {
                Some(term) => return Ok(Value::String(term.clone())),
                None => format!("Translation key '{key}' for language '{lang}' is missing"),
            },
            None => format!("Language '{lang}' not found."),
        };
        Err(tera::Error::chain(
            "Failed to retrieve term translation",
            cause,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::fns::test_util::{args, err_text};
    use chrono::TimeZone;
    use serde_json::json;

    #[test]
    fn now_is_fixed_and_shaped_like_zola() {
        let local = Local.with_ymd_and_hms(2026, 3, 15, 9, 30, 0).unwrap();
        let n = Now::new(local);
        assert_eq!(n.call(&args(&[])).unwrap(), json!(local.to_rfc3339()));
        assert_eq!(
            n.call(&args(&[("utc", json!(true))])).unwrap(),
            json!(local.with_timezone(&Utc).to_rfc3339())
        );
        assert!(n
            .call(&args(&[("utc", json!(true))]))
            .unwrap()
            .as_str()
            .unwrap()
            .ends_with("+00:00"));
        assert_eq!(
            n.call(&args(&[("timestamp", json!(true))])).unwrap(),
            json!(local.timestamp())
        );
        let e = n.call(&args(&[("utc", json!("yes"))])).unwrap_err();
        assert_eq!(
            err_text(&e),
            "Function `now` received utc=\"yes\" but `utc` can only be a boolean"
        );
    }

    #[test]
    fn trans_looks_up_language_and_key() {
        let mut by_language = HashMap::new();
        by_language.insert(
            "zh".to_string(),
            HashMap::from([("title".to_string(), "普法园地".to_string())]),
        );
        by_language.insert(
            "en".to_string(),
            HashMap::from([("title".to_string(), "Law Corner".to_string())]),
        );
        let t = Trans::new(Translations {
            default_language: "zh".into(),
            by_language,
        });
        assert_eq!(
            t.call(&args(&[("key", json!("title"))])).unwrap(),
            json!("普法园地")
        );
        assert_eq!(
            t.call(&args(&[("key", json!("title")), ("lang", json!("en"))]))
                .unwrap(),
            json!("Law Corner")
        );
        let e = t.call(&args(&[("key", json!("nope"))])).unwrap_err();
        assert_eq!(
            err_text(&e),
            "Failed to retrieve term translation | Translation key 'nope' for language 'zh' is missing"
        );
        let e = t
            .call(&args(&[("key", json!("title")), ("lang", json!("fr"))]))
            .unwrap_err();
        assert_eq!(
            err_text(&e),
            "Failed to retrieve term translation | Language 'fr' not found."
        );
        assert_eq!(
            err_text(&t.call(&args(&[])).unwrap_err()),
            "`trans` requires a `key` argument."
        );
    }
}
