//! The fast path of `serve`: one article changed, so render only what shows it.
//!
//! The library is copied cheaply (rendered content is shared through `Arc`), the changed page
//! is parsed and rendered again, the tree is relinked (ordering, siblings and taxonomies are
//! cheap), page values are re-serialised only for the pages whose own data changed, and the
//! outputs that show the page are rendered: the page, its old and new neighbours, every pager
//! of the sections above it, and the pages of its taxonomy terms. Anything else that lists
//! the page (feeds, home page widgets, `get_section` elsewhere) catches up in the full rebuild
//! that `serve` runs right after publishing this result.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::content::{link_library, make_page, Library, PageId};
use crate::diagnostics::{Diagnostics, Msg};
use crate::output::MemoryOutput;
use crate::render::{render_page, render_section, RenderEnv};
use crate::site::{bodies, template_fns, Site};

/// Output files (relative path, bytes) and the site they came from.
pub type Rebuilt = (Vec<(String, Vec<u8>)>, Site);

/// `None` when the change is not one existing page (then `serve` rebuilds everything);
/// `Some(Err(diagnostics))` when the page is broken.
pub fn rebuild_page(site: &Site, path: &Path) -> Option<Result<Rebuilt, Diagnostics>> {
    if path.extension().is_none_or(|e| e != "md") || !path.is_file() {
        return None;
    }
    let start = Instant::now();
    let mut steps: Vec<(&str, f64)> = Vec::new();
    let mut lap = |name: &'static str| {
        steps.push((name, start.elapsed().as_secs_f64() * 1000.0));
    };
    let lib = &site.library;
    let id: PageId = lib.pages.iter().position(|p| p.file.path == path)?;
    let content_dir = site.root.join("content");

    let mut diags = Diagnostics::default();
    diags.set_lang(crate::diagnostics::Lang::for_site(site.config.path()));
    let src = match crate::source::load_page_file(path, &content_dir, &site.config.source_options())
    {
        Ok((src, warnings)) => {
            diags.extend(warnings);
            src
        }
        Err(errors) => {
            diags.extend(errors);
            return Some(Err(diags));
        }
    };
    if src.meta.draft {
        return None;
    }
    lap("load");
    let mut page = make_page(src, &site.config);
    let old = &lib.pages[id];
    // A change of section-level facts (language, folder) is not a one-page change.
    if page.lang != old.lang || page.file.parent != old.file.parent {
        return None;
    }
    if let Err(errors) = bodies::render_one_page(&mut page, site) {
        diags.extend(errors);
        return Some(Err(diags));
    }

    lap("markdown");
    let new_lib: Library = if keeps_links(&page, old, lib) {
        // The text alone changed: order, neighbours, ancestors and terms stay as they are.
        page.ancestors = old.ancestors.clone();
        page.meta.template = old.meta.template.clone();
        page.lower = old.lower;
        page.higher = old.higher;
        let mut pages = lib.pages.clone();
        pages[id] = page;
        Library {
            pages,
            sections: lib.sections.clone(),
            by_relative: lib.by_relative.clone(),
            translations: lib.translations.clone(),
            backlinks: lib.backlinks.clone(),
            taxonomies: lib.taxonomies.clone(),
            permalinks: lib.permalinks.clone(),
            spill: lib.spill.clone(),
        }
    } else {
        let mut pages = lib.pages.clone();
        pages[id] = page;
        let mut link_diags = Vec::new();
        let mut new_lib = link_library(pages, lib.sections.clone(), &site.config, &mut link_diags);
        if link_diags.iter().any(|d| d.is_error()) {
            diags.extend(link_diags);
            return Some(Err(diags));
        }
        new_lib.backlinks = lib.backlinks.clone();
        new_lib
    };
    lap("link");

    // Pages whose own value changed: only this one (siblings are attached at render time).
    let values = Arc::new(site.values.update(&new_lib, &[id]));
    let new_lib = Arc::new(new_lib);
    let mut templates = site.templates.clone_for_rebuild();
    template_fns::register_library_functions(&mut templates.tera, &site.config, &new_lib, &values);

    lap("functions");
    let mut affected: BTreeSet<PageId> = BTreeSet::new();
    affected.insert(id);
    for l in [
        lib.pages[id].lower,
        lib.pages[id].higher,
        new_lib.pages[id].lower,
        new_lib.pages[id].higher,
    ]
    .into_iter()
    .flatten()
    {
        affected.insert(l);
    }

    let out = MemoryOutput::default();
    let mut env = RenderEnv::new(
        &site.config,
        &new_lib,
        &values,
        &templates.tera,
        templates.theme.as_deref(),
        &out,
    );
    // Only the list pages that show this page now; the rest catches up in the full rebuild.
    env.focus = Some(vec![id]);
    for &p in &affected {
        render_page(&env, p);
    }
    lap("pages");
    for s in new_lib.sections.iter().filter(|s| s.pages.contains(&id)) {
        render_section(&env, s);
    }
    lap("sections");
    tracing::info!(?steps, "fast path timings (ms since start)");
    let errors = env.take_errors();
    if errors.iter().any(|d| d.is_error()) {
        diags.extend(errors);
        return Some(Err(diags));
    }
    drop(env);
    let files = out.into_files().into_iter().collect();
    let next = Site {
        root: site.root.clone(),
        config: site.config.clone(),
        templates,
        library: new_lib,
        values,
        image_processor: site.image_processor.clone(),
        laws: site.laws.clone(),
        generated: site.generated.clone(),
        zola_search: site.zola_search.clone(),
    };
    Some(Ok((files, next)))
}

