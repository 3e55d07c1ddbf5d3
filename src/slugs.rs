//! Slugs for paths and anchors, as Zola makes them (`[slugify]` strategies).
//!
//! `on` transliterates with deunicode, so Chinese becomes pinyin-like ASCII:
//! "民法典" → "min-fa-dian". `safe` only removes characters that are unsafe in file names.

use serde::{Deserialize, Serialize};

/// Zola's `[slugify]` strategies.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugifyStrategy {
    /// Transliterate to ASCII, lower case, dashes (Chinese becomes pinyin).
    #[default]
    On,
    /// Only remove characters that are unsafe in file names.
    Safe,
    /// Keep as written.
    Off,
}

/// Zola's `slugify_paths`.
pub fn slugify_paths(s: &str, strategy: SlugifyStrategy) -> String {
    match strategy {
        SlugifyStrategy::On => slug::slugify(s),
        SlugifyStrategy::Safe => {
            let trimmed = s.trim_end_matches([' ', '.']);
            trimmed
                .chars()
                .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
                .collect()
        }
        SlugifyStrategy::Off => s.to_string(),
    }
}

/// Zola's `slugify_anchors`.
pub fn slugify_anchors(s: &str, strategy: SlugifyStrategy) -> String {
    match strategy {
        SlugifyStrategy::On => slug::slugify(s),
        SlugifyStrategy::Safe | SlugifyStrategy::Off => {
            s.replace(|c: char| c.is_ascii_whitespace(), "_")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_titles_become_pinyin() {
        assert_eq!(slugify_paths("民法典", SlugifyStrategy::On), "min-fa-dian");
        assert_eq!(
            slugify_paths("正当防卫 案例", SlugifyStrategy::On),
            "zheng-dang-fang-wei-an-li"
        );
        assert_eq!(slugify_paths("民法典", SlugifyStrategy::Safe), "民法典");
        assert_eq!(slugify_paths("dot. ", SlugifyStrategy::Safe), "dot");
        assert_eq!(slugify_anchors("a b", SlugifyStrategy::Off), "a_b");
    }
}
