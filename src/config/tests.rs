//! Tests of `config`: full configs, the demo configs of Zola themes using old keys, errors
//! with their line and column, permalinks, and the JSON templates receive.

use std::path::Path;

use serde_json::json;

use super::*;
use crate::diagnostics::Severity;

fn parse(text: &str) -> (Config, Vec<crate::diagnostics::Diagnostic>) {
    Config::parse(text, Path::new("config.toml")).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn parse_err(text: &str) -> Vec<crate::diagnostics::Diagnostic> {
    Config::parse(text, Path::new("config.toml")).unwrap_err()
}

const FULL: &str = r#"
base_url = "https://portal.example.gov.cn/town/pufa"
title = "某镇普法网"
description = "以案释法"
default_language = "zh"
theme = "pufa"
output_dir = "dist"
preserve_dotfiles_in_output = true
compile_sass = true
minify_html = true
ignored_content = ["*.docx", "草稿/**"]
ignored_static = ["*.psd"]
generate_feeds = true
feed_filenames = ["atom.xml", "rss.xml"]
feed_limit = 20
hard_link_static = false
taxonomies = [
  { name = "标签", feed = true, paginate_by = 10 },
  { name = "laws", render = false },
]
taxonomy_root = "fenlei"
author = "司法所"
build_search_index = true
generate_sitemap = true
generate_robots_txt = false
exclude_paginated_pages_in_sitemap = "all"
mode = "build"

[search]
include_title = true
include_content = false
include_description = true
index_format = "fuse_json"

[markdown]
render_emoji = true
external_links_target_blank = true
smart_punctuation = true
insert_anchor_links = "right"
github_alerts = true

[markdown.highlighting]
theme = "github-light"
style = "class"

[slugify]
paths = "safe"
taxonomies = "on"
anchors = "off"
paths_keep_dates = true

[link_checker]
skip_prefixes = ["http://[2001:db8::]/"]
internal_level = "warn"

[translations]
home = "首页"

[languages.en]
title = "Town legal education"
generate_feeds = false
taxonomies = [{ name = "tags" }]
[languages.en.translations]
home = "Home"

[extra]
menu = [{ name = "首页", url = "/" }]
published = 2024-05-01
"#;

#[test]
fn parses_a_full_config() {
    let (c, warnings) = parse(FULL);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(c.base_url, "https://portal.example.gov.cn/town/pufa");
    assert_eq!(c.output_dir, "dist");
    assert_eq!(c.feed_filenames, ["atom.xml", "rss.xml"]);
    assert_eq!(c.taxonomies[0].slug, "biao-qian");
    assert_eq!(c.taxonomies[0].paginate_path(), "page");
    assert!(!c.taxonomies[1].render);
    assert_eq!(c.search.index_format, IndexFormat::FuseJson);
    assert_eq!(c.slugify.paths, SlugifyStrategy::Safe);
    assert_eq!(c.markdown.insert_anchor_links, InsertAnchor::Right);
    assert_eq!(
        c.markdown.highlighting.as_ref().unwrap().style,
        HighlightStyle::Class
    );
    assert_eq!(c.link_checker.internal_level, LinkCheckerLevel::Warn);
    assert!(c.exclude_paginated_pages_in_sitemap());
    assert_eq!(c.other_language_codes(), ["en"]);
    assert!(c.is_multilingual());
    assert_eq!(c.get_translation("zh", "home").unwrap(), "首页");
    assert_eq!(c.get_translation("en", "home").unwrap(), "Home");
    assert_eq!(
        c.get_translation("en", "nope").unwrap_err().to_string(),
        "Translation key 'nope' for language 'en' is missing"
    );
    assert_eq!(
        c.get_translation("fr", "home").unwrap_err().to_string(),
        "Language 'fr' not found."
    );
    assert!(c.language_generates_feeds("zh") && !c.language_generates_feeds("en"));
    assert_eq!(c.feed_filenames_for("en"), ["atom.xml"]);
    assert_eq!(
        c.default_language_options().title.as_deref(),
        Some("某镇普法网")
    );
    assert!(c.has_taxonomy("tags", "en") && !c.has_taxonomy("tags", "zh"));
    let by_lang: Vec<(String, usize)> = c
        .taxonomies_by_language()
        .into_iter()
        .map(|(l, t)| (l, t.len()))
        .collect();
    assert_eq!(by_lang, [("zh".to_string(), 2), ("en".to_string(), 1)]);
    assert_eq!(c.extra["published"], json!("2024-05-01"));
    let g = c.ignored_content_globset().unwrap();
    assert!(g.is_match("content/news/a.docx"));
    assert!(g.is_match("草稿/a.md"));
    assert!(!g.is_match("content/a.md"));
    let opts = c.source_options();
    assert_eq!(
        (opts.default_language.as_str(), opts.languages.as_slice()),
        ("zh", &["en".to_string()][..])
    );
}

#[test]
fn zola_defaults() {
    let (c, _) = parse("base_url = \"https://example.com\"\n");
    assert_eq!(c.default_language, "en");
    assert_eq!(c.output_dir, "public");
    assert_eq!(c.feed_filenames, ["atom.xml"]);
    assert!(c.generate_sitemap && c.generate_robots_txt && !c.generate_feeds);
    assert!(c.markdown.external_links_external);
    assert!(c.markdown.highlighting.is_none());
    assert!(c.search.include_title && c.search.include_content);
    assert!(!c.is_multilingual());
    assert_eq!(c.languages.keys().collect::<Vec<_>>(), ["en"]);
}

/// getzola/hyde's demo config: `generate_feed` (pre-0.19).
#[test]
fn hyde_demo_config() {
    let (c, w) = parse(
        r#"base_url = "https://zola-hyde.netlify.com"
compile_sass = true
title = "Hyde theme"
description = "A clean blogging theme"
generate_feed = true

[extra]
hyde_sticky = true
hyde_reverse = false
hyde_theme = ""
hyde_links = [
    {url = "https://google.com", name = "About"},
]
"#,
    );
    assert!(c.generate_feeds);
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].line, w[0].col, w[0].severity),
        (5, 1, Severity::Warning)
    );
    assert!(
        w[0].message.en.contains("`generate_feed` is an old key"),
        "{}",
        w[0].message.en
    );
    assert_eq!(
        w[0].hint.as_ref().unwrap().zh,
        "请改写成 `generate_feeds`。"
    );
    let v = c.serialize_for_template("en");
    assert_eq!(v["generate_feed"], json!(true));
    assert_eq!(v["feed_filename"], json!("atom.xml"));
    assert_eq!(v["extra"]["hyde_links"][0]["name"], json!("About"));
}

