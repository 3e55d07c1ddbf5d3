//! TOML read with positions: syntax and type errors as diagnostics at the file's line and
//! column, with hints for the slips people make typing TOML in Notepad or WPS (full-width
//! `＝` `：` `“”` `，` `［］`, Chinese text without quotes, numbers in quotes).
//!
//! Shared by `config.toml` and `+++` front matter. Keys are checked against a list of known
//! keys here too, because serde alone would stop at the first unknown key and cannot say
//! which known key was probably meant.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{line_col, nearest, Diagnostic, Msg, Severity};

mod hints;

pub(crate) use hints::full_width_in;
use hints::{
    ascii_for, first_full_width_col, syntax_hint, table_slip_hint, translate_syntax,
    translate_type, type_hint,
};

/// A TOML text inside a file: `first_line` is the file line of the text's first line.
#[derive(Clone, Copy)]
pub(crate) struct TomlDoc<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub first_line: usize,
}

impl<'a> TomlDoc<'a> {
    /// A diagnostic at byte `span.start` of the text, with its source line.
    pub(crate) fn diag_at(&self, severity: Severity, at: usize, message: Msg) -> Diagnostic {
        let (line, col, src) = line_col(self.text, at, self.first_line);
        Diagnostic::new(severity, self.path, line, col, message).with_source_line(src)
    }

    /// Parses the text keeping spans; every syntax error (the first of each line) on failure.
    pub(crate) fn parse(&self) -> Result<Spanned<DeTable<'a>>, Vec<Diagnostic>> {
        let (table, errors) = DeTable::parse_recoverable(self.text);
        if errors.is_empty() {
            return Ok(table);
        }
        let mut out: Vec<Diagnostic> = Vec::new();
        for e in errors {
            if out.len() == super::MAX_DIAGNOSTICS_PER_FILE {
                out.push(super::more_not_listed(self.path));
                break;
            }
            let at = e.span().map_or(0, |s| s.start);
            let d = self.syntax_error(at, e.message());
            if !out.iter().any(|o| o.line == d.line) {
                out.push(d);
            }
        }
        Err(out)
    }

    fn syntax_error(&self, at: usize, message: &str) -> Diagnostic {
        let (_, _, line_text) = line_col(self.text, at, self.first_line);
        let zh = translate_syntax(message);
        let mut d = self.diag_at(
            Severity::Error,
            at,
            Msg::new(
                format!("TOML 格式错误：{zh}"),
                format!("TOML syntax error: {message}"),
            ),
        );
        d.hint = syntax_hint(line_text, message);
        // The parser often notices a full-width slip only at the end of the line: point at it.
        if let Some(col) = first_full_width_col(line_text) {
            let here = line_text.chars().nth(d.col.saturating_sub(1));
            if here.is_none_or(|c| ascii_for(c).is_none()) {
                d.col = col;
            }
        }
        d
    }

    /// A serde error from `toml::from_str` (wrong type, bad enum value …) at its span.
    pub(crate) fn type_error(&self, err: &toml::de::Error) -> Diagnostic {
        let at = err.span().map_or(0, |s| s.start);
        let message = err.message();
        let (_, _, line_text) = line_col(self.text, at, self.first_line);
        let key = line_text.split('=').next().unwrap_or("").trim().to_string();
        let zh = translate_type(message);
        let mut d = self.diag_at(
            Severity::Error,
            at,
            if key.is_empty() || !line_text.contains('=') {
                Msg::new(format!("取值不对：{zh}"), format!("wrong value: {message}"))
            } else {
                Msg::new(
                    format!("`{key}` 的取值不对：{zh}"),
                    format!("wrong value for `{key}`: {message}"),
                )
            },
        );
        d.hint = table_slip_hint(self.text, at, &key).or_else(|| type_hint(&key, message));
        d
    }
}

/// A key or value position in a parsed document, for later checks (unknown keys, dates).
#[derive(Debug, Clone)]
pub(crate) struct KeyPos {
    /// Dotted path: `markdown.highlight_code`, `taxonomies.0.rss`.
    pub path: String,
    pub key: String,
    pub key_span: Range<usize>,
    pub value_span: Range<usize>,
}

/// Every key of the document, depth first, in document order.
pub(crate) fn key_positions(table: &DeTable<'_>) -> Vec<KeyPos> {
    let mut out = Vec::new();
    walk(table, "", &mut out);
    out
}

fn walk(table: &DeTable<'_>, prefix: &str, out: &mut Vec<KeyPos>) {
    for (k, v) in table.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.push(KeyPos {
            path: path.clone(),
            key: k.get_ref().to_string(),
            key_span: k.span(),
            value_span: v.span(),
        });
        walk_value(v.get_ref(), &path, out);
    }
}

fn walk_value(v: &DeValue<'_>, path: &str, out: &mut Vec<KeyPos>) {
    match v {
        DeValue::Table(t) => walk(t, path, out),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                walk_value(item.get_ref(), &format!("{path}.{i}"), out);
            }
        }
        _ => {}
    }
}

/// What a key-checking pass decided about one key.
pub(crate) enum KeyVerdict {
    Known,
    /// Known, and its sub-keys are free (`extra`, `translations`).
    Free,
    /// An old name: (new name to show, Zola version that renamed it).
    Renamed(&'static str, &'static str),
    /// Not known: the known keys of that table, and whether Zola refuses it (error) or ignores
    /// it (warning).
    Unknown(&'static [&'static str], Severity),
}

