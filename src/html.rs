//! Escaping text for HTML, one way for all of pufa's own markup (the server's pages, the QR
//! code's SVG, the law citations): `&`, `<`, `>` in text, and `"` too in attribute values.
//!
//! Two places keep their own escaping because their bytes follow Zola's: code highlighting
//! (`markdown::highlight`, also `'` as giallo writes it) and Zola's search index
//! (`search::zola`, also `&nbsp;`).

/// Text for an element's content or a double-quoted attribute value: `&`, `<`, `>`, `"`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an element's content only, as pulldown-cmark writes body text: `&`, `<`, `>`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_and_attributes() {
        assert_eq!(super::escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
        assert_eq!(super::escape_text("a<b>&\"c'"), "a&lt;b&gt;&amp;\"c'");
        assert_eq!(super::escape("民法典"), "民法典");
    }
}