/// getzola/even's demo config: `generate_feed` and `[markdown] highlight_code` (pre-0.22).
#[test]
fn even_demo_config() {
    let (c, w) = parse(
        r#"base_url = "https://zola-even.netlify.com"
compile_sass = true
title = "even theme"
description = ""
generate_feed = true

taxonomies = [
    {name = "categories", feed = true},
    {name = "tags", feed = true},
]

[markdown]
highlight_code = true

[extra]
author = "Vincent"
even_menu = [
    {url = "$BASE_URL", name = "Home"},
]
even_title = "Even"
"#,
    );
    let lines: Vec<usize> = w.iter().map(|d| d.line).collect();
    assert_eq!(lines, [5, 13]);
    assert!(w[1]
        .message
        .en
        .contains("read as `[markdown.highlighting]`"));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(h.theme.as_deref(), Some("base16-ocean-dark"));
    assert_eq!(
        c.taxonomies.iter().map(|t| t.feed).collect::<Vec<_>>(),
        [true, true]
    );
    let v = c.serialize_for_template("en");
    assert_eq!(v["markdown"]["highlight_code"], json!(true));
    assert_eq!(v["markdown"]["highlight_theme"], json!("base16-ocean-dark"));
}

/// getzola/after-dark's demo config: taxonomies with `rss = true` (pre-0.13).
#[test]
fn after_dark_demo_config() {
    let (c, w) = parse(
        r#"base_url = "https://gutenberg-after-dark.netlify.com"
compile_sass = true
title = "after-dark theme"
description = ""

taxonomies = [
    {name = "categories", rss = true},
    {name = "tags", rss = true},
]

[extra]
author = "Vincent"
after_dark_menu = [
    {url = "$BASE_URL", name = "Home"},
]
after_dark_title = "My blog"
"#,
    );
    assert!(c.taxonomies.iter().all(|t| t.feed));
    assert_eq!(
        w.iter().map(|d| (d.line, d.col)).collect::<Vec<_>>(),
        [(7, 27), (8, 21)]
    );
    assert!(w[0].message.zh.contains("`rss` 是旧写法"));
}