/// Checks every key with `verdict(table_path, key)` and returns the diagnostics.
pub(crate) fn check_keys(
    doc: &TomlDoc<'_>,
    keys: &[KeyPos],
    verdict: impl Fn(&str, &str) -> KeyVerdict,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut free: Vec<String> = Vec::new();
    for k in keys {
        if out.len() == super::MAX_DIAGNOSTICS_PER_FILE {
            out.push(super::more_not_listed(doc.path));
            break;
        }
        if free.iter().any(|f| k.path.starts_with(f.as_str())) {
            continue;
        }
        let table = k
            .path
            .strip_suffix(k.key.as_str())
            .unwrap_or("")
            .trim_end_matches('.');
        match verdict(table, &k.key) {
            KeyVerdict::Known => {}
            KeyVerdict::Free => free.push(format!("{}.", k.path)),
            KeyVerdict::Renamed(new, version) => {
                out.push(
                    doc.diag_at(
                        Severity::Warning,
                        k.key_span.start,
                        Msg::new(
                            format!(
                                "`{}` 是旧写法（Zola {version} 起改名），已按 `{new}` 处理",
                                k.key
                            ),
                            format!(
                                "`{}` is an old key (renamed in Zola {version}); read as `{new}`",
                                k.key
                            ),
                        ),
                    )
                    .with_hint(Msg::new(
                        format!("请改写成 `{new}`。"),
                        format!("Write `{new}` instead."),
                    )),
                );
                free.push(format!("{}.", k.path));
            }
            // Hugo reads taxonomies from top-level keys, so sites shared by both engines write
            // them twice (`tags = […]` and `[taxonomies] tags = […]`); Zola ignores the copy.
            KeyVerdict::Unknown(_, Severity::Warning)
                if table.is_empty()
                    && keys
                        .iter()
                        .any(|o| o.path == format!("taxonomies.{}", k.key)) => {}
            KeyVerdict::Unknown(known, severity) => {
                let where_zh = if table.is_empty() {
                    String::new()
                } else {
                    format!("（在 [{table}] 里）")
                };
                let where_en = if table.is_empty() {
                    String::new()
                } else {
                    format!(" in [{table}]")
                };
                let mut d = doc.diag_at(
                    severity,
                    k.key_span.start,
                    Msg::new(
                        format!("不认识的设置项 `{}`{where_zh}", k.key),
                        format!("unknown key `{}`{where_en}", k.key),
                    ),
                );
                let taxonomy_like =
                    ["tags", "categories", "标签", "分类"].contains(&k.key.as_str());
                d.hint = Some(match nearest(&k.key, known.iter().copied()) {
                    _ if taxonomy_like && known.contains(&"taxonomies") => Msg::new(
                        format!(
                            "分类标签要写在 [taxonomies] 下面：\n  [taxonomies]\n  {} = [\"…\"]",
                            k.key
                        ),
                        format!(
                            "Taxonomy terms go under [taxonomies]:\n  [taxonomies]\n  {} = [\"…\"]",
                            k.key
                        ),
                    ),
                    Some(n) => Msg::new(
                        format!("是不是想写 `{n}`？"),
                        format!("Did you mean `{n}`?"),
                    ),
                    None => Msg::new(
                        "请检查拼写；自定义的内容请放在 [extra] 下面。",
                        "Check the spelling; put your own values under [extra].",
                    ),
                });
                out.push(d);
                free.push(format!("{}.", k.path));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> TomlDoc<'_> {
        TomlDoc {
            path: Path::new("f.toml"),
            text,
            first_line: 1,
        }
    }

    #[test]
    fn full_width_equals_gets_a_hint() {
        let errs = doc("title ＝ \"民法典\"\n").parse().unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (1, 7));
        let hint = errs[0].hint.as_ref().unwrap();
        assert!(hint.zh.contains("＝ → ="), "{}", hint.zh);
        assert_eq!(full_width_in("weight ＝ ３"), vec!['＝', '３']);
        assert_eq!(ascii_for('３'), Some('3'));
    }

    #[test]
    fn full_width_inside_quotes_is_fine() {
        assert!(full_width_in("title = \"说明：一，二\"").is_empty());
        assert_eq!(full_width_in("tags = [\"a\"，\"b\"]"), vec!['，']);
        assert!(full_width_in("title = \"甲、乙。\" # 说明、").is_empty());
    }

    #[test]
    fn all_lines_with_errors_are_reported() {
        let errs = doc("a = 1\nb = 你好\nc = “x”\n").parse().unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(errs[0].hint.as_ref().unwrap().zh.contains("英文双引号"));
        assert!(errs[1].hint.as_ref().unwrap().zh.contains("“ → \""));
    }

    #[test]
    fn quoted_number_is_a_type_error_with_hint() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            weight: Option<usize>,
        }
        let text = "title = \"a\"\nweight = \"3\"\n";
        let err = toml::from_str::<T>(text).unwrap_err();
        let d = doc(text).type_error(&err);
        assert_eq!((d.line, d.col), (2, 10));
        assert!(
            d.message
                .zh
                .starts_with("`weight` 的取值不对：这里需要整数"),
            "{}",
            d.message.zh
        );
        assert_eq!(d.hint.unwrap().zh, "数字不要加引号，例如：weight = 3");
    }
}
