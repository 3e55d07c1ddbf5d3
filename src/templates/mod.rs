//! The template stage: a Tera 1 instance laid out as Zola lays it out, with Zola's functions.
//!
//! Lookup order is Zola's: the site's `templates/`, then `themes/<theme>/templates/` (also as
//! `<theme>/templates/NAME`), then the built-ins (`__zola_builtins/…`, `internal/alias.html`).
//! Every template file is parsed in parallel and every syntax error is reported, not just the
//! first. Functions that need the content library ([`library_fns`]) are registered once the
//! library is frozen; the others ([`fns`]) before Markdown, since shortcodes may call them.
//! Includes and macros that would recurse without end are refused at load, and recursion that
//! may run away is stopped before the stack runs out ([`recursion`]).

mod ast;
pub mod fns;
pub mod library_fns;
pub mod recursion;
pub mod usage;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg};

/// Built-in templates, under the names Zola gives them.
const BUILTINS: &[(&str, &str)] = &[
    (
        "__zola_builtins/404.html",
        include_str!("builtins/404.html"),
    ),
    (
        "__zola_builtins/atom.xml",
        include_str!("builtins/atom.xml"),
    ),
    ("__zola_builtins/rss.xml", include_str!("builtins/rss.xml")),
    (
        "__zola_builtins/sitemap.xml",
        include_str!("builtins/sitemap.xml"),
    ),
    (
        "__zola_builtins/robots.txt",
        include_str!("builtins/robots.txt"),
    ),
    (
        "__zola_builtins/split_sitemap_index.xml",
        include_str!("builtins/split_sitemap_index.xml"),
    ),
    (
        "__zola_builtins/anchor-link.html",
        include_str!("builtins/anchor-link.html"),
    ),
    (
        "__zola_builtins/summary-cutoff.html",
        include_str!("builtins/summary-cutoff.html"),
    ),
    (
        "internal/alias.html",
        include_str!("builtins/internal/alias.html"),
    ),
];

/// A shortcode template: its Tera name and whether it is Markdown or HTML.
#[derive(Debug, Clone)]
pub struct ShortcodeDef {
    pub tera_name: String,
    pub is_markdown: bool,
}

/// The loaded templates and what was found in them.
pub struct Templates {
    pub tera: Tera,
    pub theme: Option<String>,
    pub shortcodes: HashMap<String, ShortcodeDef>,
    /// Every template file that was read (for `serve` to know what a change touches).
    pub files: Vec<PathBuf>,
    /// Whether any template may read the pages of `term` (see [`may_read_term_pages`]).
    pub term_pages_used: bool,
    /// Whether any template may read the pages of the terms in a taxonomy list's `terms`
    /// (see [`usage::terms_pages_read`]).
    pub terms_pages_used: bool,
    /// Whether a pager of a paginated term may read `term.pages` (see
    /// [`usage::paged_term_pages_read`]).
    pub paged_term_pages_used: bool,
    /// Whether a section's feed may read `section.pages` (see
    /// [`usage::feed_section_pages_read`]; set when the site's feed names are known).
    pub feed_section_pages_used: bool,
    /// Whether the theme has pufa's search page (mentions `pufa-search`): only then is
    /// pufa's index written, so a plain Zola site gets exactly Zola's files.
    pub uses_pufa_search: bool,
    /// Keys the templates read as `extra.KEY` (`page.extra.updated`): front matter that puts
    /// such a key under `[extra]` does so on purpose.
    pub extra_keys_read: std::collections::HashSet<String>,
}

/// Every `KEY` of `extra.KEY` in a template's text.
fn extra_keys(src: &str) -> impl Iterator<Item = String> + '_ {
    src.match_indices("extra.").filter_map(move |(i, _)| {
        let before = src[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let key: String = src[i + 6..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!key.is_empty()).then_some(key)
    })
}

