//! The render stage: every output file of the site from the frozen library and the templates.
//!
//! Pages, section lists, pagers, taxonomy pages, feeds, the sitemap, aliases, robots.txt and
//! 404 are independent jobs; they run in parallel (rayon) and each writes its file to the
//! [`Output`] as soon as it is rendered. Errors are collected from every job, never just the
//! first. Contexts carry exactly Zola's variables; page values come pre-serialised from
//! [`PageValues`].

pub mod claims;
mod feeds;
mod sitemap;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::pagination::Paginator;
use crate::content::ser::{section_value, term_value, PageValues, SectionMode};
use crate::content::unpublished::rendered_pages;
use crate::content::{Library, Page, Section, Taxonomy};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::templates::{render as render_template, tera_error_diagnostic};

/// What every render job reads.
pub struct RenderEnv<'a> {
    pub config: &'a Config,
    pub lib: &'a Library,
    pub values: &'a PageValues,
    pub tera: &'a Tera,
    pub theme: Option<&'a str>,
    pub out: &'a dyn Output,
    /// Applied to every HTML page (serve injects its live-reload script here).
    pub html_hook: Option<&'a (dyn Fn(String) -> String + Sync)>,
    /// False when no template reads `term.pages` (then it is left empty: no output changes).
    pub term_pages_used: bool,
    /// False when no template reads the `pages` of a term in a taxonomy list's `terms`.
    pub terms_pages_used: bool,
    /// False when no template reads `term.pages` where there is a `paginator`: the pagers of
    /// a paginated term then get it empty.
    pub paged_term_pages_used: bool,
    /// False when no feed template reads `section.pages`: a section's feed then gets its
    /// section without its pages.
    pub feed_section_pages_used: bool,
    /// `serve`'s fast path: render only the pagers that list one of these pages, no feeds.
    pub focus: Option<Vec<usize>>,
    /// Which source wrote each output path: two sources at one path are an error.
    pub claims: claims::Claims,
    config_values: HashMap<String, Value>,
    errors: Mutex<Vec<Diagnostic>>,
}

impl<'a> RenderEnv<'a> {
    pub fn new(
        config: &'a Config,
        lib: &'a Library,
        values: &'a PageValues,
        tera: &'a Tera,
        theme: Option<&'a str>,
        out: &'a dyn Output,
    ) -> Self {
        let mut config_values = HashMap::new();
        let mut langs = vec![config.default_language.clone()];
        langs.extend(config.other_language_codes());
        for l in langs {
            config_values.insert(l.clone(), config.serialize_for_template(&l));
        }
        RenderEnv {
            config,
            lib,
            values,
            tera,
            theme,
            out,
            html_hook: None,
            term_pages_used: true,
            terms_pages_used: true,
            paged_term_pages_used: true,
            feed_section_pages_used: true,
            focus: None,
            claims: claims::Claims::default(),
            config_values,
            errors: Mutex::new(Vec::new()),
        }
    }

