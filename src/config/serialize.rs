//! `config` as templates see it: Zola's `SerializedConfig` for one language, field for field,
//! plus the names older Zola versions exposed (`feed_filename`, `markdown.highlight_code` …)
//! so themes written for them keep working.

use serde_json::{json, Map, Value};

use super::{Config, HighlightStyle, LanguageOptions};

impl Config {
    /// The `config` object of templates rendered in `lang` (Zola's `Config::serialize`):
    /// title, description, feeds and taxonomies come from that language's options (`search`
    /// from the top level, as Zola),
    /// and `languages` lists the *other* languages.
    pub fn serialize_for_template(&self, lang: &str) -> Value {
        let fallback = self.default_language_options();
        let options = self.languages.get(lang).unwrap_or(&fallback);
        let others: Map<String, Value> = self
            .languages
            .iter()
            .filter(|(k, _)| k.as_str() != lang)
            .map(|(k, v)| (k.clone(), language_value(v)))
            .collect();

        let mut m = Map::new();
        m.insert("base_url".into(), json!(self.base_url));
        m.insert("mode".into(), json!(self.mode));
        m.insert("title".into(), json!(options.title));
        m.insert("description".into(), json!(options.description));
        m.insert("languages".into(), Value::Object(others));
        m.insert("default_language".into(), json!(self.default_language));
        m.insert("generate_feed".into(), json!(options.generate_feeds));
        m.insert("generate_feeds".into(), json!(options.generate_feeds));
        m.insert("feed_filenames".into(), json!(options.feed_filenames));
        m.insert("taxonomies".into(), json!(options.taxonomies));
        m.insert("author".into(), json!(self.author));
        m.insert(
            "build_search_index".into(),
            json!(options.build_search_index),
        );
        m.insert("extra".into(), Value::Object(self.extra.clone()));
        m.insert("markdown".into(), self.markdown_value());
        m.insert(
            "search".into(),
            // Zola takes `search` from the top-level config for every language.
            json!({ "index_format": self.search.index_format }),
        );
        m.insert("generate_sitemap".into(), json!(self.generate_sitemap));
        m.insert(
            "generate_robots_txt".into(),
            json!(self.generate_robots_txt),
        );
        m.insert(
            "exclude_paginated_pages_in_sitemap".into(),
            json!(self.exclude_paginated_pages_in_sitemap),
        );
        // Zola ≤ 0.18 exposed one feed file name; ≤ 0.10 called feeds RSS.
        m.insert(
            "feed_filename".into(),
            json!(options.feed_filenames.first()),
        );
        m.insert("generate_rss".into(), json!(options.generate_feeds));
        Value::Object(m)
    }

    /// `config.markdown`: 0.22's fields, then the 0.19–0.21 highlight keys derived from them.
    fn markdown_value(&self) -> Value {
        let md = &self.markdown;
        let mut v = serde_json::to_value(md).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            let h = md.highlighting.as_ref();
            let theme = h.and_then(|h| h.theme.clone().or_else(|| h.light_theme.clone()));
            let class = h.is_some_and(|h| h.style == HighlightStyle::Class);
            m.insert("highlight_code".into(), json!(h.is_some()));
            m.insert(
                "highlight_theme".into(),
                json!(if class {
                    "css".to_string()
                } else {
                    theme.clone().unwrap_or_else(|| "base16-ocean-dark".into())
                }),
            );
            let css = match (&md.highlight_themes_css, class) {
                (Some(list), _) => json!(list),
                (None, true) => json!([{ "theme": theme, "filename": "syntax-theme.css" }]),
                (None, false) => json!([]),
            };
            m.insert("highlight_themes_css".into(), css);
            m.insert(
                "extra_syntaxes_and_themes".into(),
                json!(h.map(|h| h.extra_grammars.clone()).unwrap_or_default()),
            );
            m.insert(
                "error_on_missing_highlight".into(),
                json!(h.is_some_and(|h| h.error_on_missing_language)),
            );
        }
        v
    }
}

fn language_value(l: &LanguageOptions) -> Value {
    serde_json::to_value(l).unwrap_or(Value::Null)
}
