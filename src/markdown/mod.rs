//! The markdown stage: one page's Markdown body in, its HTML out, exactly as Zola 0.22 renders
//! it (headings with ids, table of contents, `<!-- more -->` summary, `@/` links, shortcodes,
//! footnotes, code highlighting with syntect in the HTML structure of Zola 0.22's giallo).
//!
//! Takes the body text (front matter already removed) and a [`RenderContext`] that carries the
//! options and the three things only the caller knows: how to turn `@/page.md` into a
//! permalink ([`LinkResolver`]), how to render a shortcode ([`ShortcodeRenderer`], with the
//! site's Tera in `site/bodies.rs`) and, optionally, how to mark up legal citations in running text ([`TextHook`]).
//! Returns [`Rendered`], or a [`MarkdownError`] whose line and column are in the body text, so
//! the caller only adds the front matter's line count.
//!
//! Stages inside, in order: [`shortcode::expand`] (`.md` shortcodes rendered into the text,
//! `.html` ones left as placeholders), then one pulldown-cmark pass in `events` that fixes
//! links, images, code blocks, headings (`headings`), the summary (`summary`), then
//! [`footnotes`] and HTML output.
//! Everything shared (syntect sets, emoji table) is loaded once; a call allocates only for its
//! own page, so pages render in parallel with rayon.

mod events;
pub mod extra_hl;
pub mod footnotes;
mod headings;
pub mod highlight;
mod hl_names;
mod links;
mod placeholders;
mod pos;
pub mod shortcode;
mod summary;
pub mod toc;

use serde_json::{Map, Value};

use crate::diagnostics::Msg;

pub use highlight::{css_for_theme, known_theme, theme_names};
pub use toc::{make_table_of_contents, Heading};

/// How `[markdown]` options arrive from `config.toml`. `Default` is Zola's default.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    pub definition_list: bool,
    pub github_alerts: bool,
    pub bottom_footnotes: bool,
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    pub external_links_external: bool,
    pub lazy_async_image: bool,
    /// Highlighting on (`[markdown.highlighting]` present, or Zola 0.21 `highlight_code`).
    pub highlight_code: bool,
    /// The theme (`[markdown.highlighting] theme`, or 0.21 `highlight_theme`), a Zola 0.22,
    /// Zola 0.21 or syntect name; `"css"` means classes instead of inline styles.
    pub highlight_theme: String,
    /// A fence language that neither Zola 0.22 nor syntect knows is an error, not a warning.
    pub error_on_missing_language: bool,
    pub slugify_anchors: SlugifyAnchors,
    /// `[link_checker] internal_level = "error"` (Zola's default): an unknown `@/` target fails
    /// the page; when false it is a warning and the link is left as written.
    pub internal_link_error: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: false,
            definition_list: false,
            github_alerts: false,
            bottom_footnotes: false,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: false,
            lazy_async_image: false,
            highlight_code: false,
            highlight_theme: "base16-ocean-dark".into(),
            error_on_missing_language: false,
            slugify_anchors: SlugifyAnchors::On,
            internal_link_error: true,
        }
    }
}

impl MarkdownOptions {
    fn has_external_link_tweaks(&self) -> bool {
        self.external_links_target_blank
            || self.external_links_no_follow
            || self.external_links_no_referrer
            || self.external_links_external
            || self.external_links_class.is_some()
    }
}

/// Zola's `[slugify] anchors` strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlugifyAnchors {
    /// Transliterate to ASCII: "基本案情" → "ji-ben-an-qing".
    #[default]
    On,
    /// Keep the text, whitespace becomes `_`.
    Safe,
    /// Same as `Safe` for anchors (as in Zola).
    Off,
}

impl SlugifyAnchors {
    pub fn apply(self, s: &str) -> String {
        match self {
            SlugifyAnchors::On => slug::slugify(s),
            SlugifyAnchors::Safe | SlugifyAnchors::Off => {
                s.replace(|c: char| c.is_ascii_whitespace(), "_")
            }
        }
    }
}

/// Where heading anchor links go (`insert_anchor_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InsertAnchor {
    Left,
    Right,
    Heading,
    #[default]
    None,
}

/// Turns `@/path/page.md` (the part after `@/`, anchor removed and percent-decoded) into
/// the page's permalink.
pub trait LinkResolver {
    fn resolve(&self, path: &str) -> Option<String>;
}

/// A resolver that knows no pages (for the `markdown` filter without a library, and tests).
pub struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
}

impl<S: std::hash::BuildHasher> LinkResolver for std::collections::HashMap<String, String, S> {
    fn resolve(&self, path: &str) -> Option<String> {
        self.get(path).cloned()
    }
}

/// `templates/shortcodes/NAME.md` is rendered before Markdown, `NAME.html` after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    Md,
    Html,
}

/// Renders shortcodes; `site/bodies.rs` implements it with Tera (`body` is already trimmed at the end,
/// and the page context is the implementor's business).
pub trait ShortcodeRenderer {
    /// `None` when no shortcode of that name exists.
    fn kind(&self, name: &str) -> Option<ShortcodeKind>;
    fn render(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
        nth: usize,
    ) -> Result<String, String>;
}

/// No shortcodes at all: every call is an "unknown shortcode" error.
pub struct NoShortcodes;
impl ShortcodeRenderer for NoShortcodes {
    fn kind(&self, _: &str) -> Option<ShortcodeKind> {
        None
    }
    fn render(
        &self,
        _: &str,
        _: &Map<String, Value>,
        _: Option<&str>,
        _: usize,
    ) -> Result<String, String> {
        Err("no shortcodes".into())
    }
}

