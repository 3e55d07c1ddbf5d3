//! Splitting a Markdown file into front matter (`+++` TOML or `---` YAML) and body, keeping
//! the line numbers of both so errors point at the file's lines.

use crate::diagnostics::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// The front matter text and where things are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The text between the delimiters (without them).
    pub front_matter: &'a str,
    /// File line (1-based) of the front matter's first line (the line after `+++`).
    pub front_matter_line: usize,
    pub body: &'a str,
    /// File line where the body starts.
    pub body_line: usize,
}

/// Why a file could not be split: message, hint, and the 1-based line to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: Msg,
    pub hint: Msg,
}

/// Splits `text` (already LF-only). Like Zola, blank lines may precede the opening delimiter
/// and blank lines after the closing one are not part of the body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut offset = 0;
    let mut line_no = 1;
    let mut lines = text.split_inclusive('\n');
    let (format, delim) = loop {
        let Some(line) = lines.next() else {
            return Err(no_front_matter(1));
        };
        let t = line.trim();
        offset += line.len();
        match t {
            "" => line_no += 1,
            "+++" => break (Format::Toml, "+++"),
            "---" => break (Format::Yaml, "---"),
            _ if t.starts_with("+++") || t.starts_with("---") => {
                return Err(SplitError {
                    line: line_no,
                    message: Msg::new(
                        format!("开头的 `{}` 那一行只能有这三个符号", &t[..3]),
                        format!("the opening `{}` line must contain nothing else", &t[..3]),
                    ),
                    hint: Msg::new(
                        "把后面的内容移到下一行。",
                        "Move the rest of that line to the next line.",
                    ),
                });
            }
            _ => return Err(no_front_matter(line_no)),
        }
    };
    let open_line = line_no;
    let fm_start = offset;
    let mut cur = line_no;
    for line in lines {
        cur += 1;
        if line.trim() == delim {
            let front_matter = &text[fm_start..offset];
            let mut body_offset = offset + line.len();
            let mut body_line = cur + 1;
            // Blank lines after the closing delimiter are skipped (Zola's regex does this).
            let mut rest = &text[body_offset..];
            while let Some(nl) = rest.find('\n') {
                if !rest[..nl].trim().is_empty() {
                    break;
                }
                body_offset += nl + 1;
                body_line += 1;
                rest = &text[body_offset..];
            }
            if rest.trim().is_empty() {
                body_offset = text.len();
            }
            return Ok(Split {
                format,
                front_matter,
                front_matter_line: open_line + 1,
                body: &text[body_offset..],
                body_line,
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        line: open_line,
        message: Msg::new(
            format!("文章开头的 `{delim}` 没有配对的结尾 `{delim}`"),
            format!("the front matter opened with `{delim}` is never closed"),
        ),
        hint: Msg::new(
            format!("请在标题、日期等设置的下面单独写一行 `{delim}`，再写正文。"),
            format!("Add a line with `{delim}` after the front matter, before the text."),
        ),
    })
}

fn no_front_matter(line: usize) -> SplitError {
    SplitError {
        line,
        message: Msg::new(
            "文章开头没有 `+++` 设置区（标题、日期等）",
            "no front matter: the file must start with `+++` (or `---`)",
        ),
        hint: Msg::new(
            "请在文件最前面写：\n  +++\n  title = \"文章标题\"\n  +++",
            "Start the file with:\n  +++\n  title = \"My title\"\n  +++",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_with_lines() {
        let s = split("+++\ntitle = \"a\"\n+++\n\n\n正文\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front_matter, "title = \"a\"\n");
        assert_eq!(s.front_matter_line, 2);
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn yaml_and_leading_blank_lines() {
        let s = split("\n---\ntitle: a\ndate: 2024-05-01\n---\nbody").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.front_matter, "title: a\ndate: 2024-05-01\n");
        assert_eq!(s.front_matter_line, 3);
        assert_eq!((s.body, s.body_line), ("body", 6));
    }

    #[test]
    fn empty_body() {
        let s = split("+++\n+++\n").unwrap();
        assert_eq!((s.front_matter, s.body, s.body_line), ("", "", 3));
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn keeps_indentation_of_first_body_line() {
        let s = split("+++\n+++\n\n    code\n").unwrap();
        assert_eq!((s.body, s.body_line), ("    code\n", 4));
    }

    #[test]
    fn missing_closing_points_at_opening_line() {
        let e = split("\n+++\ntitle = \"a\"\n正文\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.zh.contains("没有配对"));
    }

    #[test]
    fn no_front_matter_at_all() {
        let e = split("# 标题\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.hint.zh.contains("+++"));
    }
}
