//! The Markdown stage over the library: every page's and section's body rendered (shortcodes
//! through Tera, `@/` links through the library's permalinks, law citations through the text
//! hook), with warnings and errors placed at their line in the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use super::Site;
use crate::config::{Config, InsertAnchor as ConfigAnchor, SlugifyStrategy};
use crate::content::ser::{page_value_for_markdown, section_value, SectionMode};
use crate::content::spill::Spill;
use crate::content::{Library, Page, Rendered, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::markdown::{
    self, InsertAnchor, MarkdownError, MarkdownOptions, RenderContext, ShortcodeKind,
    ShortcodeRenderer, SlugifyAnchors,
};
use crate::templates::{find_template, Templates};

/// Zola's `[markdown]` config as the markdown stage's options.
pub fn markdown_options(config: &Config) -> MarkdownOptions {
    let m = &config.markdown;
    let hl = m.highlighting.as_ref();
    MarkdownOptions {
        smart_punctuation: m.smart_punctuation,
        definition_list: m.definition_list,
        github_alerts: m.github_alerts,
        bottom_footnotes: m.bottom_footnotes,
        render_emoji: m.render_emoji,
        external_links_class: m.external_links_class.clone(),
        external_links_target_blank: m.external_links_target_blank,
        external_links_no_follow: m.external_links_no_follow,
        external_links_no_referrer: m.external_links_no_referrer,
        external_links_external: m.external_links_external,
        lazy_async_image: m.lazy_async_image,
        highlight_code: m.highlight_code(),
        highlight_theme: match hl {
            Some(h) if h.style == crate::config::HighlightStyle::Class => "css".to_string(),
            Some(h) => h
                .theme
                .clone()
                .unwrap_or_else(|| "base16-ocean-dark".into()),
            None => "base16-ocean-dark".into(),
        },
        error_on_missing_language: hl.is_some_and(|h| h.error_on_missing_language),
        slugify_anchors: match config.slugify.anchors {
            SlugifyStrategy::On => SlugifyAnchors::On,
            SlugifyStrategy::Safe => SlugifyAnchors::Safe,
            SlugifyStrategy::Off => SlugifyAnchors::Off,
        },
        internal_link_error: true,
    }
}

fn insert_anchor(a: ConfigAnchor) -> InsertAnchor {
    match a {
        ConfigAnchor::Left => InsertAnchor::Left,
        ConfigAnchor::Right => InsertAnchor::Right,
        ConfigAnchor::Heading => InsertAnchor::Heading,
        ConfigAnchor::None => InsertAnchor::None,
    }
}

/// Shortcodes rendered with the site's Tera, in the context of one page or section.
struct TeraShortcodes<'a> {
    tera: &'a Tera,
    defs: &'a HashMap<String, crate::templates::ShortcodeDef>,
    base: Context,
}

impl ShortcodeRenderer for TeraShortcodes<'_> {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        self.defs.get(name).map(|d| {
            if d.is_markdown {
                ShortcodeKind::Md
            } else {
                ShortcodeKind::Html
            }
        })
    }

    fn render(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
        nth: usize,
    ) -> Result<String, String> {
        let def = self
            .defs
            .get(name)
            .ok_or_else(|| format!("unknown shortcode `{name}`"))?;
        let mut ctx = self.base.clone();
        for (k, v) in args {
            ctx.insert(k.as_str(), v);
        }
        if let Some(b) = body {
            ctx.insert("body", b);
        }
        ctx.insert("nth", &nth);
        crate::templates::render_safely(self.tera, &def.tera_name, &ctx)
            .map_err(|e| crate::templates::error_chain(&e))
    }
}

/// A rendered body and its warnings, or its errors.
type BodyResult = Result<(Rendered, Vec<Diagnostic>), Vec<Diagnostic>>;

/// The citation scanner as the markdown stage's text hook.
struct CitationHook<'l>(crate::law::Scanner<'l>);

