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

/// Front-matter keys that belong at the top, before any `[table]`.
const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "render",
    "slug",
    "path",
    "aliases",
    "authors",
    "template",
    "sort_by",
    "paginate_by",
    "page_template",
    "kind",
];

/// `title = …` written under `[taxonomies]`: TOML puts it in that table. Say so.
fn table_slip_hint(text: &str, at: usize, key: &str) -> Option<Msg> {
    if !TOP_KEYS.contains(&key) {
        return None;
    }
    let header = text[..at.min(text.len())]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.contains('='))?;
    Some(Msg::new(
        format!("`{key}` 写在了 {header} 的下面，就被当成了 {header} 的一部分；请把它移到所有 [ ] 表头的上面。"),
        format!("`{key}` is under {header}, so TOML puts it in that table; move it above every [table] header."),
    ))
}

/// The TOML parser's English messages, in Chinese.
fn translate_syntax(message: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("duplicate key", "键重复了（同一个名字写了两次）"),
        ("string values must be quoted", "文字没有用英文双引号括起来"),
        ("key with no value", "键后面缺少 `=` 和值"),
        (
            "missing comma between array elements",
            "列表的元素之间缺少英文逗号",
        ),
        ("missing opening quote", "缺少开头的英文引号"),
        ("missing closing quote", "缺少结尾的英文引号"),
        ("invalid unquoted key", "键名里有不允许的字符"),
        ("invalid date", "日期不合法"),
        ("invalid time", "时间不合法"),
        ("unclosed array", "列表缺少结尾的 `]`"),
        ("unclosed table", "表缺少结尾的 `}`"),
        ("invalid table header", "表头（[ ] 那一行）写法不对"),
        (
            "unexpected key or value",
            "这里多出了内容（一行只能写一个 键 = 值）",
        ),
    ];
    TABLE
        .iter()
        .find(|(en, _)| message.starts_with(en))
        .map_or_else(|| message.to_string(), |(_, zh)| zh.to_string())
}

/// serde's messages (`invalid type: string "3", expected usize`) in Chinese.
fn translate_type(message: &str) -> String {
    let kind = |s: &str| -> String {
        let s = s.trim();
        let word = if s.starts_with("string") {
            "文字"
        } else if s.starts_with("integer") || s.starts_with("usize") || s.starts_with("u") {
            "整数"
        } else if s.starts_with("float") {
            "小数"
        } else if s.starts_with("boolean") || s.starts_with("a boolean") {
            "true 或 false"
        } else if s.starts_with("a sequence") || s.starts_with("sequence") {
            "列表 [ ]"
        } else if s.starts_with("map") || s.starts_with("struct") || s.starts_with("a map") {
            "表"
        } else if s.starts_with("a string") {
            "文字"
        } else {
            return s.to_string();
        };
        word.to_string()
    };
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((got, expected)) = rest.split_once(", expected ") {
            return format!(
                "这里需要{}，却写成了{}（{}）",
                kind(expected),
                kind(got),
                got.trim()
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return format!("不认识的取值 {rest}");
    }
    message.to_string()
}

fn type_hint(key: &str, message: &str) -> Option<Msg> {
    let got_string = message.starts_with("invalid type: string");
    let wants_number = message.contains("expected usize")
        || message.contains("expected u")
        || message.contains("expected i")
        || message.contains("integer");
    if got_string && message.contains("boolean") {
        return Some(Msg::new(
            format!("true/false 不要加引号，例如：{key} = true"),
            format!("Write true/false without quotes, e.g. {key} = true"),
        ));
    }
    if got_string && wants_number {
        return Some(Msg::new(
            format!("数字不要加引号，例如：{key} = 3"),
            format!("Write numbers without quotes, e.g. {key} = 3"),
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (got, expected) = rest.split_once("`, expected ")?;
        let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match nearest(got, options.iter().copied()) {
            Some(n) => Msg::new(
                format!("是不是想写 \"{n}\"？"),
                format!("Did you mean \"{n}\"?"),
            ),
            None => Msg::new(
                format!("可选的值：{}", options.join("、")),
                format!("Possible values: {}", options.join(", ")),
            ),
        });
    }
    if message.contains("expected a string") || message.contains("expected a sequence") {
        if message.contains("expected a sequence") {
            return Some(Msg::new(
                format!("这里要写成列表，例如：{key} = [\"甲\", \"乙\"]"),
                format!("Write a list, e.g. {key} = [\"a\", \"b\"]"),
            ));
        }
        return Some(Msg::new(
            format!("文字要用英文双引号括起来，例如：{key} = \"…\""),
            format!("Put text in double quotes, e.g. {key} = \"…\""),
        ));
    }
    None
}

/// Punctuation that Chinese input methods type in place of TOML's ASCII, besides the
/// full-width forms U+FF01–U+FF5E (`＝` `：` `，` `［` `３` …), which map to ASCII by offset.
const LOOKALIKES: &[(char, char)] = &[
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('【', '['),
    ('】', ']'),
    ('、', ','),
    ('。', '.'),
    ('　', ' '),
];

/// The ASCII character a full-width or look-alike character stands for.
pub(crate) fn ascii_for(c: char) -> Option<char> {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0),
        _ => LOOKALIKES.iter().find(|(f, _)| *f == c).map(|(_, a)| *a),
    }
}

