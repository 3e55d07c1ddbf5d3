//! Which source files will not be published, and why: a draft, under a draft section,
//! `render = false`, or left out by the section's sorting (no `date` under `sort_by = "date"`
//! …). `build` prints them and counts them in its summary line; `check` lists them too. Also
//! the set of pages that are written, which the sitemap lists.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::content::Library;
use crate::diagnostics::{Msg, Unpublished};
use crate::source::{SortBy, SourcePage, SourceSection};

/// What the source files said, taken before the library drops drafts.
#[derive(Debug, Default, Clone)]
pub struct SourceList {
    /// Page files and whether each is marked `draft = true`.
    pages: Vec<(PathBuf, bool)>,
    /// Section files (`_index.md`), their folder and whether each is a draft.
    sections: Vec<(PathBuf, PathBuf, bool)>,
}

impl SourceList {
    pub fn new(pages: &[SourcePage], sections: &[SourceSection]) -> SourceList {
        SourceList {
            pages: pages
                .iter()
                .map(|p| (p.file.path.clone(), p.meta.draft))
                .collect(),
            sections: sections
                .iter()
                .map(|s| (s.file.path.clone(), s.file.parent.clone(), s.meta.draft))
                .collect(),
        }
    }

    /// Every source file that the build does not write, with the reason.
    pub fn unpublished(&self, lib: &Library, include_drafts: bool) -> Vec<Unpublished> {
        let rendered: HashSet<usize> = written_pages(lib).into_iter().collect();
        let page_at: HashMap<&PathBuf, usize> = lib
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.file.path, i))
            .collect();
        let section_at: HashMap<&PathBuf, usize> = lib
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.file.path, i))
            .collect();
        let mut ignored_by: HashMap<usize, usize> = HashMap::new();
        for (sid, s) in lib.sections.iter().enumerate() {
            for &p in &s.ignored_pages {
                ignored_by.entry(p).or_insert(sid);
            }
        }
        let draft_dirs: Vec<(&PathBuf, &PathBuf)> = self
            .sections
            .iter()
            .filter(|s| s.2 && !include_drafts)
            .map(|s| (&s.0, &s.1))
            .collect();
        let under_draft = |path: &PathBuf| -> Option<String> {
            draft_dirs
                .iter()
                .filter(|(file, dir)| *file != path && path.starts_with(dir))
                .map(|(file, _)| lib_relative(file))
                .next()
        };
        let in_draft_section = |path: &PathBuf| {
            under_draft(path).map(|sec| {
                Msg::new(
                    format!("所在栏目 content/{sec} 是草稿（draft = true）"),
                    format!("its section content/{sec} is a draft"),
                )
            })
        };
        let mut out = Vec::new();
        for (path, draft) in &self.pages {
            let reason = match page_at.get(path) {
                Some(&i) => {
                    let p = &lib.pages[i];
                    if !p.meta.render {
                        Msg::new(
                            "头部写了 render = false，不生成页面",
                            "render = false in its front matter",
                        )
                    } else if rendered.contains(&i) {
                        continue;
                    } else if let Some(s) = ignored_by.get(&i).map(|&sid| &lib.sections[sid]) {
                        let field = sort_field(s.meta.sort_by);
                        let (field_zh, field_en) = (&field.zh, &field.en);
                        Msg::new(
                            format!(
                                "content/{} 按 {field_zh} 排序（sort_by = \"{}\"），这篇文章没有 {field_zh}，不会生成页面；请在头部加上 {field_zh}",
                                s.file.relative,
                                sort_name(s.meta.sort_by)
                            ),
                            format!(
                                "content/{} is sorted by {field_en} and the page has no {field_en}: add one",
                                s.file.relative
                            ),
                        )
                    } else {
                        Msg::new("不属于任何会生成的栏目", "not listed by any section")
                    }
                }
                None if *draft && !include_drafts => Msg::new(
                    "草稿（draft = true）；写好后删除这一行即可发布",
                    "a draft (draft = true)",
                ),
                None => match in_draft_section(path) {
                    Some(reason) => reason,
                    None => continue,
                },
            };
            out.push(Unpublished {
                path: path.clone(),
                reason,
            });
        }
        for (path, _, draft) in &self.sections {
            let reason = match section_at.get(path) {
                Some(&i) if !lib.sections[i].meta.render => Msg::new(
                    "栏目头部写了 render = false，不生成栏目页（其中的文章照常发布）",
                    "render = false: the section's own page is not written",
                ),
                Some(_) => continue,
                None if *draft && !include_drafts => Msg::new(
                    "栏目是草稿（draft = true），其中的文章都不发布",
                    "a draft section (draft = true): none of its pages is published",
                ),
                None => match in_draft_section(path) {
                    Some(reason) => reason,
                    None => continue,
                },
            };
            out.push(Unpublished {
                path: path.clone(),
                reason,
            });
        }
        out
    }
}

/// `content/a/_index.md` shown from `content/`.
fn lib_relative(path: &std::path::Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.iter().rposition(|c| c == "content") {
        Some(i) => parts[i + 1..].join("/"),
        None => path.to_string_lossy().into_owned(),
    }
}

fn sort_name(s: SortBy) -> &'static str {
    match s {
        SortBy::Date => "date",
        SortBy::UpdateDate => "update_date",
        SortBy::Title => "title",
        SortBy::TitleBytes => "title_bytes",
        SortBy::Weight => "weight",
        SortBy::Slug => "slug",
        SortBy::Permalink => "permalink",
        SortBy::None => "none",
    }
}

/// The front-matter field a page needs to be sorted.
fn sort_field(s: SortBy) -> Msg {
    match s {
        SortBy::Date => Msg::new("date", "a date"),
        SortBy::UpdateDate => Msg::new("date 或 updated", "a date or updated"),
        SortBy::Title | SortBy::TitleBytes => Msg::new("title", "a title"),
        SortBy::Weight => Msg::new("weight", "a weight"),
        _ => Msg::new("排序字段", "the sort field"),
    }
}

/// The pages Zola renders: those listed by a section (a page a sorted section cannot sort,
/// e.g. one without a date under `sort_by = "date"`, is not rendered) and orphans.
pub fn rendered_pages(lib: &Library) -> Vec<usize> {
    let mut listed = vec![false; lib.pages.len()];
    for s in &lib.sections {
        for &p in &s.pages {
            listed[p] = true;
        }
    }
    for p in lib.orphan_pages() {
        listed[p] = true;
    }
    (0..lib.pages.len()).filter(|&i| listed[i]).collect()
}

/// The pages whose `index.html` the build writes: listed by a section (or orphans) and not
/// `render = false`.
pub fn written_pages(lib: &Library) -> Vec<usize> {
    rendered_pages(lib)
        .into_iter()
        .filter(|&i| lib.pages[i].meta.render)
        .collect()
}
