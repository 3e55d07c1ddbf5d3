//! QR codes of page permalinks, for printed sheets and display boards (展板).
//!
//! Takes a URL and returns a small, self-contained SVG: the module matrix comes from the
//! `qrcode` crate (error correction level M, which survives a creased or partly covered
//! poster), the drawing is ours: one `<path>` with a run of dark modules per sub-path, so a
//! typical permalink QR is 2–4 KB instead of one `<rect>` per module. The SVG scales to any
//! print size (`viewBox` in modules, no fixed width), carries `role="img"`, an `aria-label`
//! and a `<title>` for screen readers, and is byte-identical for the same URL.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// The SVG QR code of `url`. A URL too long for a QR code (over ~2 300 bytes at level M)
/// gives an SVG with a text note instead, so a build never fails on it.
pub fn svg(url: &str) -> String {
    let label = format!("二维码：{url}");
    let Ok(code) = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) else {
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"{0}\" viewBox=\"0 0 200 20\"><title>{0}</title><text x=\"0\" y=\"15\" font-size=\"12\">网址过长，无法生成二维码</text></svg>",
            crate::html::escape(&label)
        );
    };
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><title>{label}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        label = crate::html::escape(&label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the module grid back out of our own SVG path (`M x y h n v1 h-n z` runs).
    fn grid(svg: &str) -> (usize, Vec<Vec<bool>>) {
        let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        let size: usize = vb.split(' ').next().unwrap().parse().unwrap();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut g = vec![vec![false; size]; size];
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let n: usize = rest.split('v').next().unwrap().parse().unwrap();
            for cell in &mut g[y][x..x + n] {
                *cell = true;
            }
        }
        (size, g)
    }

    #[test]
    fn svg_decodes_to_the_url() {
        let url = "https://sfs.example.gov.cn/pufa/anli/2025-zui-jia-an/?from=qr&a=<1>";
        let svg = svg(url);
        let (size, g) = grid(&svg);
        // Rasterise at 4 px per module and decode with an independent decoder.
        let scale = 4;
        let px = size * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if g[y / scale][x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (meta, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
        assert_eq!(meta.ecc_level, 0, "level M");
    }

    #[test]
    fn svg_structure_and_determinism() {
        let a = svg("https://example.cn/a/");
        assert_eq!(a, svg("https://example.cn/a/"));
        assert!(a.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"二维码：https://example.cn/a/\" viewBox=\"0 0 33 33\""));
        assert!(a.contains("<title>二维码：https://example.cn/a/</title>"));
        assert!(a.ends_with("\"/></svg>"));
        // Finder pattern: the top-left 7×7 ring starts at the quiet zone.
        let (_, g) = grid(&a);
        assert!((4..11).all(|x| g[4][x] && g[10][x]));
        assert!(!g[5][5] && g[6][6]);
        assert!(a.len() < 4000, "{}", a.len());
    }

    #[test]
    fn too_long_is_not_an_error() {
        let s = svg(&"x".repeat(5000));
        assert!(s.contains("网址过长"));
    }
}
