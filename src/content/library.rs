//! Building the library: paths and permalinks, the section tree, ordering, siblings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::sorting::sort_pages;
use super::taxonomies::{find_taxonomies, Taxonomy};
use super::{reading_analytics, Document, Page, PageId, Section, SectionId};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::slugs::slugify_paths;
use crate::source::{SortBy, SourcePage, SourceSection};

/// An RFC 3339 date at the start of a file name, then an optional `_`/`-` and the slug (Zola).
static DATED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<datetime>(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9])))?)(\s?(_|-)(?P<slug>.+$))?",
    )
    .expect("valid regex")
});

/// Everything the library is built from.
pub struct LibraryInput<'a> {
    pub config: &'a Config,
    pub content_dir: &'a Path,
    pub pages: Vec<SourcePage>,
    pub sections: Vec<SourceSection>,
    pub include_drafts: bool,
}

/// All pages and sections of the site, linked and ordered. Read-only once built.
#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// `relative` path (`blog/a.md`, `blog/_index.md`) → page or section.
    pub by_relative: HashMap<String, Entry>,
    /// Canonical path (path without extension and language) → every translation.
    pub translations: HashMap<PathBuf, Vec<Entry>>,
    /// Relative path → pages and sections linking to it with `@/`.
    pub backlinks: HashMap<String, Vec<Entry>>,
    pub taxonomies: Vec<Taxonomy>,
    /// `relative` → permalink, for `@/` links in Markdown.
    pub permalinks: HashMap<String, String>,
    /// Page bodies kept on disk (`pufa build`): read them with [`Library::page_content`].
    pub spill: Option<std::sync::Arc<super::spill::Spill>>,
}

/// A page or a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    Page(PageId),
    Section(SectionId),
}

impl Library {
    pub fn section_by_relative(&self, relative: &str) -> Option<&Section> {
        match self.by_relative.get(relative) {
            Some(Entry::Section(id)) => Some(&self.sections[*id]),
            _ => None,
        }
    }

    /// Pages that no section holds (Zola renders them separately).
    pub fn orphan_pages(&self) -> impl Iterator<Item = PageId> + '_ {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.ancestors.is_empty())
            .map(|(i, _)| i)
    }

    pub fn entry_permalink_title(&self, e: Entry) -> (&str, Option<&str>, &str, &Path) {
        match e {
            Entry::Page(i) => {
                let p = &self.pages[i];
                (&p.permalink, p.meta.title.as_deref(), &p.lang, &p.file.path)
            }
            Entry::Section(i) => {
                let s = &self.sections[i];
                (&s.permalink, s.meta.title.as_deref(), &s.lang, &s.file.path)
            }
        }
    }

    /// A page's Markdown source, from memory or from the spill file.
    pub fn page_raw(&self, id: PageId) -> std::borrow::Cow<'_, str> {
        let p = &self.pages[id];
        match (p.raw_spilled, &self.spill) {
            (Some(at), Some(spill)) => std::borrow::Cow::Owned(spill.get(at)),
            _ => std::borrow::Cow::Borrowed(&p.raw_content),
        }
    }

    /// A page's HTML body, from memory or from the spill file.
    pub fn page_content(&self, id: PageId) -> std::borrow::Cow<'_, str> {
        let r = &self.pages[id].rendered;
        match (r.spilled, &self.spill) {
            (Some(at), Some(spill)) => std::borrow::Cow::Owned(spill.get(at)),
            _ => std::borrow::Cow::Borrowed(&r.content),
        }
    }

    /// Recompute backlinks from every page's and section's internal links (after markdown).
    pub fn fill_backlinks(&mut self) {
        let mut backlinks: HashMap<String, Vec<Entry>> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            for (target, _) in &p.rendered.internal_links {
                backlinks
                    .entry(target.clone())
                    .or_default()
                    .push(Entry::Page(i));
            }
        }
        for (i, s) in self.sections.iter().enumerate() {
            for (target, _) in &s.rendered.internal_links {
                backlinks
                    .entry(target.clone())
                    .or_default()
                    .push(Entry::Section(i));
            }
        }
        for v in backlinks.values_mut() {
            v.sort();
            v.dedup();
        }
        self.backlinks = backlinks;
    }
}

