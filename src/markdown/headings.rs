//! Heading ids, anchor links and the toc. Ids are given after the whole page is parsed,
//! because an explicit `{#id}` anywhere on the page reserves that id before any slug is made
//! (Zola's rule: `# Hello` then `# Hi {#hello}` gives `hello-1` to the first).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::toc::{make_table_of_contents, Heading};
use super::{InsertAnchor, RenderContext};

const BUILTIN_ANCHOR: &str =
    "<a class=\"zola-anchor\" href=\"#{id}\" aria-label=\"Anchor link for: {id}\">🔗</a>";

/// Gives every heading its id (explicit `{#id}` first, then slugs with `-1`, `-2` …), writes
/// the opening tag, inserts anchor links and returns the toc.
pub(super) fn headings(events: &mut Vec<Event>, ctx: &RenderContext) -> Vec<Heading> {
    struct Ref {
        start: usize,
        end: usize,
        level: u32,
        id: Option<String>,
        classes: Vec<String>,
    }
    let mut refs: Vec<Ref> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => refs.push(Ref {
                start: i,
                end: i,
                level: *level as u32,
                id: id.as_ref().map(|s| s.to_string()),
                classes: classes.iter().map(|c| c.to_string()).collect(),
            }),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(r) = refs.last_mut() {
                    r.end = i;
                }
            }
            _ => {}
        }
    }
    if refs.is_empty() {
        return Vec::new();
    }
    let mut used: HashSet<String> = refs.iter().filter_map(|r| r.id.clone()).collect();
    // The next suffix to try for each slug, so that many equal headings take linear time.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut inserts: Vec<(usize, Event)> = Vec::new();
    let mut flat = Vec::with_capacity(refs.len());
    for r in refs {
        let mut title = String::new();
        for e in &events[r.start + 1..r.end] {
            if let Event::Text(t) | Event::Code(t) = e {
                title.push_str(t);
            }
        }
        let id = match r.id {
            Some(id) => id,
            None => unique_anchor(
                &used,
                &mut next_suffix,
                ctx.options.slugify_anchors.apply(&title),
            ),
        };
        used.insert(id.clone());

        let mut tag = format!("<h{} id=\"", r.level);
        let _ = escape_html(&mut tag, &id);
        tag.push('"');
        if !r.classes.is_empty() {
            tag.push_str(" class=\"");
            for (i, c) in r.classes.iter().enumerate() {
                if i > 0 {
                    tag.push(' ');
                }
                let _ = escape_html(&mut tag, c);
            }
            tag.push('"');
        }
        tag.push('>');
        events[r.start] = Event::Html(tag.into());

        if ctx.insert_anchor_links != InsertAnchor::None {
            let link = match ctx.anchor_link {
                Some(f) => f(&id, r.level),
                None => BUILTIN_ANCHOR.replace("{id}", &id),
            };
            match ctx.insert_anchor_links {
                InsertAnchor::Left => inserts.push((r.start + 1, Event::Html(link.into()))),
                InsertAnchor::Right => inserts.push((r.end, Event::Html(link.into()))),
                InsertAnchor::Heading => {
                    if let Some(open) = opening_a_tag(&link) {
                        inserts.push((r.start + 1, Event::Html(open.to_string().into())));
                        inserts.push((r.end, Event::Html("</a>".into())));
                    }
                }
                InsertAnchor::None => {}
            }
        }
        flat.push(Heading {
            level: r.level,
            permalink: format!("{}#{}", ctx.current_page_permalink, id),
            id,
            title,
            children: Vec::new(),
        });
    }
    if !inserts.is_empty() {
        let old = std::mem::take(events);
        let mut ins = inserts.into_iter().peekable();
        for (i, e) in old.into_iter().enumerate() {
            while ins.peek().is_some_and(|(at, _)| *at == i) {
                events.push(ins.next().expect("peeked").1);
            }
            events.push(e);
        }
        events.extend(ins.map(|(_, e)| e));
    }
    make_table_of_contents(flat)
}

/// `name`, or `name-1`, `name-2` … whichever is free first. `next` remembers, per name, the
/// suffix below which every candidate is taken (each was given to an earlier heading or
/// reserved), so n equal headings cost n look-ups, not n²/2.
fn unique_anchor(
    used: &HashSet<String>,
    next: &mut HashMap<String, usize>,
    name: String,
) -> String {
    if !used.contains(&name) {
        return name;
    }
    let n = next.entry(name.clone()).or_insert(1);
    loop {
        let candidate = format!("{name}-{n}");
        *n += 1;
        if !used.contains(&candidate) {
            return candidate;
        }
    }
}

/// The `<a …>` opening tag of an anchor template that has a closing `</a>` after it.
fn opening_a_tag(html: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let start = from + i;
        let rest = html[start + 1..].trim_start();
        if rest.starts_with('a') && rest[1..].starts_with(|c: char| c == '>' || c.is_whitespace()) {
            let end = start + html[start..].find('>')?;
            let tail = &html[end..];
            if tail.contains("</a>") || tail.contains("</ a>") {
                return Some(&html[start..=end]);
            }
        }
        from = start + 1;
    }
    None
}