/// The editor's live preview of `text` as the page at `path` (saved or not, draft or not).
pub struct Preview {
    /// The page as the full build would render it, with the site's own templates.
    pub html: String,
    /// What `pufa check` finds in it: personal data, images without alt text, missing case
    /// parts, broken internal links and anchors, citations of repealed or unknown laws;
    /// each at its line of the file.
    pub findings: Vec<crate::diagnostics::Diagnostic>,
    /// Milliseconds since the start at the end of each step (for `Server-Timing`).
    pub steps: Vec<(&'static str, f64)>,
}

/// Renders `text` as the page at `path`, and checks it with `check`'s own rules; links are
/// checked against the other files of the site as `files` finds them (the served site).
/// `Err` holds the errors (file, line and what is wrong) that stop the page from rendering.
pub fn preview<'f>(
    site: &Site,
    path: &Path,
    text: &str,
    files: &dyn Fn(&str) -> Option<&'f [u8]>,
) -> Result<Preview, Vec<crate::diagnostics::Diagnostic>> {
    let start = Instant::now();
    let mut steps: Vec<(&'static str, f64)> = Vec::new();
    let mut lap = |name: &'static str| {
        steps.push((name, start.elapsed().as_secs_f64() * 1000.0));
    };
    let content_dir = site.root.join("content");
    let src = match crate::source::load_page_text(
        path,
        text,
        &content_dir,
        &site.config.source_options(),
    ) {
        Ok((src, _warnings)) => src,
        Err(errors) => return Err(errors),
    };
    let mut page = make_page(src, &site.config);
    let mut findings = bodies::render_one_page(&mut page, site)?;
    lap("markdown");
    let lib = &site.library;
    let mut pages = lib.pages.clone();
    let id = match lib.pages.iter().position(|p| p.file.path == path) {
        Some(id) => {
            pages[id] = page;
            id
        }
        None => {
            pages.push(page);
            pages.len() - 1
        }
    };
    let mut link_diags = Vec::new();
    let mut new_lib: Library =
        link_library(pages, lib.sections.clone(), &site.config, &mut link_diags);
    if link_diags.iter().any(|d| d.is_error()) {
        return Err(link_diags);
    }
    new_lib.backlinks = lib.backlinks.clone();
    lap("link");
    let values = Arc::new(site.values.update(&new_lib, &[id]));
    let new_lib = Arc::new(new_lib);
    let mut templates = site.templates.clone_for_rebuild();
    template_fns::register_library_functions(&mut templates.tera, &site.config, &new_lib, &values);
    lap("functions");
    let out = MemoryOutput::default();
    let mut env = RenderEnv::new(
        &site.config,
        &new_lib,
        &values,
        &templates.tera,
        templates.theme.as_deref(),
        &out,
    );
    env.focus = Some(vec![id]);
    render_page(&env, id);
    let errors = env.take_errors();
    if errors.iter().any(|d| d.is_error()) {
        return Err(errors);
    }
    drop(env);
    lap("render");
    let page = &new_lib.pages[id];
    let mut checked = Diagnostics::default();
    crate::check::check_page_text(
        &site.root,
        page,
        Some(text),
        chrono::Local::now().date_naive(),
        &mut checked,
    );
    findings.extend(checked.into_vec());
    let p = page.path.trim_matches('/').to_string();
    let key = if p.is_empty() {
        "index.html".to_string()
    } else {
        format!("{p}/index.html")
    };
    let html = out
        .into_files()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| {
            vec![crate::diagnostics::Diagnostic::error(
                path,
                0,
                0,
                Msg::new(
                    "这篇文章没有生成页面（render = false？）",
                    "this article makes no page (render = false?)",
                ),
            )]
        })?;
    lap("check");
    findings.extend(crate::check::links::check_page_links(
        site, page, &html, files,
    ));
    lap("links");
    // Each finding once, in the order of the text.
    findings.sort_by_key(|d| (d.line, d.col));
    findings.dedup_by(|a, b| a.line == b.line && a.message.en == b.message.en);
    Ok(Preview {
        html: String::from_utf8_lossy(&html).into_owned(),
        findings,
        steps,
    })
}

