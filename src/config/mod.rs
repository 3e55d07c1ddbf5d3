//! The site's configuration: `config.toml` (or `zola.toml`) read into a [`Config`].
//!
//! Takes the site root, returns a `Config` plus warnings, or every error found (with the line
//! and column in the file). It accepts every key Zola 0.19–0.22 accepts, with Zola's defaults,
//! and also the keys older Zola versions used (`generate_feed`, `feed_filename`,
//! `[markdown] highlight_code` …): those are mapped to their new names with a warning naming
//! both, because the sites and themes pufa must build were written for many Zola versions.
//! A key Zola refuses (at the top level, in `[markdown]` and `[languages.*]`) is an error with
//! the nearest known key as hint; a key Zola silently ignores elsewhere is a warning.
//!
//! The theme's `theme.toml` `[extra]` is merged under the site's `[extra]` (the site wins), and
//! the default language's options are folded into `languages`, as Zola does, so later stages
//! look every per-language option up in one place. Maps are ordered (`BTreeMap`) so the
//! serialised config is the same on every run.

pub mod builtin_theme;
mod keys;
mod load;
mod serialize;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::GlobSet;
use serde::{Deserialize, Serialize};

pub use load::DEFAULT_BASE_URL;
// Types of config.toml defined by the stage that owns them.
pub use crate::slugs::SlugifyStrategy;
pub use crate::source::InsertAnchor;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Slugify {
    pub paths: SlugifyStrategy,
    pub paths_keep_dates: bool,
    pub taxonomies: SlugifyStrategy,
    pub anchors: SlugifyStrategy,
}

/// `build`, `serve` or `check`, exposed to templates as `config.mode`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Build,
    Serve,
    Check,
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExcludePaginatedPagesInSitemap {
    #[default]
    None,
    All,
}

/// One `[[taxonomies]]` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxonomyConfig {
    pub name: String,
    /// `name` slugified with `[slugify] taxonomies`; computed, not read.
    pub slug: String,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    pub render: bool,
    /// Zola ≤ 0.12 called it `rss`.
    #[serde(alias = "rss")]
    pub feed: bool,
}

impl Default for TaxonomyConfig {
    fn default() -> Self {
        TaxonomyConfig {
            name: String::new(),
            slug: String::new(),
            paginate_by: None,
            paginate_path: None,
            render: true,
            feed: false,
        }
    }
}

impl TaxonomyConfig {
    pub fn is_paginated(&self) -> bool {
        self.paginate_by.is_some_and(|n| n > 0)
    }

    pub fn paginate_path(&self) -> &str {
        self.paginate_path.as_deref().unwrap_or("page")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexFormat {
    ElasticlunrJson,
    #[default]
    ElasticlunrJavascript,
    FuseJson,
    FuseJavascript,
}

/// `[search]`: what goes into the search index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Search {
    pub include_title: bool,
    pub include_content: bool,
    pub truncate_content_length: Option<usize>,
    pub include_description: bool,
    pub include_date: bool,
    pub include_path: bool,
    pub index_format: IndexFormat,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            include_title: true,
            include_content: true,
            truncate_content_length: None,
            include_description: false,
            include_date: false,
            include_path: false,
            index_format: IndexFormat::default(),
        }
    }
}

/// The options each language has (`[languages.<code>]`, or the top level for the default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LanguageOptions {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(alias = "generate_feed", alias = "generate_rss")]
    pub generate_feeds: bool,
    #[serde(alias = "feed_filename", deserialize_with = "load::one_or_many")]
    pub feed_filenames: Vec<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub build_search_index: bool,
    pub search: Search,
    pub translations: BTreeMap<String, String>,
}

