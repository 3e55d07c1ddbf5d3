//! The table of contents: a flat list of headings in document order becomes Zola's nested
//! `toc` tree (`Heading { level, id, permalink, title, children }`, same field names, so
//! templates that walk `page.toc` work unchanged).

use serde::{Deserialize, Serialize};

/// One heading of a page, as templates see it in `page.toc`.
#[derive(Debug, Default, PartialEq, Eq, Clone, Serialize, Deserialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// Nests headings the way Zola 0.22 does: a heading goes under the last heading of a lower
/// level, as deep as it can (so an `h4` after an `h2` is the `h2`'s child, and a following
/// `h3` is its sibling).
pub fn make_table_of_contents(headings: Vec<Heading>) -> Vec<Heading> {
    let mut toc: Vec<Heading> = Vec::new();
    for h in headings {
        if !insert_into(toc.last_mut(), &h) {
            toc.push(h);
        }
    }
    toc
}

fn insert_into(parent: Option<&mut Heading>, h: &Heading) -> bool {
    let Some(parent) = parent else { return false };
    if h.level <= parent.level {
        return false;
    }
    if !insert_into(parent.children.last_mut(), h) {
        parent.children.push(h.clone());
    }
    true
}

/// Every heading title of a TOC, depth first (for search documents and `check`).
pub fn titles(toc: &[Heading]) -> Vec<String> {
    let mut out = Vec::new();
    for h in toc {
        out.push(h.title.clone());
        out.extend(titles(&h.children));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u32, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            ..Default::default()
        }
    }

    fn shape(t: &[Heading]) -> String {
        t.iter()
            .map(|x| {
                if x.children.is_empty() {
                    x.id.clone()
                } else {
                    format!("{}({})", x.id, shape(&x.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nests_like_zola() {
        let t = make_table_of_contents(vec![
            h(1, "a"),
            h(2, "b"),
            h(4, "c"),
            h(3, "d"),
            h(2, "e"),
            h(1, "f"),
            h(3, "g"),
        ]);
        assert_eq!(shape(&t), "a(b(c d) e) f(g)");
    }

    #[test]
    fn starts_deeper_then_shallower() {
        let t = make_table_of_contents(vec![h(3, "a"), h(2, "b"), h(3, "c")]);
        assert_eq!(shape(&t), "a b(c)");
    }

    #[test]
    fn serialises_with_zola_field_names() {
        let j = serde_json::to_string(&h(2, "x")).unwrap();
        assert_eq!(
            j,
            r#"{"level":2,"id":"x","permalink":"","title":"","children":[]}"#
        );
    }
}
