//! Wiring between the stages: Markdown rendered for every page and section (shortcodes through
//! Tera, `@/` links through the library, law citations through the text hook), and the template
//! functions registered before (early) and after (library) the library is frozen.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use super::Site;
use crate::config::{Config, InsertAnchor as ConfigAnchor, SlugifyStrategy};
use crate::content::ser::{page_value_for_markdown, section_value, PageValues, SectionMode};
use crate::content::{Library, Page, Rendered, Section};
use crate::diagnostics::Diagnostic;
use crate::markdown::{
    self, InsertAnchor, MarkdownError, MarkdownOptions, RenderContext, ShortcodeKind,
    ShortcodeRenderer, SlugifyAnchors,
};
use crate::output::Output;
use crate::templates::fns::{self, EarlyFns, ImageProcessor, SiteFiles, Translations, UrlConfig};
use crate::templates::library_fns::{
    GetPage, GetSection, GetTaxonomy, GetTaxonomyTerm, GetTaxonomyUrl, Shared,
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
    laws: &'l crate::law::Library,
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

/// The site's law library, from the pages and sections that carry `[extra.law]` (a big law
/// is a section, its overview, with one page per part).
pub fn law_library(lib: &Library, root: &Path) -> (crate::law::Library, Vec<Diagnostic>) {
    let sections = lib
        .sections
        .iter()
        .map(|s| (&s.meta.extra, &s.raw_content, &s.permalink));
    let pages = lib
        .pages
        .iter()
        .map(|p| (&p.meta.extra, &p.raw_content, &p.permalink));
    let law_pages: Vec<(Value, &str, &str)> = sections
        .chain(pages)
        .filter(|(extra, _, _)| extra.contains_key("law"))
        .map(|(extra, body, permalink)| {
            (
                Value::Object(extra.clone()),
                body.as_str(),
                permalink.as_str(),
            )
        })
        .collect();
    let (laws, errors) = crate::law::Library::from_pages(
        law_pages
            .iter()
            .map(|(extra, body, permalink)| (extra, *body, *permalink)),
    );
    let diags = errors
        .into_iter()
        .map(|e| {
            Diagnostic::warning(
                root.join("content/laws"),
                0,
                0,
                e.to_string(),
                e.to_string(),
                None,
            )
        })
        .collect();
    (laws, diags)
}

fn markdown_error(path: &Path, body_line: usize, e: &MarkdownError) -> Diagnostic {
    let line = if e.line > 0 {
        e.line + body_line.saturating_sub(1)
    } else {
        0
    };
    Diagnostic::error(
        path,
        line,
        e.col,
        e.message_zh.clone(),
        e.message.clone(),
        None,
    )
}

/// Renders one Markdown body; `what` is `("page", value)` or `("section", value)`.
#[allow(clippy::too_many_arguments)]
fn render_body(
    raw: &str,
    body_line: usize,
    path: &Path,
    lang: &str,
    permalink: &str,
    relative: &str,
    anchor: InsertAnchor,
    what: (&str, Value),
    templates: &Templates,
    config_value: &Value,
    options: &MarkdownOptions,
    permalinks: &HashMap<String, String>,
    laws: &crate::law::Library,
    extra: &Map<String, Value>,
) -> BodyResult {
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
    let result = markdown::render_all_errors(raw, &mut ctx);
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
        .map(|w| {
            Diagnostic::warning(
                path,
                to_file_line(w.line),
                0,
                w.message_zh,
                w.message_en,
                None,
            )
        })
        .collect();
    match result {
        Ok(r) => {
            warnings.extend(r.warnings.iter().map(|w| {
                Diagnostic::warning(
                    path,
                    to_file_line(w.line),
                    w.col,
                    w.message_zh.clone(),
                    w.message.clone(),
                    None,
                )
            }));
            let citations = citations
                .iter()
                .filter_map(|c| serde_json::to_value(c).ok())
                .collect();
            Ok((
                Rendered {
                    content: r.body,
                    summary: r.summary,
                    toc: r.toc,
                    internal_links: r.internal_links,
                    external_links: r.external_links,
                    citations,
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
pub fn render_all(
    lib: &mut Library,
    templates: &Templates,
    config: &Config,
    root: &Path,
    laws: &crate::law::Library,
) -> Vec<Diagnostic> {
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
    let mut diags = Vec::new();
    if laws.is_empty()
        && lib
            .pages
            .iter()
            .any(|p| crate::law::looks_like_citation(&p.raw_content))
    {
        diags.push(Diagnostic::warning(
            root.join("content"),
            0,
            0,
            "网站还没有法律库，文章中引用的法条不会加链接和条文。可运行 pufa laws import 民法典 刑法 导入（pufa laws list 列出可导入的法律）。",
            "the site has no law library, so law citations get no links or article text; \
             run `pufa laws import <NAME …>` to add one",
            None,
        ));
    }
    let permalinks = &lib.permalinks;
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();

    let page_results: Vec<BodyResult> = lib
        .pages
        .par_iter()
        .zip(anchors.par_iter())
        .map(|(p, &anchor)| {
            render_body(
                &p.raw_content,
                p.body_line,
                &rel(&p.file.path),
                &p.lang,
                &p.permalink,
                &p.file.relative,
                anchor,
                ("page", page_value_for_markdown(p)),
                templates,
                &config_values[&p.lang],
                &options,
                permalinks,
                laws,
                &p.meta.extra,
            )
        })
        .collect();
    let section_results: Vec<BodyResult> = lib
        .sections
        .par_iter()
        .map(|s: &Section| {
            let anchor = insert_anchor(
                s.meta
                    .insert_anchor_links
                    .unwrap_or(config.markdown.insert_anchor_links),
            );
            render_body(
                &s.raw_content,
                s.body_line,
                &rel(&s.file.path),
                &s.lang,
                &s.permalink,
                &s.file.relative,
                anchor,
                (
                    "section",
                    section_value(lib, None, s, SectionMode::ForMarkdown),
                ),
                templates,
                config_values.get(&s.lang).unwrap_or(&Value::Null),
                &options,
                permalinks,
                laws,
                &s.meta.extra,
            )
        })
        .collect();

    for (p, r) in lib.pages.iter_mut().zip(page_results) {
        match r {
            Ok((r, w)) => {
                p.rendered = Arc::new(r);
                diags.extend(w);
            }
            Err(e) => diags.extend(e),
        }
    }
    for (s, r) in lib.sections.iter_mut().zip(section_results) {
        match r {
            Ok((r, w)) => {
                s.rendered = Arc::new(r);
                diags.extend(w);
            }
            Err(e) => diags.extend(e),
        }
    }
    diags
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
    let r = render_body(
        &page.raw_content,
        page.body_line,
        &path,
        &page.lang,
        &page.permalink,
        &page.file.relative,
        anchor,
        ("page", page_value_for_markdown(page)),
        &site.templates,
        &config_value,
        &options,
        &site.library.permalinks,
        &site.laws,
        &page.meta.extra,
    )?;
    page.rendered = Arc::new(r.0);
    Ok(r.1)
}

/// Functions and filters that do not need the rendered library (shortcodes may call them).
pub fn register_early_functions(
    tera: &mut Tera,
    files: SiteFiles,
    config: &Config,
    lib: &Library,
    images: &Arc<ImageProcessor>,
) {
    let urls = UrlConfig {
        base_url: config.base_url.clone(),
        default_language: config.default_language.clone(),
        other_languages: config.other_language_codes(),
        feed_filenames: config.feed_filenames.clone(),
    };
    let mut by_language: HashMap<String, HashMap<String, String>> = HashMap::new();
    for lang in config.all_language_codes() {
        let map = config
            .language(&lang)
            .map(|l| {
                l.translations
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        by_language.insert(lang, map);
    }
    let permalinks = Arc::new(lib.permalinks.clone());
    let resolver: fns::LinkResolver = Arc::new(move |link: &str| {
        let rest = link.strip_prefix("@/").unwrap_or(link);
        let (file, anchor) = match rest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rest, None),
        };
        permalinks.get(file).map(|p| match anchor {
            Some(a) => format!("{p}#{a}"),
            None => p.clone(),
        })
    });
    fns::register_early_functions(
        tera,
        EarlyFns {
            files,
            urls,
            translations: Translations {
                default_language: config.default_language.clone(),
                by_language,
            },
            resolver: Some(resolver),
            images: images.clone(),
        },
    );
    tera.register_function(
        "get_campaigns",
        crate::campaign::GetCampaigns::new(build_day()),
    );
    tera.register_function("qr_code", QrCode);
    let options = markdown_options(config);
    let filter_links = Arc::new(lib.permalinks.clone());
    fns::register_filters(
        tera,
        &config.default_language,
        Box::new(move |text: &str, inline: bool| {
            let mut ctx = RenderContext::new(&options);
            ctx.links = &*filter_links;
            markdown::render_filter(text, &mut ctx, inline).map_err(|e| e.to_string())
        }),
    );
}

/// The day the build is for: today, or `PUFA_TODAY` (YYYY-MM-DD) so that a test or a
/// rebuild of an old snapshot gets the same "current campaign" every time.
pub fn build_day() -> chrono::NaiveDate {
    std::env::var("PUFA_TODAY")
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// `qr_code(url=…)`: the URL as an SVG QR code, for printed pages and boards.
struct QrCode;

impl tera::Function for QrCode {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        match args.get("url") {
            Some(Value::String(url)) => Ok(Value::String(crate::qr::svg(url))),
            _ => Err("`qr_code` requires a `url` argument with a string value".into()),
        }
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// Functions that read the frozen library.
pub fn register_library_functions(
    tera: &mut Tera,
    _root: &Path,
    config: &Arc<Config>,
    lib: &Arc<Library>,
    values: &Arc<PageValues>,
) {
    let shared = Shared::new(lib.clone(), values.clone(), config.clone());
    tera.register_function("get_page", GetPage(shared.clone()));
    tera.register_function("get_section", GetSection(shared.clone()));
    tera.register_function("get_taxonomy", GetTaxonomy(shared.clone()));
    tera.register_function("get_taxonomy_term", GetTaxonomyTerm(shared.clone()));
    tera.register_function("get_taxonomy_url", GetTaxonomyUrl(shared));
}

/// The search documents of every rendered page that is `in_search_index`.
fn search_docs(site: &Site) -> Vec<crate::search::SearchDoc> {
    let lib = &site.library;
    let rendered = crate::render::rendered_pages(lib);
    rendered
        .into_par_iter()
        .filter(|&i| lib.pages[i].meta.in_search_index)
        .map(|i| {
            let p = &lib.pages[i];
            let headings = markdown::toc::titles(&p.rendered.toc);
            let section = p
                .ancestors
                .last()
                .and_then(|a| lib.section_by_relative(a))
                .and_then(|s| s.meta.title.clone())
                .unwrap_or_default();
            crate::search::SearchDoc {
                url: p.permalink.clone(),
                title: p.meta.title.clone().unwrap_or_default(),
                description: p.meta.description.clone().unwrap_or_default(),
                headings,
                body: crate::search::html_to_text(&p.rendered.content),
                kind: p.meta.kind.clone(),
                section,
                taxonomies: p.meta.taxonomies.clone(),
                lang: p.lang.clone(),
                path: p.path.clone(),
                date: p.meta.date.clone(),
            }
        })
        .collect()
}

/// Zola's search index files (`search_index.<lang>.js|json`, and `elasticlunr.min.js`) when
/// `build_search_index = true`. Made before templates are rendered, as Zola makes them, so
/// that `get_url(path="search_index.en.js", cachebust=true)` finds them.
pub fn zola_search_files(
    lib: &Library,
    config: &Config,
) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !config.build_search_index {
        return (files, errors);
    }
    let s = &config.search;
    let zopts = crate::search::ZolaSearchOptions {
        format: match s.index_format {
            crate::config::IndexFormat::ElasticlunrJson => {
                crate::search::ZolaFormat::ElasticlunrJson
            }
            crate::config::IndexFormat::ElasticlunrJavascript => {
                crate::search::ZolaFormat::ElasticlunrJavascript
            }
            crate::config::IndexFormat::FuseJson => crate::search::ZolaFormat::FuseJson,
            crate::config::IndexFormat::FuseJavascript => crate::search::ZolaFormat::FuseJavascript,
        },
        include_title: s.include_title,
        include_content: s.include_content,
        truncate_content_length: s.truncate_content_length,
        include_description: s.include_description,
        include_date: s.include_date,
        include_path: s.include_path,
    };
    let mut langs = vec![config.default_language.clone()];
    langs.extend(
        config
            .other_language_codes()
            .into_iter()
            .filter(|l| config.language(l).is_some_and(|o| o.build_search_index)),
    );
    for lang in langs {
        let lang_docs = zola_search_docs(lib, &lang);
        match crate::search::zola_index(&lang_docs, &lang, &zopts) {
            Some(file) => files.push(file),
            None => errors.push(Diagnostic::warning(
                config.path(),
                0,
                0,
                format!("搜索索引（elasticlunr）不支持语言 `{lang}`，没有生成 search_index.{lang}"),
                format!("the search index (elasticlunr) has no support for language `{lang}`: search_index.{lang} was not written"),
                Some((
                    "可以把 [search] 的 index_format 改为 fuse_json 或 fuse_javascript，它们支持所有语言。",
                    "Set `index_format` under [search] to fuse_json or fuse_javascript, which work for every language.",
                )),
            )),
        }
    }
    if matches!(
        zopts.format,
        crate::search::ZolaFormat::ElasticlunrJson
            | crate::search::ZolaFormat::ElasticlunrJavascript
    ) {
        files.push((
            "elasticlunr.min.js".to_string(),
            crate::search::ELASTICLUNR_JS.as_bytes().to_vec(),
        ));
    }
    (files, errors)
}

/// What Zola puts in its search index for `lang`: every section of that language that is
/// `in_search_index` (unless it redirects) and the pages it lists that are; orphan pages and
/// the pages a section cannot sort are left out, as Zola leaves them out.
fn zola_search_docs(lib: &Library, lang: &str) -> Vec<crate::search::SearchDoc> {
    let doc = |permalink: &str,
               title: &Option<String>,
               description: &Option<String>,
               content: &str,
               path: &str,
               date: Option<String>| crate::search::SearchDoc {
        url: permalink.to_string(),
        title: title.clone().unwrap_or_default(),
        description: description.clone().unwrap_or_default(),
        body: crate::search::zola_body_text(content),
        lang: lang.to_string(),
        path: path.to_string(),
        date,
        ..Default::default()
    };
    let mut docs = Vec::new();
    for s in lib.sections.iter().filter(|s| s.lang == lang) {
        if !s.meta.in_search_index {
            continue;
        }
        if s.meta.redirect_to.is_none() {
            docs.push(doc(
                &s.permalink,
                &s.meta.title,
                &s.meta.description,
                &s.rendered.content,
                &s.path,
                None,
            ));
        }
        for &i in &s.pages {
            let p = &lib.pages[i];
            if p.meta.in_search_index {
                docs.push(doc(
                    &p.permalink,
                    &p.meta.title,
                    &p.meta.description,
                    &p.rendered.content,
                    &p.path,
                    p.meta
                        .datetime
                        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
                ));
            }
        }
    }
    docs
}

/// pufa's own search index under `search/` (always), and Zola's `search_index.<lang>.*` when
/// `build_search_index = true`.
pub fn write_search(site: &Site, out: &dyn Output) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if let Some(files) = &site.zola_search {
        for (rel, bytes) in files.iter() {
            if let Err(e) = out.write(rel, bytes) {
                errors.push(Diagnostic::from_io(rel, &e));
            }
        }
    }
    if !site.templates.uses_pufa_search {
        return errors;
    }
    let docs = search_docs(site);
    let taxonomies: Vec<&str> = site
        .config
        .taxonomies
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let pick = |candidates: &[&str]| -> String {
        candidates
            .iter()
            .find(|c| taxonomies.contains(c))
            .unwrap_or(&candidates[0])
            .to_string()
    };
    let opts = crate::search::SearchOptions {
        law_taxonomy: pick(&["laws", "statutes", "falv"]),
        topic_taxonomy: pick(&["topics", "tags", "zhuti"]),
        ..Default::default()
    };
    for (rel, bytes) in crate::search::build(&docs, &opts) {
        if let Err(e) = out.write(&rel, &bytes) {
            errors.push(Diagnostic::from_io(&rel, &e));
        }
    }
    errors
}
