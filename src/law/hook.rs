//! The citation pass over a page's pulldown-cmark events, ready for the markdown stage.
//!
//! Takes the events of one page (with their byte ranges, from `Parser::into_offset_iter`) and
//! a function from byte offset to source line; returns the events with citations turned into
//! links and the article notes placed after each block. Text inside code, links, images,
//! headings, raw HTML and front-matter-like metadata is left alone, and adjacent text events
//! are merged first because pulldown-cmark splits text at characters such as `[` or `*`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::cite::Scanner;

/// Rewrites one page's events. Call [`Scanner::finish`] afterwards for the citations and
/// warnings.
pub fn rewrite<'a, I, L>(events: I, line_of: L, scanner: &mut Scanner<'_>) -> Vec<Event<'a>>
where
    I: IntoIterator<Item = (Event<'a>, Range<usize>)>,
    L: Fn(usize) -> usize,
{
    let mut out: Vec<Event<'a>> = Vec::new();
    // Depth of elements whose text must not be scanned.
    let mut skip = 0usize;
    // A run of text events not yet flushed: (text, offset of its start).
    let mut run: Option<(String, usize)> = None;

    fn flush<'a>(
        run: &mut Option<(String, usize)>,
        out: &mut Vec<Event<'a>>,
        scanner: &mut Scanner<'_>,
        line_of: &dyn Fn(usize) -> usize,
    ) {
        if let Some((text, at)) = run.take() {
            match scanner.text(&text, line_of(at)) {
                Some(html) => out.push(Event::InlineHtml(CowStr::from(html))),
                None => out.push(Event::Text(CowStr::from(text))),
            }
        }
    }

    for (ev, range) in events {
        match ev {
            Event::Text(t) if skip == 0 => match &mut run {
                Some((s, _)) => s.push_str(&t),
                None => run = Some((t.into_string(), range.start)),
            },
            ev => {
                flush(&mut run, &mut out, scanner, &line_of);
                match &ev {
                    Event::Start(
                        Tag::CodeBlock(_)
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::Heading { .. }
                        | Tag::HtmlBlock
                        | Tag::MetadataBlock(_),
                    ) => skip += 1,
                    Event::End(
                        TagEnd::CodeBlock
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Heading(_)
                        | TagEnd::HtmlBlock
                        | TagEnd::MetadataBlock(_),
                    ) => skip = skip.saturating_sub(1),
                    _ => {}
                }
                match &ev {
                    // Notes go after a paragraph, or inside a tight list item / table cell
                    // before it closes, where a `<details>` element is allowed.
                    Event::End(TagEnd::Paragraph) => {
                        out.push(ev);
                        if let Some(notes) = scanner.end_block() {
                            out.push(Event::Html(CowStr::from(notes)));
                        }
                    }
                    Event::End(TagEnd::Item | TagEnd::TableCell) => {
                        if let Some(notes) = scanner.end_block() {
                            out.push(Event::Html(CowStr::from(notes)));
                        }
                        out.push(ev);
                    }
                    _ => out.push(ev),
                }
            }
        }
    }
    flush(&mut run, &mut out, scanner, &line_of);
    if let Some(notes) = scanner.end_block() {
        out.push(Event::Html(CowStr::from(notes)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::tests::sample;
    use pulldown_cmark::{html, Options, Parser};

    fn render(md: &str) -> (String, usize, Vec<usize>) {
        let lib = sample();
        let mut scanner = Scanner::new(&lib);
        let line_of = |off: usize| md[..off].matches('\n').count() + 1;
        let parser = Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter();
        let events = rewrite(parser, line_of, &mut scanner);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        let (cites, warns) = scanner.finish();
        (out, cites.len(), warns.iter().map(|w| w.line).collect())
    }

    #[test]
    fn paragraph_gets_link_and_note_after_it() {
        let (html, n, _) = render("依照《民法典》第1165条[规定](x)，*应当*赔偿。\n");
        assert_eq!(n, 1);
        assert!(html.starts_with(
            "<p>依照<a class=\"law-cite\" href=\"https://x.cn/laws/min-fa-dian/#art-1165\">《民法典》第1165条</a><a href=\"x\">规定</a>，<em>应当</em>赔偿。</p>\n<details class=\"law-note\"><summary>《民法典》第一千一百六十五条</summary>"
        ), "{html}");
    }

    #[test]
    fn code_links_and_headings_are_not_scanned() {
        let md = "# 《民法典》第1165条\n\n`刑法第二十条`\n\n[刑法第二十条](https://a/)\n\n```\n刑法第二十条\n```\n";
        let (html, n, _) = render(md);
        assert_eq!(n, 0);
        assert!(!html.contains("law-cite"));
    }

    #[test]
    fn tight_list_note_inside_item_and_lines() {
        let md = "前言\n\n- 刑法第二十条\n- 《合同法》第一条\n";
        let (html, n, warns) = render(md);
        assert_eq!(n, 1);
        assert_eq!(
            html,
            "<p>前言</p>\n<ul>\n<li><a class=\"law-cite\" href=\"https://x.cn/laws/xing-fa/#art-20\">刑法第二十条</a>\
<details class=\"law-note\"><summary>《刑法》第二十条</summary><blockquote cite=\"https://x.cn/laws/xing-fa/#art-20\">\
<p>为了使国家、公共利益……不负刑事责任。</p><p>正当防卫明显超过必要限度……</p><p>对正在进行行凶……不负刑事责任。</p></blockquote></details>\n\
</li>\n<li>《合同法》第一条</li>\n</ul>\n"
        );
        assert_eq!(warns, [4]);
    }
}
