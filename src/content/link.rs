//! Building the library: drafts left out, pages and sections made, then linked: lookups,
//! the section tree, ordering, siblings, translations and taxonomies.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::checks::check_collisions;
use super::library::{Entry, Library};
use super::make::{add_default_index_sections, make_page, make_section};
use super::sorting::sort_pages;
use super::taxonomies::find_taxonomies;
use super::{Page, Section, SectionId};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{SortBy, SourcePage, SourceSection};

/// Everything the library is built from.
pub struct LibraryInput<'a> {
    pub config: &'a Config,
    pub content_dir: &'a Path,
    pub pages: Vec<SourcePage>,
    pub sections: Vec<SourceSection>,
    pub include_drafts: bool,
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
