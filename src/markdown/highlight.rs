//! Code blocks: the fence info string (`rust,linenos,hl_lines=1 3-4,linenostart=5,
//! hide_lines=2,name=main.rs`) read as Zola 0.22 reads it, highlighted with syntect, written in
//! the HTML structure of Zola 0.22 (giallo): `<pre class="giallo" style="…"><code
//! data-lang="…">`, one `<span class="giallo-l">` per line joined by `\n`, nothing after
//! `</pre>`. The colours are syntect's, so they differ from giallo's.
//!
//! Two modes, as in Zola: inline `style` attributes from a theme, or classes prefixed `z-`
//! (the stylesheet then comes from [`css_for_theme`]). Theme names of Zola 0.22 and 0.21 that
//! syntect does not bundle map to the closest bundled theme ([`known_theme`]); languages giallo
//! knows and syntect does not are plain text, not an error. syntect's syntaxes and themes are
//! loaded once per process; each code block gets its own parser state, so blocks highlight in
//! parallel without locks.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, FontStyle, Theme, ThemeSet};
use syntect::html::ClassStyle;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::hl_names::{giallo_language, stand_in_theme};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };
/// giallo's name for "no language".
pub const PLAIN: &str = "plain";

static SYNTAX_SET: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEME_SET: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// The syntax set that knows `lang` and what it is: the site's `extra_grammars` first, then
/// the bundled syntaxes.
fn lang_and_set(lang: &str) -> (Lang, &'static SyntaxSet) {
    if let Some(extra) = super::extra_hl::current().and_then(|l| l.syntaxes) {
        let l = find_lang(lang, extra);
        if l.syntax.is_some() {
            return (l, extra);
        }
    }
    (find_lang(lang, &SYNTAX_SET), &SYNTAX_SET)
}

/// Loads the site's `extra_grammars` and `extra_themes` (paths from the config's folder) for
/// the highlighting that follows. Returns the files that could not be used and why.
pub fn load_extras(
    dir: &std::path::Path,
    grammars: &[String],
    themes: &[String],
) -> Vec<(std::path::PathBuf, crate::diagnostics::Msg)> {
    super::extra_hl::load(dir, grammars, themes)
        .failures
        .clone()
}

/// Finds a theme by Zola's name: a bundled syntect theme by its name (`base16-ocean-dark`,
/// `inspired-github`, `solarized-dark`, or syntect's own `base16-ocean.dark`, compared on
/// letters and digits only), else the bundled stand-in for a Zola 0.22 (giallo) or 0.21 theme
/// syntect lacks (`github-dark`, `dracula`, `one-dark-pro` …).
pub fn find_theme(name: &str) -> Option<&'static Theme> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let by_key = |want: &str| {
        let want = key(want);
        THEME_SET
            .themes
            .iter()
            .find(|(n, _)| key(n) == want)
            .map(|(_, t)| t)
    };
    if name.trim().is_empty() {
        return None;
    }
    if let Some(t) = super::extra_hl::current().and_then(|l| l.themes.get(name)) {
        return Some(*t);
    }
    by_key(name).or_else(|| stand_in_theme(name).and_then(by_key))
}

/// Whether `name` is a theme pufa can use (for `config.toml` validation).
pub fn known_theme(name: &str) -> bool {
    find_theme(name).is_some()
}

/// The names of the bundled themes (for error messages).
pub fn theme_names() -> Vec<&'static str> {
    THEME_SET.themes.keys().map(String::as_str).collect()
}

/// The stylesheet for class-based highlighting, with `.z-hl` for `hl_lines`.
pub fn css_for_theme(name: &str) -> Option<String> {
    let theme = find_theme(name)?;
    let mut css = syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).ok()?;
    if let Some(c) = theme.settings.line_highlight {
        let _ = writeln!(css, ".z-hl {{\n background-color: {};\n}}", hex(c));
    }
    Some(css)
}

