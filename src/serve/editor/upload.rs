//! Pictures and documents brought into the editor: `POST /_pufa/upload` saves a picture beside
//! its article (made smaller when too wide), `POST /_pufa/import` turns a Word document or a
//! saved WeChat article into a draft bundle, as `pufa import` does.

use std::io::Write;
use std::path::Path;

use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};

use super::super::state::{answer, Body};
use super::files::{front_lines, replace_file};
use super::{blocking, no_token, plain, same_secret, Editor, Form, Upload};
use crate::article_kind::ArticleKind;

impl Editor {
    /// `POST /_pufa/upload?path=content/…md&name=photo.jpg` (the picture as the body, the
    /// token in a header): saves the picture beside the article. An article that is a
    /// single file becomes a folder with `index.md` (same address), so that its pictures
    /// travel with it. A picture wider than [`MAX_WIDTH`] is made smaller. Answers JSON
    /// `{path, name}`: the article's path now and the picture's file name.
    pub(super) async fn upload(&self, req: Request<Incoming>, query: Form) -> Response<Body> {
        let (bytes, token) = match self.read_body(req, Upload::Picture).await {
            Ok(b) => b,
            Err(res) => return res,
        };
        if !token.is_some_and(|t| same_secret(&t, &self.token)) {
            return no_token();
        }
        let rel = query.get("path").cloned().unwrap_or_default();
        let name = query.get("name").cloned().unwrap_or_default();
        let me = self.clone_parts();
        blocking(move || match save_picture(&me, &rel, &name, &bytes) {
            Ok((path, name)) if query.contains_key("at") => {
                // Put the picture into the saved text at a place of its body (a new
                // article, saved just before, whose text is not open for editing yet).
                let at = query.get("at").and_then(|a| a.parse().ok()).unwrap_or(0);
                let alt = query.get("alt").map(String::as_str).unwrap_or("");
                match insert_picture(&me, &path, &name, alt, at) {
                    Ok(()) => answer(
                        StatusCode::OK,
                        "application/json",
                        serde_json::json!({ "path": path, "name": name, "inserted": true })
                            .to_string(),
                    ),
                    Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            Ok((path, name)) => answer(
                StatusCode::OK,
                "application/json",
                serde_json::json!({ "path": path, "name": name }).to_string(),
            ),
            Err((status, e)) => plain(status, e),
        })
        .await
    }

    /// `POST /_pufa/import?kind=case&name=file.docx` (the Word document as the body, the
    /// token in a header): converts it as `pufa import` does and writes a draft bundle,
    /// never over another; answers JSON `{path}`.
    pub(super) async fn import(&self, req: Request<Incoming>, query: Form) -> Response<Body> {
        let (bytes, token) = match self.read_body(req, Upload::Document).await {
            Ok(b) => b,
            Err(res) => return res,
        };
        if !token.is_some_and(|t| same_secret(&t, &self.token)) {
            return no_token();
        }
        let root = self.root.clone();
        blocking(move || match import_docx(&root, &query, &bytes) {
            Ok((path, missing)) => answer(
                StatusCode::OK,
                "application/json",
                serde_json::json!({ "path": path, "missing_pictures": missing }).to_string(),
            ),
            Err(e) => plain(StatusCode::BAD_REQUEST, e),
        })
        .await
    }
}

/// Saves an uploaded picture beside the article (see [`Editor::upload`]).
fn save_picture(
    ed: &Editor,
    rel: &str,
    name: &str,
    bytes: &[u8],
) -> Result<(String, String), (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let fail = |e: std::io::Error| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法保存图片：{e}"),
        )
    };
    let path = ed.article_path(rel).map_err(bad)?;
    if !path.is_file() {
        return Err((StatusCode::NOT_FOUND, format!("找不到 {rel}，请先保存文章")));
    }
    let format = image::guess_format(bytes)
        .map_err(|_| bad("这不是图片（只接受 PNG、JPEG、GIF、WebP）".into()))?;
    let ext = match format {
        image::ImageFormat::Png => "png",
        image::ImageFormat::Jpeg => "jpg",
        image::ImageFormat::Gif => "gif",
        image::ImageFormat::WebP => "webp",
        _ => return Err(bad("只接受 PNG、JPEG、GIF、WebP 图片".into())),
    };
    let picture = shrink(bytes, format).map_err(bad)?;
    // The article's folder: a bundle already, or made one now (same address).
    let (dir, rel_now) = if path.file_name().is_some_and(|n| n == "index.md") {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            rel.to_string(),
        )
    } else {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path.with_file_name(&stem);
        if dir.exists() {
            return Err((
                StatusCode::CONFLICT,
                format!("旁边已经有同名文件夹 {stem}，无法放图片"),
            ));
        }
        std::fs::create_dir(&dir).map_err(fail)?;
        std::fs::rename(&path, dir.join("index.md")).map_err(fail)?;
        let parent = rel.rsplit_once('/').map(|(p, _)| p).unwrap_or("content");
        (dir, format!("{parent}/{stem}/index.md"))
    };
    let stem = slug::slugify(
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let stem: String = if stem.is_empty() {
        "tu-pian".to_string()
    } else {
        stem.chars().take(40).collect()
    };
    for n in 1..=100 {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(&file))
        {
            Ok(mut f) => {
                f.write_all(&picture).map_err(fail)?;
                return Ok((rel_now, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(e)),
        }
    }
    Err(bad("同名图片太多".into()))
}

/// Writes `![alt](name)` into the article `rel` at character `at` of its body (after the
/// front matter), on a line of its own.
fn insert_picture(ed: &Editor, rel: &str, name: &str, alt: &str, at: usize) -> Result<(), String> {
    let path = ed.article_path(rel)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("无法插入图片：{e}"))?;
    let body_at = front_lines(&text)
        .map(|(_, end)| {
            text.split_inclusive('\n')
                .take(end + 1)
                .map(str::len)
                .sum::<usize>()
        })
        .unwrap_or(0)
        .min(text.len());
    let body = &text[body_at..];
    let cut = body_at
        + body
            .char_indices()
            .nth(at)
            .map(|(i, _)| i)
            .unwrap_or(body.len());
    let alt: String = alt
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '\n' | '\r'))
        .collect();
    let before = &text[..cut];
    let lead = if before.is_empty() || before.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let out = format!("{before}{lead}![{alt}]({name})\n{}", &text[cut..]);
    replace_file(&path, &out)
}

