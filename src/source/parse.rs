//! Front matter text → [`FrontMatter`] value, with every problem at the file's own line and
//! column: TOML through [`super::toml_diag`] (spans), YAML through serde_yaml's locations
//! and a scan of its top-level keys. Unknown keys are checked against the known list (a
//! warning for pages, whose unknown keys Zola ignores; an error for sections, which Zola
//! refuses) with the nearest known key as hint.

use std::path::Path;

use super::front_matter::FrontMatter;
use super::split::{Format, Split};
use super::toml_diag::{check_keys, full_width_in, key_positions, KeyPos, KeyVerdict, TomlDoc};
use crate::diagnostics::{line_col, nearest, Diagnostic, Msg, Severity};

/// Where the front matter text is, for diagnostics.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    first_line: usize,
}

impl Place<'_> {
    fn diag(&self, severity: Severity, at: usize, msg: Msg) -> Diagnostic {
        let (line, col, src) = line_col(self.text, at, self.first_line);
        Diagnostic::new(severity, self.path, line, col, msg).with_source_line(src)
    }
}

/// The parsed value (if the types were right), the diagnostics, and each top-level key with
/// the byte offset of its value (to place later errors).
type Parsed<M> = (Option<M>, Vec<Diagnostic>, Vec<(String, usize)>);

/// Parses the front matter of `split` into `M`. Warnings on success, all errors on failure.
pub(crate) fn parse<M: FrontMatter>(
    path: &Path,
    split: &Split<'_>,
) -> Result<(M, Vec<Diagnostic>), Vec<Diagnostic>> {
    let place = Place {
        path,
        text: split.front_matter,
        first_line: split.front_matter_line,
    };
    let (meta, mut diags, offsets) = match split.format {
        Format::Toml => parse_toml::<M>(&place)?,
        Format::Yaml => parse_yaml::<M>(&place)?,
    };
    let Some(mut meta) = meta else {
        return Err(diags);
    };
    let at = |key: &str| offsets.iter().find(|(k, _)| k == key).map(|(_, o)| *o);
    let mut report = |severity, offset: Option<usize>, msg: Msg, hint: Option<Msg>| {
        let d = match offset {
            Some(o) => place.diag(severity, o, msg),
            None => Diagnostic::new(severity, path, place.first_line.saturating_sub(1), 0, msg),
        };
        diags.push(d.with_hint_opt(hint));
    };
    meta.finish(&at, &mut report);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((meta, diags))
    }
}

fn parse_toml<M: FrontMatter>(place: &Place<'_>) -> Result<Parsed<M>, Vec<Diagnostic>> {
    let doc = TomlDoc {
        path: place.path,
        text: place.text,
        first_line: place.first_line,
    };
    let table = doc.parse()?;
    let keys = key_positions(table.get_ref());
    let mut diags = check_keys(&doc, &keys, M::verdict);
    let meta = match toml::from_str::<M>(place.text) {
        Ok(m) => Some(m),
        Err(e) => {
            diags.push(doc.type_error(&e));
            None
        }
    };
    diags.extend(keys_slipped_into_extra::<M>(&doc, &keys));
    let offsets = keys
        .iter()
        .filter(|k| !k.path.contains('.'))
        .map(|k| (k.key.clone(), k.value_span.start))
        .collect();
    Ok((meta, diags, offsets))
}

/// `title = …` written below `[extra]` is `extra.title` for TOML, and Zola silently builds
/// a page without a title. Warn.
fn keys_slipped_into_extra<M: FrontMatter>(doc: &TomlDoc<'_>, keys: &[KeyPos]) -> Vec<Diagnostic> {
    keys.iter()
        .filter(|k| {
            k.path == format!("extra.{}", k.key)
                && M::KEYS.contains(&k.key.as_str())
                && !["extra", "kind", "campaign"].contains(&k.key.as_str())
                && !keys.iter().any(|t| t.path == k.key)
        })
        .map(|k| {
            doc.diag_at(
                Severity::Warning,
                k.key_span.start,
                Msg::new(
                    format!(
                        "`{}` 写在了 [extra] 的下面，不会被当作文章的 {} 使用",
                        k.key, k.key
                    ),
                    format!(
                        "`{}` is under [extra], so it is not the page's {}",
                        k.key, k.key
                    ),
                ),
            )
            .with_hint(Msg::new(
                "请把它移到 [extra] 这一行的上面。",
                "Move it above the [extra] line.",
            ))
        })
        .collect()
}