/// The full-width characters found in `line` outside of ASCII-quoted strings.
pub(crate) fn full_width_in(line: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {
                if c != '、' && c != '。' && ascii_for(c).is_some() && !found.contains(&c) {
                    found.push(c);
                }
            }
        }
    }
    found
}

/// 1-based column of the first full-width character of `line` outside ASCII quotes.
fn first_full_width_col(line: &str) -> Option<usize> {
    let found = full_width_in(line);
    let mut quote: Option<char> = None;
    for (i, c) in line.chars().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if found.contains(&c) => return Some(i + 1),
            None => {}
        }
    }
    None
}

/// True when `line` starts with a bare key followed by a colon (`title：` or `title:`), which
/// is YAML's (and Chinese) habit; TOML wants `=` there.
fn colon_after_key(line: &str) -> bool {
    let rest = line
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    rest.len() < line.trim_start().len() && rest.trim_start().starts_with(['：', ':'])
}

fn full_width_hint(found: &[char], colon_is_equals: bool) -> Msg {
    let pairs = |sep: &str| {
        found
            .iter()
            .map(|c| {
                let ascii = if *c == '：' && colon_is_equals {
                    '='
                } else {
                    ascii_for(*c).unwrap_or(' ')
                };
                if *c == '　' {
                    format!("全角空格{sep}半角空格")
                } else {
                    format!("{c}{sep}{ascii}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    Msg::new(
        format!(
            "这一行有中文（全角）符号：{}。请关掉中文输入法，改用英文半角符号。",
            pairs(" → ")
        ),
        format!(
            "This line has full-width characters: {}. Switch off the Chinese input method and type ASCII.",
            pairs(" -> ")
        ),
    )
}

fn syntax_hint(line_text: &str, message: &str) -> Option<Msg> {
    let found = full_width_in(line_text);
    let colon = colon_after_key(line_text);
    if !found.is_empty() {
        return Some(full_width_hint(&found, colon));
    }
    if colon {
        return Some(Msg::new(
            "+++ 之间（TOML）的键和值之间要用英文等号，例如：title = \"标题\"",
            "In TOML (between +++) a key and its value are separated by `=`, e.g. title = \"My title\"",
        ));
    }
    if message.starts_with("duplicate key") {
        return Some(Msg::new(
            "同一个键只能写一次，请删掉重复的那一行（或合并两个同名的 [表]）。",
            "A key may appear only once: delete the repeated line (or merge the two tables).",
        ));
    }
    let value = line_text.split_once('=').map_or("", |(_, v)| v.trim());
    if message.starts_with("string values must be quoted")
        && [
            "yes", "no", "是", "否", "对", "错", "True", "False", "TRUE", "FALSE",
        ]
        .contains(&value)
    {
        return Some(Msg::new(
            "是/否请写成小写的 true 或 false，不加引号，例如：draft = true",
            "Write booleans as lowercase true or false, e.g. draft = true",
        ));
    }
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        return Some(super::dates::date_hint(value));
    }
    if message.starts_with("unexpected key or value") && value.matches('"').count() > 2 {
        return Some(Msg::new(
            "文字中间的英文双引号 \" 会提前结束文字：请改用中文引号“”，或写成 \\\"。",
            "A \" inside text ends it early: use \\\" or typographic quotes.",
        ));
    }
    if message.starts_with("unclosed array") {
        return Some(Msg::new(
            "列表要用 ] 结尾，例如：tags = [\"甲\", \"乙\"]",
            "Close the list with ], e.g. tags = [\"a\", \"b\"]",
        ));
    }
    if message.starts_with("string values must be quoted") {
        return Some(Msg::new(
            "文字要用英文双引号括起来，例如：title = \"民法典宣传月\"",
            "Put text in double quotes, e.g. title = \"My title\"",
        ));
    }
    if line_text.contains(':') && !line_text.contains('=') {
        return Some(Msg::new(
            "TOML（+++ 之间）用 `=` 而不是 `:`，例如 title = \"…\"；用 `:` 的写法要放在 --- 之间（YAML）。",
            "TOML (between +++) uses `=`, not `:`; the `key: value` form belongs between --- (YAML).",
        ));
    }
    None
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