/// Builds the library: computes every path, links the tree, sorts, finds taxonomies.
/// Pages whose paths collide and other content errors go to `diags`; the library is built
/// all the same, so that every error is found in one run.
pub fn build_library(input: LibraryInput, diags: &mut Diagnostics) -> Library {
    let config = input.config;
    let mut found = Vec::new();

    // A draft section hides its whole folder, as Zola skips the folder while walking
    // `content/`: its pages, and its subsections with all of theirs, at any depth. Only the
    // other languages' `_index.*.md` in the same folder stay (Zola adds those it has read).
    let drafted_dirs: Vec<PathBuf> = if input.include_drafts {
        Vec::new()
    } else {
        input
            .sections
            .iter()
            .filter(|s| s.meta.draft)
            .map(|s| s.file.parent.clone())
            .collect()
    };
    let mut sections: Vec<Section> = Vec::new();
    for src in input.sections {
        if src.meta.draft && !input.include_drafts {
            continue;
        }
        if drafted_dirs
            .iter()
            .any(|d| src.file.parent != *d && src.file.parent.starts_with(d))
        {
            continue;
        }
        sections.push(make_section(src, config));
    }
    // Sized once: a `Page` is ~1 KB, and doubling would leave up to half of it unused.
    let mut pages: Vec<Page> = Vec::with_capacity(input.pages.len());
    for src in input.pages {
        if src.meta.draft && !input.include_drafts {
            continue;
        }
        if drafted_dirs.iter().any(|d| src.file.path.starts_with(d)) {
            continue;
        }
        pages.push(make_page(src, config));
    }
    add_default_index_sections(&mut sections, input.content_dir, config);

    sections.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    pages.sort_by(|a, b| a.file.path.cmp(&b.file.path));

    let lib = link_library(pages, sections, config, &mut found);
    diags.extend(found);
    lib
}