/// RatanShreshtha/DeepThought's config: Zola 0.14's `extra_syntaxes` (a list of folders),
/// renamed `extra_syntaxes_and_themes` in 0.15 and `extra_grammars`/`extra_themes` in 0.22.
#[test]
fn deep_thought_extra_syntaxes() {
    let (c, w) = parse(
        r#"base_url = "https://x.org"
[markdown]
highlight_code = true
extra_syntaxes = ["syntaxes"]
highlight_theme = "one-dark"
"#,
    );
    assert!(w.iter().all(|d| !d.is_error()), "{w:?}");
    let renamed = w.iter().find(|d| d.line == 4).expect("a warning at line 4");
    assert!(
        renamed.message.en.contains("extra_grammars"),
        "{}",
        renamed.message.en
    );
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(h.extra_grammars, ["syntaxes"]);
}

#[test]
fn old_feed_filename_and_css_highlighting() {
    let (c, w) = parse(
        r#"base_url = "https://a.cn"
feed_filename = "rss.xml"
[markdown]
highlight_code = true
highlight_theme = "css"
highlight_themes_css = [{ theme = "solarized-dark", filename = "syntax.css" }]
"#,
    );
    assert_eq!(w.len(), 4);
    assert_eq!(c.feed_filenames, ["rss.xml"]);
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(
        (h.style.clone(), h.theme.as_deref()),
        (HighlightStyle::Class, Some("solarized-dark"))
    );
    let v = c.serialize_for_template("en");
    assert_eq!(v["markdown"]["highlight_theme"], json!("css"));
    assert_eq!(
        v["markdown"]["highlight_themes_css"][0]["filename"],
        json!("syntax.css")
    );
}

#[test]
fn unknown_top_level_key_is_an_error_with_nearest_key() {
    let errs = parse_err(
        "base_url = \"https://a.cn\"\ntitel = \"x\"\n[markdown]\nsmart_punctuaton = true\n",
    );
    assert_eq!(errs.len(), 2);
    assert_eq!((errs[0].line, errs[0].col), (2, 1));
    assert_eq!(errs[0].hint.as_ref().unwrap().en, "Did you mean `title`?");
    assert!(errs[1].message.en.contains("in [markdown]"));
    assert_eq!(
        errs[1].hint.as_ref().unwrap().en,
        "Did you mean `smart_punctuation`?"
    );
}

#[test]
fn unknown_key_where_zola_ignores_is_a_warning() {
    let (_, w) = parse("base_url = \"https://a.cn\"\n[slugify]\npath = \"safe\"\n");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].hint.as_ref().unwrap().en, "Did you mean `paths`?");
}

#[test]
fn syntax_error_has_line_and_column() {
    let errs = parse_err("base_url = \"https://a.cn\"\ntitle ＝ \"普法\"\n");
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].line, errs[0].col), (2, 7));
    assert_eq!(errs[0].source_line.as_deref(), Some("title ＝ \"普法\""));
    assert!(errs[0].hint.as_ref().unwrap().zh.contains("＝ → ="));
}

#[test]
fn type_error_has_line_and_column() {
    let errs = parse_err("base_url = \"https://a.cn\"\n\n[search]\ninclude_title = \"yes\"\n");
    assert_eq!((errs[0].line, errs[0].col), (4, 17));
    assert!(errs[0]
        .hint
        .as_ref()
        .unwrap()
        .zh
        .contains("true/false 不要加引号"));
}

