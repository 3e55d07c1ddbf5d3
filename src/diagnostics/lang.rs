//! Which language diagnostics speak: `PUFA_LANG`, else the site's `default_language`, read
//! before the config is parsed so that mistakes in `config.toml` itself are in the site's
//! language.

use std::path::Path;

/// The language diagnostics are printed in, from the site's `default_language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `PUFA_LANG=zh` or `PUFA_LANG=en` (any code starting so), if set.
    pub fn from_env() -> Option<Lang> {
        let v = std::env::var("PUFA_LANG").ok()?;
        let v = v.trim().to_ascii_lowercase();
        if v.starts_with("zh") {
            Some(Lang::Zh)
        } else if v.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language to speak for the site at `root`: `PUFA_LANG`, else the config's
    /// `default_language` read without parsing the whole file (so that errors in the config
    /// itself are already in the site's language), else Zola's default, English.
    pub fn for_site(config_file: &Path) -> Lang {
        if let Some(l) = Lang::from_env() {
            return l;
        }
        let text = std::fs::read(config_file).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                break;
            }
            if let Some(rest) = line.strip_prefix("default_language") {
                if let Some(v) = rest.trim_start().strip_prefix('=') {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    return Lang::from_code(v);
                }
            }
        }
        // No `default_language` (Zola's default is English): a config written in Chinese (a
        // title like 某某司法所普法网) or using the default Chinese theme speaks Chinese. Only
        // the top-level keys count: an English site's `[languages.zh]` title is Chinese too.
        let top = text
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['));
        let chinese = top
            .clone()
            .any(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
            || top.into_iter().any(|l| {
                let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                l == "theme=\"pufa\"" || l == "theme='pufa'"
            });
        if chinese {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `zh`, `zh-CN`, `zh_Hans` … give Chinese; anything else English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}