/// Links pages and sections into a library: lookups, the section tree, ordering, siblings,
/// translations and taxonomies. Also used by `serve` to relink after one page changed.
pub fn link_library(
    mut pages: Vec<Page>,
    mut sections: Vec<Section>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Library {
    for p in &mut pages {
        p.ancestors.clear();
        p.lower = None;
        p.higher = None;
    }
    for s in &mut sections {
        s.pages.clear();
        s.ignored_pages.clear();
        s.subsections.clear();
        s.ancestors.clear();
    }
    let mut lib = Library {
        pages,
        sections,
        ..Default::default()
    };
    check_collisions(&lib, diags);
    super::taxonomies::check_term_counts(&lib.pages, diags);
    for (i, p) in lib.pages.iter().enumerate() {
        lib.by_relative
            .insert(p.file.relative.clone(), Entry::Page(i));
        lib.permalinks
            .insert(p.file.relative.clone(), p.permalink.clone());
    }
    for (i, s) in lib.sections.iter().enumerate() {
        lib.by_relative
            .insert(s.file.relative.clone(), Entry::Section(i));
        lib.permalinks
            .insert(s.file.relative.clone(), s.permalink.clone());
    }
    populate_sections(&mut lib, config);
    find_translations(&mut lib, config);
    lib.taxonomies = find_taxonomies(&lib, config);
    lib
}

pub fn make_section(mut src: SourceSection, config: &Config) -> Section {
    src.meta.extra = super::sort_keys(std::mem::take(&mut src.meta.extra));
    let (word_count, reading_time) = reading_analytics(&src.body);
    let lang = src.lang.clone();
    let joined = src.file.components.join("/");
    let lang_path = if lang != config.default_language {
        format!("/{lang}")
    } else {
        String::new()
    };
    let path = if joined.is_empty() {
        format!("{lang_path}/")
    } else {
        format!("{lang_path}/{joined}/")
    };
    let components = split_components(&path);
    let permalink = config.make_permalink(&path);
    let serialized_assets = serialize_assets(&src.assets, &src.file.path, &path);
    Section {
        doc: Document {
            lang,
            raw_content: src.body,
            body_line: src.body_line,
            path,
            components,
            permalink,
            assets: src.assets,
            serialized_assets,
            word_count,
            reading_time,
            file: src.file,
            ..Default::default()
        },
        meta: src.meta,
        ..Default::default()
    }
}

pub fn make_page(src: SourcePage, config: &Config) -> Page {
    let mut meta = src.meta;
    meta.extra = super::sort_keys(std::mem::take(&mut meta.extra));
    let file = src.file;
    let (word_count, reading_time) = match src.body_spilled {
        Some((_, stats)) => stats,
        None => reading_analytics(&src.body),
    };
    let lang = src.lang;

    let name_for_slug = if file.name == "index" {
        file.path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.name.clone())
    } else {
        file.name.clone()
    };
    let mut slug_from_date = None;
    if let Some(caps) = DATED_NAME.captures(&name_for_slug) {
        if let Some(s) = caps.name("slug") {
            if !config.slugify.paths_keep_dates {
                slug_from_date = Some(s.as_str().to_string());
            }
        }
        if meta.date.is_none() {
            meta.set_date_from_filename(&caps["datetime"]);
        }
    }
    let slug = match (&meta.slug, slug_from_date) {
        (Some(s), _) => slugify_paths(s, config.slugify.paths),
        (None, Some(s)) => slugify_paths(&s, config.slugify.paths),
        (None, None) => slugify_paths(&name_for_slug, config.slugify.paths),
    };
    let mut path = match &meta.path {
        Some(p) => {
            let p = p.trim();
            if p.starts_with('/') {
                p.to_string()
            } else {
                format!("/{p}")
            }
        }
        None => {
            let mut path = if file.components.is_empty() {
                if file.name == "index" && file.colocated_path.is_none() {
                    String::new()
                } else {
                    slug.clone()
                }
            } else {
                format!("{}/{}", file.components.join("/"), slug)
            };
            if lang != config.default_language {
                path = format!("{lang}/{path}");
            }
            format!("/{path}")
        }
    };
    if !path.ends_with('/') {
        path.push('/');
    }
    let components = split_components(&path);
    let permalink = config.make_permalink(&path);
    let serialized_assets = if file.name == "index" {
        serialize_assets(
            &src.assets,
            &file.path,
            &format!("/{}", file.colocated_path.as_deref().unwrap_or_default()),
        )
    } else {
        Vec::new()
    };
    Page {
        doc: Document {
            lang,
            raw_content: src.body,
            raw_spilled: src.body_spilled.map(|(at, _)| at),
            body_line: src.body_line,
            path,
            components,
            permalink,
            assets: src.assets,
            serialized_assets,
            word_count,
            reading_time,
            file,
            ..Default::default()
        },
        slug,
        meta,
        ..Default::default()
    }
}