/// Converts a Word document, or a WeChat article saved from the browser (`.mhtml`, `.zip`
/// of the `.html` and its `_files` folder, `.html`), into a draft bundle `content/<section>/<slug>/index.md` with
/// its pictures; a folder of that name already there gets `-2`, `-3` …. Returns the path.
fn import_docx(root: &Path, query: &Form, bytes: &[u8]) -> Result<(String, usize), String> {
    let kind = query
        .get("kind")
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<ArticleKind>())
        .transpose()
        .map_err(|e| e.to_string())?;
    let name = query.get("name").map(String::as_str).unwrap_or("article");
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let date = chrono::Local::now().format("%Y-%m-%d").to_string();
    let lower = name.to_ascii_lowercase();
    let web = [".mhtml", ".mht", ".html", ".htm", ".zip"]
        .iter()
        .any(|e| lower.ends_with(e));
    let article = if web {
        crate::import::convert_web(name, bytes, &stem, kind, &date)
    } else {
        crate::import::convert(bytes, &stem, kind, &date)
    }
    .map_err(|e| e.to_string())?;
    let section = kind.map_or("articles", ArticleKind::default_section);
    let parent = root.join("content").join(section);
    std::fs::create_dir_all(&parent).map_err(|e| format!("无法导入：{e}"))?;
    let mut slug = slug::slugify(&article.title);
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = "article".into();
    }
    for n in 1..=100 {
        let folder = if n == 1 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        };
        let dir = parent.join(&folder);
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("无法导入：{e}")),
        }
        // The folder is new and ours: if writing fails, it goes again, whole.
        let written = (|| -> std::io::Result<()> {
            for (name, bytes) in &article.images {
                let safe = Path::new(name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "image".into());
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(dir.join(safe))?
                    .write_all(bytes)?;
            }
            let mut tmp = tempfile::Builder::new()
                .prefix(".pufa-new-")
                .suffix(".tmp")
                .tempfile_in(&dir)?;
            tmp.write_all(article.markdown.as_bytes())?;
            tmp.persist_noclobber(dir.join("index.md"))
                .map_err(|e| e.error)?;
            Ok(())
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(format!("无法导入：{e}"));
        }
        return Ok((
            format!("content/{section}/{folder}/index.md"),
            article.missing_pictures,
        ));
    }
    Err("同名文章太多".into())
}

/// Pictures wider than this are made smaller on upload.
pub const MAX_WIDTH: u32 = 1600;
/// Pictures declaring more pixels than this are refused before decoding.
const MAX_PIXELS: u64 = 50_000_000;

/// The picture as uploaded, or made [`MAX_WIDTH`] wide when wider (same format).
fn shrink(bytes: &[u8], format: image::ImageFormat) -> Result<Vec<u8>, String> {
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("图片读不出来：{e}"))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("图片太大（{w}×{h} 像素），请先缩小"));
    }
    if w <= MAX_WIDTH || format == image::ImageFormat::Gif {
        return Ok(bytes.to_vec());
    }
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| format!("图片读不出来：{e}"))?;
    let small = img.resize(MAX_WIDTH, u32::MAX, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    small
        .write_to(&mut out, format)
        .map_err(|e| format!("图片无法缩小：{e}"))?;
    Ok(out.into_inner())
}