impl markdown::TextHook for CitationHook<'_> {
    fn text(&mut self, text: &str, line: usize) -> Option<String> {
        self.0.text(text, line)
    }
    fn end_block(&mut self) -> Option<String> {
        self.0.end_block()
    }
}

/// The scanner for a page: law pages link `本法第X条` to themselves and get no notes.
fn scanner_for<'l>(
    laws: &'l crate::law::LawLibrary,
    extra: &Map<String, Value>,
) -> crate::law::Scanner<'l> {
    let own = extra
        .get("law")
        .and_then(|l| l.get("name"))
        .and_then(Value::as_str);
    match own {
        Some(name) => crate::law::Scanner::for_law_page(laws, name),
        None => crate::law::Scanner::new(laws),
    }
}

fn markdown_error(path: &Path, body_line: usize, e: &MarkdownError) -> Diagnostic {
    let line = if e.line > 0 {
        e.line + body_line.saturating_sub(1)
    } else {
        0
    };
    Diagnostic::error(path, line, e.col, e.message.clone())
}

/// What every body of one build shares: the templates (shortcodes, anchor links, summary
/// cut-off), the Markdown options, the permalinks `@/` links resolve to, and the law library.
struct BodyEnv<'a> {
    templates: &'a Templates,
    options: &'a MarkdownOptions,
    permalinks: &'a HashMap<String, String>,
    laws: &'a crate::law::LawLibrary,
}

/// One page's or section's body to render, with what places it in the site.
struct BodyJob<'a> {
    raw: std::borrow::Cow<'a, str>,
    /// The file line the body starts on (after the front matter).
    body_line: usize,
    /// The file, relative to the site root, for diagnostics.
    path: PathBuf,
    lang: &'a str,
    permalink: &'a str,
    /// The file under `content/`, for `@/` links relative to it.
    relative: &'a str,
    anchor: InsertAnchor,
    /// `("page", value)` or `("section", value)`: what shortcodes see.
    what: (&'static str, Value),
    config_value: &'a Value,
    extra: &'a Map<String, Value>,
}

impl<'a> BodyJob<'a> {
    fn page(
        page: &'a Page,
        raw: std::borrow::Cow<'a, str>,
        path: PathBuf,
        anchor: InsertAnchor,
        config_value: &'a Value,
    ) -> Self {
        BodyJob {
            raw,
            body_line: page.body_line,
            path,
            lang: &page.lang,
            permalink: &page.permalink,
            relative: &page.file.relative,
            anchor,
            what: ("page", page_value_for_markdown(page)),
            config_value,
            extra: &page.meta.extra,
        }
    }
}