fn split_components(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Zola serialises a page's colocated assets as `/<folder inside content>/<file>` (the
/// folder from the content root, whatever the folders above it are called), and a section's
/// as `<section path><file>`; both in the order of their paths, ignoring case.
fn serialize_assets(assets: &[PathBuf], md_path: &Path, prefix: &str) -> Vec<String> {
    let Some(dir) = md_path.parent() else {
        return Vec::new();
    };
    let mut out: Vec<String> = assets
        .iter()
        .filter_map(|a| {
            let rel = a.strip_prefix(dir).ok()?;
            Some(format!(
                "{prefix}{}",
                rel.to_string_lossy().replace('\\', "/")
            ))
        })
        .collect();
    out.sort_by_key(|a| a.to_ascii_lowercase());
    out
}

fn add_default_index_sections(sections: &mut Vec<Section>, content_dir: &Path, config: &Config) {
    let mut langs: Vec<String> = vec![config.default_language.clone()];
    langs.extend(config.other_language_codes());
    for lang in langs {
        let filename = if lang == config.default_language {
            "_index.md".to_string()
        } else {
            format!("_index.{lang}.md")
        };
        let path = content_dir.join(&filename);
        if sections.iter().any(|s| s.file.path == path) {
            continue;
        }
        let mut s = Section {
            doc: Document {
                lang: lang.clone(),
                ..Default::default()
            },
            is_default: true,
            ..Default::default()
        };
        s.file.path = path;
        s.file.parent = content_dir.to_path_buf();
        s.file.filename = filename.clone();
        s.file.relative = filename;
        if lang == config.default_language {
            s.file.name = "_index".into();
            s.file.canonical = content_dir.join("_index");
            s.path = "/".into();
            s.permalink = config.make_permalink("");
        } else {
            // As Zola: the same canonical name as the default language's index (so they are
            // each other's translations), and a path without its leading slash (`en/`, which
            // is what `current_path` shows there), no components.
            s.file.name = "_index".into();
            s.file.canonical = content_dir.join("_index");
            s.path = format!("{lang}/");
            s.permalink = config.make_permalink(&lang);
        }
        sections.push(s);
    }
}

fn check_collisions(lib: &Library, diags: &mut Vec<Diagnostic>) {
    check_escapes(lib, diags);
    let mut seen: BTreeMap<String, Vec<&Path>> = BTreeMap::new();
    for p in lib.pages.iter().filter(|p| p.meta.render) {
        seen.entry(p.path.clone()).or_default().push(&p.file.path);
        for a in &p.meta.aliases {
            seen.entry(a.clone()).or_default().push(&p.file.path);
        }
    }
    for s in lib
        .sections
        .iter()
        .filter(|s| s.meta.render && !s.is_default)
    {
        seen.entry(s.path.clone()).or_default().push(&s.file.path);
        for a in &s.meta.aliases {
            seen.entry(a.clone()).or_default().push(&s.file.path);
        }
    }
    for (path, files) in seen.into_iter().filter(|(_, f)| f.len() > 1) {
        let others: Vec<String> = files[1..].iter().map(|f| f.display().to_string()).collect();
        diags.push(
            Diagnostic::error(
                files[0],
                0,
                0,
                Msg::new(
                    format!("地址 `{path}` 与其他文件重复：{}", others.join("、")),
                    format!(
                        "the URL path `{path}` is also produced by: {}",
                        others.join(", ")
                    ),
                ),
            )
            .with_hint(Msg::new(
                "请修改其中一个文件的 slug 或 path。",
                "Change the slug or path of one of them.",
            )),
        );
    }
}

/// `path`, `slug`, `aliases`, `paginate_path`, `redirect_to` and template values that climb out of the
/// site with `..` (or are Windows paths) are errors naming the file and the line, found before
/// anything is written: otherwise they surface as an I/O error from the output stage at best.
fn check_escapes(lib: &Library, diags: &mut Vec<Diagnostic>) {
    let mut bad: Vec<(&Path, &str, &str)> = Vec::new();
    for p in &lib.pages {
        if escapes(&p.path) {
            match (&p.meta.path, &p.meta.slug) {
                (Some(v), _) => bad.push((&p.file.path, "path", v)),
                (None, Some(v)) => bad.push((&p.file.path, "slug", v)),
                (None, None) => {}
            }
        }
        for a in p.meta.aliases.iter().filter(|a| escapes(a)) {
            bad.push((&p.file.path, "aliases", a));
        }
        // A template name is only a key into the loaded templates, so it cannot read a file;
        // but `..` in it is a mistake best shown where it was written. One inherited from a
        // section's `page_template` is reported at the section.
        if let Some(t) = p.meta.template.as_deref().filter(|t| escapes(t)) {
            let inherited = p.ancestors.iter().any(|a| {
                matches!(lib.by_relative.get(a), Some(Entry::Section(s))
                    if lib.sections[*s].meta.page_template.as_deref() == Some(t))
            });
            if !inherited {
                bad.push((&p.file.path, "template", t));
            }
        }
    }
    for s in lib.sections.iter().filter(|s| !s.is_default) {
        for a in s.meta.aliases.iter().filter(|a| escapes(a)) {
            bad.push((&s.file.path, "aliases", a));
        }
        for (key, t) in [
            ("template", &s.meta.template),
            ("page_template", &s.meta.page_template),
        ] {
            if let Some(t) = t.as_deref().filter(|t| escapes(t)) {
                bad.push((&s.file.path, key, t));
            }
        }
        if escapes(&s.meta.paginate_path) {
            bad.push((&s.file.path, "paginate_path", &s.meta.paginate_path));
        }
        if let Some(r) = s.meta.redirect_to.as_deref() {
            if !r.contains("://") && !r.starts_with("//") && escapes(r) {
                bad.push((&s.file.path, "redirect_to", r));
            }
        }
    }
    for (file, key, value) in bad {
        let (line, col, src) = value_place(file, key, value);
        let mut d = Diagnostic::error(
            file,
            line,
            col,
            Msg::new(
                format!("`{key}` 的值 `{value}` 指向了网站文件夹以外"),
                format!("`{key}` = `{value}` points outside the site"),
            ),
        )
        .with_hint(if key.ends_with("template") {
                Msg::new(
                    "模板名是 templates/ 文件夹里的文件名，例如 \"page.html\" 或 \"cases/case.html\"，不能有 `..`、`\\` 或盘符。",
                    "A template name is a file name inside templates/, e.g. \"page.html\" or \"cases/case.html\", without `..`, `\\` or a drive.",
                )
            } else {
                Msg::new(
                    "地址里不能有 `..`、`\\` 或盘符；请写从网站根开始的地址，例如 \"news/2024/an-li\"。",
                    "Addresses cannot contain `..`, `\\` or a drive; write them from the site root, e.g. \"news/2024/case\".",
                )
            });
        if let Some(src) = src {
            d = d.with_source_line(src);
        }
        diags.push(d);
    }
}

/// True for a URL path that would leave the output folder once written to disk.
fn escapes(path: &str) -> bool {
    path.contains('\\')
        || path.contains('\0')
        || path.split('/').any(|part| part == ".." || is_drive(part))
}

/// `C:`, `d:foo`: a Windows drive, which `Path::join` would put in place of the output folder.
fn is_drive(part: &str) -> bool {
    let b = part.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Line, column and text of the first front-matter line where `key`'s `value` is written
/// (line 0 when the file cannot be read again).
fn value_place(file: &Path, key: &str, value: &str) -> (usize, usize, Option<String>) {
    let Ok(text) = crate::source::read_text_file(file) else {
        return (0, 0, None);
    };
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.iter().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
    });
    let start = key_line.unwrap_or(0);
    // In a TOML basic string a backslash is written doubled.
    let written = value.replace('\\', "\\\\");
    let found = lines.iter().enumerate().skip(start).find_map(|(i, l)| {
        l.find(value)
            .or_else(|| l.find(&written))
            .map(|at| (i, l[..at].chars().count() + 1))
    });
    match (found, key_line) {
        (Some((i, col)), _) => (i + 1, col, Some(lines[i].to_string())),
        (None, Some(i)) => (i + 1, 1, Some(lines[i].to_string())),
        (None, None) => (0, 0, None),
    }
}

