//! Text and files for the editor: TOML literals, a new article's file name from its title, files
//! written whole or not at all, and the front matter's `draft` line.

use std::io::Write;
use std::path::Path;

use crate::article_kind::ArticleKind;

/// A TOML string literal.
pub(super) fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

/// The file name (without `.md`) for an article: the title in pinyin, short.
pub(super) fn file_stem(kind: &str, title: &str) -> String {
    let mut slug = slug::slugify(title);
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = format!("{kind}-{}", chrono::Local::now().format("%Y%m%d"));
    }
    slug
}

/// Writes `text` as a new article of `kind` named from `title`, never over another file:
/// `name.md`, else `name-2.md`, …. The file appears whole or not at all. Returns its path
/// relative to the site.
pub(super) fn write_new(
    root: &Path,
    kind: ArticleKind,
    title: &str,
    text: &str,
) -> Result<String, String> {
    let section = kind.default_section();
    let content = root.join("content");
    let dir = content.join(section);
    let fail = |e: std::io::Error| format!("无法保存：{e}");
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let name = kind.name_zh();
        // create_new: an index someone made in the meantime stays as it is.
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join("_index.md"))
        {
            let _ = write!(
                f,
                "+++\ntitle = \"{name}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n"
            );
        }
    }
    // The folder must really be inside content/ (not a link out of the site).
    let real_content = content.canonicalize().map_err(fail)?;
    let real_dir = dir.canonicalize().map_err(fail)?;
    if !real_dir.starts_with(&real_content) {
        return Err("栏目文件夹在网站之外，拒绝写入".into());
    }
    let stem = file_stem(kind.name(), title);
    let mut tmp = tempfile::Builder::new()
        .prefix(".pufa-new-")
        .suffix(".tmp")
        .tempfile_in(&real_dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    for n in 1..=100 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let target = real_dir.join(&name);
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok(format!("content/{section}/{name}")),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(fail(e.error)),
        }
    }
    Err("同名文章太多，请换个标题".into())
}

/// A short fingerprint of a file's bytes.
pub(super) fn version(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `text` over `path` atomically: a temporary file beside it, renamed over it.
pub(super) fn replace_file(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法保存：{e}");
    let dir = path.parent().ok_or_else(|| "无法保存".to_string())?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pufa-save-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The front matter's lines (TOML between `+++`, YAML between `---`).
pub(super) fn front_lines(text: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let fence = lines.first()?.trim_end();
    if fence != "+++" && fence != "---" {
        return None;
    }
    let end = lines.iter().skip(1).position(|l| l.trim_end() == fence)? + 1;
    Some((1, end))
}

fn is_draft_line(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t == "draft=true" || t == "draft:true"
}

pub(super) fn is_draft(text: &str) -> bool {
    front_lines(text).is_some_and(|(a, b)| text.lines().skip(a).take(b - a).any(is_draft_line))
}

/// The text without its `draft = true` line; `None` when there is none.
pub(super) fn without_draft(text: &str) -> Option<String> {
    let (a, b) = front_lines(text)?;
    let mut removed = false;
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !removed && i >= a && i < b && is_draft_line(line) {
            removed = true;
            continue;
        }
        out.push_str(line);
    }
    removed.then_some(out)
}
