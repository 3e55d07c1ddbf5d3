//! Links and images: `@/page.md#anchor` through the [`LinkResolver`](super::LinkResolver),
//! colocated assets (`a.png` → page permalink + `a.png`), `#anchor` on the page itself, and
//! Zola's external-link attributes. Every resolved target is recorded for the link checker.

use std::fmt::Write;

use pulldown_cmark::LinkType;

use super::pos::Pos;
use super::{MarkdownError, MarkdownOptions, RenderContext, Rendered};
use crate::diagnostics::Msg;

pub(super) fn is_external_link(link: &str) -> bool {
    link.starts_with("http:") || link.starts_with("https:")
}

/// Links to files next to the page (`image.png`, `./a.pdf`): not absolute, not `..`, not an
/// anchor, and no `scheme:` prefix.
pub(super) fn is_colocated_asset_link(link: &str) -> bool {
    let has_scheme = link.find(':').is_some_and(|i| {
        i > 0
            && link[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    !link.starts_with('/') && !link.starts_with("..") && !link.starts_with('#') && !has_scheme
}

pub(super) fn fix_link(
    link_type: LinkType,
    link: &str,
    ctx: &RenderContext,
    offset: usize,
    pos: &Pos,
    out: &mut Rendered,
) -> Result<String, MarkdownError> {
    if link_type == LinkType::Email {
        return Ok(link.to_string());
    }
    if let Some(target) = link.strip_prefix("@/") {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        return match ctx.links.resolve(&path) {
            Some(permalink) => {
                out.internal_links
                    .push((path.to_string(), anchor.map(str::to_string)));
                Ok(match anchor {
                    Some(a) => format!("{permalink}#{a}"),
                    None => permalink,
                })
            }
            None => {
                let en = format!("Broken relative link `{link}`: no page `content/{path}`");
                let zh = format!(
                    "站内链接 `{link}` 指向的文章不存在：找不到 content/{path}，请检查路径和文件名"
                );
                if ctx.options.internal_link_error {
                    Err(pos.error(offset, Msg::new(zh, en)))
                } else {
                    out.warnings.push(pos.warning(offset, Msg::new(zh, en)));
                    Ok(link.to_string())
                }
            }
        };
    }
    if is_colocated_asset_link(link) {
        return Ok(format!("{}{}", ctx.current_page_permalink, link));
    }
    if is_external_link(link) {
        out.external_links.push(link.to_string());
        return Ok(link.to_string());
    }
    if link != "#" {
        if let (Some(anchor), Some(path)) = (link.strip_prefix('#'), ctx.current_page_path) {
            out.internal_links
                .push((path.to_string(), Some(anchor.to_string())));
            return Ok(format!("{}{}", ctx.current_page_permalink, link));
        }
    }
    Ok(link.to_string())
}

/// Zola's external link tag; `url` is already escaped, `title` is written as given (as Zola).
pub(super) fn external_link_tag(o: &MarkdownOptions, url: &str, title: &str) -> String {
    let mut rel = Vec::new();
    let mut s = String::from("<a ");
    if let Some(c) = &o.external_links_class {
        let _ = write!(s, "class=\"{c}\" ");
    }
    if o.external_links_target_blank {
        rel.push("noopener");
    }
    if o.external_links_no_follow {
        rel.push("nofollow");
    }
    if o.external_links_no_referrer {
        rel.push("noreferrer");
    }
    if o.external_links_external {
        rel.push("external");
    }
    if !rel.is_empty() {
        let _ = write!(s, "rel=\"{}\" ", rel.join(" "));
    }
    if o.external_links_target_blank {
        s.push_str("target=\"_blank\" ");
    }
    if !title.is_empty() {
        let _ = write!(s, "title=\"{title}\" ");
    }
    let _ = write!(s, "href=\"{url}\">");
    s
}
