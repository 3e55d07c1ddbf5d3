//! The pulldown-cmark pass: parses the shortcode-expanded body once and rewrites the event
//! stream the way Zola 0.22 does (links, images, code blocks, html shortcode placeholders,
//! `<!-- more -->`, heading ids and anchors, footnotes), then writes the body and summary.
//!
//! Kept as one linear walk over the events plus a heading pass, so the cost is linear in the
//! page; offsets from the parser are mapped back through the shortcode [`OffsetMap`] so every
//! error and warning points at the author's own text.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::headings::headings;
use super::highlight::{self, Style};
use super::links::{external_link_tag, fix_link, is_colocated_asset_link, is_external_link};
use super::placeholders::{HtmlOutputs, Piece};
use super::pos::Pos;
use super::shortcode::{Expanded, PLACEHOLDER};
use super::summary::{summary, CONTINUE_READING};
use super::{LineIndex, MarkdownError, RenderContext, Rendered};
use crate::diagnostics::Msg;

static EMOJI: LazyLock<gh_emoji::Replacer> = LazyLock::new(gh_emoji::Replacer::new);

/// How deep lists and quotes may nest in one page: far beyond any article (10,000 levels
/// still build, as in Zola), far below what took gigabytes.
pub(super) const MAX_NESTING: usize = 20_000;