/// Sees the running text of paragraphs, list items and table cells (never code, links,
/// headings, image alt text or raw HTML) and may replace it with HTML, e.g. to link legal
/// citations. `line` is 1-based in the body (of the run's first character). Adjacent text
/// events are joined first, so a run is the text between two markup elements. The text is
/// raw (unescaped); returned HTML is used as is, so the hook escapes what it keeps.
pub trait TextHook {
    fn text(&mut self, text: &str, line: usize) -> Option<String>;
    /// Called at the end of each paragraph, list item, table cell and definition; HTML it
    /// returns (e.g. the text of cited articles) is placed after the paragraph, or at the end
    /// of the list item or cell.
    fn end_block(&mut self) -> Option<String> {
        None
    }
}

/// Renders `anchor-link.html` for a heading id and level.
pub type AnchorLinkFn<'a> = dyn Fn(&str, u32) -> String + 'a;
/// Renders `summary-cutoff.html` given the summary HTML.
pub type SummaryCutoffFn<'a> = dyn Fn(&str) -> String + 'a;

/// Everything a render needs besides the text.
pub struct RenderContext<'a> {
    pub options: &'a MarkdownOptions,
    pub links: &'a dyn LinkResolver,
    pub shortcodes: &'a dyn ShortcodeRenderer,
    /// The `anchor-link.html` template with `id` and `level` (and the page's `lang`); `None`
    /// uses Zola's built-in template.
    pub anchor_link: Option<&'a AnchorLinkFn<'a>>,
    pub insert_anchor_links: InsertAnchor,
    /// The `summary-cutoff.html` template given the summary HTML; `None` uses Zola's built-in
    /// `&hellip;`.
    pub summary_cutoff: Option<&'a SummaryCutoffFn<'a>>,
    pub text_hook: Option<&'a mut dyn TextHook>,
    /// The page's permalink, prefixed to colocated asset links and heading permalinks.
    pub current_page_permalink: &'a str,
    /// The page's path relative to `content/` (`"posts/a.md"`), for `#anchor` links.
    pub current_page_path: Option<&'a str>,
}

impl<'a> RenderContext<'a> {
    /// A context with no pages, no shortcodes and no hooks.
    pub fn new(options: &'a MarkdownOptions) -> Self {
        RenderContext {
            options,
            links: &NoLinks,
            shortcodes: &NoShortcodes,
            anchor_link: None,
            insert_anchor_links: InsertAnchor::None,
            summary_cutoff: None,
            text_hook: None,
            current_page_permalink: "",
            current_page_path: None,
        }
    }
}

/// The result of rendering one body.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rendered {
    pub body: String,
    /// The HTML before `<!-- more -->`, open tags closed.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// `@/` links (path, anchor) and `#anchor` links on the page itself.
    pub internal_links: Vec<(String, Option<String>)>,
    /// `http(s):` links, in order.
    pub external_links: Vec<String>,
    /// Non-fatal problems (unknown code language, unknown `@/` link when it is only a warning).
    pub warnings: Vec<MarkdownWarning>,
}

/// A problem worth telling the author about that does not stop the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownWarning {
    pub line: usize,
    pub col: usize,
    pub message: Msg,
}

/// An error at a 1-based line and column of the body (column counts characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {}", message.en)]
pub struct MarkdownError {
    pub line: usize,
    pub col: usize,
    pub message: Msg,
}

/// Byte offset → line and column, built once per body.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based (line, column in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, col)
    }
}

/// Renders one body (shortcodes, then Markdown); the first error if any.
pub fn render(markdown: &str, ctx: &mut RenderContext) -> Result<Rendered, MarkdownError> {
    render_all_errors(markdown, ctx).map_err(|mut errs| errs.swap_remove(0))
}

/// Like [`render`], but reports every broken link and code block of the page, in order (a
/// shortcode error stops at once: the text after it cannot be trusted). Never an empty list.
pub fn render_all_errors(
    markdown: &str,
    ctx: &mut RenderContext,
) -> Result<Rendered, Vec<MarkdownError>> {
    let lines = LineIndex::new(markdown);
    let expanded = shortcode::expand(markdown, ctx.shortcodes, &lines).map_err(|e| vec![e])?;
    events::render_expanded(markdown, &lines, expanded, ctx)
}

/// Zola's `markdown` filter: renders like a page; with `inline` the wrapping `<p>…</p>\n` is
/// stripped.
pub fn render_filter(
    text: &str,
    ctx: &mut RenderContext,
    inline: bool,
) -> Result<String, MarkdownError> {
    let body = render(text, ctx)?.body;
    Ok(if inline { strip_paragraph(&body) } else { body })
}

/// `markdown(inline=true)` without pages or shortcodes.
pub fn render_inline(text: &str, options: &MarkdownOptions) -> String {
    let mut ctx = RenderContext::new(options);
    match render(text, &mut ctx) {
        Ok(r) => strip_paragraph(&r.body),
        // Only shortcodes or `@/` links can fail; show the text rather than nothing.
        Err(_) => pulldown_cmark_escape_html(text),
    }
}

fn strip_paragraph(html: &str) -> String {
    // Like Zola's trim_start_matches/trim_end_matches: repeated prefixes go too.
    let mut s = html;
    while let Some(rest) = s.strip_prefix("<p>") {
        s = rest;
    }
    while let Some(rest) = s.strip_suffix("</p>\n") {
        s = rest;
    }
    s.to_string()
}

fn pulldown_cmark_escape_html(s: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests;