impl Default for LanguageOptions {
    fn default() -> Self {
        LanguageOptions {
            title: None,
            description: None,
            generate_feeds: false,
            feed_filenames: vec!["atom.xml".into()],
            taxonomies: Vec::new(),
            build_search_index: false,
            search: Search::default(),
            translations: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkCheckerLevel {
    #[default]
    Error,
    Warn,
}

/// `[link_checker]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkChecker {
    pub skip_prefixes: Vec<String>,
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: LinkCheckerLevel,
    pub external_level: LinkCheckerLevel,
    pub ignored_files: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightStyle {
    #[default]
    Inline,
    Class,
}

/// Zola 0.22's `[markdown.highlighting]`. One theme, or a light and a dark one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Highlighting {
    pub error_on_missing_language: bool,
    pub style: HighlightStyle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light_theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dark_theme: Option<String>,
    pub extra_grammars: Vec<String>,
    pub extra_themes: Vec<String>,
}

/// One `highlight_themes_css` entry of Zola 0.19–0.21.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThemeCss {
    pub theme: String,
    pub filename: String,
}

/// `[markdown]`. The 0.19–0.21 highlight keys are read too and folded into `highlighting`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Markdown {
    pub highlighting: Option<Highlighting>,
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    pub external_links_external: bool,
    pub smart_punctuation: bool,
    pub definition_list: bool,
    pub bottom_footnotes: bool,
    pub lazy_async_image: bool,
    pub insert_anchor_links: InsertAnchor,
    pub github_alerts: bool,
    /// Zola 0.19–0.21 (`[markdown] highlight_code`); see `highlighting`.
    #[serde(skip_serializing)]
    pub highlight_code: Option<bool>,
    #[serde(skip_serializing)]
    pub highlight_theme: Option<String>,
    #[serde(skip_serializing)]
    pub highlight_themes_css: Option<Vec<ThemeCss>>,
    #[serde(skip_serializing, alias = "extra_syntaxes")]
    pub extra_syntaxes_and_themes: Option<Vec<String>>,
    #[serde(skip_serializing)]
    pub error_on_missing_highlight: Option<bool>,
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown {
            highlighting: None,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: true,
            smart_punctuation: false,
            definition_list: false,
            bottom_footnotes: false,
            lazy_async_image: false,
            insert_anchor_links: InsertAnchor::None,
            github_alerts: false,
            highlight_code: None,
            highlight_theme: None,
            highlight_themes_css: None,
            extra_syntaxes_and_themes: None,
            error_on_missing_highlight: None,
        }
    }
}

impl Markdown {
    /// Whether code blocks are highlighted at all.
    pub fn highlight_code(&self) -> bool {
        self.highlighting.is_some()
    }

    pub fn has_external_link_tweaks(&self) -> bool {
        self.external_links_target_blank
            || self.external_links_no_follow
            || self.external_links_no_referrer
            || self.external_links_external
            || self.external_links_class.is_some()
    }
}

/// Why [`Config::get_translation`] has no text (Zola's words).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslationError {
    #[error("Language '{0}' not found.")]
    Language(String),
    #[error("Translation key '{key}' for language '{lang}' is missing")]
    Key { key: String, lang: String },
}

