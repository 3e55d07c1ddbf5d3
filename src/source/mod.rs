//! The source stage: `content/` on disk → parsed source files.
//!
//! Takes the content folder and [`SourceOptions`] (languages, ignored globs); returns
//! [`Sources`]: every section (`_index.md`, `_index.<lang>.md`) and page (`*.md`, bundles'
//! `index.md`) with its [`FileInfo`], parsed front matter, raw Markdown body and the file line
//! where the body starts, plus the non-Markdown files (assets), plus every diagnostic of every
//! file — a broken article never hides the next one.
//!
//! Walking is sequential and sorted (cheap, and the order must not depend on the disk);
//! reading, decoding (UTF-8, GBK, UTF-16, BOM, CRLF) and parsing run in parallel with rayon,
//! and results are sorted by path, so the output is the same on every run.

pub mod dates;
pub mod decode;
pub mod fence;
pub mod file_info;
pub mod front_matter;
mod parse;
pub mod spill;
pub mod split;
pub(crate) mod toml_diag;

use std::path::{Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Severity};

pub use decode::{decode, read_text_file, Encoding};
pub use fence::Fence;
pub use file_info::FileInfo;
pub use front_matter::{InsertAnchor, PageFrontMatter, SectionFrontMatter, SortBy};

/// What the walk needs to know from the config.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    pub default_language: String,
    /// The other languages' codes (file suffixes only count for these).
    pub languages: Vec<String>,
    /// `ignored_content`, matched against full paths and paths relative to `content/`.
    pub ignored: Option<GlobSet>,
}

/// One content file, parsed.
#[derive(Debug, Clone, Default)]
pub struct SourceFile<M> {
    pub file: FileInfo,
    pub meta: M,
    pub lang: String,
    /// The Markdown body as written (front matter removed, LF line ends).
    pub body: String,
    /// 1-based file line where `body` starts.
    pub body_line: usize,
    /// `pufa build`: where `body` went in the spill file (`body` is empty then), with the
    /// body's word count and reading time, taken before.
    pub body_spilled: Option<(spill::Spilled, (usize, usize))>,
    /// Colocated files: for a bundle every non-Markdown file under its folder, for a section
    /// the non-Markdown files next to it (as Zola), sorted.
    pub assets: Vec<PathBuf>,
}

pub type SourcePage = SourceFile<PageFrontMatter>;
pub type SourceSection = SourceFile<SectionFrontMatter>;

/// Everything under `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    pub sections: Vec<SourceSection>,
    pub pages: Vec<SourcePage>,
    /// Every non-Markdown file (not ignored, not an editor's temporary file), sorted.
    pub assets: Vec<PathBuf>,
}

enum Kind {
    Section,
    Page,
}

/// Walks, reads and parses `content_dir`. Never fails: problems go to `diags`.
pub fn load(content_dir: &Path, opts: &SourceOptions, diags: &mut Diagnostics) -> Sources {
    load_with(content_dir, opts, None, diags)
}

/// What to do with each page as soon as it is read (before the next ones are).
pub type PageHook<'a> = &'a (dyn Fn(&mut SourcePage) + Sync);