#[test]
fn base_url_is_required() {
    let errs = parse_err("title = \"x\"\n");
    assert!(errs[0].message.en.contains("A base URL is required"));
    let errs = parse_err("base_url = \"\"\n");
    assert_eq!(errs[0].line, 1);
}

#[test]
fn default_language_given_twice_is_an_error() {
    let errs = parse_err("base_url = \"https://a.cn\"\ndefault_language = \"zh\"\ntitle = \"a\"\n[languages.zh]\ntitle = \"b\"\n");
    assert!(errs[0]
        .message
        .en
        .contains("`title` for default language is specified twice"));
    let (c, _) = parse(
        "base_url = \"https://a.cn\"\ndefault_language = \"zh\"\n[languages.zh]\ntitle = \"b\"\n",
    );
    assert_eq!(c.languages["zh"].title.as_deref(), Some("b"));
}

#[test]
fn permalinks_as_zola() {
    let mut c = Config {
        base_url: "http://vincent.is".into(),
        ..Default::default()
    };
    assert_eq!(c.make_permalink(""), "http://vincent.is/");
    assert_eq!(c.make_permalink("/"), "http://vincent.is/");
    assert_eq!(c.make_permalink("hello"), "http://vincent.is/hello/");
    assert_eq!(c.make_permalink("/hello"), "http://vincent.is/hello/");
    assert_eq!(c.make_permalink("/hello/"), "http://vincent.is/hello/");
    assert_eq!(c.make_permalink("atom.xml"), "http://vincent.is/atom.xml");
    assert_eq!(c.make_permalink("/about#me"), "http://vincent.is/about#me");
    c.base_url = "http://vincent.is/".into();
    assert_eq!(c.make_permalink("/"), "http://vincent.is/");
    assert_eq!(c.make_permalink("/hello"), "http://vincent.is/hello/");
    c.base_url = "http://127.0.0.1:1111".into();
    assert_eq!(
        c.make_permalink("/tags/rust"),
        "http://127.0.0.1:1111/tags/rust/"
    );
}

#[test]
fn permalinks_under_a_sub_path() {
    let mut c = Config {
        base_url: "https://portal.example.gov.cn/town/pufa".into(),
        ..Default::default()
    };
    assert_eq!(c.base_path(), "/town/pufa");
    assert_eq!(
        c.make_permalink("/"),
        "https://portal.example.gov.cn/town/pufa/"
    );
    assert_eq!(
        c.make_permalink("/news/a/"),
        "https://portal.example.gov.cn/town/pufa/news/a/"
    );
    assert_eq!(
        c.make_permalink("news/a"),
        "https://portal.example.gov.cn/town/pufa/news/a/"
    );
    assert_eq!(
        c.make_permalink("rss/atom.xml"),
        "https://portal.example.gov.cn/town/pufa/rss/atom.xml"
    );
    c.set_base_url("http://127.0.0.1:1111");
    assert_eq!(c.base_path(), "");
    assert_eq!(c.make_permalink("/news/"), "http://127.0.0.1:1111/news/");
}