/// The whole `config.toml`, with Zola's defaults.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub base_url: String,
    pub theme: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default_language: String,
    /// Every language, the default one included after loading (as Zola's `add_default_language`).
    pub languages: BTreeMap<String, LanguageOptions>,
    pub translations: BTreeMap<String, String>,
    #[serde(alias = "generate_feed", alias = "generate_rss")]
    pub generate_feeds: bool,
    #[serde(alias = "rss_limit")]
    pub feed_limit: Option<usize>,
    #[serde(alias = "feed_filename", deserialize_with = "load::one_or_many")]
    pub feed_filenames: Vec<String>,
    pub hard_link_static: bool,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub taxonomy_root: Option<String>,
    pub author: Option<String>,
    pub compile_sass: bool,
    pub minify_html: bool,
    pub build_search_index: bool,
    pub ignored_content: Vec<String>,
    pub ignored_static: Vec<String>,
    pub mode: Mode,
    pub output_dir: String,
    pub preserve_dotfiles_in_output: bool,
    pub link_checker: LinkChecker,
    pub slugify: Slugify,
    pub search: Search,
    pub markdown: Markdown,
    /// Site `[extra]` with the theme's merged under it; JSON so templates read it directly.
    #[serde(deserialize_with = "load::json_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    pub exclude_paginated_pages_in_sitemap: ExcludePaginatedPagesInSitemap,
    /// Zola ≤ 0.14 top-level highlight keys, moved to `[markdown]` when loading.
    #[serde(skip_serializing)]
    pub highlight_code: Option<bool>,
    #[serde(skip_serializing)]
    pub highlight_theme: Option<String>,
    #[serde(skip)]
    ignored_content_set: Option<GlobSet>,
    #[serde(skip)]
    ignored_static_set: Option<GlobSet>,
    /// The file this config was read from (`config.toml`, `zola.toml` or `--config`), for
    /// diagnostics about the config.
    #[serde(skip)]
    pub file: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.into(),
            theme: None,
            title: None,
            description: None,
            default_language: "en".into(),
            languages: BTreeMap::new(),
            translations: BTreeMap::new(),
            generate_feeds: false,
            feed_limit: None,
            feed_filenames: vec!["atom.xml".into()],
            hard_link_static: false,
            taxonomies: Vec::new(),
            taxonomy_root: None,
            author: None,
            compile_sass: false,
            minify_html: false,
            build_search_index: false,
            ignored_content: Vec::new(),
            ignored_static: Vec::new(),
            mode: Mode::Build,
            output_dir: "public".into(),
            preserve_dotfiles_in_output: false,
            link_checker: LinkChecker::default(),
            slugify: Slugify::default(),
            search: Search::default(),
            markdown: Markdown::default(),
            extra: serde_json::Map::new(),
            generate_sitemap: true,
            generate_robots_txt: true,
            exclude_paginated_pages_in_sitemap: ExcludePaginatedPagesInSitemap::None,
            highlight_code: None,
            highlight_theme: None,
            ignored_content_set: None,
            ignored_static_set: None,
            file: PathBuf::from("config.toml"),
        }
    }
}

impl Config {
    /// The config file, for diagnostics (`config.toml` or `zola.toml`).
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// A config as Zola's `default_for_test`: defaults, the default language folded in.
    pub fn default_for_test() -> Config {
        let mut c = Config::default();
        let _ = c.finish();
        c
    }

    /// Zola's `make_permalink`: `base_url` + `path` (see [`make_permalink`]).
    pub fn make_permalink(&self, path: &str) -> String {
        make_permalink(&self.base_url, &self.feed_filenames, path)
    }

