//! Reading `config.toml`: syntax, keys (old, unknown), types, then Zola's post-processing
//! (default language folded into `languages`, taxonomy slugs, glob sets, theme `[extra]`).

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};

use super::keys::verdict;
use super::{Config, HighlightStyle, Highlighting, LanguageOptions, SlugifyStrategy};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Severity};
use crate::source::toml_diag::{check_keys, key_positions, TomlDoc};

/// Zola's placeholder `base_url`; a config that keeps it (or has none) is refused.
pub const DEFAULT_BASE_URL: &str = "http://a-website.com";

/// `feed_filename = "rss.xml"` (old) and `feed_filenames = ["rss.xml"]` (new) both read.
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// `[extra]` as JSON, TOML dates turned into their string form (as Zola's `fix_toml_dates`).
pub(crate) fn json_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    let table = toml::Table::deserialize(d)?;
    match toml_to_json(toml::Value::Table(table)) {
        serde_json::Value::Object(m) => Ok(m),
        _ => Ok(serde_json::Map::new()),
    }
}

/// A TOML value as JSON, dates as strings.
pub(super) fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

impl Config {
    /// The config file [`Config::load`] reads: `config_path` if given (relative to `site_root`
    /// unless it exists as given), else `zola.toml`, else `config.toml`. It may not exist.
    pub fn file_path(site_root: &Path, config_path: Option<&Path>) -> PathBuf {
        match config_path {
            // As Zola: a relative `--config` is looked up from the site root.
            Some(p) if p.is_absolute() || site_root.join(p).exists() => site_root.join(p),
            Some(p) if p.exists() => p.to_path_buf(),
            Some(p) => site_root.join(p),
            None => {
                let zola = site_root.join("zola.toml");
                if zola.is_file() {
                    zola
                } else {
                    site_root.join("config.toml")
                }
            }
        }
    }

    /// Loads the site's config: `config_path` if given (relative to `site_root` unless it
    /// exists as given), else `zola.toml`, else `config.toml` (Zola 0.22 looks in that order),
    /// then the theme's `[extra]`. Its warnings and errors go to `diags`; `None` when there
    /// were errors.
    pub fn load(
        site_root: &Path,
        config_path: Option<&Path>,
        diags: &mut Diagnostics,
    ) -> Option<Config> {
        match Config::read(site_root, config_path) {
            Ok((config, warnings)) => {
                diags.extend(warnings);
                Some(config)
            }
            Err(errors) => {
                diags.extend(errors);
                None
            }
        }
    }