/// [`load`], handing every page read to `page_hook` at once (`pufa build` moves its body to
/// the spill file there, so that no moment holds every body of a large site).
pub fn load_with(
    content_dir: &Path,
    opts: &SourceOptions,
    page_hook: Option<PageHook>,
    diags: &mut Diagnostics,
) -> Sources {
    let mut out = Sources::default();
    if !content_dir.is_dir() {
        return out;
    }
    let mut md: Vec<(PathBuf, Kind)> = Vec::new();
    let fence = Fence::new(content_dir.parent().unwrap_or(content_dir), content_dir);
    let mut refused: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_skipped(e.path(), content_dir, opts) {
                return false;
            }
            if !fence.allows(e) {
                refused.push(e.path().to_path_buf());
                return false;
            }
            true
        })
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") {
            if !is_temp_file(&path) {
                out.assets.push(path);
            }
            continue;
        }
        match md_name(&name, opts) {
            MdName::Section => md.push((path, Kind::Section)),
            MdName::SectionOfUnknownLanguage(code) => diags.push(Diagnostic::warning(
                &path,
                0,
                0,
                Msg::new(
                    format!("`{name}` 的语言代码 `{code}` 不在 config.toml 的 [languages] 里，这个栏目文件被忽略"),
                    format!("`{name}`: language `{code}` is not in config.toml `languages`; file ignored"),
                ),
            )),
            MdName::Page => md.push((path, Kind::Page)),
        }
    }
    out.assets.sort();
    diags.extend(refused.iter().map(|p| Fence::warning(p)));
    diags.extend(misplaced_index_files(&md, content_dir));

    let results: Vec<Parsed> = md
        .par_iter()
        .map(|(path, kind)| match kind {
            Kind::Section => Parsed::Section(load_section_file(path, content_dir, opts)),
            Kind::Page => {
                Parsed::Page(load_page_file(path, content_dir, opts).map(|(mut p, w)| {
                    if let Some(hook) = page_hook {
                        hook(&mut p);
                    }
                    (p, w)
                }))
            }
        })
        .collect();
    for r in results {
        let res = match r {
            Parsed::Section(r) => r.map(|(s, w)| {
                out.sections.push(s);
                w
            }),
            Parsed::Page(r) => r.map(|(p, w)| {
                out.pages.push(p);
                w
            }),
        };
        match res {
            Ok(w) | Err(w) => diags.extend(w),
        }
    }
    for s in &mut out.sections {
        s.assets = assets_of(&out.assets, &s.file.parent, false);
    }
    out.sections.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    out.pages.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    out
}

enum Parsed {
    Section(Result<(SourceSection, Vec<Diagnostic>), Vec<Diagnostic>>),
    Page(Result<(SourcePage, Vec<Diagnostic>), Vec<Diagnostic>>),
}

/// Dot-files and dot-folders, and what `ignored_content` names (a matching folder is skipped
/// with all it holds).
fn is_skipped(path: &Path, content_dir: &Path, opts: &SourceOptions) -> bool {
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    {
        return true;
    }
    let Some(globs) = &opts.ignored else {
        return false;
    };
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    globs.is_match(path) || globs.is_match(rel)
}

/// Editors' temporary files, never assets (Zola's `is_temp_file`).
fn is_temp_file(path: &Path) -> bool {
    let Some(ext) = path.extension() else {
        return true;
    };
    let ext = ext.to_string_lossy();
    let temp_ext = matches!(
        ext.as_ref(),
        "swp" | "swx" | "tmp" | "kate-swp" | "DS_Store"
    ) || ext.ends_with('~')
        || ext.ends_with("bck")
        || ext.ends_with("jb_old___")
        || ext.ends_with("jb_tmp___")
        || ext.ends_with("jb_bak___");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    temp_ext || stem.starts_with('#') || stem.starts_with(".#") || stem.starts_with("~$")
}

/// What a Markdown file's name makes it.
enum MdName<'a> {
    Page,
    /// `_index.md`, or `_index.xx.md` of a language the config has.
    Section,
    /// `_index.xx.md` of a language the config does not have: the code.
    SectionOfUnknownLanguage(&'a str),
}

fn md_name<'a>(name: &'a str, opts: &SourceOptions) -> MdName<'a> {
    if name == "_index.md" {
        return MdName::Section;
    }
    let Some(code) = name
        .strip_prefix("_index.")
        .and_then(|n| n.strip_suffix(".md"))
    else {
        return MdName::Page;
    };
    if opts.languages.iter().any(|l| l == code) {
        MdName::Section
    } else {
        MdName::SectionOfUnknownLanguage(code)
    }
}

