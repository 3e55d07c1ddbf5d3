//! `bottom_footnotes = true`: moves footnote definitions to a `<section class="footnotes">` at
//! the end, numbered in order of first reference, with back-links (`↩`, `↩2` …), producing the
//! same HTML as Zola 0.22. Definitions never referenced are dropped, as Zola does.

use std::collections::HashMap;
use std::fmt::Write;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Rewrites `events` in place.
pub fn to_bottom(events: &mut Vec<Event<'_>>) {
    let input = std::mem::take(events);
    let mut stack: Vec<Vec<Event>> = Vec::new();
    let mut defs: Vec<Vec<Event>> = Vec::new();
    // name -> (number, times referenced)
    let mut numbers: HashMap<CowStr, (usize, usize)> = HashMap::new();
    for ev in input {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) => stack.push(vec![ev]),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(mut body) = stack.pop() {
                    body.push(ev);
                    defs.push(body);
                }
            }
            Event::FootnoteReference(name) => {
                let next = numbers.len() + 1;
                let entry = numbers.entry(name.clone()).or_insert((next, 0));
                entry.1 += 1;
                let (n, nr) = *entry;
                let html = format!(
                    r##"<sup class="footnote-reference" id="fr-{name}-{nr}"><a href="#fn-{name}">{n}</a></sup>"##
                );
                match stack.last_mut() {
                    Some(body) => body.push(Event::Html(html.into())),
                    None => events.push(Event::Html(html.into())),
                }
            }
            ev => match stack.last_mut() {
                Some(body) => body.push(ev),
                None => events.push(ev),
            },
        }
    }
    if defs.is_empty() {
        return;
    }
    events.push(Event::Html(
        "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    let key = |d: &Vec<Event>| match d.first() {
        Some(Event::Start(Tag::FootnoteDefinition(name))) => numbers.get(name).copied(),
        _ => None,
    };
    let mut defs: Vec<(usize, usize, Vec<Event>)> = defs
        .into_iter()
        .filter_map(|d| key(&d).filter(|k| k.1 > 0).map(|(n, uses)| (n, uses, d)))
        .collect();
    defs.sort_by_key(|d| d.0);
    for (_, uses, def) in defs {
        let len = def.len();
        let mut name = CowStr::from("");
        let mut wrote_backrefs = false;
        for (i, ev) in def.into_iter().enumerate() {
            match ev {
                Event::Start(Tag::FootnoteDefinition(n)) => {
                    events.push(Event::Html(format!(r#"<li id="fn-{n}">"#).into()));
                    name = n;
                }
                // Back-links go inside the last paragraph when the definition ends with one.
                Event::End(TagEnd::FootnoteDefinition) | Event::End(TagEnd::Paragraph)
                    if !wrote_backrefs && i + 2 >= len =>
                {
                    let mut end = String::new();
                    for u in 1..=uses {
                        if u == 1 {
                            let _ = write!(end, r##" <a href="#fr-{name}-{u}">↩</a>"##);
                        } else {
                            let _ = write!(end, r##" <a href="#fr-{name}-{u}">↩{u}</a>"##);
                        }
                    }
                    wrote_backrefs = true;
                    end.push_str(if matches!(ev, Event::End(TagEnd::FootnoteDefinition)) {
                        "</li>\n"
                    } else {
                        "</p>\n"
                    });
                    events.push(Event::Html(end.into()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    events.push(Event::Html("</li>\n".into()))
                }
                ev => events.push(ev),
            }
        }
    }
    events.push(Event::Html("</ol>\n</section>\n".into()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn render(md: &str) -> String {
        let mut ev: Vec<_> = Parser::new_ext(md, Options::ENABLE_FOOTNOTES).collect();
        to_bottom(&mut ev);
        let mut out = String::new();
        html::push_html(&mut out, ev.into_iter());
        out
    }

    // Expected outputs are Zola 0.22's insta snapshots (components/markdown/src/snapshots).
    #[test]
    fn reordered() {
        assert_eq!(
            render("This text has two[^2] footnotes[^1]\n[^1]: not sorted.\n[^2]: But they are"),
            "<p>This text has two<sup class=\"footnote-reference\" id=\"fr-2-1\"><a href=\"#fn-2\">1</a></sup> footnotes<sup class=\"footnote-reference\" id=\"fr-1-1\"><a href=\"#fn-1\">2</a></sup></p>\n<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n<li id=\"fn-2\">\n<p>But they are <a href=\"#fr-2-1\">↩</a></p>\n</li>\n<li id=\"fn-1\">\n<p>not sorted. <a href=\"#fr-1-1\">↩</a></p>\n</li>\n</ol>\n</section>\n"
        );
    }

    #[test]
    fn multiple_refs_and_unused() {
        assert_eq!(
            render("This text has two[^1] identical footnotes[^1]\n[^1]: So one is present.\n[^2]: But another in not."),
            "<p>This text has two<sup class=\"footnote-reference\" id=\"fr-1-1\"><a href=\"#fn-1\">1</a></sup> identical footnotes<sup class=\"footnote-reference\" id=\"fr-1-2\"><a href=\"#fn-1\">1</a></sup></p>\n<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n<li id=\"fn-1\">\n<p>So one is present. <a href=\"#fr-1-1\">↩</a> <a href=\"#fr-1-2\">↩2</a></p>\n</li>\n</ol>\n</section>\n"
        );
    }

    #[test]
    fn none() {
        assert_eq!(render("plain *text*"), "<p>plain <em>text</em></p>\n");
    }
}