/// Links sections and pages: ancestors, subsections, page lists, inherited page templates,
/// then orders each section's pages and sets `lower`/`higher` siblings.
fn populate_sections(lib: &mut Library, config: &Config) {
    let section_by_path: HashMap<PathBuf, SectionId> = lib
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.file.path.clone(), i))
        .collect();

    // Ancestors and subsections.
    let content_root: Option<PathBuf> = lib
        .sections
        .iter()
        .find(|s| s.is_index())
        .map(|s| s.file.parent.clone());
    let mut ancestors: Vec<Vec<String>> = vec![Vec::new(); lib.sections.len()];
    let mut subsections: Vec<Vec<SectionId>> = vec![Vec::new(); lib.sections.len()];
    for (i, s) in lib.sections.iter().enumerate() {
        if s.is_index() {
            continue;
        }
        // The parent section is `_index(.lang).md` in the folder above.
        if let Some(grand) = s.file.parent.parent() {
            if let Some(&parent) = section_by_path.get(&grand.join(&s.file.filename)) {
                subsections[parent].push(i);
            }
        }
        let mut chain = Vec::new();
        let mut dir = s.file.parent.parent();
        while let Some(d) = dir {
            if !content_root.as_ref().is_some_and(|r| d.starts_with(r)) {
                break;
            }
            if let Some(&a) = section_by_path.get(&d.join(&s.file.filename)) {
                chain.push(lib.sections[a].file.relative.clone());
            }
            dir = d.parent();
        }
        chain.reverse();
        ancestors[i] = chain;
    }
    for (i, subs) in subsections.iter_mut().enumerate() {
        subs.sort_by(|a, b| {
            let (sa, sb) = (&lib.sections[*a], &lib.sections[*b]);
            sa.meta
                .weight
                .cmp(&sb.meta.weight)
                .then_with(|| sa.file.path.cmp(&sb.file.path))
        });
        lib.sections[i].subsections = std::mem::take(subs);
        lib.sections[i].ancestors = std::mem::take(&mut ancestors[i]);
    }

    // Pages into their sections (walking up through transparent ones).
    let index_name = |lang: &str| {
        if lang == config.default_language {
            "_index.md".to_string()
        } else {
            format!("_index.{lang}.md")
        }
    };
    for pid in 0..lib.pages.len() {
        if !lib.pages[pid].meta.render {
            continue;
        }
        let fname = index_name(&lib.pages[pid].lang);
        let mut dir = lib.pages[pid].file.parent.clone();
        while let Some(&sid) = section_by_path.get(&dir.join(&fname)) {
            lib.sections[sid].pages.push(pid);
            let mut anc = lib.sections[sid].ancestors.clone();
            anc.push(lib.sections[sid].file.relative.clone());
            let page = &mut lib.pages[pid];
            page.ancestors = anc;
            if page.meta.template.is_none() {
                for a in page.ancestors.iter().rev() {
                    if let Some(Entry::Section(s)) = lib.by_relative.get(a) {
                        if let Some(t) = &lib.sections[*s].meta.page_template {
                            page.meta.template = Some(t.clone());
                            break;
                        }
                    }
                }
            }
            if !lib.sections[sid].meta.transparent {
                break;
            }
            match dir.parent() {
                Some(up) => dir = up.to_path_buf(),
                None => break,
            }
        }
    }

    // Sorting and siblings.
    for sid in 0..lib.sections.len() {
        let sort_by = lib.sections[sid].meta.sort_by;
        if sort_by == SortBy::None {
            continue;
        }
        let all = std::mem::take(&mut lib.sections[sid].pages);
        let (sorted, unsortable) = sort_pages(&lib.pages, &all, sort_by);
        if !lib.sections[sid].meta.transparent {
            for (i, &p) in sorted.iter().enumerate() {
                lib.pages[p].lower = if i > 0 { Some(sorted[i - 1]) } else { None };
                lib.pages[p].higher = sorted.get(i + 1).copied();
            }
        }
        lib.sections[sid].pages = sorted;
        lib.sections[sid].ignored_pages = unsortable;
    }
}

fn find_translations(lib: &mut Library, config: &Config) {
    if !config.is_multilingual() {
        return;
    }
    let mut map: HashMap<PathBuf, Vec<Entry>> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        map.entry(s.file.canonical.clone())
            .or_default()
            .push(Entry::Section(i));
    }
    for (i, p) in lib.pages.iter().enumerate().filter(|(_, p)| p.meta.render) {
        map.entry(p.file.canonical.clone())
            .or_default()
            .push(Entry::Page(i));
    }
    lib.translations = map;
}
