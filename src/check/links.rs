//! Internal links, anchors and assets of the built site, checked against the built files.
//!
//! Every `href`/`src` of every built page that points into the site (relative, root-relative,
//! or under `base_url`) must name a built file, and a `#fragment` must name an `id` in it.
//! A broken link is reported at the article that contains it: the line where its Markdown
//! mentions the target, so the writer can find and fix it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::place;
use crate::diagnostics::{Diagnostic, Msg};
use crate::site::Site;

/// `href` and `src` values of an HTML document, read as a browser reads them.
pub fn link_targets(html: &str) -> Vec<String> {
    super::html::scan(html).links
}

/// Resolves a link found in output file `from` (e.g. `cases/a/index.html`) to the output
/// key it names and its fragment, or `None` for links that leave the site.
pub fn resolve(base_url: &str, from: &str, link: &str) -> Option<(String, Option<String>)> {
    let link = link.trim();
    if link.is_empty()
        || link.starts_with('#') && link.len() == 1
        || ["mailto:", "tel:", "javascript:", "data:", "sms:"]
            .iter()
            .any(|p| link.starts_with(p))
    {
        return None;
    }
    let base = base_url.trim_end_matches('/');
    let base_path = base
        .split_once("://")
        .map(|(_, r)| r.find('/').map(|i| &r[i..]).unwrap_or(""))
        .unwrap_or("");
    let (path, frag) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let site_path: String = if let Some(rest) = path.strip_prefix(base) {
        rest.to_string()
    } else if path.contains("://") || path.starts_with("//") {
        return None;
    } else if path.is_empty() {
        format!("/{from}")
    } else if let Some(abs) = path.strip_prefix('/') {
        let abs = format!("/{abs}");
        match abs.strip_prefix(base_path) {
            Some(r) if !base_path.is_empty() => r.to_string(),
            _ => abs,
        }
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        format!("/{dir}/{path}")
    };
    let decoded = percent_encoding::percent_decode_str(&site_path)
        .decode_utf8_lossy()
        .into_owned();
    let mut parts: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    let key = if decoded.ends_with('/') || joined.is_empty() {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined
    };
    Some((key, frag))
}

/// The output file of a page or section whose URL path is `path`.
fn index_key(path: &str) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        "index.html".to_string()
    } else {
        format!("{p}/index.html")
    }
}

/// The source line shown under a finding.
enum Src<'a> {
    /// A line of the body and the caret's byte offset in it.
    Excerpt(&'a str, usize),
    Line(String),
}

/// Every link and image destination of a Markdown body, by what it resolves to in the
/// built site, with where it is written: a broken link is reported at its own place, even
/// when the built page shows it rewritten (`@/a.md#x` as `https://…/a/#x`, `photo.png` as
/// the page's URL + `photo.png`) or when several links name the same page.
struct MarkdownLinks {
    by_target: HashMap<Target, std::collections::VecDeque<(usize, String)>>,
}

/// An output file and the fragment a link names in it.
type Target = (String, Option<String>);

impl MarkdownLinks {
    fn new(md: &str, site: &Site, key: &str) -> MarkdownLinks {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let mut by_target: HashMap<_, std::collections::VecDeque<(usize, String)>> = HashMap::new();
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        for (event, range) in Parser::new_ext(md, opts).into_offset_iter() {
            let dest = match &event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    dest_url.to_string()
                }
                _ => continue,
            };
            // Point at the destination itself when it is written inline (`](dest)`).
            let span = &md[range.clone()];
            let at = span
                .rfind(&format!("]({dest}"))
                .or_else(|| span.rfind(&format!("](<{dest}")))
                .map(|i| range.start + i + 2 + usize::from(span[i + 2..].starts_with('<')))
                .or_else(|| span.find(dest.as_str()).map(|i| range.start + i))
                .unwrap_or(range.start);
            let resolved = match dest.strip_prefix("@/") {
                Some(rest) => {
                    let (file, frag) = match rest.split_once('#') {
                        Some((f, a)) => (f, Some(a)),
                        None => (rest, None),
                    };
                    let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
                    match site.library.permalinks.get(file.as_ref()) {
                        Some(p) => match frag {
                            Some(a) => format!("{p}#{a}"),
                            None => p.clone(),
                        },
                        None => continue,
                    }
                }
                None => dest.clone(),
            };
            if let Some(t) = resolve(&site.config.base_url, key, &resolved) {
                by_target.entry(t).or_default().push_back((at, dest));
            }
        }
        MarkdownLinks { by_target }
    }

    /// The next place where a link to `target#frag` is written (the last one again when
    /// the page shows it more often than the Markdown has it).
    fn take(&mut self, target: &str, frag: Option<&str>) -> Option<(usize, String)> {
        let list = self
            .by_target
            .get_mut(&(target.to_string(), frag.map(str::to_string)))?;
        if list.len() > 1 {
            list.pop_front()
        } else {
            list.front().cloned()
        }
    }
}

