//! What `styles.xml` and `numbering.xml` say: each paragraph style's heading level (from its
//! *name*, in English or Chinese, or its outline level, following `basedOn`) and whether it is
//! bold; each list's numbering format by level.

use std::collections::BTreeMap;

use super::super::xml::Element;

/// Paragraph styles by id: heading level (from the name or outline level, following
/// `basedOn`) and whether the style itself is bold.
pub(super) struct StyleMap {
    styles: BTreeMap<String, StyleInfo>,
}

struct StyleInfo {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
    bold: bool,
}

impl StyleMap {
    pub(super) fn new(root: Option<&Element>) -> StyleMap {
        let mut styles = BTreeMap::new();
        for s in root.into_iter().flat_map(|r| r.elements()) {
            if s.name != "style" {
                continue;
            }
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            styles.insert(
                id.to_string(),
                StyleInfo {
                    name: s
                        .child("name")
                        .and_then(|n| n.attr("val"))
                        .unwrap_or("")
                        .to_string(),
                    outline: s
                        .child("pPr")
                        .and_then(|p| p.child("outlineLvl"))
                        .and_then(|o| o.attr("val"))
                        .and_then(|v| v.parse::<u8>().ok())
                        .filter(|l| *l < 9)
                        .map(|l| l + 1),
                    based_on: s
                        .child("basedOn")
                        .and_then(|b| b.attr("val"))
                        .map(str::to_string),
                    bold: s
                        .child("rPr")
                        .and_then(|r| r.child("b"))
                        .is_some_and(|b| !matches!(b.attr("val"), Some("0" | "false"))),
                },
            );
        }
        StyleMap { styles }
    }

    pub(super) fn heading_level(&self, id: &str) -> Option<u8> {
        let mut id = id;
        // A style with no entry in styles.xml may still be named by its id (`Heading1`).
        if !self.styles.contains_key(id) {
            return heading_level_from_name(id);
        }
        for _ in 0..8 {
            let s = self.styles.get(id)?;
            if let Some(l) = heading_level_from_name(&s.name).or(s.outline) {
                return Some(l);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    pub(super) fn bold(&self, id: &str) -> bool {
        self.styles.get(id).is_some_and(|s| s.bold)
    }
}

/// `heading 2`, `Heading2`, `标题 2`, `标题2` → 2; `Title`, `标题` → 1.
pub fn heading_level_from_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    if n == "title" || n == "标题" {
        return Some(1);
    }
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

/// `numId` → abstract numbering → the format of each level (ordered unless `bullet`).
pub(super) struct NumberingMap {
    formats: BTreeMap<String, BTreeMap<u8, String>>,
}

impl NumberingMap {
    pub(super) fn new(root: Option<&Element>) -> NumberingMap {
        let mut abstracts: BTreeMap<String, BTreeMap<u8, String>> = BTreeMap::new();
        let mut formats = BTreeMap::new();
        let Some(root) = root else {
            return NumberingMap { formats };
        };
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = BTreeMap::new();
            for l in a.elements().filter(|e| e.name == "lvl") {
                let ilvl = l.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                let fmt = l
                    .child("numFmt")
                    .and_then(|f| f.attr("val"))
                    .unwrap_or("decimal");
                levels.insert(ilvl, fmt.to_string());
            }
            abstracts.insert(id.to_string(), levels);
        }
        for n in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (
                n.attr("numId"),
                n.child("abstractNumId").and_then(|a| a.attr("val")),
            ) else {
                continue;
            };
            if let Some(levels) = abstracts.get(abs) {
                formats.insert(id.to_string(), levels.clone());
            }
        }
        NumberingMap { formats }
    }

    pub(super) fn ordered(&self, num_id: &str, level: u8) -> bool {
        self.formats
            .get(num_id)
            .and_then(|l| l.get(&level))
            .is_some_and(|f| f != "bullet" && f != "none")
    }
}
