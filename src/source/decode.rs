//! Bytes to text. Articles come from Notepad and WPS on Windows: UTF-8 with or without a BOM,
//! CRLF line ends, sometimes GBK (saved as "ANSI" on a Chinese Windows) or UTF-16 (Notepad's
//! "Unicode"). All are read; anything but UTF-8 gets a warning telling how to save it, and
//! bytes that are no known text are an error naming the file.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK / GB18030 (Windows "ANSI" on a Chinese system).
    Gbk,
    Utf16,
}

/// Decodes `bytes`: BOM removed, CRLF and lone CR turned into LF (so line numbers stay the same).
/// `None` when the bytes are no text we know.
pub fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8(rest.to_vec()).ok()?, Encoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (t, _, bad) = UTF_16LE.decode(rest);
        if bad {
            return None;
        }
        (t.into_owned(), Encoding::Utf16)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (t, _, bad) = UTF_16BE.decode(rest);
        if bad {
            return None;
        }
        (t.into_owned(), Encoding::Utf16)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), Encoding::Utf8)
    } else {
        let t = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
        // Control characters other than whitespace mean binary data, not a GBK article.
        if t.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        {
            return None;
        }
        (t.into_owned(), Encoding::Gbk)
    };
    let text = text.trim_start_matches('\u{feff}');
    // A lone CR (old Mac files, some copy-and-paste) ends a line for Notepad, YAML and
    // Markdown alike: made an LF too, so every stage counts the same lines.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    Some((text, enc))
}

/// Reads a text file the way articles are read (any encoding above accepted silently).
pub fn read_text_file(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    decode(&bytes).map(|(t, _)| t).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} is not UTF-8 or GBK text", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_crlf() {
        let (t, e) = decode(b"\xEF\xBB\xBF+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(t, "+++\ntitle = \"a\"\n+++\nbody\n");
        assert_eq!(e, Encoding::Utf8);
    }

    #[test]
    fn lone_cr_ends_a_line() {
        // Found by the front-matter property test: YAML counted the CR as a line end, the
        // diagnostics did not, and pointed at the wrong line.
        let (t, _) = decode(b"---\ntitle\r\"\"\":\n---\n").unwrap();
        assert_eq!(t, "---\ntitle\n\"\"\":\n---\n");
        assert_eq!(decode(b"a\r\rb\r\n").unwrap().0, "a\n\nb\n");
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = GB18030.encode("+++\ntitle = \"民法典宣传月\"\n+++\n正文");
        let (t, e) = decode(&bytes).unwrap();
        assert_eq!(t, "+++\ntitle = \"民法典宣传月\"\n+++\n正文");
        assert_eq!(e, Encoding::Gbk);
    }

    #[test]
    fn utf16_from_notepad() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "标题\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes),
            Some(("标题\n".to_string(), Encoding::Utf16))
        );
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF]),
            None
        );
    }
}
