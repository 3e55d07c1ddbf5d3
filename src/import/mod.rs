//! `pufa import FILE.docx`: turn a Word document into a Markdown article.
//!
//! Staff write in Word; this takes the .docx ([`docx`] reads the package into a plain model),
//! converts it ([`markdown`]: headings, faked headings, lists, tables, images, footnotes, case
//! parts) and writes a page bundle: `content/<section>/<slug>/index.md` with the images
//! beside it. The article is a draft with today's date, so nothing is published before a
//! person has read it and `pufa check` has passed.

pub mod docx;
pub mod markdown;
pub mod xml;

use std::fs;
use std::path::{Path, PathBuf};

use crate::article_kind::{ArticleKind, ALT_PLACEHOLDER};

/// Why an import failed, in words for the writer.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("无法读取文件 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("这不是可以读取的 Word 文档（.docx）：{0}。如果是旧的 .doc 或 WPS 格式，请在 Word/WPS 里“另存为” .docx 后再导入。")]
    NotDocx(String),
    #[error(transparent)]
    UnknownKind(#[from] crate::article_kind::UnknownKind),
    #[error("文章已存在，未覆盖：{0}。请先改名或删除旧文章。")]
    Exists(PathBuf),
    #[error("栏目名不合法：{0}（只能是 content/ 下的文件夹，如 cases）")]
    BadSection(String),
    #[error("无法写入 {path}：{source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site root (where `content/` is).
    pub root: PathBuf,
    /// Article kind (case, qa …); none for a plain article.
    pub kind: Option<ArticleKind>,
    /// Section folder under `content/`; by default the kind's section, else `articles`.
    pub section: Option<String>,
    /// Today, `YYYY-MM-DD`.
    pub date: String,
}

/// What was written.
#[derive(Debug)]
pub struct Imported {
    pub file: PathBuf,
    pub title: String,
    pub images: Vec<PathBuf>,
    /// Images without a description in Word (they got the placeholder alt text).
    pub undescribed_images: usize,
}

/// A converted article: the whole Markdown file and the images to write beside it.
#[derive(Debug)]
pub struct Article {
    pub title: String,
    pub markdown: String,
    pub images: Vec<(String, Vec<u8>)>,
}

/// Converts .docx bytes into an article (pure: nothing is written).
pub fn convert(
    bytes: &[u8],
    fallback_title: &str,
    kind: Option<ArticleKind>,
    date: &str,
) -> Result<Article, ImportError> {
    let doc = docx::read(bytes)?;
    let converted = markdown::convert(&doc, kind == Some(ArticleKind::Case));
    // Control characters (U+007F from some Word files, NUL …) are invisible and make the
    // front matter invalid TOML: they are dropped from the title and the body.
    let title: String = converted
        .title
        .clone()
        .unwrap_or_else(|| fallback_title.to_string())
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let body: String = converted
        .body
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let mut front = String::from("+++\n");
    front.push_str(&format!("title = {}\n", toml_string(&title)));
    front.push_str(&format!("date = {date}\n"));
    if let Some(k) = kind {
        front.push_str(&format!("kind = \"{k}\"\n"));
    }
    front.push_str("# 由 Word 文档导入。核对内容、运行 pufa check 后，删除下面这一行即可发布\n");
    front.push_str("draft = true\n+++\n");
    let markdown = format!("{front}{body}");
    let images = converted
        .images
        .iter()
        .filter_map(|(name, rid)| {
            doc.media
                .get(rid)
                .map(|(_, bytes)| (name.clone(), bytes.clone()))
        })
        .collect();
    Ok(Article {
        title,
        markdown,
        images,
    })
}

/// Reads `file`, converts it, and writes the bundle under the site's `content/`.
pub fn import(file: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let bytes = fs::read(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let article = convert(&bytes, &stem, opts.kind, &opts.date)?;

    let section = match (&opts.section, &opts.kind) {
        (Some(s), _) => s.trim_matches('/').to_string(),
        (None, Some(k)) => k.default_section().to_string(),
        (None, None) => "articles".to_string(),
    };
    if section.is_empty()
        || section
            .split(['/', '\\'])
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(ImportError::BadSection(section));
    }
    let mut slug = crate::slugs::slugify_paths(&stem, crate::slugs::SlugifyStrategy::On);
    if slug.is_empty() {
        slug = "article".into();
    }
    let dir = opts.root.join("content").join(&section).join(&slug);
    let index = dir.join("index.md");
    if index.exists() {
        return Err(ImportError::Exists(index));
    }
    let write = |path: &Path, bytes: &[u8]| {
        fs::write(path, bytes).map_err(|source| ImportError::Write {
            path: path.to_path_buf(),
            source,
        })
    };
    fs::create_dir_all(&dir).map_err(|source| ImportError::Write {
        path: dir.clone(),
        source,
    })?;
    let mut images = Vec::new();
    for (name, bytes) in &article.images {
        // Media names come from the package: keep only the file name.
        let safe = Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "image".into());
        let path = dir.join(safe);
        write(&path, bytes)?;
        images.push(path);
    }
    write(&index, article.markdown.as_bytes())?;
    Ok(Imported {
        file: index,
        title: article.title,
        images,
        undescribed_images: article.markdown.matches(ALT_PLACEHOLDER).count(),
    })
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