    /// [`Config::load`]: warnings on success; every error found on failure.
    fn read(
        site_root: &Path,
        config_path: Option<&Path>,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = Config::file_path(site_root, config_path);
        let text = match crate::source::read_text_file(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![Diagnostic::error(
                    &path,
                    0,
                    0,
                    Msg::new(
                        "找不到网站配置文件 config.toml",
                        "config file not found (config.toml or zola.toml)",
                    ),
                )
                .with_hint(Msg::new(
                    "请在网站文件夹里运行，或用 --root 指定网站文件夹。",
                    "Run inside the site folder, or pass --root.",
                ))]);
            }
            Err(e) => return Err(vec![Diagnostic::from_io(&path, &e)]),
        };
        let (mut config, mut warnings) = Config::parse(&text, &path)?;
        config.file = path.clone();
        if config_path.is_none()
            && path.ends_with("zola.toml")
            && site_root.join("config.toml").is_file()
        {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    0,
                    0,
                    Msg::new(
                        "网站文件夹里同时有 zola.toml 和 config.toml，按 Zola 的规则使用 zola.toml",
                        "both zola.toml and config.toml exist; zola.toml is used, as Zola does",
                    ),
                )
                .with_hint(Msg::new(
                    "请删掉不用的那一个，以免改错文件。",
                    "Delete the one you do not use.",
                )),
            );
        }
        // A site with neither a theme nor templates of its own would get Zola's placeholder
        // page everywhere: it gets pufa's default theme instead.
        let implied = config.theme.is_none() && !site_root.join("templates").is_dir();
        if implied {
            config.theme = Some(super::builtin_theme::DEFAULT_THEME.to_string());
        }
        super::builtin_theme::record(site_root, None, false);
        if let Some(theme) = config.theme.clone() {
            if let Some(e) = theme_name_error(&theme, &text, &path) {
                return Err(vec![e]);
            }
            match config.merge_theme(site_root, &theme) {
                Ok(w) => warnings.extend(w),
                Err(e) => return Err(e),
            }
        }
        super::builtin_theme::record(site_root, config.theme.as_deref(), implied);
        Ok((config, warnings))
    }

    /// Parses config text; `path` is only used to name the file in diagnostics.
    pub fn parse(text: &str, path: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let doc = TomlDoc {
            path,
            text,
            first_line: 1,
        };
        let table = doc.parse()?;
        let keys = key_positions(table.get_ref());
        let checked = check_keys(&doc, &keys, verdict);
        let (errors, warnings): (Vec<_>, Vec<_>) = checked.into_iter().partition(|d| d.is_error());
        let mut config: Config = match toml::from_str(text) {
            Ok(c) => c,
            Err(e) => {
                let mut errors = errors;
                errors.push(doc.type_error(&e));
                return Err(errors);
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let at = |key: &str| -> (usize, usize, String) {
            match keys.iter().find(|k| k.path == key) {
                Some(k) => {
                    let (l, c, s) = crate::diagnostics::line_col(text, k.value_span.start, 1);
                    (l, c, s.to_string())
                }
                None => (0, 0, String::new()),
            }
        };
        if let Err((key, msg)) = config.finish() {
            let (line, col, src) = at(key);
            let mut d = Diagnostic::new(Severity::Error, path, line, col, msg);
            if line > 0 {
                d = d.with_source_line(src);
            }
            return Err(vec![d]);
        }
        Ok((config, warnings))
    }

    /// Zola's post-processing, plus mapping the old highlight keys. On error: the key at
    /// fault (dotted path, for its position) and the message.
    pub(crate) fn finish(&mut self) -> Result<(), (&'static str, Msg)> {
        if self.base_url.trim().is_empty() || self.base_url == DEFAULT_BASE_URL {
            return Err((
                "base_url",
                Msg::new(
                    "config.toml 里必须写网站地址 base_url，例如 base_url = \"https://www.example.gov.cn/pufa\"",
                    "A base URL is required in config.toml with key `base_url`",
                ),
            ));
        }
        for code in std::iter::once(&self.default_language).chain(self.languages.keys()) {
            if !valid_language_code(code) {
                return Err((
                    "default_language",
                    Msg::new(
                        format!("语言代码 `{code}` 不合法，请写成 zh、en、zh-CN 这样的形式"),
                        format!("Language `{code}` is not a valid Unicode Language Identifier"),
                    ),
                ));
            }
        }
        self.migrate_highlighting().map_err(|m| ("markdown", m))?;
        self.add_default_language().map_err(|m| ("languages", m))?;
        let strategy = self.slugify.taxonomies;
        for options in self.languages.values_mut() {
            for t in &mut options.taxonomies {
                t.slug = slugify_paths(&t.name, strategy);
            }
        }
        for t in &mut self.taxonomies {
            t.slug = slugify_paths(&t.name, strategy);
        }
        self.ignored_content_set =
            Some(glob_set(&self.ignored_content).map_err(|m| ("ignored_content", m))?);
        self.ignored_static_set =
            Some(glob_set(&self.ignored_static).map_err(|m| ("ignored_static", m))?);
        Ok(())
    }

    /// `highlight_code` & co (top level ≤ 0.14, `[markdown]` 0.15–0.21) become 0.22's
    /// `[markdown.highlighting]` unless that is written already.
    fn migrate_highlighting(&mut self) -> Result<(), Msg> {
        let md = &mut self.markdown;
        if md.highlight_code.is_none() {
            md.highlight_code = self.highlight_code;
        }
        if md.highlight_theme.is_none() {
            md.highlight_theme = self.highlight_theme.clone();
        }
        if md.highlighting.is_none() && md.highlight_code == Some(true) {
            let mut h = Highlighting {
                error_on_missing_language: md.error_on_missing_highlight.unwrap_or(false),
                extra_grammars: md.extra_syntaxes_and_themes.clone().unwrap_or_default(),
                ..Default::default()
            };
            let theme = md
                .highlight_theme
                .clone()
                .unwrap_or_else(|| "base16-ocean-dark".into());
            if theme == "css" {
                h.style = HighlightStyle::Class;
                let first = md.highlight_themes_css.as_ref().and_then(|v| v.first());
                h.theme =
                    Some(first.map_or_else(|| "base16-ocean-dark".into(), |t| t.theme.clone()));
            } else {
                h.theme = Some(theme);
            }
            md.highlighting = Some(h);
        }
        if let Some(h) = &md.highlighting {
            let dual = h.light_theme.is_some() && h.dark_theme.is_some();
            if h.theme.is_none() && !dual {
                return Err(Msg::new(
                    "[markdown.highlighting] 需要写 theme = \"…\"，或同时写 light_theme 和 dark_theme",
                    "[markdown.highlighting] needs `theme`, or both `light_theme` and `dark_theme`",
                ));
            }
        }
        Ok(())
    }

    /// Zola's `add_default_language`: the top-level title, feeds, taxonomies, search and
    /// translations become `languages[default_language]`, merged with an explicit
    /// `[languages.<default>]` if any (a field written in both places is an error).
    fn add_default_language(&mut self) -> Result<(), Msg> {
        let mut base = LanguageOptions {
            title: self.title.clone(),
            description: self.description.clone(),
            generate_feeds: self.generate_feeds,
            feed_filenames: self.feed_filenames.clone(),
            taxonomies: self.taxonomies.clone(),
            build_search_index: self.build_search_index,
            search: self.search.clone(),
            translations: self.translations.clone(),
        };
        if let Some(section) = self.languages.get(&self.default_language) {
            if base == LanguageOptions::default() {
                return Ok(());
            }
            merge_language(&mut base, section)?;
        }
        self.languages.insert(self.default_language.clone(), base);
        Ok(())
    }

    /// Merges `themes/<theme>/theme.toml`'s `[extra]` under the site's `[extra]`.
    fn merge_theme(
        &mut self,
        root: &Path,
        theme: &str,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let dir = super::builtin_theme::theme_dir(root, theme);
        let path = dir.join("theme.toml");
        if super::builtin_theme::uses_builtin(root, theme) {
            if let Err(e) = super::builtin_theme::builtin_dir() {
                return Err(vec![Diagnostic::error(
                    root.join("themes").join(theme),
                    0,
                    0,
                    Msg::new(
                        format!("无法使用 pufa 自带的默认主题：写入缓存文件夹失败（{e}）"),
                        format!("cannot use the default theme built into pufa: writing it to the cache folder failed ({e})"),
                    ),
                )
                .with_hint(Msg::new(
                    "请用环境变量 PUFA_CACHE_DIR 指定一个可以写入的文件夹，或运行 pufa init 新建网站，把其中的 themes/pufa 文件夹复制到本网站。",
                    "Set PUFA_CACHE_DIR to a writable folder, or copy themes/pufa from a site made by `pufa init` into this site.",
                ))]);
            }
        }
        if !dir.is_dir() {
            return Err(vec![Diagnostic::error(
                &self.file,
                0,
                0,
                Msg::new(
                    format!("找不到主题 `{theme}`：themes/{theme} 文件夹不存在"),
                    format!("theme `{theme}` not found: no folder themes/{theme}"),
                ),
            )
            .with_hint(Msg::new(
                "请把主题放到 themes 文件夹里，或改正 config.toml 里的 theme 名称；pufa 自带的默认主题写 theme = \"pufa\"，不需要 themes 文件夹。",
                "Put the theme under themes/, or fix `theme` in config.toml; the default theme built into pufa is theme = \"pufa\" and needs no themes folder.",
            ))]);
        }
        let text = match crate::source::read_text_file(&path) {
            Ok(t) => t,
            Err(_) => {
                return Ok(vec![Diagnostic::warning(
                    &path,
                    0,
                    0,
                    Msg::new(
                        format!("主题 `{theme}` 没有 theme.toml，主题的默认 [extra] 设置不会生效"),
                        format!(
                            "theme `{theme}` has no theme.toml; its [extra] defaults are not used"
                        ),
                    ),
                )]);
            }
        };
        let doc = TomlDoc {
            path: &path,
            text: &text,
            first_line: 1,
        };
        doc.parse()?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| vec![doc.type_error(&e)])?;
        if let Some(toml::Value::Table(extra)) = table.get("extra") {
            if let serde_json::Value::Object(theme_extra) =
                toml_to_json(toml::Value::Table(extra.clone()))
            {
                merge_extra(&mut self.extra, &theme_extra)
                    .map_err(|m| vec![Diagnostic::new(Severity::Error, &path, 0, 0, m)])?;
            }
        }
        Ok(Vec::new())
    }
}