/// One page or section whose content is checked.
struct Checked<'a> {
    key: String,
    raw: &'a str,
    body_line: usize,
    file: &'a std::path::Path,
    content: &'a str,
}

/// Broken internal links, anchors and assets, reported at the page or section (its
/// `_index.md`) that contains them.
pub fn check_links(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut id_cache: HashMap<String, HashSet<String>> = HashMap::new();
    let mut checked: Vec<Checked> = Vec::new();
    for page in &site.library.pages {
        if page.meta.render {
            checked.push(Checked {
                key: index_key(&page.path),
                raw: &page.raw_content,
                body_line: page.body_line,
                file: &page.file.path,
                content: &page.rendered.content,
            });
        }
    }
    for s in &site.library.sections {
        if s.meta.render && !s.is_default && s.meta.redirect_to.is_none() {
            checked.push(Checked {
                key: index_key(&s.path),
                raw: &s.raw_content,
                body_line: s.body_line,
                file: &s.file.path,
                content: &s.rendered.content,
            });
        }
    }
    let lookup = |k: &str| files.get(k).map(Vec::as_slice);
    for c in checked {
        if !files.contains_key(&c.key) {
            continue;
        }
        check_content(site, &lookup, &mut id_cache, c, &mut out);
    }
    out
}

/// Broken internal links, anchors and assets of one page that is not built yet (the
/// editor's preview): `page` rendered, its HTML `html`, the other files from `files`.
pub fn check_page_links<'f: 'h, 'h>(
    site: &Site,
    page: &crate::content::Page,
    html: &'h [u8],
    files: &dyn Fn(&str) -> Option<&'f [u8]>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !page.meta.render {
        return out;
    }
    let key = index_key(&page.path);
    let own = key.clone();
    let lookup = |k: &str| -> Option<&'h [u8]> {
        if k == own {
            Some(html)
        } else {
            files(k)
        }
    };
    let checked = Checked {
        key,
        raw: &page.raw_content,
        body_line: page.body_line,
        file: &page.file.path,
        content: &page.rendered.content,
    };
    check_content(site, &lookup, &mut HashMap::new(), checked, &mut out);
    out
}

/// The links of one page or section's content, checked against the files `files` finds.
fn check_content<'f>(
    site: &Site,
    files: &dyn Fn(&str) -> Option<&'f [u8]>,
    id_cache: &mut HashMap<String, HashSet<String>>,
    c: Checked,
    out: &mut Vec<Diagnostic>,
) {
    let base_url = &site.config.base_url;
    {
        let key = c.key;
        // Only the article's own content is the writer's responsibility; the theme's links
        // are not checked here.
        let mut written: Option<MarkdownLinks> = None;
        let mut locator = super::Locator::new(c.raw, c.body_line);
        for link in link_targets(c.content) {
            let Some((target, frag)) = resolve(base_url, &key, &link) else {
                continue;
            };
            let exists =
                files(&target).is_some() || files(&format!("{target}/index.html")).is_some();
            let anchor_ok = match (&frag, exists) {
                (Some(f), true) if !f.is_empty() => {
                    let t = if files(&target).is_some() {
                        target.clone()
                    } else {
                        format!("{target}/index.html")
                    };
                    let set = id_cache.entry(t.clone()).or_insert_with(|| {
                        super::html::scan(&String::from_utf8_lossy(files(&t).unwrap_or(&[]))).ids
                    });
                    let decoded = percent_encoding::percent_decode_str(f)
                        .decode_utf8_lossy()
                        .into_owned();
                    set.contains(f) || set.contains(&decoded)
                }
                _ => true,
            };
            if exists && anchor_ok {
                continue;
            }
            let md = written.get_or_insert_with(|| MarkdownLinks::new(c.raw, site, &key));
            let (line, col, src, link) = match md.take(&target, frag.as_deref()) {
                Some((at, as_written)) => {
                    let spot = locator.locate(at);
                    let src = Src::Excerpt(spot.line_text, spot.in_line);
                    (spot.line, spot.col, Some(src), as_written)
                }
                None => {
                    let (line, col, src, link) =
                        find_in_markdown(c.raw, &link, base_url, c.body_line);
                    let src = (!src.is_empty()).then_some(Src::Line(src));
                    (line, col, src, link)
                }
            };
            let path = c.file.strip_prefix(&site.root).unwrap_or(c.file);
            let diagnostic = if !exists && is_asset(&target) {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    Msg::new(
                        format!("引用的图片或文件不存在：{link}"),
                        format!("missing asset: {link} (no such file in the site)"),
                    ),
                )
                .with_hint(Msg::new(
                    "请把文件放进 static/ 文件夹或文章所在的文件夹，并核对文件名（大小写也要一致）。",
                    "Put the file in static/ or beside the article, and check the file name (case matters).",
                ))
            } else if !exists {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    Msg::new(
                        format!("链接指向的页面不存在：{link}"),
                        format!("broken link: {link} (no such page in the site)"),
                    ),
                )
                .with_hint(Msg::new(
                    "请检查地址是否写错；链接本站文章建议写成 @/栏目/文章.md 的形式，pufa 会自动检查。",
                    "Check the address; link to articles as @/section/page.md so pufa checks them.",
                ))
            } else {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    Msg::new(
                        format!(
                            "链接中的锚点 #{} 在目标页面中不存在：{link}",
                            frag.unwrap_or_default()
                        ),
                        format!("broken anchor in link: {link}"),
                    ),
                )
                .with_hint(Msg::new(
                    "请检查目标页面的小标题是否改过。",
                    "Check the headings of the target page.",
                ))
            };
            out.push(match src {
                Some(Src::Excerpt(text, at)) => diagnostic.with_source_excerpt(text, at),
                Some(Src::Line(text)) => diagnostic.with_source_line(text),
                None => diagnostic,
            });
        }
    }
}