fn parse_yaml<M: FrontMatter>(place: &Place<'_>) -> Result<Parsed<M>, Vec<Diagnostic>> {
    let text = place.text;
    let keys = yaml_keys(text);
    if let Some(at) = too_deep(text, MAX_YAML_DEPTH) {
        return Err(vec![place
            .diag(
                Severity::Error,
                at,
                Msg::new(
                    format!("YAML 格式错误：括号 [ 或 {{ 嵌套超过了 {MAX_YAML_DEPTH} 层"),
                    format!(
                        "YAML error: `[` or `{{` nested more than {MAX_YAML_DEPTH} levels deep"
                    ),
                ),
            )
            .with_hint(Msg::new(
                "请检查这里的方括号和花括号是否成对。",
                "Check that the brackets and braces here are paired.",
            ))]);
    }
    // serde_yaml points at the mapping, not at the repeated key: find it ourselves.
    let mut seen = std::collections::HashSet::new();
    let duplicates: Vec<Diagnostic> = keys
        .iter()
        .filter(|(key, _, _)| !seen.insert(key.as_str()))
        .take(super::MAX_DIAGNOSTICS_PER_FILE)
        .map(|(key, line_at, _)| {
            place
                .diag(
                    Severity::Error,
                    *line_at,
                    Msg::new(
                        format!("YAML 格式错误：键 `{key}` 重复了（同一个名字写了两次）"),
                        format!("YAML error: duplicate key `{key}`"),
                    ),
                )
                .with_hint(Msg::new(
                    "同一个键只能写一次，请删掉重复的那一行。",
                    "A key may appear only once.",
                ))
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(duplicates);
    }
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        return Err(vec![yaml_error(place, &e)]);
    }
    let mut diags = Vec::new();
    for (key, line_at, _) in &keys {
        if diags.len() == super::MAX_DIAGNOSTICS_PER_FILE {
            diags.push(super::more_not_listed(place.path));
            break;
        }
        match M::verdict("", key) {
            KeyVerdict::Unknown(known, severity) => {
                let hint = match nearest(key, known.iter().copied()) {
                    Some(n) => Msg::new(
                        format!("是不是想写 `{n}`？"),
                        format!("Did you mean `{n}`?"),
                    ),
                    None => Msg::new(
                        "请检查拼写；自定义的内容请放在 extra 下面。",
                        "Check the spelling; put your own values under extra.",
                    ),
                };
                let msg = Msg::new(
                    format!("不认识的设置项 `{key}`"),
                    format!("unknown key `{key}`"),
                );
                diags.push(place.diag(severity, *line_at, msg).with_hint(hint));
            }
            KeyVerdict::Renamed(new, version) => diags.push(place.diag(
                Severity::Warning,
                *line_at,
                Msg::new(
                    format!("`{key}` 是旧写法（Zola {version} 起改名），已按 `{new}` 处理"),
                    format!("`{key}` is an old key (renamed in Zola {version}); read as `{new}`"),
                ),
            )),
            KeyVerdict::Known | KeyVerdict::Free => {}
        }
    }
    let meta = match serde_yaml::from_str::<Option<M>>(text) {
        Ok(m) => Some(m.unwrap_or_default()),
        Err(e) => {
            diags.push(yaml_error(place, &e));
            None
        }
    };
    let offsets = keys
        .into_iter()
        .map(|(k, _, value_at)| (k, value_at))
        .collect();
    Ok((meta, diags, offsets))
}

/// serde_yaml gives up at 128 levels anyway; its parser spends time quadratic in the depth of
/// `[`/`{` before that, so 100,000 brackets (200 KB) would take minutes.
const MAX_YAML_DEPTH: usize = 128;

/// The offset of the first `[` or `{` nested more than `limit` deep, outside quoted text and
/// comments (a rough reading of YAML, enough to refuse what serde_yaml would refuse slowly).
fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut prev = b'\n';
    let mut bytes = text.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match (quote, b) {
            (Some(b'"'), b'\\') => {
                bytes.next();
            }
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            // A quote opens a quoted scalar only where a value starts (`it's` is plain text).
            (None, b'"' | b'\'') if prev.is_ascii_whitespace() || b"[{,:".contains(&prev) => {
                quote = Some(b)
            }
            (None, b'#') if prev.is_ascii_whitespace() => {
                for (_, c) in bytes.by_ref() {
                    if c == b'\n' {
                        break;
                    }
                }
            }
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = b;
    }
    None
}

/// Top-level YAML keys (`key:` at column 0): name, offset of the line, offset of the value.
fn yaml_keys(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let plain = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if let (true, Some(colon)) = (plain, line.find(':')) {
            let key = line[..colon].trim().trim_matches(['"', '\'']).to_string();
            let after = &line[colon + 1..];
            let value_at = colon + 1 + (after.len() - after.trim_start().len());
            out.push((key, offset, offset + value_at.min(line.trim_end().len())));
        }
        offset += line.len();
    }
    out
}

fn yaml_error(place: &Place<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let text = place.text;
    // From the byte offset, not serde_yaml's line: YAML also ends lines at U+0085, U+2028 and
    // U+2029, which the file's line numbers (and editors) do not count.
    let (line, col) = e.location().map_or((0, 0), |l| {
        let (line, col, _) = line_col(text, l.index(), 1);
        (line, col)
    });
    let raw = e.to_string();
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let src = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let mut d = Diagnostic::new(
        Severity::Error,
        place.path,
        place.first_line + line.saturating_sub(1),
        col,
        Msg::new(
            format!("YAML 格式错误：{message}"),
            format!("YAML error: {message}"),
        ),
    )
    .with_source_line(src);
    // A tab used for indentation is reported by serde_yaml somewhere after it: point at it.
    let tab_line = text
        .lines()
        .position(|l| l.trim_start_matches(' ').starts_with('\t'));
    d.hint = if let Some(i) = tab_line.filter(|i| line == 0 || *i < line) {
        d.line = place.first_line + i;
        d.col = 1;
        d.source_line = text.lines().nth(i).map(str::to_string);
        Some(Msg::new(
            "YAML（--- 之间）不能用 Tab 键缩进，请改用空格。",
            "YAML (between ---) cannot be indented with tabs: use spaces.",
        ))
    } else if full_width_in(src).contains(&'：') {
        Some(Msg::new(
            "这一行用了中文冒号“：”，请改成英文冒号“:”并在后面加一个空格。",
            "This line has a full-width colon: use ASCII `:` followed by a space.",
        ))
    } else if message.contains("invalid type: string") {
        Some(Msg::new(
            "数字和 true/false 不要加引号。",
            "Write numbers and true/false without quotes.",
        ))
    } else {
        None
    };
    d
}
