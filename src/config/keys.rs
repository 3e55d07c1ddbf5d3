//! The keys `config.toml` may hold, table by table, and what to say about the others: old
//! names (mapped, with a warning), keys Zola refuses (error) or ignores (warning).

use crate::diagnostics::Severity;
use crate::source::toml_diag::KeyVerdict;

const TOP: &[&str] = &[
    "base_url",
    "theme",
    "title",
    "description",
    "default_language",
    "languages",
    "translations",
    "generate_feeds",
    "feed_limit",
    "feed_filenames",
    "hard_link_static",
    "taxonomies",
    "taxonomy_root",
    "author",
    "compile_sass",
    "minify_html",
    "build_search_index",
    "ignored_content",
    "ignored_static",
    "mode",
    "output_dir",
    "preserve_dotfiles_in_output",
    "link_checker",
    "slugify",
    "search",
    "markdown",
    "extra",
    "generate_sitemap",
    "generate_robots_txt",
    "exclude_paginated_pages_in_sitemap",
];
const MARKDOWN: &[&str] = &[
    "highlighting",
    "render_emoji",
    "external_links_class",
    "external_links_target_blank",
    "external_links_no_follow",
    "external_links_no_referrer",
    "external_links_external",
    "smart_punctuation",
    "definition_list",
    "bottom_footnotes",
    "lazy_async_image",
    "insert_anchor_links",
    "github_alerts",
];
const HIGHLIGHTING: &[&str] = &[
    "error_on_missing_language",
    "style",
    "theme",
    "light_theme",
    "dark_theme",
    "extra_grammars",
    "extra_themes",
];
const SLUGIFY: &[&str] = &["paths", "paths_keep_dates", "taxonomies", "anchors"];
const SEARCH: &[&str] = &[
    "include_title",
    "include_content",
    "truncate_content_length",
    "include_description",
    "include_date",
    "include_path",
    "index_format",
];
const LINK_CHECKER: &[&str] = &[
    "skip_prefixes",
    "skip_anchor_prefixes",
    "internal_level",
    "external_level",
    "ignored_files",
];
const TAXONOMY: &[&str] = &[
    "name",
    "slug",
    "paginate_by",
    "paginate_path",
    "render",
    "feed",
];
const LANGUAGE: &[&str] = &[
    "title",
    "description",
    "generate_feeds",
    "feed_filenames",
    "taxonomies",
    "build_search_index",
    "search",
    "translations",
];

/// `languages.fr.taxonomies.0` → `languages.*.taxonomies.N`: the schema's name of a table.
fn schema_path(table: &str) -> String {
    table
        .split('.')
        .enumerate()
        .map(|(i, seg)| {
            if i == 1 && table.starts_with("languages.") {
                "*"
            } else if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "N"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

pub(super) fn verdict(table: &str, key: &str) -> KeyVerdict {
    use KeyVerdict::*;
    let table = schema_path(table);
    let (known, severity): (&'static [&'static str], Severity) = match table.as_str() {
        "" => match key {
            "extra" | "translations" => return Free,
            "generate_feed" | "generate_rss" => return Renamed("generate_feeds", "0.19"),
            "feed_filename" => return Renamed("feed_filenames", "0.19"),
            "rss_limit" => return Renamed("feed_limit", "0.11"),
            "highlight_code" => return Renamed("[markdown.highlighting]", "0.15/0.22"),
            "highlight_theme" => return Renamed("[markdown.highlighting] theme", "0.15/0.22"),
            _ => (TOP, Severity::Error),
        },
        "markdown" => match key {
            "highlight_code" => return Renamed("[markdown.highlighting]", "0.22"),
            "highlight_theme" => return Renamed("[markdown.highlighting] theme", "0.22"),
            "highlight_themes_css" => {
                return Renamed("[markdown.highlighting] style = \"class\"", "0.22")
            }
            "extra_syntaxes" => {
                return Renamed(
                    "[markdown.highlighting] extra_grammars / extra_themes",
                    "0.15/0.22",
                )
            }
            "extra_syntaxes_and_themes" => {
                return Renamed(
                    "[markdown.highlighting] extra_grammars / extra_themes",
                    "0.22",
                )
            }
            "error_on_missing_highlight" => {
                return Renamed("[markdown.highlighting] error_on_missing_language", "0.22")
            }
            _ => (MARKDOWN, Severity::Error),
        },
        "markdown.highlighting" => (HIGHLIGHTING, Severity::Warning),
        "slugify" => (SLUGIFY, Severity::Warning),
        "search" | "languages.*.search" => (SEARCH, Severity::Warning),
        "link_checker" => (LINK_CHECKER, Severity::Warning),
        "taxonomies.N" | "languages.*.taxonomies.N" => match key {
            "rss" => return Renamed("feed", "0.13"),
            _ => (TAXONOMY, Severity::Warning),
        },
        "languages" => return Known,
        "languages.*" => match key {
            "translations" => return Free,
            "generate_feed" => return Renamed("generate_feeds", "0.19"),
            "feed_filename" => return Renamed("feed_filenames", "0.19"),
            _ => (LANGUAGE, Severity::Error),
        },
        // Values of known keys that happen to be tables (e.g. an inline table in a list).
        _ => return Known,
    };
    if known.contains(&key) {
        Known
    } else {
        Unknown(known, severity)
    }
}