/// What a fence info string asks for, read like giallo's `parse_markdown_fence`: split at
/// `,`; the first bare word is the language; `key=value` pairs other than the known options
/// become `data-key="value"` on `<code>`.
#[derive(Debug, PartialEq)]
pub struct Fence<'a> {
    /// `"plain"` for an empty fence; `""` when the fence has only options.
    pub language: &'a str,
    pub line_numbers: bool,
    pub line_number_start: i64,
    pub highlight_lines: Vec<RangeInclusive<usize>>,
    pub hide_lines: Vec<RangeInclusive<usize>>,
    pub data: BTreeMap<&'a str, &'a str>,
}

fn parse_range(s: &str) -> Option<RangeInclusive<usize>> {
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b): (usize, usize) = (a.parse().ok()?, b.parse().ok()?);
            Some(a.min(b)..=a.max(b))
        }
        None => s.parse().ok().map(|v| v..=v),
    }
}

impl<'a> Fence<'a> {
    pub fn parse(info: &'a str) -> Self {
        let mut f = Fence {
            language: PLAIN,
            line_numbers: false,
            line_number_start: 1,
            highlight_lines: Vec::new(),
            hide_lines: Vec::new(),
            data: BTreeMap::new(),
        };
        if info.trim().is_empty() {
            return f;
        }
        let mut language = None;
        for tok in info.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let mut kv = tok.split('=');
            let key = kv.next().unwrap_or("").trim();
            let val = kv.next();
            let ranges = |v: Option<&str>| -> Vec<_> {
                v.unwrap_or("").split(' ').filter_map(parse_range).collect()
            };
            match key {
                "linenostart" => {
                    if let Some(l) = val.and_then(|s| s.parse().ok()) {
                        f.line_number_start = l;
                    }
                }
                "linenos" => f.line_numbers = true,
                "hl_lines" => f.highlight_lines.extend(ranges(val)),
                "hide_lines" => f.hide_lines.extend(ranges(val)),
                _ => match val {
                    Some(v) => {
                        f.data.insert(key, v.trim());
                    }
                    None => {
                        language.get_or_insert(key);
                    }
                },
            }
        }
        f.language = language.unwrap_or("");
        f
    }
}

/// Highlighting settings.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    None,
    Inline(&'static Theme),
    Classes,
}

/// How a fence language is highlighted.
struct Lang {
    /// What `data-lang` shows: giallo's grammar name, or the name as written.
    name: String,
    syntax: Option<&'static SyntaxReference>,
    /// Neither giallo nor syntect knows it (Zola: a warning, or an error on request).
    unknown: bool,
}

fn find_lang(lang: &str, set: &'static SyntaxSet) -> Lang {
    let giallo = if lang.is_empty() {
        Some((PLAIN, &[][..]))
    } else {
        giallo_language(lang)
    };
    let by_token = |t: &str| {
        // Zola 0.21 pointed js at a TypeScript grammar where it had one.
        if t == "js" || t == "javascript" {
            if let Some(s) = set.find_syntax_by_token("ts") {
                return Some(s);
            }
        }
        set.find_syntax_by_token(t)
            .or_else(|| set.find_syntax_by_token(&t.to_lowercase()))
    };
    let syntax = match giallo {
        Some((PLAIN, _)) => None,
        Some((name, aliases)) => by_token(lang)
            .or_else(|| by_token(name))
            .or_else(|| aliases.iter().find_map(|a| by_token(a))),
        None => by_token(lang),
    };
    Lang {
        name: match giallo {
            Some((name, _)) => name.to_string(),
            None if syntax.is_some() => lang.to_lowercase(),
            None => PLAIN.to_string(),
        },
        syntax,
        unknown: giallo.is_none() && syntax.is_none(),
    }
}

