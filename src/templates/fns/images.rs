//! `get_image_metadata` and `resize_image`, and the queue that performs the resizes.
//!
//! While templates render, `resize_image` only reads the image size (cached per file),
//! computes Zola's answer (`url`, `static_path`, sizes) and queues the operation under its
//! output name; [`ImageProcessor::process_all`] then encodes the queue in parallel (rayon)
//! and hands each file to the caller's writer, so the same code serves disk builds and the
//! in-memory `serve` output. Output names are `processed_images/<stem>.<16 hex>.<ext>` as in
//! Zola; the hash is SHA-256 based so it is the same on every machine and Rust version.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Function, Result as TeraResult, Value};

use super::files::SiteFiles;
use super::image_ops::{read_metadata, ImageOp, Meta};
pub use super::image_ops::{ImageFormat, ResizeOperation};
use super::{optional_arg, required_arg};
use crate::diagnostics::Msg;

/// The folder (in the output) that resized images go to.
pub const RESIZED_SUBDIR: &str = "processed_images";

/// An image that could not be processed after rendering.
#[derive(Debug, thiserror::Error)]
#[error("图片处理失败 failed to process image {path}: {message}")]
pub struct ImageError {
    pub path: PathBuf,
    pub message: String,
}

/// What `resize_image` returns to the template.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ResizeResponse {
    pub url: String,
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

type Encoded = (Option<SystemTime>, Arc<Vec<u8>>);

/// Collects `resize_image` requests while rendering and performs them afterwards.
pub struct ImageProcessor {
    files: SiteFiles,
    /// `<base_url>/processed_images/`.
    url_prefix: String,
    /// Output file name → operation; sorted so processing order and errors are stable.
    ops: Mutex<BTreeMap<String, ImageOp>>,
    meta: Mutex<HashMap<PathBuf, Meta>>,
    /// Already encoded outputs, reused while the source file is unchanged (serve rebuilds).
    encoded: Mutex<HashMap<String, Encoded>>,
}

/// The most pixels `resize_image` decodes or makes: 100 million (a 50-megapixel camera photo
/// is half of it). Four bytes a pixel, twice over while resizing: under a gigabyte. Checked
/// from the file's header, before anything is decoded, so that a small PNG that declares
/// 60000×60000 pixels is refused instead of taking 14 GB.
pub(super) const MAX_PIXELS: u64 = 100_000_000;

fn check_pixels((w, h): (u32, u32), what: Msg) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels <= MAX_PIXELS {
        return Ok(());
    }
    Err(format!(
        "{}太大：{w}×{h} 像素，超过 pufa 处理图片的上限（1 亿像素）；请先用图片软件把它缩小。\
         ({} is {w}×{h} = {pixels} pixels, more than the limit of {MAX_PIXELS})",
        what.zh, what.en
    ))
}

impl ImageProcessor {
    pub fn new(files: SiteFiles, base_url: &str) -> Self {
        Self {
            files,
            url_prefix: format!("{}/{RESIZED_SUBDIR}/", base_url.trim_end_matches('/')),
            ops: Mutex::new(BTreeMap::new()),
            meta: Mutex::new(HashMap::new()),
            encoded: Mutex::new(HashMap::new()),
        }
    }

    fn meta(&self, path: &Path) -> Result<Meta, String> {
        if let Some(m) = lock(&self.meta).get(path) {
            return Ok(*m);
        }
        let m = Meta::read(path)
            .map_err(|e| format!("Failed to read image: {}: {e}", path.display()))?;
        lock(&self.meta).insert(path.to_path_buf(), m);
        Ok(m)
    }

    /// Queues one resize and returns what the template gets. `source` is the path as found
    /// (site-relative, `@/` expanded): it names the output, so it must not depend on where
    /// the site folder is on disk.
    pub fn enqueue(
        &self,
        op: ResizeOperation,
        source: &str,
        input: &Path,
        format: &str,
        quality: Option<u8>,
    ) -> Result<ResizeResponse, String> {
        let meta = self.meta(input)?;
        let format = ImageFormat::from_args(meta.is_lossy(), format, quality)?;
        let mut h = Sha256::new();
        // `/` on every system, so Windows and Linux builds name the file alike.
        h.update(source.replace('\\', "/").as_bytes());
        h.update([0]);
        h.update(op.key().as_bytes());
        h.update(format!("{format:?}").as_bytes());
        let hash: String = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let stem = input
            .file_stem()
            .map_or("unknown".into(), |s| s.to_string_lossy());
        let filename = format!("{stem}.{hash}.{}", format.extension());
        check_pixels(meta.size, Msg::new("原图", "the image"))?;
        let plan = op.plan(meta.size);
        let (width, height) = plan.resize.unwrap_or(meta.size);
        check_pixels(
            (width, height),
            Msg::new("要生成的图片", "the resized image"),
        )?;
        lock(&self.ops)
            .entry(filename.clone())
            .or_insert_with(|| ImageOp {
                input: input.to_path_buf(),
                plan,
                format,
            });
        Ok(ResizeResponse {
            url: format!("{}{filename}", self.url_prefix),
            static_path: format!("static/{RESIZED_SUBDIR}/{filename}"),
            width,
            height,
            orig_width: meta.size.0,
            orig_height: meta.size.1,
        })
    }