    pub fn config_value(&self, lang: &str) -> Value {
        self.config_values
            .get(lang)
            .or_else(|| self.config_values.get(&self.config.default_language))
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// The errors collected so far (for callers that render single jobs).
    pub fn take_errors(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn fail(&self, d: Diagnostic) {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }

    fn write(&self, rel: &str, content: String, source: &Path) {
        let content = if rel.ends_with(".html") && self.config.minify_html {
            minify(content)
        } else {
            content
        };
        // XML (feeds, sitemap) cannot hold control characters at all: a title with a
        // `\u0001` escape would make the whole feed unreadable.
        let content = if rel.ends_with(".xml") && content.contains(is_xml_forbidden) {
            content.replace(is_xml_forbidden, "")
        } else {
            content
        };
        let content = if rel.ends_with(".html") {
            match self.html_hook {
                Some(h) => h(content),
                None => content,
            }
        } else {
            content
        };
        self.claims.claim(rel, source);
        if let Err(e) = self.out.write_owned(rel, content.into_bytes()) {
            self.fail(Diagnostic::from_io(source, &e));
        }
    }

    fn render_to(&self, template: &str, ctx: Map<String, Value>, rel: &str, source: &Path) {
        let ctx = match Context::from_value(Value::Object(ctx)) {
            Ok(c) => c,
            Err(e) => return self.fail(tera_error_diagnostic(source, &e)),
        };
        self.render_ctx(template, &ctx, rel, source);
    }

    fn render_ctx(&self, template: &str, ctx: &Context, rel: &str, source: &Path) {
        match render_template(self.tera, template, ctx, self.theme) {
            Ok(html) => self.write(rel, html, source),
            Err(e) => self.fail(tera_error_diagnostic(source, &e)),
        }
    }

    fn base_ctx(&self, lang: &str, url: &str, path: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("config".into(), self.config_value(lang));
        m.insert("current_url".into(), json!(url));
        m.insert("current_path".into(), json!(path));
        m.insert("lang".into(), json!(lang));
        m
    }

    fn redirect(&self, to: &str) -> Result<String, tera::Error> {
        let mut c = Context::new();
        c.insert("url", to);
        crate::templates::render_safely(self.tera, "internal/alias.html", &c)
    }
}

/// Characters XML 1.0 does not allow anywhere (control characters but tab and line ends).
fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `minify_html = true`: Zola's minifier's bytes (keep `<html>`/`<head>`, minify CSS, not JS).
fn minify(html: String) -> String {
    crate::minify::minify_html(html)
}

/// Templates named by `pufa laws import` fall back to Zola's defaults in themes that lack
/// them, so a law library never breaks a site's build.
fn pufa_template<'t>(env: &RenderEnv, name: &'t str, default: &'t str) -> &'t str {
    let ours = matches!(name, "law.html" | "law-part.html" | "laws.html");
    if ours && crate::templates::find_template(env.tera, name, env.theme).is_none() {
        default
    } else {
        name
    }
}

/// Output path (`a/b/index.html`) for a URL path (`/a/b/`).
fn index_file(path: &str) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        "index.html".into()
    } else {
        format!("{p}/index.html")
    }
}

/// Renders the whole site. Returns every error found.
pub fn render_site(env: &RenderEnv) -> Vec<Diagnostic> {
    let lib = env.lib;
    rayon::scope(|s| {
        s.spawn(|_| {
            rendered_pages(lib)
                .into_par_iter()
                .for_each(|i| render_page(env, i));
        });
        s.spawn(|_| {
            lib.sections
                .par_iter()
                .for_each(|sec| render_section(env, sec));
        });
        s.spawn(|_| {
            lib.taxonomies
                .par_iter()
                .for_each(|t| render_taxonomy(env, t));
        });
        s.spawn(|_| {
            render_aliases(env);
            feeds::render_main_feeds(env);
            sitemap::render_sitemap(env);
            render_404_and_robots(env);
        });
    });
    let mut errors = std::mem::take(&mut *env.errors.lock().unwrap_or_else(|e| e.into_inner()));
    errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    errors
}

/// Renders one page (and copies its colocated assets).
pub fn render_page(env: &RenderEnv, id: usize) {
    let p: &Page = &env.lib.pages[id];
    if !p.meta.render {
        return;
    }
    let mut ctx = env.base_ctx(&p.lang, &p.permalink, &p.path);
    ctx.insert("zola_version".into(), json!(crate::ZOLA_VERSION));
    ctx.insert("page".into(), env.values.with_siblings(env.lib, id));
    let template = pufa_template(env, p.template_name(), "page.html");
    env.render_to(template, ctx, &index_file(&p.path), &p.file.path);
    copy_assets(env, &p.assets, &p.file.path, &p.path);
}

fn copy_assets(env: &RenderEnv, assets: &[std::path::PathBuf], md: &Path, url_path: &str) {
    let Some(dir) = md.parent() else { return };
    let base = url_path.trim_matches('/');
    for a in assets {
        let Ok(rel) = a.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let dest = if base.is_empty() {
            rel
        } else {
            format!("{base}/{rel}")
        };
        env.claims.claim(&dest, md);
        if let Err(e) = env.out.copy(&dest, a) {
            env.fail(Diagnostic::from_io(a, &e));
        }
    }
}