    /// `--base-url` on the command line (and `serve`'s local address) replaces the config's.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.to_string();
    }

    /// The path part of `base_url` (`/town/pufa` for `https://host/town/pufa/`), `""` at a
    /// host's root: what links must start with when the site lives under a portal's sub-path.
    pub fn base_path(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        match rest.find('/') {
            Some(i) => rest[i..].trim_end_matches('/'),
            None => "",
        }
    }

    pub fn is_multilingual(&self) -> bool {
        self.languages.keys().any(|k| *k != self.default_language)
    }

    /// Codes of the languages other than the default, sorted.
    pub fn other_language_codes(&self) -> Vec<String> {
        self.languages
            .keys()
            .filter(|k| **k != self.default_language)
            .cloned()
            .collect()
    }

    /// The languages other than the default, with their options, sorted by code.
    pub fn other_languages(&self) -> BTreeMap<&str, &LanguageOptions> {
        self.languages
            .iter()
            .filter(|(k, _)| **k != self.default_language)
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    }

    /// Every language code, the default first.
    pub fn all_language_codes(&self) -> Vec<String> {
        let mut v = vec![self.default_language.clone()];
        v.extend(self.other_language_codes());
        v
    }

    /// The default language's options (from the top level of the config).
    pub fn default_language_options(&self) -> LanguageOptions {
        self.languages
            .get(&self.default_language)
            .cloned()
            .unwrap_or_else(|| LanguageOptions {
                title: self.title.clone(),
                description: self.description.clone(),
                generate_feeds: self.generate_feeds,
                feed_filenames: self.feed_filenames.clone(),
                taxonomies: self.taxonomies.clone(),
                build_search_index: self.build_search_index,
                search: self.search.clone(),
                translations: self.translations.clone(),
            })
    }

    /// The options of `lang`, if it is a language of the site.
    pub fn language(&self, lang: &str) -> Option<&LanguageOptions> {
        self.languages.get(lang)
    }

    pub fn language_generates_feeds(&self, lang: &str) -> bool {
        self.languages.get(lang).is_some_and(|l| l.generate_feeds)
    }

    /// The feed files of `lang` (`atom.xml` by default).
    pub fn feed_filenames_for(&self, lang: &str) -> &[String] {
        match self.languages.get(lang) {
            Some(l) => &l.feed_filenames,
            None => &self.feed_filenames,
        }
    }

    /// Zola's `get_translation`: the `[translations]` (or `[languages.x.translations]`) entry.
    pub fn get_translation(&self, lang: &str, key: &str) -> Result<String, TranslationError> {
        let Some(options) = self.languages.get(lang) else {
            return Err(TranslationError::Language(lang.to_string()));
        };
        options
            .translations
            .get(key)
            .cloned()
            .ok_or_else(|| TranslationError::Key {
                key: key.to_string(),
                lang: lang.to_string(),
            })
    }

    /// The taxonomies of one language.
    pub fn taxonomies_for(&self, lang: &str) -> &[TaxonomyConfig] {
        self.languages
            .get(lang)
            .map_or(&[], |l| l.taxonomies.as_slice())
    }

    /// Every language with its taxonomies, the default language first.
    pub fn taxonomies_by_language(&self) -> Vec<(String, Vec<TaxonomyConfig>)> {
        self.all_language_codes()
            .into_iter()
            .map(|l| {
                let t = self.taxonomies_for(&l).to_vec();
                (l, t)
            })
            .collect()
    }

    pub fn has_taxonomy(&self, name: &str, lang: &str) -> bool {
        self.taxonomies_for(lang).iter().any(|t| t.name == name)
    }

    pub fn get_taxonomy(&self, name: &str, lang: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies_for(lang).iter().find(|t| t.name == name)
    }

    pub fn exclude_paginated_pages_in_sitemap(&self) -> bool {
        self.exclude_paginated_pages_in_sitemap == ExcludePaginatedPagesInSitemap::All
    }

    pub fn is_in_check_mode(&self) -> bool {
        self.mode == Mode::Check
    }

    pub fn enable_serve_mode(&mut self) {
        self.mode = Mode::Serve;
    }

    pub fn enable_check_mode(&mut self) {
        self.mode = Mode::Check;
    }

    /// Matches paths (absolute or relative to `content/`) that `ignored_content` excludes.
    pub fn ignored_content_globset(&self) -> Option<&GlobSet> {
        self.ignored_content_set.as_ref()
    }

    /// Matches paths that `ignored_static` excludes.
    pub fn ignored_static_globset(&self) -> Option<&GlobSet> {
        self.ignored_static_set.as_ref()
    }

    /// What the source stage needs: languages and ignored globs.
    pub fn source_options(&self) -> crate::source::SourceOptions {
        crate::source::SourceOptions {
            default_language: self.default_language.clone(),
            languages: self.other_language_codes(),
            ignored: self.ignored_content_set.clone(),
        }
    }
}

/// Zola's `make_permalink`: `base_url` + `path`, with a trailing slash unless the path is
/// empty, already ends with one, names a feed file (`feed_filenames`) or has a `#fragment`.
/// The one join of a base URL and a path: the config and the template functions both use it.
pub fn make_permalink(base_url: &str, feed_filenames: &[String], path: &str) -> String {
    let trailing = if path.ends_with('/')
        || feed_filenames.iter().any(|f| path.ends_with(f.as_str()))
        || path.is_empty()
        || path.contains('#')
    {
        ""
    } else {
        "/"
    };
    let base = base_url;
    if base.ends_with('/') && path == "/" {
        base.to_string()
    } else if path == "/" {
        format!("{base}/")
    } else if base.ends_with('/') && path.starts_with('/') {
        format!("{base}{}{trailing}", &path[1..])
    } else if base.ends_with('/') || path.starts_with('/') {
        format!("{base}{path}{trailing}")
    } else {
        format!("{base}/{path}{trailing}")
    }
}
