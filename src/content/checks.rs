//! Content errors found before anything is written: two pages at one address, paths that
//! climb out of the site or name a Windows drive.

use std::collections::BTreeMap;
use std::path::Path;

use super::library::{Entry, Library};
use crate::diagnostics::{Diagnostic, Msg};

pub(super) fn check_collisions(lib: &Library, diags: &mut Vec<Diagnostic>) {
    check_escapes(lib, diags);
    let mut seen: BTreeMap<String, Vec<&Path>> = BTreeMap::new();
    for p in lib.pages.iter().filter(|p| p.meta.render) {
        seen.entry(p.path.clone()).or_default().push(&p.file.path);
        for a in &p.meta.aliases {
            seen.entry(a.clone()).or_default().push(&p.file.path);
        }
    }
    for s in lib
        .sections
        .iter()
        .filter(|s| s.meta.render && !s.is_default)
    {
        seen.entry(s.path.clone()).or_default().push(&s.file.path);
        for a in &s.meta.aliases {
            seen.entry(a.clone()).or_default().push(&s.file.path);
        }
    }
    for (path, files) in seen.into_iter().filter(|(_, f)| f.len() > 1) {
        let others: Vec<String> = files[1..].iter().map(|f| f.display().to_string()).collect();
        diags.push(
            Diagnostic::error(
                files[0],
                0,
                0,
                Msg::new(
                    format!("地址 `{path}` 与其他文件重复：{}", others.join("、")),
                    format!(
                        "the URL path `{path}` is also produced by: {}",
                        others.join(", ")
                    ),
                ),
            )
            .with_hint(Msg::new(
                "请修改其中一个文件的 slug 或 path。",
                "Change the slug or path of one of them.",
            )),
        );
    }
}

/// `path`, `slug`, `aliases`, `paginate_path`, `redirect_to` and template values that climb out of the
/// site with `..` (or are Windows paths) are errors naming the file and the line, found before
/// anything is written: otherwise they surface as an I/O error from the output stage at best.
fn check_escapes(lib: &Library, diags: &mut Vec<Diagnostic>) {
    let mut bad: Vec<(&Path, &str, &str)> = Vec::new();
    for p in &lib.pages {
        if escapes(&p.path) {
            match (&p.meta.path, &p.meta.slug) {
                (Some(v), _) => bad.push((&p.file.path, "path", v)),
                (None, Some(v)) => bad.push((&p.file.path, "slug", v)),
                (None, None) => {}
            }
        }
        for a in p.meta.aliases.iter().filter(|a| escapes(a)) {
            bad.push((&p.file.path, "aliases", a));
        }
        // A template name is only a key into the loaded templates, so it cannot read a file;
        // but `..` in it is a mistake best shown where it was written. One inherited from a
        // section's `page_template` is reported at the section.
        if let Some(t) = p.meta.template.as_deref().filter(|t| escapes(t)) {
            let inherited = p.ancestors.iter().any(|a| {
                matches!(lib.by_relative.get(a), Some(Entry::Section(s))
                    if lib.sections[*s].meta.page_template.as_deref() == Some(t))
            });
            if !inherited {
                bad.push((&p.file.path, "template", t));
            }
        }
    }
    for s in lib.sections.iter().filter(|s| !s.is_default) {
        for a in s.meta.aliases.iter().filter(|a| escapes(a)) {
            bad.push((&s.file.path, "aliases", a));
        }
        for (key, t) in [
            ("template", &s.meta.template),
            ("page_template", &s.meta.page_template),
        ] {
            if let Some(t) = t.as_deref().filter(|t| escapes(t)) {
                bad.push((&s.file.path, key, t));
            }
        }
        if escapes(&s.meta.paginate_path) {
            bad.push((&s.file.path, "paginate_path", &s.meta.paginate_path));
        }
        if let Some(r) = s.meta.redirect_to.as_deref() {
            if !r.contains("://") && !r.starts_with("//") && escapes(r) {
                bad.push((&s.file.path, "redirect_to", r));
            }
        }
    }
    for (file, key, value) in bad {
        let (line, col, src) = value_place(file, key, value);
        let mut d = Diagnostic::error(
            file,
            line,
            col,
            Msg::new(
                format!("`{key}` 的值 `{value}` 指向了网站文件夹以外"),
                format!("`{key}` = `{value}` points outside the site"),
            ),
        )
        .with_hint(if key.ends_with("template") {
                Msg::new(
                    "模板名是 templates/ 文件夹里的文件名，例如 \"page.html\" 或 \"cases/case.html\"，不能有 `..`、`\\` 或盘符。",
                    "A template name is a file name inside templates/, e.g. \"page.html\" or \"cases/case.html\", without `..`, `\\` or a drive.",
                )
            } else {
                Msg::new(
                    "地址里不能有 `..`、`\\` 或盘符；请写从网站根开始的地址，例如 \"news/2024/an-li\"。",
                    "Addresses cannot contain `..`, `\\` or a drive; write them from the site root, e.g. \"news/2024/case\".",
                )
            });
        if let Some(src) = src {
            d = d.with_source_line(src);
        }
        diags.push(d);
    }
}

/// True for a URL path that would leave the output folder once written to disk.
fn escapes(path: &str) -> bool {
    path.contains('\\')
        || path.contains('\0')
        || path.split('/').any(|part| part == ".." || is_drive(part))
}

/// `C:`, `d:foo`: a Windows drive, which `Path::join` would put in place of the output folder.
fn is_drive(part: &str) -> bool {
    let b = part.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Line, column and text of the first front-matter line where `key`'s `value` is written
/// (line 0 when the file cannot be read again).
fn value_place(file: &Path, key: &str, value: &str) -> (usize, usize, Option<String>) {
    let Ok(text) = crate::source::read_text_file(file) else {
        return (0, 0, None);
    };
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.iter().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
    });
    let start = key_line.unwrap_or(0);
    // In a TOML basic string a backslash is written doubled.
    let written = value.replace('\\', "\\\\");
    let found = lines.iter().enumerate().skip(start).find_map(|(i, l)| {
        l.find(value)
            .or_else(|| l.find(&written))
            .map(|at| (i, l[..at].chars().count() + 1))
    });
    match (found, key_line) {
        (Some((i, col)), _) => (i + 1, col, Some(lines[i].to_string())),
        (None, Some(i)) => (i + 1, 1, Some(lines[i].to_string())),
        (None, None) => (0, 0, None),
    }
}