pub(super) fn render_expanded(
    original: &str,
    lines: &LineIndex,
    exp: Expanded,
    ctx: &mut RenderContext,
) -> Result<Rendered, Vec<MarkdownError>> {
    let opts = ctx.options;
    let mut errors: Vec<MarkdownError> = Vec::new();
    let Expanded {
        content,
        html,
        html_at,
        map,
        warnings,
    } = exp;
    let pos = Pos {
        original,
        lines,
        map: &map,
    };
    let content = content.as_str();
    let mut html_sc = HtmlOutputs::new(content, html, html_at);
    let mut out = Rendered {
        warnings,
        ..Default::default()
    };

    let mut po = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if opts.smart_punctuation {
        po |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if opts.definition_list {
        po |= Options::ENABLE_DEFINITION_LIST;
    }
    if opts.github_alerts {
        po |= Options::ENABLE_GFM;
    }
    let style = if !opts.highlight_code {
        Style::None
    } else if opts.highlight_theme == "css" {
        Style::Classes
    } else {
        // An unknown name is caught by config validation (`known_theme`).
        match highlight::find_theme(&opts.highlight_theme) {
            Some(t) => Style::Inline(t),
            None => Style::Inline(highlight::find_theme("base16-ocean-dark").expect("bundled")),
        }
    };

    let mut events: Vec<Event> = Vec::with_capacity(content.len() / 8);
    let mut code: Option<(String, usize)> = None; // (fence info, start offset)
    let mut code_text = String::new();
    let mut inside_attribute = false;
    let mut stop_next_end_p = false;
    let mut has_summary = false;
    let (mut in_link, mut in_heading, mut in_image) = (0u32, false, 0u32);

    // Running text for the hook is gathered until the next non-text event, so the hook sees
    // whole runs ("《民法典》第1165条") even where pulldown-cmark splits text at `[` or `&`.
    let mut pending: Option<(String, usize)> = None;

    let mut depth = 0usize;
    let parser = Parser::new_ext(content, po);
    let quirks = blank_after_definition(content, &parser);
    for (event, range) in with_zola_blank_lines(parser.into_offset_iter(), quirks) {
        // Lists in lists in quotes …: a line of 3,000,000 `- ` nests as deep, and its
        // events alone took gigabytes. No real article nests more than a few levels.
        match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(vec![pos.error(
                        range.start,
                        Msg::new(
                            format!(
                                "列表或引用嵌套超过 {MAX_NESTING} 层，无法生成；\
                             请检查这一行开头的 -、*、> 是否写多了"
                            ),
                            format!(
                                "lists or quotes nested more than {MAX_NESTING} levels deep; \
                             check the `-`, `*`, `>` at the start of this line"
                            ),
                        ),
                    )]);
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if pending.is_some() && !matches!(event, Event::Text(_)) {
            flush_text(&mut pending, &mut events, ctx, &pos);
        }
        match event {
            Event::Text(text) if code.is_some() => {
                if text.contains(PLACEHOLDER) {
                    code_text.push_str(&html_sc.replace(&text, range));
                } else {
                    code_text.push_str(&text);
                }
            }
            Event::Text(text) => {
                let text: CowStr = if opts.render_emoji {
                    match EMOJI.replace_all(&text) {
                        std::borrow::Cow::Borrowed(_) => text,
                        std::borrow::Cow::Owned(s) => s.into(),
                    }
                } else {
                    text
                };
                let hookable = ctx.text_hook.is_some()
                    && in_link == 0
                    && !in_heading
                    && in_image == 0
                    && !inside_attribute;
                if !text.contains(PLACEHOLDER) {
                    if hookable || inside_attribute {
                        gather(
                            &mut pending,
                            &mut events,
                            &text,
                            inside_attribute,
                            range.start,
                        );
                    } else {
                        events.push(Event::Text(text));
                    }
                    continue;
                }
                for piece in html_sc.split(&text, range.clone()) {
                    let piece = match piece {
                        Piece::Html(html) => {
                            flush_text(&mut pending, &mut events, ctx, &pos);
                            events.push(Event::Html(html.into()));
                            continue;
                        }
                        Piece::Text(t) => t,
                    };
                    if hookable || inside_attribute {
                        gather(
                            &mut pending,
                            &mut events,
                            piece,
                            inside_attribute,
                            range.start,
                        );
                    } else {
                        events.push(Event::Text(piece.to_string().into()));
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                let (info, start) = code.take().unwrap_or_default();
                match code_block(
                    &info,
                    &code_text,
                    style,
                    start,
                    &pos,
                    &mut out,
                    opts.error_on_missing_language,
                ) {
                    Ok(html) => events.push(Event::Html(html.into())),
                    Err(e) => errors.push(e),
                }
                code_text.clear();
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link: CowStr = if is_colocated_asset_link(&dest_url) {
                    format!("{}{}", ctx.current_page_permalink, dest_url).into()
                } else {
                    dest_url
                };
                if opts.lazy_async_image {
                    let mut s = String::from("<img src=\"");
                    let _ = escape_href(&mut s, &link);
                    if !title.is_empty() {
                        s.push_str("\" title=\"");
                        let _ = escape_href(&mut s, &title);
                    }
                    s.push_str("\" alt=\"");
                    inside_attribute = true;
                    events.push(Event::Html(s.into()));
                } else {
                    in_image += 1;
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: link,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) => {
                if opts.lazy_async_image {
                    // Zola leaves its attribute flag set after a lazy image, so later text is
                    // escaped as an attribute; pufa resets it (same HTML for any text without `"`).
                    inside_attribute = false;
                    events.push(Event::Html(
                        "\" loading=\"lazy\" decoding=\"async\" />".into(),
                    ));
                } else {
                    in_image = in_image.saturating_sub(1);
                    events.push(event);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                // Errors are collected and rendering goes on, so one build shows them all.
                let fixed = if dest_url.is_empty() {
                    errors.push(pos.error(
                        range.start,
                        Msg::new(
                            "有一个链接缺少网址：`[文字](网址)` 的括号里不能为空",
                            "There is a link that is missing a URL",
                        ),
                    ));
                    "#".to_string()
                } else {
                    match fix_link(link_type, &dest_url, ctx, range.start, &pos, &mut out) {
                        Ok(l) => l,
                        Err(e) => {
                            errors.push(e);
                            dest_url.to_string()
                        }
                    }
                };
                if is_external_link(&dest_url) && opts.has_external_link_tweaks() {
                    let mut url = String::new();
                    let _ = escape_href(&mut url, &dest_url);
                    events.push(Event::Html(external_link_tag(opts, &url, &title).into()));
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: fixed.into(),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                events.push(event);
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                events.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph that is only an html shortcode loses its `<p>` (Zola does this).
                let para = &content[range.clone()];
                let lead = para.len() - para.trim_start().len();
                if para.trim() == PLACEHOLDER && html_sc.starts_at(range.start + lead) {
                    stop_next_end_p = true;
                } else {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if stop_next_end_p {
                    stop_next_end_p = false;
                } else {
                    events.push(event);
                }
                // After the paragraph: notes are block content, not allowed inside `<p>`.
                if let Some(html) = end_block(ctx) {
                    events.push(Event::Html(html.into()));
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::DefinitionListDefinition) => {
                // Before the closing tag: after `</li>` it would sit directly inside `<ul>`.
                if let Some(html) = end_block(ctx) {
                    events.push(Event::Html(html.into()));
                }
                events.push(event);
            }
            Event::Html(text) | Event::InlineHtml(text)
                if !has_summary && is_more_divider(&text) =>
            {
                has_summary = true;
                events.push(Event::Html(CONTINUE_READING.into()));
            }
            Event::Html(text) | Event::InlineHtml(text) if text.contains(PLACEHOLDER) => {
                for piece in html_sc.split(&text, range) {
                    events.push(Event::Html(match piece {
                        Piece::Html(html) => html.into(),
                        Piece::Text(t) => t.to_string().into(),
                    }));
                }
            }
            // Zola leaves the placeholder in inline code (and hands its output to the next
            // shortcode); the output goes into the code as text, like in a code block.
            Event::Code(text) if text.contains(PLACEHOLDER) => {
                events.push(Event::Code(html_sc.replace(&text, range).into()));
            }
            _ => events.push(event),
        }
    }
    flush_text(&mut pending, &mut events, ctx, &pos);
    for at in html_sc.unplaced() {
        out.warnings.push(pos.warning(at, Msg::new("这个 HTML 短代码的输出放不到这里（链接地址、图片地址或标题属性里）；这种位置请改用 \
             `.md` 短代码", "The output of this HTML shortcode has no place here (in a link address, image \
             source or heading attribute); use a `.md` shortcode there")));
    }
    events.retain(|e| !matches!(e, Event::Text(t) | Event::Html(t) if t.is_empty()));

    out.toc = headings(&mut events, ctx);
    if opts.bottom_footnotes {
        super::footnotes::to_bottom(&mut events);
    }
    if has_summary {
        out.summary = Some(summary(&events, ctx));
    }
    out.body = String::with_capacity(content.len() * 3 / 2);
    html::push_html(&mut out.body, events.into_iter());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(out)
}

/// Text that is either an attribute value (escaped now) or running text for the hook.
fn gather(
    pending: &mut Option<(String, usize)>,
    events: &mut Vec<Event<'_>>,
    text: &str,
    inside_attribute: bool,
    offset: usize,
) {
    if inside_attribute {
        let mut buf = String::new();
        let _ = escape_html(&mut buf, text);
        events.push(Event::Html(buf.into()));
    } else {
        pending
            .get_or_insert_with(|| (String::new(), offset))
            .0
            .push_str(text);
    }
}

/// Hands gathered running text to the hook; its HTML, or the text itself, goes out.
fn flush_text(
    pending: &mut Option<(String, usize)>,
    events: &mut Vec<Event<'_>>,
    ctx: &mut RenderContext,
    pos: &Pos,
) {
    let Some((text, offset)) = pending.take() else {
        return;
    };
    if let Some(hook) = ctx.text_hook.as_deref_mut() {
        if let Some(html) = hook.text(&text, pos.at(offset).0) {
            events.push(Event::Html(html.into()));
            return;
        }
    }
    events.push(Event::Text(text.into()));
}

fn end_block(ctx: &mut RenderContext) -> Option<String> {
    ctx.text_hook.as_deref_mut().and_then(|h| h.end_block())
}

fn code_block(
    info: &str,
    text: &str,
    style: Style,
    start: usize,
    pos: &Pos,
    out: &mut Rendered,
    error_on_missing: bool,
) -> Result<String, MarkdownError> {
    let (html, unknown) = highlight::render_code_block(info, text, style);
    if unknown {
        let lang = highlight::Fence::parse(info).language;
        let mut en = format!("Language `{lang}` not found for syntax highlighting");
        let mut zh = format!("代码高亮不认识语言 `{lang}`，按纯文本显示");
        if let Some(why) = super::extra_hl::failure_note() {
            en.push_str(&format!(" ({})", why.en));
            zh.push_str(&format!("（{}）", why.zh));
        }
        if error_on_missing {
            return Err(pos.error(start, Msg::new(zh, en)));
        }
        out.warnings.push(pos.warning(start, Msg::new(zh, en)));
    }
    Ok(html)
}

/// `<!--\s*more\s*-->` anywhere in the text, any case.
fn is_more_divider(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        let after = rest[i + 4..].trim_start();
        // `get` because the text after `<!--` may start with a multi-byte character.
        if after
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("more"))
            && after[4..].trim_start().starts_with("-->")
        {
            return true;
        }
        rest = &rest[i + 4..];
    }
    false
}

/// A line of only blanks (at least 4 columns) right after a link reference definition, as
/// pulldown-cmark 0.13.0 (Zola 0.22.1's) reads it: not a blank line but the start of the
/// paragraph's text. So it gives an empty paragraph when nothing follows, and a line break at
/// the start of the next paragraph otherwise; later pulldown-cmark versions give neither.
/// Each found: (blank line start, next line start, whether the break is a hard one).
fn blank_after_definition(content: &str, parser: &Parser) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        let Range { start, end } = def.span.clone();
        // Only a definition at the start of a line outside any container.
        let line_start = content[..start].rfind('\n').map_or(0, |i| i + 1);
        let lead = &content[line_start..start];
        if lead.len() > 3 || lead.bytes().any(|b| b != b' ') {
            continue;
        }
        let after = &content[end..];
        let blank_start = if content[..end].ends_with('\n') {
            end
        } else {
            match after.find('\n') {
                Some(i) if after[..i].trim().is_empty() => end + i + 1,
                _ => continue,
            }
        };
        let rest = &content[blank_start..];
        let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..line_len].trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.bytes().any(|b| b != b' ' && b != b'\t') {
            continue;
        }
        let columns = line
            .bytes()
            .fold(0, |c, b| if b == b'\t' { c + 4 - c % 4 } else { c + 1 });
        if columns < 4 {
            continue;
        }
        let hard = line.len() - line.trim_end_matches(' ').len() >= 2;
        out.push((blank_start, blank_start + line_len, hard));
    }
    out.sort_unstable();
    out
}

/// The events with [`blank_after_definition`]'s paragraphs put in.
fn with_zola_blank_lines<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    quirks: Vec<(usize, usize, bool)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    let mut quirks = quirks.into_iter().peekable();
    let mut events = events.peekable();
    let mut queue: std::collections::VecDeque<(Event<'a>, Range<usize>)> = Default::default();
    std::iter::from_fn(move || {
        if let Some(e) = queue.pop_front() {
            return Some(e);
        }
        let Some(&(blank, next, hard)) = quirks.peek() else {
            return events.next();
        };
        let at = blank..next;
        match events.peek() {
            Some((Event::Start(Tag::Paragraph), r)) if r.start == next => {
                quirks.next();
                let (start, r) = events.next()?;
                let brk = if hard {
                    Event::HardBreak
                } else {
                    Event::SoftBreak
                };
                queue.push_back((brk, at));
                Some((start, r))
            }
            Some((_, r)) if r.start < blank => events.next(),
            _ => {
                quirks.next();
                queue.push_back((Event::End(TagEnd::Paragraph), at.clone()));
                Some((Event::Start(Tag::Paragraph), at))
            }
        }
    })
}