fn template_files(dir: &Path, exts: &[&str]) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<(String, PathBuf)> = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.')
                && e.path()
                    .extension()
                    .map(|x| x.to_string_lossy().to_string())
                    .is_some_and(|x| exts.iter().any(|want| x.ends_with(want) || x == *want))
        })
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

/// Loads site, theme and built-in templates into one Tera, as Zola's `load_tera`. Errors go
/// to `diags`; `None` when there were any.
pub fn load(root: &Path, theme: Option<&str>, diags: &mut Diagnostics) -> Option<Templates> {
    read(root, theme)
        .map_err(|errors| diags.extend(errors))
        .ok()
}

/// [`load`]: the templates, or every error found.
fn read(root: &Path, theme: Option<&str>) -> Result<Templates, Vec<Diagnostic>> {
    // Zola: site `templates/**/*.{*ml,md,txt,json,ics}`, theme `templates/**/*.{*ml,md}`.
    let site = template_files(&root.join("templates"), &["ml", "md", "txt", "json", "ics"]);
    let theme_files = match theme {
        Some(t) => {
            let dir = crate::config::builtin_theme::theme_dir(root, t).join("templates");
            if !dir.is_dir() {
                return Err(vec![Diagnostic::error(
                    root.join("themes").join(t),
                    0,
                    0,
                    Msg::new(
                        format!("主题 `{t}` 缺少 templates 文件夹"),
                        format!("theme `{t}` is missing a templates folder"),
                    ),
                )
                .with_hint(Msg::new(
                    "请检查 config.toml 里的 theme 名称与 themes/ 下的文件夹名是否一致。",
                    "Check that `theme` in config.toml matches a folder under themes/.",
                ))]);
            }
            let mut v = template_files(&dir, &["ml", "md"]);
            if dir.join("robots.txt").is_file() {
                v.push(("robots.txt".into(), dir.join("robots.txt")));
            }
            v
        }
        None => Vec::new(),
    };

    // Names in lookup order; the first definition of a name wins (Tera::extend semantics).
    let mut named: Vec<(String, PathBuf)> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (name, path) in &site {
        if taken.insert(name.clone()) {
            named.push((name.clone(), path.clone()));
        }
    }
    if let Some(t) = theme {
        for (name, path) in &theme_files {
            let prefixed = format!("{t}/templates/{name}");
            if taken.insert(prefixed.clone()) {
                named.push((prefixed, path.clone()));
            }
            if taken.insert(name.clone()) {
                named.push((name.clone(), path.clone()));
            }
        }
    }

    let parsed: Vec<Result<tera::Template, Box<Diagnostic>>> = named
        .par_iter()
        .map(|(name, path)| {
            let src = crate::source::read_text_file(path)
                .map_err(|e| Box::new(Diagnostic::from_io(path, &e)))?;
            if let Some(at) = recursion::too_deeply_nested(&src) {
                let line = src[..at].matches('\n').count() + 1;
                let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
                let col = src[line_start..at].chars().count() + 1;
                let max = recursion::MAX_TAG_NESTING;
                return Err(Box::new(Diagnostic::error(
                    path,
                    line,
                    col,
                    Msg::new(
                        format!("模板里的 {{% if %}}、{{% for %}} 等标签嵌套超过了 {max} 层"),
                        format!("tags such as {{% if %}} and {{% for %}} are nested more than {max} levels deep"),
                    ),
                )
                .with_hint(Msg::new(
                    "请检查是否漏写了 {% endif %}、{% endfor %} 等结束标签。",
                    "Check for a missing {% endif %}, {% endfor %} or other end tag.",
                ))));
            }
            without_panic(name, || {
                tera::Template::new(name, Some(path.to_string_lossy().into_owned()), &src)
            })
            .map_err(|e| Box::new(tera_error_diagnostic(path, &e)))
        })
        .collect();
    let mut errors = Vec::new();
    let mut tera = Tera::default();
    for r in parsed {
        match r {
            Ok(t) => {
                tera.templates.insert(t.name.clone(), t);
            }
            Err(d) => errors.push(*d),
        }
    }
    for (name, src) in BUILTINS {
        if !tera.templates.contains_key(*name) {
            match tera::Template::new(name, None, src) {
                Ok(t) => {
                    tera.templates.insert(t.name.clone(), t);
                }
                Err(e) => errors.push(tera_error_diagnostic(Path::new(name), &e)),
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        return Err(errors);
    }
    if let Err(e) = tera.build_inheritance_chains() {
        return Err(vec![tera_error_diagnostic(&root.join("templates"), &e)]);
    }
    // Tera panics at render time on an `{% import %}` of a template it does not have (Zola
    // checks this when loading): every such import is an error here, at its line.
    let missing = missing_imports(&tera);
    if !missing.is_empty() {
        return Err(missing);
    }
    let endless = recursion::check(&tera);
    if !endless.is_empty() {
        return Err(endless);
    }
    recursion::guard(&mut tera);
    fns::register_static_filters(&mut tera);

    let shortcodes = find_shortcodes(&tera);
    let mut files: Vec<PathBuf> = site.into_iter().map(|(_, p)| p).collect();
    files.extend(theme_files.into_iter().map(|(_, p)| p));
    let sources: Vec<String> = files
        .iter()
        .filter_map(|f| crate::source::read_text_file(f).ok())
        .collect();
    let term_pages_used = sources.iter().any(|src| may_read_term_pages(src));
    let terms_pages_used = usage::terms_pages_read(&tera);
    let paged_term_pages_used = term_pages_used && usage::paged_term_pages_read(&tera);
    let uses_pufa_search = sources.iter().any(|src| src.contains("pufa-search"));
    let extra_keys_read = sources.iter().flat_map(|src| extra_keys(src)).collect();
    Ok(Templates {
        tera,
        theme: theme.map(str::to_string),
        shortcodes,
        files,
        term_pages_used,
        terms_pages_used,
        paged_term_pages_used,
        feed_section_pages_used: true,
        uses_pufa_search,
        extra_keys_read,
    })
}

/// `{% import "x.html" as m %}` naming a template that does not exist, at its line.
fn missing_imports(tera: &Tera) -> Vec<Diagnostic> {
    let mut found: std::collections::BTreeSet<(PathBuf, usize, usize, String, String)> =
        Default::default();
    for t in tera.templates.values() {
        for (file, _) in &t.imported_macro_files {
            if tera.templates.contains_key(file) {
                continue;
            }
            let path = t
                .path
                .as_ref()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(&t.name));
            let (line, col) = t
                .path
                .as_ref()
                .and_then(|p| crate::source::read_text_file(Path::new(p)).ok())
                .and_then(|src| import_position(&src, file))
                .unwrap_or((0, 0));
            let shown = t.name.clone();
            found.insert((path, line, col, shown, file.clone()));
        }
    }
    found
        .into_iter()
        .map(|(path, line, col, name, file)| {
            Diagnostic::error(
                path,
                line,
                col,
                Msg::new(
                    format!("模板 `{name}` 导入的宏文件 `{file}` 不存在"),
                    format!("template `{name}` loads macros from `{file}`, which isn't present"),
                ),
            )
            .with_hint(Msg::new(
                "请检查 {% import %} 里的文件名，以及它是否在 templates/ 或主题的 templates/ 文件夹里。",
                "Check the file name in {% import %}, and that the file is in templates/ or the theme's templates/.",
            ))
        })
        .collect()
}

/// Line and column (1-based) of the `import` that names `file`.
fn import_position(src: &str, file: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = src[from..].find("import") {
        let at = from + i;
        from = at + 6;
        let rest = src[from..].trim_start();
        let Some(q) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        if rest[1..].starts_with(file) && rest[1 + file.len()..].starts_with(q) {
            let line = src[..at].matches('\n').count() + 1;
            let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
            let col = src[line_start..at].chars().count() + 1;
            return Some((line, col));
        }
    }
    None
}

fn find_shortcodes(tera: &Tera) -> HashMap<String, ShortcodeDef> {
    let mut out = HashMap::new();
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    // Site shortcodes first, then built-in ones that are not overridden.
    for prefix in ["shortcodes/", "__zola_builtins/shortcodes/"] {
        for name in &names {
            let Some(rest) = name.strip_prefix(prefix) else {
                continue;
            };
            let (stem, is_markdown) = match rest.rsplit_once('.') {
                Some((stem, "md")) => (stem, true),
                Some((stem, _)) => (stem, false),
                None => continue,
            };
            out.entry(stem.to_string()).or_insert(ShortcodeDef {
                tera_name: (*name).clone(),
                is_markdown,
            });
        }
    }
    out
}

/// Whether a template may read `term.pages`.
///
/// Zola gives a taxonomy term page every page of the term in `term.pages`, on every pager;
/// for a term with thousands of pages that is quadratic work, and most themes only use
/// `paginator.pages`. When no template uses `term` other than through its small fields
/// (`term.name`, `.slug`, `.permalink`, `.path`, `.page_count`), leaving `term.pages` empty
/// cannot change any output. Anything else (`term.pages`, `term[…]`, `term` passed on whole)
/// counts as a use.
pub fn may_read_term_pages(src: &str) -> bool {
    const SMALL: &[&str] = &["name", "slug", "permalink", "path", "page_count"];
    let bytes = src.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(i) = src[from..].find("term") {
        let at = from + i;
        from = at + 4;
        if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b'.') {
            continue;
        }
        if bytes.get(at + 4).copied().is_some_and(is_ident) {
            continue;
        }
        // `{% for term in terms %}` declares a loop variable: not the page's `term`.
        if src[..at].trim_end().ends_with("for") {
            continue;
        }
        let rest = src[at + 4..].trim_start();
        let Some(field) = rest.strip_prefix('.') else {
            return true;
        };
        let name: String = field
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !SMALL.contains(&name.as_str()) {
            return true;
        }
    }
    false
}

