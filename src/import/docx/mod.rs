//! Reads a .docx package into a plain document model: paragraphs (with their heading level,
//! list level and inline runs), tables, images and footnotes.
//!
//! Heading levels come from style *names*, not ids: a Chinese-locale Word saves "heading 1"
//! under the style id `1` (WPS: `a3` …), so `styles.xml` is read to map ids to names, and a
//! style's outline level or the style it is based on count too.

use std::collections::BTreeMap;
use std::io::Read;

use super::xml::{self, Element};
use super::ImportError;

mod styles;

pub use styles::heading_level_from_name;
use styles::{NumberingMap, StyleMap};

/// A document as the importer needs it.
#[derive(Debug, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Footnote id → its text.
    pub footnotes: BTreeMap<String, String>,
    /// Relationship id → (file name in `word/media`, bytes).
    pub media: BTreeMap<String, (String, Vec<u8>)>,
    /// Pictures the document shows but the upload does not hold (a saved web page without
    /// its folder).
    pub missing_pictures: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    /// Rows of cells, each cell as its runs.
    Table(Vec<Vec<Vec<Inline>>>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    /// 1-based heading level from the paragraph style (a "Title" style counts as 1).
    pub heading: Option<u8>,
    /// `(ordered, level)` for a numbered or bulleted paragraph.
    pub list: Option<(bool, u8)>,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    Link {
        text: String,
        url: String,
    },
    /// An image by relationship id, with the description Word keeps as alt text.
    Image {
        rid: String,
        alt: String,
    },
    Footnote(String),
    Break,
}

impl Para {
    /// The paragraph's text without formatting.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text { text, .. } | Inline::Link { text, .. } => s.push_str(text),
                Inline::Break => s.push(' '),
                _ => {}
            }
        }
        s
    }

    /// Whether every visible character is bold (the way headings are faked with formatting).
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        for i in &self.inlines {
            if let Inline::Text { text, bold, .. } = i {
                if !text.trim().is_empty() {
                    if !bold {
                        return false;
                    }
                    any = true;
                }
            }
        }
        any
    }
}

/// Largest part of a package that is read (the document's text, one picture).
pub const MAX_PART: u64 = 64 << 20;
/// Most a package may unpack to in all.
pub const MAX_UNPACKED: u64 = 256 << 20;

/// Unpacks one zip entry, at most [`MAX_PART`] of it and [`MAX_UNPACKED`] counted in `total`
/// over the whole package: a zip bomb is refused, not unpacked into memory.
pub(super) fn read_bounded(
    entry: impl Read,
    name: &str,
    total: &mut u64,
) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    entry
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    *total += buf.len() as u64;
    if buf.len() as u64 > MAX_PART || *total > MAX_UNPACKED {
        return Err(format!(
            "{name} 解压后超过 {} MB（可能是“压缩炸弹”），没有导入",
            MAX_PART >> 20
        ));
    }
    Ok(buf)
}