    /// How many distinct images are queued.
    pub fn len(&self) -> usize {
        lock(&self.ops).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Encodes every queued image in parallel and gives each to `write` as
    /// (`processed_images/<name>`, bytes). Returns every failure, in output-name order.
    pub fn process_all(
        &self,
        write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
    ) -> Vec<ImageError> {
        let ops: Vec<(String, ImageOp)> = lock(&self.ops)
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut errors: Vec<ImageError> = ops
            .par_iter()
            .filter_map(|(name, op)| {
                let fail = |message: String| ImageError {
                    path: op.input.clone(),
                    message,
                };
                let mtime = std::fs::metadata(&op.input).and_then(|m| m.modified()).ok();
                let cached = lock(&self.encoded)
                    .get(name)
                    .filter(|(t, _)| *t == mtime && mtime.is_some())
                    .map(|(_, b)| b.clone());
                let bytes = match cached {
                    Some(b) => b,
                    None => match op.perform() {
                        Ok(b) => {
                            let b = Arc::new(b);
                            lock(&self.encoded).insert(name.clone(), (mtime, b.clone()));
                            b
                        }
                        Err(e) => return Some(fail(e)),
                    },
                };
                write(&format!("{RESIZED_SUBDIR}/{name}"), &bytes)
                    .err()
                    .map(|e| fail(format!("could not write {RESIZED_SUBDIR}/{name}: {e}")))
            })
            .collect();
        errors.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
        errors
    }

    /// [`process_all`](Self::process_all) into a folder on disk; returns the files written.
    pub fn write_all(&self, out_dir: &Path) -> Result<Vec<PathBuf>, Vec<ImageError>> {
        let written = Mutex::new(Vec::new());
        let errors = self.process_all(&|rel, bytes| {
            let path = out_dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
            lock(&written).push(path);
            Ok(())
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut written = written.into_inner().unwrap_or_else(|p| p.into_inner());
        written.sort();
        Ok(written)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `resize_image(path, width, height, op="fill", format="auto", quality, speed)`.
pub struct ResizeImage {
    processor: Arc<ImageProcessor>,
}

impl ResizeImage {
    pub fn new(processor: Arc<ImageProcessor>) -> Self {
        Self { processor }
    }
}

impl Function for ResizeImage {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path: String = required_arg(
            args,
            "path",
            "`resize_image` requires a `path` argument with a string value",
        )?;
        let width = optional_arg(
            args,
            "width",
            "`resize_image`: `width` must be a non-negative integer",
        )?;
        let height = optional_arg(
            args,
            "height",
            "`resize_image`: `height` must be a non-negative integer",
        )?;
        let op: String = optional_arg(args, "op", "`resize_image`: `op` must be a string")?
            .unwrap_or_else(|| "fill".into());
        let format: String =
            optional_arg(args, "format", "`resize_image`: `format` must be a string")?
                .unwrap_or_else(|| "auto".into());
        let quality = optional_arg(
            args,
            "quality",
            "`resize_image`: `quality` must be a number",
        )?;
        let _speed: Option<u8> =
            optional_arg(args, "speed", "`resize_image`: `speed` must be a number")?;
        let op = ResizeOperation::from_args(&op, width, height)
            .map_err(|e| format!("`resize_image`: {e}"))?;
        let (file, source) = self
            .processor
            .files
            .find(&path)
            .map_err(|e| format!("`resize_image`: {e}"))?
            .ok_or_else(|| format!("`resize_image`: Cannot find file: {path}"))?;
        let response = self
            .processor
            .enqueue(op, &source, &file, &format, quality)
            .map_err(|e| format!("`resize_image`: {e}"))?;
        Ok(serde_json::to_value(response)?)
    }
}

/// `get_image_metadata(path, allow_missing=false)` → `{width, height, format, mime}`.
pub struct GetImageMetadata {
    files: SiteFiles,
    cache: Mutex<HashMap<String, Value>>,
}

impl GetImageMetadata {
    pub fn new(files: SiteFiles) -> Self {
        Self {
            files,
            cache: Mutex::new(HashMap::new()),
        }
    }
}

impl Function for GetImageMetadata {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path: String = required_arg(
            args,
            "path",
            "`get_image_metadata` requires a `path` argument with a string value",
        )?;
        let allow_missing = optional_arg(
            args,
            "allow_missing",
            "`get_image_metadata`: `allow_missing` must be a boolean (true or false)",
        )?
        .unwrap_or(false);
        let found = self
            .files
            .find(&path)
            .map_err(|e| format!("`get_image_metadata`: {e}"))?;
        let Some((file, source)) = found else {
            if allow_missing {
                return Ok(Value::Null);
            }
            return Err(format!("`get_image_metadata`: Cannot find path: {path}").into());
        };
        if let Some(v) = lock(&self.cache).get(&source) {
            return Ok(v.clone());
        }
        let value = read_metadata(&file).map_err(|e| format!("`get_image_metadata`: {e}"))?;
        lock(&self.cache).insert(source, value.clone());
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::fns::test_util::{args, err_text};
    use serde_json::json;

    fn site() -> (tempfile::TempDir, Arc<ImageProcessor>) {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        std::fs::create_dir_all(r.join("static/img")).unwrap();
        std::fs::create_dir_all(r.join("content/news")).unwrap();
        let img = image::RgbaImage::from_fn(40, 20, |x, y| {
            image::Rgba([x as u8 * 6, y as u8 * 12, 90, 255])
        });
        img.save(r.join("static/img/banner.png")).unwrap();
        image::RgbImage::from_pixel(30, 60, image::Rgb([200, 10, 10]))
            .save(r.join("content/news/photo.jpg"))
            .unwrap();
        std::fs::write(r.join("static/img/logo.svg"), r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80.5"></svg>"#).unwrap();
        std::fs::write(
            r.join("static/img/sized.svg"),
            r#"<svg width="64px" height='32' viewBox="0 0 1 1"/>"#,
        )
        .unwrap();
        let files = SiteFiles::new(r, None, Path::new("public"));
        let p = Arc::new(ImageProcessor::new(files, "https://pf.example.gov.cn/"));
        (dir, p)
    }

    #[test]
    fn resize_image_queues_then_processes() {
        let (_d, p) = site();
        let f = ResizeImage::new(p.clone());
        let r = f
            .call(&args(&[
                ("path", json!("img/banner.png")),
                ("width", json!(10)),
                ("height", json!(10)),
            ]))
            .unwrap();
        let url = r["url"].as_str().unwrap().to_string();
        let name = url
            .strip_prefix("https://pf.example.gov.cn/processed_images/")
            .unwrap()
            .to_string();
        assert!(
            regex::Regex::new(r"^banner\.[0-9a-f]{16}\.png$")
                .unwrap()
                .is_match(&name),
            "{name}"
        );
        assert_eq!(
            r,
            json!({"url": url, "static_path": format!("static/processed_images/{name}"),
                   "width": 10, "height": 10, "orig_width": 40, "orig_height": 20})
        );
        // Same request → same name, queued once; JPEG source with `auto` → jpg.
        let again = f
            .call(&args(&[
                ("path", json!("img/banner.png")),
                ("width", json!(10)),
                ("height", json!(10)),
            ]))
            .unwrap();
        assert_eq!(again, r);
        let j = f
            .call(&args(&[
                ("path", json!("@/news/photo.jpg")),
                ("op", json!("fit_width")),
                ("width", json!(15)),
            ]))
            .unwrap();
        assert_eq!(
            (j["width"].clone(), j["height"].clone()),
            (json!(15), json!(30))
        );
        assert!(j["url"].as_str().unwrap().ends_with(".jpg"));
        let w = f
            .call(&args(&[
                ("path", json!("img/banner.png")),
                ("op", json!("scale")),
                ("width", json!(8)),
                ("height", json!(4)),
                ("format", json!("webp")),
            ]))
            .unwrap();
        assert_eq!(p.len(), 3);

        let out = tempfile::tempdir().unwrap();
        let written = p.write_all(out.path()).unwrap();
        assert_eq!(written.len(), 3);
        let png = image::open(out.path().join("processed_images").join(&name)).unwrap();
        assert_eq!((png.width(), png.height()), (10, 10));
        let jpg_name = j["url"].as_str().unwrap().rsplit('/').next().unwrap();
        let jpg = image::open(out.path().join("processed_images").join(jpg_name)).unwrap();
        assert_eq!((jpg.width(), jpg.height()), (15, 30));
        let webp_name = w["url"].as_str().unwrap().rsplit('/').next().unwrap();
        let webp = image::open(out.path().join("processed_images").join(webp_name)).unwrap();
        assert_eq!((webp.width(), webp.height()), (8, 4));
        // Second run reuses the encoded bytes and produces the same files.
        let first = std::fs::read(&written[0]).unwrap();
        assert_eq!(p.write_all(out.path()).unwrap(), written);
        assert_eq!(std::fs::read(&written[0]).unwrap(), first);
    }

    #[test]
    fn resize_image_errors() {
        let (_d, p) = site();
        let f = ResizeImage::new(p.clone());
        let call = |a: &[(&str, Value)]| f.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[]).unwrap_err(),
            "`resize_image` requires a `path` argument with a string value"
        );
        assert_eq!(
            call(&[("path", json!("img/banner.png")), ("width", json!(-1))]).unwrap_err(),
            "`resize_image`: `width` must be a non-negative integer"
        );
        assert_eq!(
            call(&[
                ("path", json!("img/banner.png")),
                ("op", json!("fit_width"))
            ])
            .unwrap_err(),
            "`resize_image`: op=\"fit_width\" requires a `width` argument"
        );
        assert_eq!(
            call(&[
                ("path", json!("nope.png")),
                ("width", json!(1)),
                ("height", json!(1))
            ])
            .unwrap_err(),
            "`resize_image`: Cannot find file: nope.png"
        );
        assert_eq!(
            call(&[("path", json!("img/banner.png")), ("width", json!(1)), ("height", json!(1)), ("format", json!("jpg")), ("quality", json!(0))]).unwrap_err(),
            "`resize_image`: Quality for JPEG must be between 1 and 100 (inclusive); 0 is not valid"
        );
        assert_eq!(
            call(&[
                ("path", json!("img/banner.png")),
                ("width", json!(1)),
                ("height", json!(1)),
                ("format", json!("bmp"))
            ])
            .unwrap_err(),
            "`resize_image`: Invalid image format: bmp"
        );
        assert!(call(&[
            ("path", json!("img/logo.svg")),
            ("width", json!(1)),
            ("height", json!(1))
        ])
        .unwrap_err()
        .starts_with("`resize_image`: Failed to read image: "));
        let e = call(&[
            ("path", json!("../../../../../../../../etc/passwd")),
            ("width", json!(1)),
            ("height", json!(1)),
        ])
        .unwrap_err();
        assert!(e.starts_with("`resize_image`: \"../../../../../../../../etc/passwd\" is not inside the base site directory"), "{e}");
        assert!(p.is_empty());
    }

    #[test]
    fn failed_encodes_are_reported_not_written() {
        let (d, p) = site();
        let f = ResizeImage::new(p.clone());
        f.call(&args(&[
            ("path", json!("img/banner.png")),
            ("width", json!(5)),
            ("height", json!(5)),
        ]))
        .unwrap();
        // The source is broken after it was queued.
        std::fs::write(d.path().join("static/img/banner.png"), b"not a png").unwrap();
        let errors = p.process_all(&|_, _| panic!("nothing must be written"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, d.path().join("static/img/banner.png"));
        assert!(errors[0]
            .to_string()
            .starts_with("图片处理失败 failed to process image "));
    }

    #[test]
    fn image_metadata() {
        let (_d, _p) = site();
        let g = GetImageMetadata::new(SiteFiles::new(_d.path(), None, Path::new("public")));
        let call = |a: &[(&str, Value)]| g.call(&args(a)).map_err(|e| err_text(&e));
        assert_eq!(
            call(&[("path", json!("img/banner.png"))]).unwrap(),
            json!({"width": 40, "height": 20, "format": "png", "mime": "image/png"})
        );
        assert_eq!(
            call(&[("path", json!("@/news/photo.jpg"))]).unwrap(),
            json!({"width": 30, "height": 60, "format": "jpg", "mime": "image/jpeg"})
        );
        assert_eq!(
            call(&[("path", json!("img/logo.svg"))]).unwrap(),
            json!({"width": 120, "height": 80, "format": "svg", "mime": "text/svg+xml"})
        );
        assert_eq!(
            call(&[("path", json!("img/sized.svg"))]).unwrap()["width"],
            json!(64)
        );
        assert_eq!(
            call(&[("path", json!("x.png")), ("allow_missing", json!(true))]).unwrap(),
            Value::Null
        );
        assert_eq!(
            call(&[("path", json!("x.png"))]).unwrap_err(),
            "`get_image_metadata`: Cannot find path: x.png"
        );
        assert_eq!(
            call(&[("path", json!("x.png")), ("allow_missing", json!(1))]).unwrap_err(),
            "`get_image_metadata`: `allow_missing` must be a boolean (true or false)"
        );
        assert!(call(&[("path", json!("../../../../../../../etc/passwd"))])
            .unwrap_err()
            .contains("is not inside the base site directory"));
    }
}