/// The name a template is found under, as Zola's `check_template_fallbacks`.
pub fn find_template<'a>(tera: &'a Tera, name: &'a str, theme: Option<&str>) -> Option<&'a str> {
    if tera.templates.contains_key(name) {
        return Some(name);
    }
    if let Some(t) = theme {
        if let Some((k, _)) = tera
            .templates
            .get_key_value(&format!("{t}/templates/{name}"))
        {
            return Some(k);
        }
    }
    tera.templates
        .get_key_value(&format!("__zola_builtins/{name}"))
        .map(|(k, _)| k.as_str())
}

/// The most bytes one template may write for one file: 64 MiB, a thousand times a long
/// article. A loop gone wrong stops here with an error instead of taking all memory.
pub const MAX_OUTPUT_BYTES: usize = 64 << 20;

/// A writer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct CappedOutput(Vec<u8>);

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "页面超过 {} MB，已停止生成；请检查模板里的循环（如 range 的 end 是否过大）或文章是否过长 \
                 (the page is larger than {} MB: check the template's loops)",
                MAX_OUTPUT_BYTES >> 20,
                MAX_OUTPUT_BYTES >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `tera.render`, streaming into a capped buffer.
pub fn render_capped(tera: &Tera, name: &str, ctx: &Context) -> Result<String, tera::Error> {
    let mut out = CappedOutput(Vec::new());
    tera.render_to(name, ctx, &mut out)?;
    String::from_utf8(out.0).map_err(|e| tera::Error::msg(e.to_string()))
}