#[test]
fn serialize_for_template_snapshot() {
    let (c, _) = parse(
        r#"base_url = "https://a.cn/pufa"
title = "普法"
default_language = "zh"
generate_feeds = true
taxonomies = [{ name = "tags" }]
[translations]
home = "首页"
[languages.en]
title = "Law"
[extra]
x = 1
"#,
    );
    let expected = json!({
        "base_url": "https://a.cn/pufa",
        "mode": "build",
        "title": "普法",
        "description": null,
        "languages": {
            "en": {
                "title": "Law",
                "description": null,
                "generate_feeds": false,
                "feed_filenames": ["atom.xml"],
                "taxonomies": [],
                "build_search_index": false,
                "search": {
                    "include_title": true,
                    "include_content": true,
                    "truncate_content_length": null,
                    "include_description": false,
                    "include_date": false,
                    "include_path": false,
                    "index_format": "elasticlunr_javascript"
                },
                "translations": {}
            }
        },
        "default_language": "zh",
        "generate_feed": true,
        "generate_feeds": true,
        "feed_filenames": ["atom.xml"],
        "taxonomies": [{
            "name": "tags", "slug": "tags", "paginate_by": null, "paginate_path": null,
            "render": true, "feed": false
        }],
        "author": null,
        "build_search_index": false,
        "extra": { "x": 1 },
        "markdown": {
            "highlighting": null,
            "render_emoji": false,
            "external_links_class": null,
            "external_links_target_blank": false,
            "external_links_no_follow": false,
            "external_links_no_referrer": false,
            "external_links_external": true,
            "smart_punctuation": false,
            "definition_list": false,
            "bottom_footnotes": false,
            "lazy_async_image": false,
            "insert_anchor_links": "none",
            "github_alerts": false,
            "highlight_code": false,
            "highlight_theme": "base16-ocean-dark",
            "highlight_themes_css": [],
            "extra_syntaxes_and_themes": [],
            "error_on_missing_highlight": false
        },
        "search": { "index_format": "elasticlunr_javascript" },
        "generate_sitemap": true,
        "generate_robots_txt": true,
        "exclude_paginated_pages_in_sitemap": "none",
        "feed_filename": "atom.xml",
        "generate_rss": true
    });
    let got = c.serialize_for_template("zh");
    assert_eq!(
        got,
        expected,
        "{}",
        serde_json::to_string_pretty(&got).unwrap()
    );
    // Keys in Zola's order (templates that dump config see the same text).
    let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
    assert_eq!(
        keys[..6],
        [
            "base_url",
            "mode",
            "title",
            "description",
            "languages",
            "default_language"
        ]
    );

    let en = c.serialize_for_template("en");
    assert_eq!(en["title"], json!("Law"));
    assert_eq!(en["generate_feeds"], json!(false));
    assert_eq!(en["languages"]["zh"]["translations"]["home"], json!("首页"));
}

#[test]
fn load_reads_files_and_merges_theme_extra() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("config.toml"),
        "\u{feff}base_url = \"https://a.cn\"\r\ntheme = \"t\"\r\n[extra]\r\nhello = \"site\"\r\n[extra.sub]\r\nfoo = \"site\"\r\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("themes/t")).unwrap();
    std::fs::write(
        root.join("themes/t/theme.toml"),
        "name = \"t\"\n[extra]\nhello = \"theme\"\nonly_theme = 10\n[extra.sub]\nfoo = \"theme\"\nbar = \"theme\"\n",
    )
    .unwrap();
    let (c, w) = load(root, None);
    let c = c.unwrap();
    assert!(w.is_empty());
    assert_eq!(
        serde_json::Value::Object(c.extra.clone()),
        json!({"hello": "site", "sub": {"foo": "site", "bar": "theme"}, "only_theme": 10})
    );

    // zola.toml is preferred when present (Zola 0.22).
    std::fs::write(root.join("zola.toml"), "base_url = \"https://b.cn\"\n").unwrap();
    let (c, w) = load(root, None);
    assert_eq!(c.unwrap().base_url, "https://b.cn");
    assert!(w[0]
        .message
        .en
        .contains("both zola.toml and config.toml exist"));
    assert_eq!(
        load(root, Some(Path::new("config.toml")))
            .0
            .unwrap()
            .base_url,
        "https://a.cn"
    );

    let missing = tempfile::tempdir().unwrap();
    let (c, errs) = load(missing.path(), None);
    assert!(c.is_none());
    assert!(errs[0].message.zh.contains("找不到网站配置文件"));
}

#[test]
fn missing_theme_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "base_url = \"https://a.cn\"\ntheme = \"nope\"\n",
    )
    .unwrap();
    let (c, errs) = load(dir.path(), None);
    assert!(c.is_none());
    assert!(errs[0].message.en.contains("theme `nope` not found"));
}

/// [`Config::load`], and what it reported.
fn load(root: &Path, file: Option<&Path>) -> (Option<Config>, Vec<crate::diagnostics::Diagnostic>) {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let config = Config::load(root, file, &mut diags);
    (config, diags.iter().cloned().collect())
}