/// Opens the package and reads the document, its styles, numbering, footnotes and media.
pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::NotDocx(e.to_string()))?;
    // A package is compressed: bound what it may unpack to (a zip bomb is refused, not
    // unpacked into memory).
    let mut total = 0u64;
    let mut part = |name: &str| -> Result<Option<Vec<u8>>, ImportError> {
        let Ok(f) = zip.by_name(name) else {
            return Ok(None);
        };
        read_bounded(f, name, &mut total)
            .map(Some)
            .map_err(ImportError::NotDocx)
    };
    let parse = |name: &str, bytes: Option<Vec<u8>>| -> Result<Option<Element>, ImportError> {
        bytes
            .map(|b| {
                xml::parse(&String::from_utf8_lossy(&b))
                    .map_err(|e| ImportError::NotDocx(format!("{name}: {e}")))
            })
            .transpose()
    };
    let document = parse("word/document.xml", part("word/document.xml")?)?
        .ok_or_else(|| ImportError::NotDocx("word/document.xml missing".into()))?;
    let styles = parse("word/styles.xml", part("word/styles.xml")?)?;
    let numbering = parse("word/numbering.xml", part("word/numbering.xml")?)?;
    let footnotes = parse("word/footnotes.xml", part("word/footnotes.xml")?)?;
    let rels = parse(
        "word/_rels/document.xml.rels",
        part("word/_rels/document.xml.rels")?,
    )?;

    let styles = StyleMap::new(styles.as_ref());
    let numbering = NumberingMap::new(numbering.as_ref());
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    if let Some(rels) = &rels {
        for r in rels.elements() {
            if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) {
                targets.insert(id.to_string(), target.to_string());
            }
        }
    }
    let ctx = Context {
        styles: &styles,
        numbering: &numbering,
        targets: &targets,
    };

    let mut doc = Document::default();
    if let Some(body) = document.child("body") {
        for e in body.elements() {
            match e.name.as_str() {
                "p" => doc.blocks.push(Block::Para(ctx.para(e))),
                "tbl" => doc.blocks.push(ctx.table(e)),
                // Content controls and similar wrappers: read what is inside.
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        for p in content.elements().filter(|c| c.name == "p") {
                            doc.blocks.push(Block::Para(ctx.para(p)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(notes) = &footnotes {
        for n in notes.elements().filter(|n| n.name == "footnote") {
            let (Some(id), None) = (n.attr("id"), n.attr("type")) else {
                continue;
            };
            let text: Vec<String> = n
                .elements()
                .filter(|p| p.name == "p")
                .map(|p| ctx.para(p).plain().trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            doc.footnotes.insert(id.to_string(), text.join(" "));
        }
    }
    let mut rids = Vec::new();
    collect_image_rids(&doc.blocks, &mut rids);
    for rid in rids {
        let Some(target) = targets.get(&rid) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("word/{target}"),
        };
        if let Some(bytes) = part(&path)? {
            let name = path.rsplit('/').next().unwrap_or("image").to_string();
            doc.media.insert(rid, (name, bytes));
        }
    }
    Ok(doc)
}

fn collect_image_rids(blocks: &[Block], out: &mut Vec<String>) {
    let mut add = |inlines: &[Inline]| {
        for i in inlines {
            if let Inline::Image { rid, .. } = i {
                if !out.contains(rid) {
                    out.push(rid.clone());
                }
            }
        }
    };
    for b in blocks {
        match b {
            Block::Para(p) => add(&p.inlines),
            Block::Table(rows) => rows.iter().flatten().for_each(|c| add(c)),
        }
    }
}

struct Context<'a> {
    styles: &'a StyleMap,
    numbering: &'a NumberingMap,
    targets: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    fn para(&self, p: &Element) -> Para {
        let ppr = p.child("pPr");
        let style = ppr
            .and_then(|pr| pr.child("pStyle"))
            .and_then(|s| s.attr("val"));
        let own_outline = ppr
            .and_then(|pr| pr.child("outlineLvl"))
            .and_then(|o| o.attr("val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|l| *l < 9)
            .map(|l| l + 1);
        let heading = own_outline.or_else(|| style.and_then(|s| self.styles.heading_level(s)));
        let list = if heading.is_some() {
            None
        } else {
            ppr.and_then(|pr| pr.child("numPr")).and_then(|n| {
                let id = n.child("numId")?.attr("val")?;
                if id == "0" {
                    return None;
                }
                let level: u8 = n
                    .child("ilvl")
                    .and_then(|l| l.attr("val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                Some((self.numbering.ordered(id, level), level))
            })
        };
        let style_bold = style.is_some_and(|s| self.styles.bold(s));
        let mut inlines = Vec::new();
        self.inlines(p, style_bold, &mut inlines);
        Para {
            heading,
            list,
            inlines,
        }
    }

    fn inlines(&self, parent: &Element, style_bold: bool, out: &mut Vec<Inline>) {
        for e in parent.elements() {
            match e.name.as_str() {
                "r" => self.run(e, style_bold, out),
                "hyperlink" => {
                    let mut inner = Vec::new();
                    self.inlines(e, style_bold, &mut inner);
                    let text: String = Para {
                        inlines: inner.clone(),
                        ..Para::default()
                    }
                    .plain();
                    match e.attr("id").and_then(|id| self.targets.get(id)) {
                        Some(url) if !text.trim().is_empty() => out.push(Inline::Link {
                            text,
                            url: url.clone(),
                        }),
                        _ => out.extend(inner),
                    }
                }
                // Inserted text of tracked changes, smart tags, fields: their runs count.
                "ins" | "smartTag" | "fldSimple" | "customXml" | "sdt" | "sdtContent" => {
                    self.inlines(e, style_bold, out)
                }
                _ => {}
            }
        }
    }

    fn run(&self, r: &Element, style_bold: bool, out: &mut Vec<Inline>) {
        let rpr = r.child("rPr");
        let flag = |name: &str| {
            rpr.and_then(|pr| pr.child(name))
                .map(|b| !matches!(b.attr("val"), Some("0" | "false" | "off")))
        };
        let bold = flag("b").unwrap_or(style_bold);
        let italic = flag("i").unwrap_or(false);
        for e in r.elements() {
            match e.name.as_str() {
                "t" => {
                    let text = e.text();
                    match out.last_mut() {
                        Some(Inline::Text {
                            text: prev,
                            bold: b,
                            italic: i,
                        }) if *b == bold && *i == italic => prev.push_str(&text),
                        _ => out.push(Inline::Text { text, bold, italic }),
                    }
                }
                "tab" => out.push(Inline::Text {
                    text: " ".into(),
                    bold,
                    italic,
                }),
                "br" | "cr" => out.push(Inline::Break),
                "footnoteReference" => {
                    if let Some(id) = e.attr("id") {
                        out.push(Inline::Footnote(id.to_string()));
                    }
                }
                "drawing" => {
                    let blip = e.find("blip").and_then(|b| b.attr("embed"));
                    let doc_pr = e.find("docPr");
                    let alt = doc_pr
                        .and_then(|d| d.attr("descr").or_else(|| d.attr("title")))
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    if let Some(rid) = blip {
                        out.push(Inline::Image {
                            rid: rid.to_string(),
                            alt,
                        });
                    }
                }
                "pict" | "object" => {
                    if let Some(img) = e.find("imagedata") {
                        if let Some(rid) = img.attr("id") {
                            out.push(Inline::Image {
                                rid: rid.to_string(),
                                alt: img.attr("title").unwrap_or("").trim().to_string(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&self, tbl: &Element) -> Block {
        let mut rows = Vec::new();
        for tr in tbl.elements().filter(|e| e.name == "tr") {
            let mut cells = Vec::new();
            for tc in tr.elements().filter(|e| e.name == "tc") {
                let mut cell = Vec::new();
                let mut ps = Vec::new();
                tc.find_all("p", &mut ps);
                for (i, p) in ps.into_iter().enumerate() {
                    if i > 0 {
                        cell.push(Inline::Break);
                    }
                    cell.extend(self.para(p).inlines);
                }
                cells.push(cell);
            }
            rows.push(cells);
        }
        Block::Table(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_in_english_and_chinese() {
        assert_eq!(heading_level_from_name("heading 1"), Some(1));
        assert_eq!(heading_level_from_name("Heading2"), Some(2));
        assert_eq!(heading_level_from_name("标题 3"), Some(3));
        assert_eq!(heading_level_from_name("标题"), Some(1));
        assert_eq!(heading_level_from_name("Normal"), None);
        assert_eq!(heading_level_from_name("heading 10"), None);
    }
}