/// Renders one Markdown body.
fn render_body(job: BodyJob<'_>, env: &BodyEnv<'_>) -> BodyResult {
    let BodyJob {
        raw,
        body_line,
        ref path,
        lang,
        permalink,
        relative,
        anchor,
        what,
        config_value,
        extra,
    } = job;
    let BodyEnv {
        templates,
        options,
        permalinks,
        laws,
    } = *env;
    let tera = &templates.tera;
    let theme = templates.theme.as_deref();
    let mut base = Context::new();
    base.insert("config", config_value);
    base.insert("lang", lang);
    base.insert(what.0, &what.1);
    let shortcodes = TeraShortcodes {
        tera,
        defs: &templates.shortcodes,
        base,
    };
    let anchor_tpl = find_template(tera, "anchor-link.html", theme).map(str::to_string);
    let anchor_fn = |id: &str, level: u32| -> String {
        let Some(t) = &anchor_tpl else {
            return String::new();
        };
        let mut c = Context::new();
        c.insert("id", id);
        c.insert("level", &level);
        c.insert("lang", lang);
        crate::templates::render_safely(tera, t, &c).unwrap_or_default()
    };
    let cutoff_tpl = find_template(tera, "summary-cutoff.html", theme).map(str::to_string);
    let cutoff_fn = |summary: &str| -> String {
        let Some(t) = &cutoff_tpl else {
            return summary.to_string();
        };
        let mut c = Context::new();
        c.insert("summary", summary);
        c.insert("lang", lang);
        crate::templates::render_safely(tera, t, &c).unwrap_or_else(|_| summary.to_string())
    };
    let mut ctx = RenderContext::new(options);
    ctx.links = permalinks;
    ctx.shortcodes = &shortcodes;
    ctx.anchor_link = Some(&anchor_fn);
    ctx.insert_anchor_links = anchor;
    ctx.summary_cutoff = Some(&cutoff_fn);
    ctx.current_page_permalink = permalink;
    ctx.current_page_path = Some(relative);
    let mut hook = CitationHook(scanner_for(laws, extra));
    ctx.text_hook = Some(&mut hook);
    let result = markdown::render_all_errors(&raw, &mut ctx);
    let (citations, law_warnings) = hook.0.finish();
    let to_file_line = |l: usize| {
        if l > 0 {
            l + body_line.saturating_sub(1)
        } else {
            0
        }
    };
    let mut warnings: Vec<Diagnostic> = law_warnings
        .into_iter()
        .map(|w| Diagnostic::warning(path, to_file_line(w.line), 0, w.message))
        .collect();
    match result {
        Ok(r) => {
            warnings.extend(r.warnings.iter().map(|w| {
                Diagnostic::warning(path, to_file_line(w.line), w.col, w.message.clone())
            }));
            Ok((
                Rendered {
                    content: r.body,
                    summary: r.summary,
                    toc: r.toc,
                    internal_links: r.internal_links,
                    external_links: r.external_links,
                    citations,
                    spilled: None,
                    summary_spilled: None,
                    toc_spilled: None,
                },
                warnings,
            ))
        }
        Err(errors) => Err(errors
            .iter()
            .map(|e| markdown_error(path, body_line, e))
            .collect()),
    }
}

/// The `insert_anchor_links` that applies to a page: its section's, else the config's.
fn page_anchor(lib: &Library, page: &Page, config: &Config) -> InsertAnchor {
    let index = if page.lang == config.default_language {
        "_index.md".to_string()
    } else {
        format!("_index.{}.md", page.lang)
    };
    let parent = page.file.parent.join(index);
    let from_section = lib
        .sections
        .iter()
        .find(|s| s.file.path == parent)
        .and_then(|s| s.meta.insert_anchor_links);
    insert_anchor(from_section.unwrap_or(config.markdown.insert_anchor_links))
}