/// Zola refuses `content/index.md` and an `index.md` next to an `_index.md`: both would claim
/// the section's address.
fn misplaced_index_files(md: &[(PathBuf, Kind)], content_dir: &Path) -> Vec<Diagnostic> {
    let section_dirs: std::collections::HashSet<&Path> = md
        .iter()
        .filter(|(_, k)| matches!(k, Kind::Section))
        .filter_map(|(p, _)| p.parent())
        .collect();
    let is_index = |p: &Path| {
        p.file_stem()
            .is_some_and(|s| s.to_string_lossy().split('.').next() == Some("index"))
    };
    let mut out = Vec::new();
    for (path, _) in md
        .iter()
        .filter(|(p, k)| matches!(k, Kind::Page) && is_index(p))
    {
        let dir = path.parent().unwrap_or(content_dir);
        if dir == content_dir || section_dirs.contains(dir) {
            out.push(Diagnostic::error(
                path,
                0,
                0,
                Msg::new(
                    "同一个文件夹里不能同时有 _index.md（栏目）和 index.md（文章）",
                    "index.md cannot be next to an _index.md (or directly in content/): both would use the same address",
                ),
            )
            .with_hint(Msg::new(
                "栏目首页请用 _index.md；文章请放进它自己的文件夹或改个文件名。",
                "Use _index.md for the section; give the page its own folder or another name.",
            )));
        }
    }
    out
}

/// The assets under `dir` (directly in it, or at any depth).
fn assets_of(all: &[PathBuf], dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = all
        .iter()
        .filter(|a| {
            if recursive {
                a.starts_with(dir)
            } else {
                a.parent() == Some(dir)
            }
        })
        .cloned()
        .collect();
    // Zola's order: case-insensitive by path.
    v.sort_by_key(|p| p.to_string_lossy().to_lowercase());
    v
}

/// The largest Markdown file read. A long law is under 1 MB; anything near this is a
/// mistake (a pasted export, a renamed video) and would take minutes and gigabytes to render.
pub const MAX_SOURCE_BYTES: u64 = 10 * 1024 * 1024;

/// At most this many front-matter problems are listed for one file. Each one is placed by
/// counting lines up to it, so a file made of a million unknown keys or broken lines would
/// otherwise take hours; nobody reads past the first screenful anyway.
pub(crate) const MAX_DIAGNOSTICS_PER_FILE: usize = 50;

/// The note that ends a file's list once [`MAX_DIAGNOSTICS_PER_FILE`] were listed.
pub(crate) fn more_not_listed(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        path,
        0,
        0,
        Msg::new(
            format!("这个文件的问题太多，只列出了前 {MAX_DIAGNOSTICS_PER_FILE} 个"),
            format!(
            "this file has too many problems; only the first {MAX_DIAGNOSTICS_PER_FILE} are listed"
        ),
        ),
    )
    .with_hint(Msg::new(
        "改好列出的这些后再运行一次，就会看到其余的。",
        "Fix these and run again to see the rest.",
    ))
}

