//! CSS in `<style>` and `style="…"`, minified by lightningcss with minify-html's calls and
//! options (the same crate, so the same bytes).

use lightningcss::stylesheet::{
    MinifyOptions, ParserOptions, PrinterOptions, StyleAttribute, StyleSheet,
};

/// A `<style>` element's text: minified when lightningcss reads it and the result is shorter,
/// else the text with its surrounding whitespace trimmed.
pub(super) fn style_sheet(out: &mut Vec<u8>, code: &[u8]) {
    let min = std::str::from_utf8(code).ok().and_then(|css| {
        let mut sheet = StyleSheet::parse(css, ParserOptions::default()).ok()?;
        sheet.minify(MinifyOptions::default()).ok()?;
        let printed = sheet
            .to_css(PrinterOptions {
                minify: true,
                ..PrinterOptions::default()
            })
            .ok()?;
        Some(printed.code)
    });
    match min {
        Some(min) if min.len() < code.len() => out.extend_from_slice(min.as_bytes()),
        _ => out.extend_from_slice(super::trimmed(code)),
    }
}

/// A `style` attribute's declarations, minified (even when longer, as minify-html does); `None`
/// when lightningcss cannot read them (the value is kept).
pub(super) fn style_attribute(value: &[u8]) -> Option<Vec<u8>> {
    let css = std::str::from_utf8(value).ok()?;
    let mut attr = StyleAttribute::parse(css, ParserOptions::default()).ok()?;
    attr.minify(MinifyOptions::default());
    let printed = attr
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code.into_bytes())
}