/// Renders `name` with Zola's fallbacks, and Zola's placeholder page for a missing
/// index/section/page/taxonomy template.
pub fn render(
    tera: &Tera,
    name: &str,
    ctx: &Context,
    theme: Option<&str>,
) -> Result<String, tera::Error> {
    if let Some(found) = find_template(tera, name, theme) {
        return render_safely(tera, found, ctx);
    }
    let url = match name {
        "index.html" | "section.html" => Some(
            "https://www.getzola.org/documentation/templates/pages-sections/#section-variables",
        ),
        "page.html" => {
            Some("https://www.getzola.org/documentation/templates/pages-sections/#page-variables")
        }
        "single.html" | "list.html" => {
            Some("https://www.getzola.org/documentation/templates/taxonomies/")
        }
        _ => None,
    };
    match url {
        Some(url) => {
            let mut c = Context::new();
            c.insert("filename", name);
            c.insert("url", url);
            Tera::one_off(include_str!("builtins/default_tpl.html"), &c, true)
        }
        None => Err(tera::Error::msg(format!(
            "Tried to render `{name}` but the template wasn't found"
        ))),
    }
}

/// `tera.render`, counted for recursion, with any panic inside Tera turned into an error
/// that names the template: a template mistake must never take the build down.
pub fn render_safely(tera: &Tera, name: &str, ctx: &Context) -> Result<String, tera::Error> {
    without_panic(name, || {
        recursion::counted(|| render_capped(tera, name, ctx))
    })
}

