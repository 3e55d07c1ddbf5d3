//! What of a WeChat page is kept and what is dropped: void, block and dropped elements,
//! WeChat's clutter, "follow us" and QR-code prompts; and text whitespace as HTML shows it.

pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "mpvoice", "mpvideo",
];
pub(super) const BLOCK: &[&str] = &[
    "p",
    "section",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "pre",
    "article",
    "header",
    "footer",
    "hr",
];
/// Elements whose content is not the article's text.
pub(super) const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "mpvoice",
    "mpvideo",
    "mp-miniprogram",
    "mp-common-profile",
    "mp-common-videosnap",
    "qqmusic",
    "button",
    "form",
    "select",
    "textarea",
    "template",
    "head",
];

/// WeChat's own parts of the page around the article (met when there is no `#js_content`).
pub(super) const CLUTTER: &[&str] = &[
    "rich_media_title",
    "rich_media_meta_list",
    "rich_media_area_extra",
    "rich_media_tool",
    "qr_code_pc",
    "profile_container",
    "reward_area",
];

/// Short lines that ask readers to follow, share or scan: not part of the article.
const PROMPTS: &[&str] = &[
    "长按识别",
    "长按二维码",
    "扫码关注",
    "扫描二维码",
    "识别二维码",
    "扫一扫",
    "点击上方",
    "点上方",
    "点击蓝字",
    "关注我们",
    "欢迎关注",
    "关注公众号",
    "阅读原文",
    "点个在看",
    "点亮在看",
    "分享、点赞",
    "点赞、在看",
    "转发、点赞",
    "预览时标签不可点",
    "微信扫一扫",
];

pub(super) fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub(super) fn is_prompt(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 60 && PROMPTS.iter().any(|p| t.contains(p))
}

/// Whether a picture is a QR code or a decoration to drop (by what WeChat marks on it).
pub(super) fn is_qr(attrs: &[(String, String)]) -> bool {
    ["alt", "class", "id", "data-src", "src", "title"]
        .iter()
        .any(|k| {
            attr(attrs, k).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("qrcode") || v.contains("qr_code") || v.contains("二维码")
            })
        })
}

/// Whitespace as HTML shows it (runs become one space), without invisible characters.
pub(super) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
            || c.is_control() && !c.is_whitespace()
        {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}