/// Theme values fill what the site leaves out, table by table; a type clash is an error.
fn merge_extra(
    into: &mut serde_json::Map<String, serde_json::Value>,
    from: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), Msg> {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (None, _) => {
                into.insert(k.clone(), v.clone());
            }
            (Some(serde_json::Value::Object(a)), serde_json::Value::Object(b)) => {
                merge_extra(a, b)?
            }
            (Some(a), b) if a.is_object() != b.is_object() => {
                return Err(Msg::new(
                    format!("config.toml 和主题 theme.toml 的 extra.{k} 类型不同，无法合并"),
                    format!("Cannot merge config.toml with theme.toml: extra.{k} has incompatible types"),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn merge_language(base: &mut LanguageOptions, other: &LanguageOptions) -> Result<(), Msg> {
    let twice = |name: &str| {
        Msg::new(
            format!("默认语言的 `{name}` 写了两次（顶层和 [languages.默认语言] 里各一次），请只保留一处"),
            format!("`{name}` for default language is specified twice"),
        )
    };
    match (&base.title, &other.title) {
        (None, _) => base.title = other.title.clone(),
        (Some(_), Some(_)) => return Err(twice("title")),
        _ => {}
    }
    match (&base.description, &other.description) {
        (None, _) => base.description = other.description.clone(),
        (Some(_), Some(_)) => return Err(twice("description")),
        _ => {}
    }
    let default_feeds = LanguageOptions::default().feed_filenames;
    if base.feed_filenames.is_empty() || base.feed_filenames == default_feeds {
        base.feed_filenames = other.feed_filenames.clone();
    } else if !other.feed_filenames.is_empty() {
        return Err(twice("feed_filename"));
    }
    if base.taxonomies.is_empty() {
        base.taxonomies = other.taxonomies.clone();
    } else if !other.taxonomies.is_empty() {
        return Err(twice("taxonomies"));
    }
    if base.translations.is_empty() {
        base.translations = other.translations.clone();
    } else if !other.translations.is_empty() {
        return Err(twice("translations"));
    }
    base.generate_feeds |= other.generate_feeds;
    base.build_search_index |= other.build_search_index;
    if base.search == super::Search::default() {
        base.search = other.search.clone();
    } else if base.search != other.search {
        return Err(twice("search"));
    }
    Ok(())
}

/// A BCP 47-like code: `zh`, `en`, `zh-CN`, `zh-Hans`, `zh_CN`.
fn valid_language_code(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, Msg> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p).map_err(|e| {
            Msg::new(
                format!("忽略规则 `{p}` 写法不对：{e}"),
                format!("invalid glob pattern `{p}`: {e}"),
            )
        })?;
        b.add(g);
    }
    b.build().map_err(|e| {
        Msg::new(
            format!("忽略规则有误：{e}"),
            format!("invalid glob set: {e}"),
        )
    })
}

/// Zola's `slugify_paths` (same as `crate::slugs`, repeated here so config stands alone).
fn slugify_paths(s: &str, strategy: SlugifyStrategy) -> String {
    match strategy {
        SlugifyStrategy::On => slug::slugify(s),
        SlugifyStrategy::Safe => s
            .trim_end_matches([' ', '.'])
            .chars()
            .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
            .collect(),
        SlugifyStrategy::Off => s.to_string(),
    }
}

/// `theme` must name one folder under `themes/`: `../x`, `/etc` or `C:\\x` would load
/// templates (and their `load_data`) from outside the site. An error at its line.
fn theme_name_error(theme: &str, text: &str, path: &Path) -> Option<Diagnostic> {
    let plain = !theme.is_empty()
        && theme != "."
        && theme != ".."
        && !theme.contains(['/', '\\', ':'])
        && !Path::new(theme).is_absolute();
    if plain {
        return None;
    }
    let (line, col, src) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let t = l.trim_start();
            t.strip_prefix("theme")
                .is_some_and(|r| r.trim_start().starts_with('='))
                .then(|| {
                    let col = l.find(theme).map_or(1, |at| l[..at].chars().count() + 1);
                    (i + 1, col, l.to_string())
                })
        })
        .unwrap_or((0, 0, String::new()));
    let mut d = Diagnostic::error(
        path,
        line,
        col,
        Msg::new(
            format!("主题名称 `{theme}` 不对：主题只能是 themes 文件夹里的一个文件夹名，不能含路径"),
            format!("theme `{theme}` is not a folder name under themes/: paths are not allowed"),
        ),
    )
    .with_hint(Msg::new(
        "请把主题放进网站的 themes 文件夹，并写 theme = \"文件夹名\"，如 theme = \"pufa\"。",
        "Put the theme in the site's themes/ folder and write its folder name, e.g. theme = \"pufa\".",
    ));
    if line > 0 {
        d = d.with_source_line(src);
    }
    Some(d)
}