/// Renders one section: its feed, assets, then its list (paginated or not) or redirect.
pub fn render_section(env: &RenderEnv, s: &Section) {
    let (config, lib) = (env.config, env.lib);
    let mut dir: Vec<&str> = Vec::new();
    if s.lang != config.default_language {
        dir.push(&s.lang);
    }
    dir.extend(s.file.components.iter().map(String::as_str));
    let dir = dir.join("/");

    if s.meta.generate_feeds && env.focus.is_none() {
        let mode = if env.feed_section_pages_used {
            SectionMode::Full
        } else {
            SectionMode::MetadataOnly
        };
        let sv = section_value(lib, Some(env.values), s, mode);
        feeds::render_feed(
            env,
            &s.pages,
            Some(s.path.trim_start_matches('/')),
            &s.lang,
            |m| {
                m.insert("section".into(), sv.clone());
            },
        );
    }
    copy_assets(env, &s.assets, &s.file.path, &dir);
    if !s.meta.render {
        return;
    }
    let index = if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    };
    if let Some(to) = &s.meta.redirect_to {
        let target = if to.starts_with("http://") || to.starts_with("https://") {
            to.clone()
        } else {
            config.make_permalink(to)
        };
        match env.redirect(&target) {
            Ok(html) => env.write(&index, html, &s.file.path),
            Err(e) => env.fail(tera_error_diagnostic(&s.file.path, &e)),
        }
        return;
    }
    if s.is_paginated() {
        let pag = Paginator::new(
            lib,
            &s.pages,
            s.meta.paginate_by.unwrap_or(1),
            s.meta.paginate_reversed,
            &s.permalink,
            &s.path,
            &s.meta.paginate_path,
            s.is_index(),
        );
        let sv = section_value(lib, Some(env.values), s, SectionMode::MetadataOnly);
        render_pagers(
            env,
            &pag,
            &dir,
            pufa_template(env, s.template_name(), "section.html"),
            &s.file.path,
            &s.lang,
            |m| {
                m.insert("section".into(), sv.clone());
            },
        );
    } else {
        let mut ctx = env.base_ctx(&s.lang, &s.permalink, &s.path);
        ctx.insert(
            "section".into(),
            section_value(lib, Some(env.values), s, SectionMode::Full),
        );
        let template = pufa_template(env, s.template_name(), "section.html");
        env.render_to(template, ctx, &index, &s.file.path);
    }
}

fn render_pagers(
    env: &RenderEnv,
    pag: &Paginator,
    dir: &str,
    template: &str,
    source: &Path,
    lang: &str,
    add: impl Fn(&mut Map<String, Value>) + Sync,
) {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    // Pagers of one list share most of their context (`config`, `section` or `term`, whose
    // `term.pages` may hold every page of the term): it is built once per chunk of pagers and
    // only `paginator` and the URL change between them, so a term of n pages costs O(n), not
    // O(n) for each of its n / paginate_by pagers.
    let jobs: Vec<usize> = (0..pag.pagers.len())
        .filter(|&i| match &env.focus {
            Some(focus) => pag.pagers[i].pages.iter().any(|p| focus.contains(p)),
            None => true,
        })
        .collect();
    let chunk = jobs
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1);
    jobs.par_chunks(chunk).for_each(|chunk| {
        let mut shared = env.base_ctx(lang, "", "");
        add(&mut shared);
        let mut ctx = match Context::from_value(Value::Object(shared)) {
            Ok(c) => c,
            Err(e) => return env.fail(tera_error_diagnostic(source, &e)),
        };
        for &i in chunk {
            let pager = &pag.pagers[i];
            let mut m = Map::new();
            m.insert("current_url".into(), json!(pager.permalink));
            m.insert("current_path".into(), json!(pager.path));
            m.insert("paginator".into(), pag.context(env.values, i));
            match Context::from_value(Value::Object(m)) {
                Ok(c) => ctx.extend(c),
                Err(e) => return env.fail(tera_error_diagnostic(source, &e)),
            }
            let pager_dir = if pag.paginate_path.is_empty() {
                format!("{prefix}{}", pager.index)
            } else {
                format!("{prefix}{}/{}", pag.paginate_path, pager.index)
            };
            if pager.index > 1 {
                env.render_ctx(template, &ctx, &format!("{pager_dir}/index.html"), source);
            } else {
                env.render_ctx(template, &ctx, &format!("{prefix}index.html"), source);
                match env.redirect(&pag.permalink) {
                    Ok(html) => env.write(&format!("{pager_dir}/index.html"), html, source),
                    Err(e) => env.fail(tera_error_diagnostic(source, &e)),
                }
            }
        }
    });
}