/// Renders one code block to HTML. Returns the HTML and whether the language is unknown to
/// both giallo and syntect.
pub fn render_code_block(info: &str, code: &str, style: Style) -> (String, bool) {
    let fence = Fence::parse(info);
    if let Style::None = style {
        // Zola 0.22 without highlighting: `<pre><code data-lang="…">`, cmark escaping.
        let mut s = String::from("<pre><code");
        if fence.language != PLAIN {
            let _ = write!(s, " data-lang=\"{}\"", fence.language);
        }
        s.push('>');
        let _ = pulldown_cmark_escape::escape_html(&mut s, code);
        s.push_str("</code></pre>\n");
        return (s, false);
    }
    let (lang, set) = lang_and_set(fence.language);
    let syntax = lang.syntax.unwrap_or_else(|| set.find_syntax_plain_text());
    let mut hl = match style {
        Style::Inline(theme) => Hl::Inline {
            h: Box::new(HighlightLines::new(syntax, theme)),
            theme,
        },
        _ => Hl::Classed {
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            plain: lang.syntax.is_none(),
        },
    };

    let mut html = String::with_capacity(code.len() * 3);
    match style {
        Style::Inline(t) => {
            let _ = write!(
                html,
                "<pre class=\"giallo\" style=\"color: {}; background-color: {};\">",
                hex(t.settings.foreground.unwrap_or(Color::BLACK)),
                hex(t.settings.background.unwrap_or(Color::WHITE))
            );
        }
        _ => html.push_str("<pre class=\"giallo z-code\">"),
    }
    let _ = write!(html, "<code data-lang=\"{}\"", lang.name);
    for (k, v) in &fence.data {
        let key: String = k
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let _ = write!(html, " data-{key}=\"{}\"", Escaped(v));
    }
    html.push('>');

    let ln_style = match style {
        Style::Inline(t) => t
            .settings
            .gutter_foreground
            .map(|c| format!(" style=\"color: {};\"", hex(c))),
        _ => None,
    };
    let code = code.replace("\r\n", "\n").replace('\r', "\n");
    // giallo counts the empty line after a final `\n` (for the number width) but drops it.
    let line_count = code.split('\n').count();
    let width = if fence.line_numbers {
        let start = fence.line_number_start;
        let last = start.saturating_add(line_count as i64);
        start.to_string().len().max(last.to_string().len())
    } else {
        0
    };
    let mut first = true;
    for (i, line) in LinesWithEndings::from(&code).enumerate() {
        // Hidden lines are still parsed, so the state carries over to the next one.
        let tokens = hl.line(line, set);
        let n = i + 1;
        if fence.hide_lines.iter().any(|r| r.contains(&n)) {
            continue;
        }
        if !first {
            html.push('\n');
        }
        first = false;
        html.push_str("<span class=\"giallo-l");
        let marked = fence.highlight_lines.iter().any(|r| r.contains(&n));
        match (marked, style) {
            (true, Style::Inline(t)) => {
                html.push('"');
                if let Some(c) = t.settings.line_highlight {
                    let _ = write!(html, " style=\"background-color: {};\"", hex(c));
                }
            }
            (true, _) => html.push_str(" z-hl\""),
            (false, _) => html.push('"'),
        }
        html.push('>');
        if fence.line_numbers {
            let num = (fence.line_number_start + i as i64).to_string();
            let _ = write!(
                html,
                "<span aria-hidden=\"true\" class=\"giallo-ln\"{}>{num:>width$}</span>",
                ln_style.as_deref().unwrap_or("")
            );
        }
        html.push_str(&tokens);
        html.push_str("</span>");
    }
    html.push_str("</code></pre>");
    (html, lang.unknown)
}

enum Hl {
    Inline {
        h: Box<HighlightLines<'static>>,
        theme: &'static Theme,
    },
    Classed {
        state: ParseState,
        stack: ScopeStack,
        /// Plain text: giallo gives its tokens no class at all.
        plain: bool,
    },
}

