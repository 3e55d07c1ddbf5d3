//! What to tell someone typing TOML in Notepad or WPS: the TOML parser's messages in Chinese,
//! and hints for the common slips (full-width `＝` `：` `“”` `，` `［］`, Chinese text without
//! quotes, numbers in quotes, a top-level key written under a `[table]`).

use crate::diagnostics::{nearest, Msg};

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
pub(super) fn table_slip_hint(text: &str, at: usize, key: &str) -> Option<Msg> {
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
pub(super) fn translate_syntax(message: &str) -> String {
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
pub(super) fn translate_type(message: &str) -> String {
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

pub(super) fn type_hint(key: &str, message: &str) -> Option<Msg> {
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
pub(super) fn first_full_width_col(line: &str) -> Option<usize> {
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

pub(super) fn syntax_hint(line_text: &str, message: &str) -> Option<Msg> {
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
        return Some(super::super::dates::date_hint(value));
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