/// Reads and decodes one file: the text, or the diagnostic naming the file.
fn read_source(path: &Path) -> Result<(String, Option<Diagnostic>), Box<Diagnostic>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Box::new(Diagnostic::from_io(path, &e)))?
        .len();
    if size > MAX_SOURCE_BYTES {
        let mb = |n: u64| n.div_ceil(1024 * 1024);
        return Err(Box::new(
            Diagnostic::error(
                path,
                0,
                0,
                Msg::new(
                    format!(
                        "这个文件太大（约 {} MB），超过了 {} MB 的上限，没有读取",
                        mb(size),
                        mb(MAX_SOURCE_BYTES)
                    ),
                    format!(
                        "this file is too large (about {} MB; the limit is {} MB): not read",
                        mb(size),
                        mb(MAX_SOURCE_BYTES)
                    ),
                ),
            )
            .with_hint(Msg::new(
                "很长的内容请按章拆成几篇文章；图片、视频、文档不要用 .md 结尾，放在文章文件夹里用链接引用。",
                "Split long texts into several pages; images, videos and documents must not end in .md.",
            )),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Box::new(Diagnostic::from_io(path, &e)))?;
    match decode(&bytes) {
        Some((text, Encoding::Utf8)) => Ok((text, None)),
        Some((text, enc)) => {
            let name = if enc == Encoding::Gbk {
                "GBK"
            } else {
                "UTF-16"
            };
            let w = Diagnostic::warning(
                path,
                0,
                0,
                Msg::new(
                    format!("这个文件是 {name} 编码，已自动转换；请另存为 UTF-8"),
                    format!(
                        "this file is {name}-encoded and was converted; please save it as UTF-8"
                    ),
                ),
            )
            .with_hint(Msg::new(
                "记事本：文件 → 另存为 → 编码选“UTF-8”；WPS：另存为纯文本时选择 UTF-8。",
                "Notepad: File → Save as → Encoding: UTF-8.",
            ));
            Ok((text, Some(w)))
        }
        None => {
            // Where the first byte that is no UTF-8 is, so that a stray byte in a long
            // article can be found.
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let binary = body.contains(&0);
            let (line, col, src, byte) = match std::str::from_utf8(body) {
                Err(e) if !binary => {
                    let good = &body[..e.valid_up_to()];
                    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    let prefix = String::from_utf8_lossy(&good[line_start..]).into_owned();
                    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                    let col = prefix.chars().count() + 1;
                    let rest = &body[line_start..];
                    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    let src = String::from_utf8_lossy(&rest[..end.min(400)])
                        .trim_end_matches('\r')
                        .to_string();
                    (line, col, src, Some(body[e.valid_up_to()]))
                }
                _ => (0, 0, String::new(), None),
            };
            let message = match byte {
                Some(b) => Msg::new(
                    format!("无法读取这个文件：第 {line} 行第 {col} 列的字节 0x{b:02X} 不是 UTF-8 文字（整个文件也不是 GBK 编码）"),
                    format!("cannot read this file: byte 0x{b:02X} at line {line}, column {col} is not UTF-8 (nor is the file GBK)"),
                ),
                None => Msg::new(
                    "无法读取这个文件：它不是文本文件（既不是 UTF-8 也不是 GBK 编码）",
                    "cannot read this file: it is not UTF-8 or GBK text",
                ),
            };
            let mut d = Diagnostic::error(path, line, col, message).with_hint(Msg::new(
                "请用记事本打开并另存为 UTF-8；如果它是图片或文档，请不要用 .md 结尾。",
                "Open it in a text editor and save as UTF-8; non-text files must not end in .md.",
            ));
            if line > 0 {
                d = d.with_source_line(src);
            }
            Err(Box::new(d))
        }
    }
}

/// The front matter of `text` (read from `path`), the split, and the warnings; every error on
/// failure.
fn parse_text<'t, M: front_matter::FrontMatter>(
    path: &Path,
    text: &'t str,
) -> Result<(M, split::Split<'t>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parts = match split::split(text) {
        Ok(s) => s,
        Err(e) => {
            let src = text.lines().nth(e.line - 1).unwrap_or("").to_string();
            let d = Diagnostic::new(Severity::Error, path, e.line, 1, e.message)
                .with_hint(e.hint)
                .with_source_line(src);
            return Err(vec![d]);
        }
    };
    let (meta, w) = parse::parse::<M>(path, &parts)?;
    Ok((meta, parts, w))
}

/// The diagnostics of `text` read as a page's front matter, and as a section's: what
/// [`load`] would report for it once decoded (for the property tests).
#[doc(hidden)]
pub fn front_matter_diagnostics(path: &Path, text: &str) -> [Vec<Diagnostic>; 2] {
    let page = match parse_text::<PageFrontMatter>(path, text) {
        Ok((_, _, w)) | Err(w) => w,
    };
    let section = match parse_text::<SectionFrontMatter>(path, text) {
        Ok((_, _, w)) | Err(w) => w,
    };
    [page, section]
}

fn load_file<M: front_matter::FrontMatter>(
    path: &Path,
    mut file: FileInfo,
    opts: &SourceOptions,
    given: Option<&str>,
) -> Result<(SourceFile<M>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    if let Err(msg) = file.find_language(&opts.default_language, &opts.languages) {
        return Err(vec![Diagnostic::new(Severity::Error, path, 0, 0, msg)]);
    }
    let text = match given {
        Some(t) => t.to_string(),
        None => {
            let (text, w) = read_source(path).map_err(|d| vec![*d])?;
            warnings.extend(w);
            text
        }
    };
    let (text, w) = strip_control_characters(path, text);
    warnings.extend(w);
    let (meta, parts, w) = match parse_text::<M>(path, &text) {
        Ok(r) => r,
        Err(errors) => {
            warnings.extend(errors);
            return Err(warnings);
        }
    };
    warnings.extend(w);
    let lang = file.lang.clone();
    let source = SourceFile {
        file,
        meta,
        lang,
        body: parts.body.to_string(),
        body_line: parts.body_line,
        body_spilled: None,
        assets: Vec::new(),
    };
    Ok((source, warnings))
}