/// Renders the Markdown of every page and section in parallel; returns every error.
///
/// With `spill` (`pufa build`), each page's Markdown source is dropped as soon as its body is
/// rendered, and the body goes to the spill file: neither is held for the whole site.
pub fn render_all(
    lib: &mut Library,
    templates: &Templates,
    config: &Config,
    root: &Path,
    laws: &crate::law::LawLibrary,
    spill: Option<Arc<Spill>>,
    diags: &mut Diagnostics,
) {
    let options = markdown_options(config);
    let mut config_values: HashMap<String, Value> = HashMap::new();
    for l in config.all_language_codes() {
        config_values.insert(l.clone(), config.serialize_for_template(&l));
    }
    let anchors: Vec<InsertAnchor> = lib
        .pages
        .iter()
        .map(|p| page_anchor(lib, p, config))
        .collect();
    if laws.is_empty()
        && lib
            .pages
            .iter()
            .enumerate()
            .any(|(i, _)| crate::law::looks_like_citation(&lib.page_raw(i)))
    {
        diags.push(Diagnostic::warning(
            root.join("content"),
            0,
            0,
            Msg::new(
                "网站还没有法律库，文章中引用的法条不会加链接和条文。可运行 pufa laws import 民法典 刑法 导入（pufa laws list 列出可导入的法律）。",
                "the site has no law library, so law citations get no links or article text; \
                 run `pufa laws import <NAME …>` to add one",
            ),
        ));
    }
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let page_diags: Vec<Vec<Diagnostic>> = {
        let env = BodyEnv {
            templates,
            options: &options,
            permalinks: &lib.permalinks,
            laws,
        };
        lib.pages
            .par_iter_mut()
            .zip(anchors.par_iter())
            .map(|(p, &anchor)| {
                let raw = match (p.raw_spilled, &spill) {
                    (Some(at), Some(s)) => std::borrow::Cow::Owned(s.get(at)),
                    _ => std::borrow::Cow::Borrowed(&*p.raw_content),
                };
                let job = BodyJob::page(p, raw, rel(&p.file.path), anchor, &config_values[&p.lang]);
                let result = render_body(job, &env);
                if spill.is_some() {
                    p.raw_content = Arc::from("");
                }
                match result {
                    Ok((mut r, w)) => {
                        if let Some(s) = &spill {
                            spill_rendered(s, &mut r);
                        }
                        p.rendered = Arc::new(r);
                        w
                    }
                    Err(e) => e,
                }
            })
            .collect()
    };
    diags.extend(page_diags.into_iter().flatten());
    lib.spill = spill;
    let env = BodyEnv {
        templates,
        options: &options,
        permalinks: &lib.permalinks,
        laws,
    };
    let section_results: Vec<BodyResult> = lib
        .sections
        .par_iter()
        .map(|s: &Section| {
            let anchor = insert_anchor(
                s.meta
                    .insert_anchor_links
                    .unwrap_or(config.markdown.insert_anchor_links),
            );
            let job = BodyJob {
                raw: std::borrow::Cow::Borrowed(&s.raw_content),
                body_line: s.body_line,
                path: rel(&s.file.path),
                lang: &s.lang,
                permalink: &s.permalink,
                relative: &s.file.relative,
                anchor,
                what: (
                    "section",
                    section_value(lib, None, s, SectionMode::ForMarkdown),
                ),
                config_value: config_values.get(&s.lang).unwrap_or(&Value::Null),
                extra: &s.meta.extra,
            };
            render_body(job, &env)
        })
        .collect();

    for (s, r) in lib.sections.iter_mut().zip(section_results) {
        match r {
            Ok((r, w)) => {
                s.rendered = Arc::new(r);
                diags.extend(w);
            }
            Err(e) => diags.extend(e),
        }
    }
}

/// Moves a page's body, summary and table of contents to the spill file (each stays in
/// memory if it cannot be written). Together ~9 KB a page that a build otherwise holds until
/// its end; they are read back when a value of the page is made.
fn spill_rendered(spill: &Spill, r: &mut Rendered) {
    if let Some(at) = spill.put(&r.content) {
        r.content = String::new();
        r.spilled = Some(at);
    }
    if let Some(at) = r.summary.as_deref().and_then(|s| spill.put(s)) {
        r.summary = None;
        r.summary_spilled = Some(at);
    }
    if !r.toc.is_empty() {
        let at = serde_json::to_string(&r.toc)
            .ok()
            .and_then(|json| spill.put(&json));
        if let Some(at) = at {
            r.toc = Vec::new();
            r.toc_spilled = Some(at);
        }
    }
}

