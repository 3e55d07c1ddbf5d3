//! Internal links, anchors and assets of the built site, checked against the built files.
//!
//! Every `href`/`src` of every built page that points into the site (relative, root-relative,
//! or under `base_url`) must name a built file, and a `#fragment` must name an `id` in it.
//! A broken link is reported at the article that contains it: the line where its Markdown
//! mentions the target, so the writer can find and fix it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::place;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// `href="…"` and `src="…"` values of an HTML document.
pub fn link_targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "href='", "src='"] {
        let quote = if attr.ends_with('"') { '"' } else { '\'' };
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let Some(len) = html[start..].find(quote) else {
                break;
            };
            // Only attributes, not text: the character before must be whitespace.
            let before = html[..from + i].chars().next_back();
            if before.is_some_and(char::is_whitespace) {
                out.push(html[start..start + len].replace("&amp;", "&"));
            }
            from = start + len;
        }
    }
    out
}

/// Every `id="…"` (and `name="…"` of anchors) in a document.
fn ids(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for attr in [" id=\"", " name=\""] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let Some(len) = html[start..].find('"') else {
                break;
            };
            out.insert(html[start..start + len].to_string());
            from = start + len;
        }
    }
    out
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

/// Broken internal links, anchors and assets, reported at the page that contains them.
pub fn check_links(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut id_cache: HashMap<String, HashSet<String>> = HashMap::new();
    for page in &site.library.pages {
        if !page.meta.render {
            continue;
        }
        let key = {
            let p = page.path.trim_matches('/');
            if p.is_empty() {
                "index.html".to_string()
            } else {
                format!("{p}/index.html")
            }
        };
        if !files.contains_key(&key) {
            continue;
        }
        // Only the article's own content is the writer's responsibility; the theme's links
        // are checked once, from the home page, below.
        let content = &page.rendered.content;
        for link in link_targets(content) {
            let Some((target, frag)) = resolve(&site.config.base_url, &key, &link) else {
                continue;
            };
            let exists =
                files.contains_key(&target) || files.contains_key(&format!("{target}/index.html"));
            let anchor_ok = match (&frag, exists) {
                (Some(f), true) if !f.is_empty() => {
                    let t = if files.contains_key(&target) {
                        target.clone()
                    } else {
                        format!("{target}/index.html")
                    };
                    let set = id_cache.entry(t.clone()).or_insert_with(|| {
                        ids(&String::from_utf8_lossy(
                            files.get(&t).map(|v| v.as_slice()).unwrap_or(&[]),
                        ))
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
            let (line, col, src, link) = find_in_markdown(
                &page.raw_content,
                &link,
                &site.config.base_url,
                page.body_line,
            );
            let path = page
                .file
                .path
                .strip_prefix(&site.root)
                .unwrap_or(&page.file.path);
            let diagnostic = if !exists && is_asset(&target) {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!("引用的图片或文件不存在：{link}"),
                    format!("missing asset: {link} (no such file in the site)"),
                    Some((
                        "请把文件放进 static/ 文件夹或文章所在的文件夹，并核对文件名（大小写也要一致）。",
                        "Put the file in static/ or beside the article, and check the file name (case matters).",
                    )),
                )
            } else if !exists {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!("链接指向的页面不存在：{link}"),
                    format!("broken link: {link} (no such page in the site)"),
                    Some((
                        "请检查地址是否写错；链接本站文章建议写成 @/栏目/文章.md 的形式，pufa 会自动检查。",
                        "Check the address; link to articles as @/section/page.md so pufa checks them.",
                    )),
                )
            } else {
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!(
                        "链接中的锚点 #{} 在目标页面中不存在：{link}",
                        frag.unwrap_or_default()
                    ),
                    format!("broken anchor in link: {link}"),
                    Some((
                        "请检查目标页面的小标题是否改过。",
                        "Check the headings of the target page.",
                    )),
                )
            };
            out.push(diagnostic.with_source_line(src));
        }
    }
    out
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
