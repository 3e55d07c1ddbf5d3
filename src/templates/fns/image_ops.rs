//! The image work behind `resize_image` and `get_image_metadata`: checking the operation
//! and output format (Zola's rules and messages), planning crop and resize from the original
//! size (Zola's arithmetic, so thumbnails come out the same size), reading sizes cheaply
//! (EXIF rotation and SVG included) and encoding one queued image.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use tera::Value;

/// `resize_image`'s `op`, with its sizes checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResizeOperation {
    /// Exactly `width`×`height`, aspect ratio ignored.
    Scale(u32, u32),
    FitWidth(u32),
    FitHeight(u32),
    /// Shrinks (never enlarges) to fit inside the box, keeping the aspect ratio.
    Fit(u32, u32),
    /// Exactly the box, cropping the centre of what does not fit.
    Fill(u32, u32),
}

impl ResizeOperation {
    pub fn from_args(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, String> {
        use ResizeOperation::*;
        let op = match (op, width, height) {
            ("fit_width", Some(w), _) => FitWidth(w),
            ("fit_width", None, _) => {
                return Err("op=\"fit_width\" requires a `width` argument".into())
            }
            ("fit_height", _, Some(h)) => FitHeight(h),
            ("fit_height", _, None) => {
                return Err("op=\"fit_height\" requires a `height` argument".into())
            }
            ("scale", Some(w), Some(h)) => Scale(w, h),
            ("fit", Some(w), Some(h)) => Fit(w, h),
            ("fill", Some(w), Some(h)) => Fill(w, h),
            ("scale" | "fit" | "fill", _, _) => {
                return Err(format!("op={op} requires a `width` and `height` argument"))
            }
            _ => return Err(format!("Invalid image resize operation: {op}")),
        };
        // A zero side cannot be encoded; say so here rather than fail after rendering.
        let zero = match op {
            FitWidth(w) => w == 0,
            FitHeight(h) => h == 0,
            Scale(w, h) | Fit(w, h) | Fill(w, h) => w == 0 || h == 0,
        };
        if zero {
            return Err(
                "`width` and `height` must be greater than 0 (宽度和高度必须大于 0)".into(),
            );
        }
        Ok(op)
    }

    pub(super) fn key(&self) -> String {
        format!("{self:?}")
    }

    /// Crop (x, y, w, h) then resize (w, h), from the original size; Zola's arithmetic.
    pub(super) fn plan(self, (ow, oh): (u32, u32)) -> Plan {
        use ResizeOperation::*;
        let resize = |w: u32, h: u32| Plan {
            crop: None,
            resize: Some((w, h)),
        };
        let scaled =
            |a: u32, b: u32, c: u32| (u64::from(a) * u64::from(b) / u64::from(c.max(1))) as u32;
        match self {
            Scale(w, h) => resize(w, h),
            FitWidth(w) => resize(w, scaled(oh, w, ow)),
            FitHeight(h) => resize(scaled(ow, h, oh), h),
            Fit(w, h) if ow <= w && oh <= h => Plan {
                crop: None,
                resize: None,
            },
            Fit(w, h) if u64::from(ow) * u64::from(h) > u64::from(oh) * u64::from(w) => {
                FitWidth(w).plan((ow, oh))
            }
            Fit(_, h) => FitHeight(h).plan((ow, oh)),
            Fill(w, h) => {
                let (fw, fh) = (ow as f32 / w.max(1) as f32, oh as f32 / h.max(1) as f32);
                // Nearly the same shape: a plain scale, no crop.
                if (fw - fh).abs() <= 0.1 {
                    return resize(w, h);
                }
                let crop = if fw < fh {
                    let ch = (fw * h as f32).round() as u32;
                    (0, (oh.saturating_sub(ch)) / 2, ow, ch)
                } else {
                    let cw = (fh * w as f32).round() as u32;
                    ((ow.saturating_sub(cw)) / 2, 0, cw, oh)
                };
                Plan {
                    crop: Some(crop),
                    resize: Some((w, h)),
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Plan {
    pub(super) crop: Option<(u32, u32, u32, u32)>,
    pub(super) resize: Option<(u32, u32)>,
}

/// The output encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg {
        quality: u8,
    },
    Png,
    /// Always encoded lossless (the `image` crate has no lossy WebP encoder); `quality` is
    /// kept because it is part of the output name.
    WebP {
        quality: Option<u8>,
    },
}

impl ImageFormat {
    /// Zola's `Format::from_args`: `auto` is JPEG for lossy sources, PNG otherwise.
    pub fn from_args(is_lossy: bool, format: &str, quality: Option<u8>) -> Result<Self, String> {
        match (format, is_lossy) {
            ("auto", true) | ("jpeg" | "jpg", _) => match quality.unwrap_or(75) {
                q @ 1..=100 => Ok(ImageFormat::Jpeg { quality: q }),
                q => Err(format!(
                    "Quality for JPEG must be between 1 and 100 (inclusive); {q} is not valid"
                )),
            },
            ("auto", false) | ("png", _) => Ok(ImageFormat::Png),
            ("webp", _) => match quality {
                Some(q) if q > 100 => Err(format!(
                    "Quality for WebP must be between 0 and 100 (inclusive); {q} is not valid"
                )),
                _ => Ok(ImageFormat::WebP { quality }),
            },
            ("avif", _) => {
                Err("Invalid image format: avif (pufa 不支持生成 AVIF，请用 webp 或 jpg)".into())
            }
            _ => Err(format!("Invalid image format: {format}")),
        }
    }

    pub fn extension(&self) -> &'static str {
        match self {
            ImageFormat::Jpeg { .. } => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::WebP { .. } => "webp",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Meta {
    pub(super) size: (u32, u32),
    pub(super) format: Option<image::ImageFormat>,
}

impl Meta {
    pub(super) fn read(path: &Path) -> Result<Meta, String> {
        let reader = ImageReader::open(path)
            .and_then(ImageReader::with_guessed_format)
            .map_err(|e| e.to_string())?;
        let format = reader.format();
        let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
        let (w, h) = decoder.dimensions();
        let size = match decoder.orientation().unwrap_or(Orientation::NoTransforms) {
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH => (h, w),
            _ => (w, h),
        };
        Ok(Meta { size, format })
    }

    pub(super) fn is_lossy(&self) -> bool {
        use image::ImageFormat::*;
        !matches!(
            self.format.unwrap_or(Jpeg),
            Png | Pnm | Tiff | Tga | Bmp | Ico | Hdr | Farbfeld
        )
    }
}

#[derive(Debug, Clone)]
pub(super) struct ImageOp {
    pub(super) input: PathBuf,
    pub(super) plan: Plan,
    pub(super) format: ImageFormat,
}

impl ImageOp {
    pub(super) fn perform(&self) -> Result<Vec<u8>, String> {
        let mut reader = ImageReader::open(&self.input)
            .and_then(ImageReader::with_guessed_format)
            .map_err(|e| e.to_string())?;
        // The size was checked when the resize was queued; this guards against a file
        // changed since, or a header that lies.
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(2 << 30);
        reader.limits(limits);
        let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
        let icc = decoder.icc_profile().ok().flatten();
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
        img.apply_orientation(orientation);
        if let Some((x, y, w, h)) = self.plan.crop {
            img = img.crop_imm(x, y, w, h);
        }
        if let Some((w, h)) = self.plan.resize {
            img = img.resize_exact(w, h, FilterType::Lanczos3);
        }
        let mut out = Cursor::new(Vec::new());
        let with_icc = |enc: &mut dyn ImageEncoder| {
            if let Some(icc) = icc.clone() {
                // Not every encoder embeds profiles; colours are then slightly off, as in Zola.
                let _ = enc.set_icc_profile(icc);
            }
        };
        let res = match self.format {
            ImageFormat::Png => {
                let mut enc = PngEncoder::new(&mut out);
                with_icc(&mut enc);
                img.write_with_encoder(enc)
            }
            ImageFormat::Jpeg { quality } => {
                let mut enc = JpegEncoder::new_with_quality(&mut out, quality);
                with_icc(&mut enc);
                // JPEG has no alpha channel.
                DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(enc)
            }
            ImageFormat::WebP { .. } => {
                let mut enc = WebPEncoder::new_lossless(&mut out);
                with_icc(&mut enc);
                let img = if img.color().has_alpha() {
                    DynamicImage::ImageRgba8(img.to_rgba8())
                } else {
                    DynamicImage::ImageRgb8(img.to_rgb8())
                };
                img.write_with_encoder(enc)
            }
        };
        res.map_err(|e| e.to_string())?;
        Ok(out.into_inner())
    }
}

pub(super) fn read_metadata(path: &Path) -> Result<Value, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let (width, height, format, mime) = if ext == "svg" {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("Failed to read image: {}: {e}", path.display()))?;
        let (w, h) = svg_size(&text).ok_or_else(|| {
            format!(
                "Failed to read image: {}: Invalid dimensions: SVG width/height and viewbox not set.",
                path.display()
            )
        })?;
        (w, h, Some("svg"), Some("text/svg+xml"))
    } else {
        let m = Meta::read(path)
            .map_err(|e| format!("Failed to read image: {}: {e}", path.display()))?;
        let format = m.format.and_then(|f| f.extensions_str().first().copied());
        (
            m.size.0,
            m.size.1,
            format,
            m.format.map(|f| f.to_mime_type()),
        )
    };
    Ok(serde_json::json!({"width": width, "height": height, "format": format, "mime": mime}))
}

/// Width and height of an SVG from its root element: `width`/`height`, else the `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let re = regex::Regex::new(&format!(r#"\s{name}\s*=\s*["']([^"']*)["']"#)).ok()?;
        re.captures(tag).and_then(|c| c.get(1)).map(|m| m.as_str())
    };
    let number = |s: &str| -> Option<f64> {
        let end = s
            .trim()
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.trim().len());
        s.trim()[..end].parse().ok()
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w as u32, h as u32));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    (vb.len() == 4).then(|| (vb[2] as u32, vb[3] as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_match_zola_arithmetic() {
        use ResizeOperation::*;
        let p = |op: ResizeOperation| op.plan((400, 200));
        assert_eq!(
            p(Scale(10, 10)),
            Plan {
                crop: None,
                resize: Some((10, 10))
            }
        );
        assert_eq!(
            p(FitWidth(100)),
            Plan {
                crop: None,
                resize: Some((100, 50))
            }
        );
        assert_eq!(
            p(FitHeight(100)),
            Plan {
                crop: None,
                resize: Some((200, 100))
            }
        );
        assert_eq!(
            p(Fit(500, 500)),
            Plan {
                crop: None,
                resize: None
            }
        );
        assert_eq!(
            p(Fit(100, 100)),
            Plan {
                crop: None,
                resize: Some((100, 50))
            }
        );
        assert_eq!(
            p(Fit(1000, 100)),
            Plan {
                crop: None,
                resize: Some((200, 100))
            }
        );
        assert_eq!(
            p(Fill(100, 100)),
            Plan {
                crop: Some((100, 0, 200, 200)),
                resize: Some((100, 100))
            }
        );
        assert_eq!(
            p(Fill(100, 10)),
            Plan {
                crop: Some((0, 80, 400, 40)),
                resize: Some((100, 10))
            }
        );
        assert_eq!(
            p(Fill(200, 101)),
            Plan {
                crop: None,
                resize: Some((200, 101))
            }
        );
        assert_eq!(
            ResizeOperation::from_args("fit", Some(1), None).unwrap_err(),
            "op=fit requires a `width` and `height` argument"
        );
        assert_eq!(
            ResizeOperation::from_args("crop", Some(1), Some(1)).unwrap_err(),
            "Invalid image resize operation: crop"
        );
    }
}