/// Renders one page's Markdown (serve's fast path); returns its warnings (citations of
/// repealed or unknown laws, Markdown warnings).
pub fn render_one_page(page: &mut Page, site: &Site) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let options = markdown_options(&site.config);
    let anchor = page_anchor(&site.library, page, &site.config);
    let config_value = site.config.serialize_for_template(&page.lang);
    let path = page
        .file
        .path
        .strip_prefix(&site.root)
        .unwrap_or(&page.file.path)
        .to_path_buf();
    let env = BodyEnv {
        templates: &site.templates,
        options: &options,
        permalinks: &site.library.permalinks,
        laws: &site.laws,
    };
    let raw = std::borrow::Cow::Borrowed(&*page.raw_content);
    let r = render_body(BodyJob::page(page, raw, path, anchor, &config_value), &env)?;
    page.rendered = Arc::new(r.0);
    Ok(r.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ser::{ListedFields, PageValues};
    use crate::markdown::Heading;

    fn heading(level: u32, id: &str, title: &str, children: Vec<Heading>) -> Heading {
        Heading {
            level,
            id: id.into(),
            permalink: format!("https://example.org/news/a/#{id}"),
            title: title.into(),
            children,
        }
    }

    fn library(rendered: Rendered, spill: Option<Arc<Spill>>) -> Library {
        let mut page = Page::default();
        page.meta.title = Some("第一篇".into());
        page.permalink = "https://example.org/news/a/".into();
        page.rendered = Arc::new(rendered);
        Library {
            pages: vec![page],
            spill,
            ..Library::default()
        }
    }

    #[test]
    fn a_spilled_body_summary_and_toc_read_back_identically() {
        let rendered = Rendered {
            content: "<h2 id=\"基本案情\">基本案情</h2><p>正文</p>".into(),
            summary: Some("<p>摘要：\"引号\" \\ 与 &amp; 符号</p>".into()),
            toc: vec![
                heading(
                    2,
                    "基本案情",
                    "基本案情",
                    vec![heading(3, "x-1", "<b>法院</b> \"认为\"", vec![])],
                ),
                heading(2, "法官说法", "法官说法", vec![]),
            ],
            ..Rendered::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let spill = Arc::new(Spill::new_in(dir.path()).unwrap());
        let mut moved = rendered.clone();
        spill_rendered(&spill, &mut moved);
        // Nothing of it is left in memory.
        assert!(moved.content.is_empty() && moved.summary.is_none() && moved.toc.is_empty());
        assert!(moved.spilled.is_some() && moved.summary_spilled.is_some());
        assert!(moved.toc_spilled.is_some());

        let plain = library(rendered.clone(), None);
        let lean = library(moved, Some(spill.clone()));
        assert_eq!(lean.page_content(0), rendered.content);
        assert_eq!(lean.page_summary(0).as_deref(), rendered.summary.as_deref());
        assert_eq!(lean.page_toc(0).as_ref(), rendered.toc.as_slice());
        // Every value templates get is the same, byte for byte.
        let only =
            |names: &[&str]| ListedFields::Only(names.iter().map(|s| s.to_string()).collect());
        for fields in [
            ListedFields::All,
            only(&["summary", "toc"]),
            only(&["title"]),
        ] {
            let (a, b) = (
                PageValues::build(&plain, fields.clone()),
                PageValues::build(&lean, fields),
            );
            let json = |v: Value| serde_json::to_string(&v).unwrap();
            assert_eq!(json(a.full(&plain, 0)), json(b.full(&lean, 0)));
            assert_eq!(json(a.listed(0)), json(b.listed(0)));
        }
        assert!(json_has(&lean, "\\\"认为\\\""));

        // A page without a summary or headings puts neither in the file.
        let mut bare = Rendered {
            content: "<p>x</p>".into(),
            ..Rendered::default()
        };
        spill_rendered(&spill, &mut bare);
        assert_eq!((bare.summary_spilled, bare.toc_spilled), (None, None));
        let bare = library(bare, Some(spill.clone()));
        assert_eq!(bare.page_summary(0), None);
        assert!(bare.page_toc(0).is_empty());
        assert!(!spill.failed());
    }

    /// The page's own value, as JSON text, contains `needle`.
    fn json_has(lib: &Library, needle: &str) -> bool {
        let values = PageValues::build(lib, ListedFields::All);
        serde_json::to_string(&values.full(lib, 0))
            .unwrap()
            .contains(needle)
    }
}