impl Hl {
    /// One line's tokens as giallo writes them: `<span>` per run of one style, the line end
    /// left out.
    fn line(&mut self, line: &str, set: &SyntaxSet) -> String {
        let mut tokens = Tokens::default();
        match self {
            Hl::Inline { h, theme } => {
                let Ok(regions) = h.highlight_line(line, set) else {
                    tokens.push(String::new(), line);
                    return tokens.finish();
                };
                let (fg, bg) = (theme.settings.foreground, theme.settings.background);
                for (st, text) in regions {
                    let mut css = String::new();
                    if Some(st.foreground) != fg {
                        let _ = write!(css, "color: {};", hex(st.foreground));
                    }
                    if Some(st.background) != bg {
                        let _ = write!(css, "background-color: {};", hex(st.background));
                    }
                    if st.font_style.contains(FontStyle::BOLD) {
                        css.push_str("font-weight: bold;");
                    }
                    if st.font_style.contains(FontStyle::ITALIC) {
                        css.push_str("font-style: italic;");
                    }
                    if st.font_style.contains(FontStyle::UNDERLINE) {
                        css.push_str("text-decoration: underline;");
                    }
                    let attr = if css.is_empty() {
                        css
                    } else {
                        format!(" style=\"{css}\"")
                    };
                    tokens.push(attr, text);
                }
            }
            Hl::Classed { plain: true, .. } => tokens.push(String::new(), line),
            Hl::Classed { state, stack, .. } => {
                let Ok(ops) = state.parse_line(line, set) else {
                    tokens.push(String::new(), line);
                    return tokens.finish();
                };
                let mut at = 0;
                for (i, op) in ops {
                    if i > at {
                        tokens.push(classes(stack), &line[at..i]);
                        at = i;
                    }
                    let _ = stack.apply(&op);
                }
                tokens.push(classes(stack), &line[at..]);
            }
        }
        tokens.finish()
    }
}

/// ` class="z-source z-rust …"` for the scopes in effect, or nothing.
fn classes(stack: &ScopeStack) -> String {
    let mut out = String::new();
    for scope in stack.as_slice() {
        for atom in scope.build_string().split('.') {
            out.push_str(if out.is_empty() { " class=\"" } else { " " });
            out.push_str("z-");
            out.push_str(atom);
        }
    }
    if !out.is_empty() {
        out.push('"');
    }
    out
}

/// Collects runs of text with their span attributes, merging neighbours that look the same.
#[derive(Default)]
struct Tokens {
    runs: Vec<(String, String)>,
}

impl Tokens {
    fn push(&mut self, attr: String, text: &str) {
        let text = text.trim_end_matches('\n');
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((a, t)) if *a == attr => t.push_str(text),
            _ => self.runs.push((attr, text.to_string())),
        }
    }

    /// Like giallo, whitespace between tokens joins the token after it (` =`, not ` ` + `=`).
    fn finish(self) -> String {
        let mut merged: Vec<(String, String)> = Vec::with_capacity(self.runs.len());
        let mut blank = String::new();
        for (attr, text) in self.runs {
            if text.trim().is_empty() {
                blank.push_str(&text);
                continue;
            }
            let text = std::mem::take(&mut blank) + &text;
            match merged.last_mut() {
                Some((a, t)) if *a == attr => t.push_str(&text),
                _ => merged.push((attr, text)),
            }
        }
        if !blank.is_empty() {
            match merged.last_mut() {
                Some((_, t)) => t.push_str(&blank),
                None => merged.push((String::new(), blank)),
            }
        }
        let mut out = String::new();
        for (attr, text) in merged {
            let _ = write!(out, "<span{attr}>{}</span>", Escaped(&text));
        }
        out
    }
}

/// giallo's (and syntect's) escaping: `< > & ' "`.
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut last = 0;
        for (i, c) in self.0.char_indices() {
            let rep = match c {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&#39;",
                '"' => "&quot;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&self.0[last..])
    }
}

/// `#RRGGBB` (or `#RRGGBBAA` when not opaque), upper case like giallo.
fn hex(c: Color) -> String {
    if c.a < 0xFF {
        format!("#{:02X}{:02X}{:02X}{:02X}", c.r, c.g, c.b, c.a)
    } else {
        format!("#{:02X}{:02X}{:02X}", c.r, c.g, c.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fence_like_giallo() {
        let f = Fence::parse("rust ,linenos, hl_lines=1 3-2 x, linenostart=5,name=a.rs,copy,Foo=1");
        assert_eq!(f.language, "rust");
        assert!(f.line_numbers);
        assert_eq!(f.line_number_start, 5);
        assert_eq!(f.highlight_lines, vec![1..=1, 2..=3]);
        assert_eq!(
            f.data.into_iter().collect::<Vec<_>>(),
            vec![("Foo", "1"), ("name", "a.rs")]
        );
        assert_eq!(Fence::parse("").language, PLAIN);
        assert_eq!(Fence::parse("linenos").language, "");
        assert_eq!(Fence::parse("linenos,py,sh").language, "py");
    }
}