/// A file rather than a page: its last segment has an extension other than `.html`.
fn is_asset(target: &str) -> bool {
    let last = target.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.eq_ignore_ascii_case("html") && !ext.is_empty())
}

/// Where a link target is written in the Markdown: its line, column and line text, and the
/// link as the writer wrote it. The built page may show it rewritten (made absolute under
/// `base_url`, `#x` turned into the page's own URL), so shorter spellings are tried too.
fn find_in_markdown(
    md: &str,
    link: &str,
    base_url: &str,
    body_line: usize,
) -> (usize, usize, String, String) {
    let base = base_url.trim_end_matches('/');
    let mut candidates = vec![link.to_string()];
    if let Some(rest) = link.strip_prefix(base) {
        candidates.push(rest.to_string());
    }
    let (path, frag) = link.split_once('#').unwrap_or((link, ""));
    if !frag.is_empty() {
        candidates.push(format!("(#{frag})"));
        candidates.push(format!("#{frag}"));
    }
    if !path.is_empty() {
        candidates.push(path.to_string());
        if let Some(rest) = path.strip_prefix(base) {
            candidates.push(rest.to_string());
        }
    }
    for c in &candidates {
        if let Some(at) = md.find(c.as_str()) {
            let (at, written) = match c.strip_prefix('(') {
                Some(inner) => (at + 1, inner.trim_end_matches(')').to_string()),

                None => (at, c.clone()),
            };
            let (line, col, src) = place(md, at, body_line);
            return (line, col, src, written);
        }
    }
    (body_line, 1, String::new(), link.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_under_a_sub_path() {
        let base = "https://portal.example.gov.cn/town/pufa";
        assert_eq!(
            resolve(
                base,
                "cases/a/index.html",
                "https://portal.example.gov.cn/town/pufa/cases/b/#x"
            ),
            Some(("cases/b/index.html".into(), Some("x".into())))
        );
        assert_eq!(
            resolve(base, "cases/a/index.html", "/town/pufa/img/logo.svg"),
            Some(("img/logo.svg".into(), None))
        );
        assert_eq!(
            resolve(base, "cases/a/index.html", "photo.png"),
            Some(("cases/a/photo.png".into(), None))
        );
        assert_eq!(
            resolve(base, "cases/a/index.html", "https://other.example/"),
            None
        );
        assert_eq!(resolve(base, "cases/a/index.html", "mailto:a@b.c"), None);
    }

    #[test]
    fn broken_links_are_found_where_the_writer_wrote_them() {
        let base = "https://example.gov.cn/pufa";
        let md = "第一行\n见[下文](#bu-cun-zai)和[别处](/cases/x/)。";
        assert_eq!(
            find_in_markdown(
                md,
                "https://example.gov.cn/pufa/cases/a/#bu-cun-zai",
                base,
                5
            ),
            (
                6,
                7,
                "见[下文](#bu-cun-zai)和[别处](/cases/x/)。".into(),
                "#bu-cun-zai".into()
            )
        );
        assert_eq!(
            find_in_markdown(md, "https://example.gov.cn/pufa/cases/x/", base, 5).3,
            "/cases/x/"
        );
    }

    #[test]
    fn finds_attribute_values_only() {
        let html = r#"<a href="/a/">x</a> text href=&quot;no&quot; <img src='b.png' alt="">"#;
        assert_eq!(
            link_targets(html),
            vec!["/a/".to_string(), "b.png".to_string()]
        );
    }
}