thread_local! {
    /// Set while [`without_panic`] runs: the panic hook stays quiet and keeps the message.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_MESSAGE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f`; a panic inside it becomes a Tera error naming `what` instead of a crash (and the
/// panic hook prints no backtrace for it). Panics elsewhere are reported as before.
pub fn without_panic<T>(
    what: &str,
    f: impl FnOnce() -> Result<T, tera::Error>,
) -> Result<T, tera::Error> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(msg));
            } else {
                previous(info);
            }
        }));
    });
    let outer = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    match result {
        Ok(r) => r,
        Err(_) => {
            let msg = PANIC_MESSAGE
                .with(|m| m.borrow_mut().take())
                .unwrap_or_default();
            Err(tera::Error::msg(format!(
                "rendering `{what}` failed inside the template engine ({msg}); \
                 this is a mistake in the template that was not caught earlier"
            )))
        }
    }
}

/// A Tera error as a diagnostic, with the template's line and column when Tera gives them.
pub fn tera_error_diagnostic(path: &Path, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    // Tera's parse errors contain "--> LINE:COL".
    let (line, col) = chain
        .find("--> ")
        .and_then(|i| {
            let rest = &chain[i + 4..];
            let end = rest
                .find(|c: char| !c.is_ascii_digit() && c != ':')
                .unwrap_or(rest.len());
            let (l, c) = rest[..end].split_once(':')?;
            Some((l.parse().ok()?, c.parse().ok()?))
        })
        .unwrap_or((0, 0));
    Diagnostic::error(
        path,
        line,
        col,
        Msg::new(
            format!("模板错误：{chain}"),
            format!("template error: {chain}"),
        ),
    )
}

/// Tera's error and all its sources on one line each.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let msg = c.to_string();
        if !s.contains(&msg) {
            s.push_str("\n  ");
            s.push_str(&msg);
        }
        cur = c.source();
    }
    s
}

impl Templates {
    /// A copy whose library functions can be registered again (serve's fast path).
    pub fn clone_for_rebuild(&self) -> Templates {
        Templates {
            tera: self.tera.clone(),
            theme: self.theme.clone(),
            shortcodes: self.shortcodes.clone(),
            files: self.files.clone(),
            term_pages_used: self.term_pages_used,
            terms_pages_used: self.terms_pages_used,
            paged_term_pages_used: self.paged_term_pages_used,
            feed_section_pages_used: self.feed_section_pages_used,
            uses_pufa_search: self.uses_pufa_search,
            extra_keys_read: self.extra_keys_read.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