/// Whether `page` (just made from the edited file) links into the library exactly as `old`
/// did: the same front matter, path and address. `old`'s template may be inherited from its
/// section (linking fills it in), which is the same as the new page having none.
fn keeps_links(page: &crate::content::Page, old: &crate::content::Page, lib: &Library) -> bool {
    let inherited = old.ancestors.iter().rev().find_map(|a| {
        lib.section_by_relative(a)
            .and_then(|s| s.meta.page_template.clone())
    });
    let template_same = page.meta.template == old.meta.template
        || (page.meta.template.is_none() && old.meta.template == inherited);
    template_same
        && page.file.path == old.file.path
        && page.path == old.path
        && page.permalink == old.permalink
        && page.slug == old.slug
        && page.lang == old.lang
        && crate::source::PageFrontMatter {
            template: old.meta.template.clone(),
            ..page.meta.clone()
        } == old.meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Page, Section};

    fn page(title: &str) -> Page {
        let mut p = Page::default();
        p.file.path = "content/cases/a.md".into();
        p.path = "/cases/a/".into();
        p.permalink = "http://x.test/cases/a/".into();
        p.slug = "a".into();
        p.meta.title = Some(title.into());
        p.ancestors = vec!["_index.md".into(), "cases/_index.md".into()];
        p
    }

    #[test]
    fn only_a_change_of_the_text_alone_keeps_the_links() {
        let mut cases = Section::default();
        cases.file.relative = "cases/_index.md".into();
        cases.meta.page_template = Some("case.html".into());
        let mut lib = Library {
            sections: vec![cases],
            ..Default::default()
        };
        lib.by_relative
            .insert("cases/_index.md".into(), crate::content::Entry::Section(0));
        let mut old = page("标题");
        old.meta.template = Some("case.html".into()); // filled in from the section
        let new = page("标题");
        assert!(keeps_links(&new, &old, &lib), "same front matter");

        let mut t = page("另一个标题");
        assert!(!keeps_links(&t, &old, &lib), "title");
        t = page("标题");
        t.meta.date = Some("2026-12-05".into());
        assert!(!keeps_links(&t, &old, &lib), "date");
        t = page("标题");
        t.meta.template = Some("other.html".into());
        assert!(!keeps_links(&t, &old, &lib), "own template");
        t = page("标题");
        t.slug = "b".into();
        assert!(!keeps_links(&t, &old, &lib), "slug");
        // An explicit template on the old page that the section does not give.
        let mut own = page("标题");
        own.meta.template = Some("own.html".into());
        assert!(!keeps_links(&new, &own, &lib), "template line removed");
    }
}