/// Invisible control characters (NUL, U+0001 … from other programs' copy and paste) are no
/// text: XML forbids them, so one in an article made `atom.xml` unreadable. They are removed,
/// with a warning at the first one. Tab and line ends stay, and so does form feed (U+000C):
/// Markdown reads it as white space, as Zola does (a line of only a form feed continues a
/// paragraph; blog.rust-lang.org has one), and feeds drop it when they are written.
pub fn strip_control_characters(path: &Path, text: String) -> (String, Option<Diagnostic>) {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}');
    let Some(first) = text.find(bad) else {
        return (text, None);
    };
    let count = text.chars().filter(|&c| bad(c)).count();
    let (line, col, src) = crate::diagnostics::line_col(&text, first, 1);
    let c = text[first..].chars().next().unwrap_or('\0') as u32;
    let shown: String = src.chars().filter(|&c| !bad(c)).collect();
    let d = Diagnostic::warning(
        path,
        line,
        col,
        Msg::new(
            format!("文中有 {count} 个看不见的控制字符（第一个是 U+{c:04X}），已删除"),
            format!("{count} invisible control character(s) (the first U+{c:04X}) removed"),
        ),
    )
    .with_hint(Msg::new(
        "这类字符常见于从其他软件复制来的文字，网页和订阅源都不能包含它们；请在文件中删除，以免下次再提示。",
        "They come from copy and paste and are not allowed in web pages and feeds; delete them from the file.",
    ))
    .with_source_line(shown);
    (text.replace(bad, ""), Some(d))
}

/// Loads one section file.
pub fn load_section_file(
    path: &Path,
    content_dir: &Path,
    opts: &SourceOptions,
) -> Result<(SourceSection, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_file(path, FileInfo::new_section(path, content_dir), opts, None)
}

/// Loads one page file (also used by `serve` when one article changed). The date in the file
/// or bundle folder name is used when the front matter has none; bundle assets are found.
pub fn load_page_file(
    path: &Path,
    content_dir: &Path,
    opts: &SourceOptions,
) -> Result<(SourcePage, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_page(path, content_dir, opts, None)
}

/// Loads `text` as if it were the page file at `path` (saved or not): the editor's preview.
pub fn load_page_text(
    path: &Path,
    text: &str,
    content_dir: &Path,
    opts: &SourceOptions,
) -> Result<(SourcePage, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_page(path, content_dir, opts, Some(text))
}

fn load_page(
    path: &Path,
    content_dir: &Path,
    opts: &SourceOptions,
    given: Option<&str>,
) -> Result<(SourcePage, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (mut page, w) =
        load_file::<PageFrontMatter>(path, FileInfo::new_page(path, content_dir), opts, given)?;
    let name_for_date = page
        .file
        .bundle_name
        .clone()
        .unwrap_or_else(|| page.file.name.clone());
    if page.meta.date.is_none() {
        if let Some((date, _)) = dates::date_from_name(&name_for_date) {
            page.meta.set_date_from_filename(&date);
        }
    }
    if page.file.colocated_path.is_some() {
        let dir = path.parent().unwrap_or(content_dir);
        // Links out of the site were reported by the walk in `load`; here they are just left out.
        let fence = Fence::new(content_dir.parent().unwrap_or(content_dir), content_dir);
        let all: Vec<PathBuf> = WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || fence.allows(e))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension().is_none_or(|e| e != "md")
                    && !is_temp_file(p)
                    && !p.strip_prefix(dir).is_ok_and(|r| {
                        r.components()
                            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
                    })
                    && !is_skipped(p, content_dir, opts)
            })
            .collect();
        page.assets = assets_of(&all, dir, true);
    }
    Ok((page, w))
}

#[cfg(test)]
mod tests;