fn render_taxonomy(env: &RenderEnv, t: &Taxonomy) {
    if !t.kind.render || t.items.is_empty() {
        return;
    }
    let dir = t.path.trim_matches('/').to_string();
    let source = Path::new(claims::CONFIG);
    let kind = serde_json::to_value(&t.kind).unwrap_or(Value::Null);

    let list_tpl = format!("{}/list.html", t.kind.name);
    let list_tpl = crate::templates::find_template(env.tera, &list_tpl, env.theme)
        .map(str::to_string)
        .unwrap_or_else(|| "taxonomy_list.html".into());
    let mut ctx = env.base_ctx(&t.lang, &t.permalink, &t.path);
    ctx.insert(
        "terms".into(),
        Value::Array(
            t.items
                .iter()
                .map(|i| term_value(env.values, i, env.terms_pages_used))
                .collect(),
        ),
    );
    ctx.insert("taxonomy".into(), kind.clone());
    env.render_to(&list_tpl, ctx, &format!("{dir}/index.html"), source);

    let single_tpl = format!("{}/single.html", t.kind.name);
    let single_tpl = crate::templates::find_template(env.tera, &single_tpl, env.theme)
        .map(str::to_string)
        .unwrap_or_else(|| "taxonomy_single.html".into());
    t.items.par_iter().for_each(|item| {
        let term_dir = format!("{dir}/{}", item.slug);
        let paged = t.kind.paginate_by.is_some_and(|n| n > 0);
        let pages_used = if paged {
            env.paged_term_pages_used
        } else {
            env.term_pages_used
        };
        let term = term_value(env.values, item, pages_used);
        if paged {
            let pag = Paginator::new(
                env.lib,
                &item.pages,
                t.kind.paginate_by.unwrap_or(1),
                false,
                &item.permalink,
                &item.path,
                t.kind.paginate_path.as_deref().unwrap_or("page"),
                false,
            );
            render_pagers(env, &pag, &term_dir, &single_tpl, source, &t.lang, |m| {
                m.insert("taxonomy".into(), kind.clone());
                m.insert("term".into(), term.clone());
            });
        } else {
            let mut ctx = env.base_ctx(&t.lang, &item.permalink, &item.path);
            ctx.insert("term".into(), term);
            ctx.insert("taxonomy".into(), kind.clone());
            env.render_to(&single_tpl, ctx, &format!("{term_dir}/index.html"), source);
        }
        if t.kind.feed {
            let feed_term =
                json!({ "name": item.name, "slug": item.slug, "permalink": item.permalink });
            feeds::render_feed(
                env,
                &item.pages,
                Some(&format!("{term_dir}/")),
                &t.lang,
                |m| {
                    m.insert("taxonomy".into(), kind.clone());
                    m.insert("term".into(), feed_term.clone());
                },
            );
        }
    });
}

fn render_aliases(env: &RenderEnv) {
    let lib = env.lib;
    let aliases = lib
        .pages
        .iter()
        .map(|p| (&p.meta.aliases, &p.permalink, &p.file.path))
        .chain(
            lib.sections
                .iter()
                .map(|s| (&s.meta.aliases, &s.permalink, &s.file.path)),
        );
    for (list, permalink, source) in aliases {
        for alias in list {
            let trimmed = alias.trim_matches('/');
            let rel = if trimmed.ends_with(".html") {
                trimmed.to_string()
            } else if trimmed.is_empty() {
                "index.html".to_string()
            } else {
                format!("{trimmed}/index.html")
            };
            match env.redirect(permalink) {
                Ok(html) => env.write(&rel, html, source),
                Err(e) => env.fail(tera_error_diagnostic(source, &e)),
            }
        }
    }
}

fn render_404_and_robots(env: &RenderEnv) {
    let lang = &env.config.default_language;
    let mut ctx = Map::new();
    ctx.insert("config".into(), env.config_value(lang));
    ctx.insert("lang".into(), json!(lang));
    env.render_to("404.html", ctx, "404.html", Path::new("templates/404.html"));
    if env.config.generate_robots_txt {
        let mut ctx = Map::new();
        ctx.insert("config".into(), env.config_value(lang));
        env.render_to(
            "robots.txt",
            ctx,
            "robots.txt",
            Path::new("templates/robots.txt"),
        );
    }
}
