//! Code blocks: the fence info string (`rust,linenos,hl_lines=1 3-4,linenostart=5,
//! hide_lines=2,name=main.rs,copy`) and syntect highlighting, producing the same HTML as
//! Zola 0.21 (the last Zola on syntect; 0.22's giallo output is not reproducible without giallo).
//!
//! Two modes, as in Zola: inline `style` attributes from a theme, or classes prefixed `z-`
//! when the theme is `"css"` (the stylesheet then comes from [`css_for_theme`]). syntect's
//! bundled syntaxes and themes are loaded once per process; each code block gets its own
//! parser state, so blocks highlight in parallel without locks on the hot path.

use std::fmt::Write;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{
    line_tokens_to_classed_spans, styled_line_to_highlighted_html, ClassStyle, IncludeBackground,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

static SYNTAX_SET: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEME_SET: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Finds a bundled theme by Zola's name (`base16-ocean-dark`, `inspired-github`,
/// `solarized-dark` …) or syntect's (`base16-ocean.dark`, `InspiredGitHub`): names are
/// compared on their letters and digits only.
pub fn find_theme(name: &str) -> Option<&'static Theme> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let want = key(name);
    THEME_SET
        .themes
        .iter()
        .find(|(n, _)| key(n) == want)
        .map(|(_, t)| t)
}

/// The names of the bundled themes (for error messages).
pub fn theme_names() -> Vec<&'static str> {
    THEME_SET.themes.keys().map(String::as_str).collect()
}

/// The stylesheet for class-based highlighting (`highlight_themes_css`).
pub fn css_for_theme(name: &str) -> Option<String> {
    syntect::html::css_for_theme_with_class_style(find_theme(name)?, CLASS_STYLE).ok()
}

/// What a fence info string asks for.
#[derive(Debug, Default, PartialEq)]
pub struct Fence<'a> {
    pub language: Option<&'a str>,
    pub line_numbers: bool,
    pub line_number_start: usize,
    pub highlight_lines: Vec<RangeInclusive<usize>>,
    pub hide_lines: Vec<RangeInclusive<usize>>,
    pub name: Option<&'a str>,
    pub enable_copy: bool,
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
            line_number_start: 1,
            ..Default::default()
        };
        for tok in info.split(',') {
            let mut kv = tok.trim().split('=');
            let key = kv.next().unwrap_or("").trim();
            let val = kv.next();
            let ranges = |v: Option<&str>| -> Vec<_> {
                v.unwrap_or("").split(' ').filter_map(parse_range).collect()
            };
            match key {
                "" => {}
                "linenostart" => {
                    if let Some(l) = val.and_then(|s| s.parse().ok()) {
                        f.line_number_start = l;
                    }
                }
                "linenos" => f.line_numbers = true,
                "hl_lines" => f.highlight_lines.extend(ranges(val)),
                "hide_lines" => f.hide_lines.extend(ranges(val)),
                "name" if val.is_some() => f.name = val,
                "name" => {}
                "copy" => f.enable_copy = true,
                // An unknown `key=value` annotation is ignored, as in Zola.
                lang if val.is_none() => f.language = Some(lang),
                _ => {}
            }
        }
        f
    }
}

/// Highlighting settings (Zola 0.21 `[markdown]` keys `highlight_code` / `highlight_theme`).
#[derive(Debug, Clone, Copy)]
pub enum Style {
    None,
    Inline(&'static Theme),
    Classes,
}

/// The syntax for a fence language; `None` means not found (plain text is used).
fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    // Zola points js at its TypeScript grammar, which handles modern JS better, when present.
    if lang == "js" || lang == "javascript" {
        if let Some(s) = SYNTAX_SET.find_syntax_by_token("ts") {
            return Some(s);
        }
    }
    SYNTAX_SET.find_syntax_by_token(lang)
}

/// Renders one code block to HTML. Returns the HTML and whether the language was unknown.
pub fn render_code_block(info: &str, code: &str, style: Style) -> (String, bool) {
    let fence = Fence::parse(info);
    let found = fence.language.map(find_syntax);
    let unknown = matches!(
        (style, found),
        (Style::Inline(_) | Style::Classes, Some(None))
    );
    let syntax = found
        .flatten()
        .unwrap_or_else(|| SYNTAX_SET.find_syntax_plain_text());
    let mut hl = match style {
        Style::None => Hl::Plain,
        Style::Inline(theme) => Hl::Inline {
            h: Box::new(HighlightLines::new(syntax, theme)),
            fg: format!(
                " style=\"color:{};\"",
                css_color(theme.settings.foreground, Color::BLACK)
            ),
            bg: theme.settings.background.unwrap_or(Color::WHITE),
        },
        Style::Classes => Hl::Classed {
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
        },
    };
    let (pre_style, pre_class, mark_style) = match style {
        Style::Inline(t) => (
            Some(format!(
                "background-color:{};color:{};",
                css_color(t.settings.background, Color::WHITE),
                css_color(t.settings.foreground, Color::BLACK)
            )),
            None,
            Some(format!(
                "background-color:{};",
                css_color(
                    t.settings.line_highlight,
                    Color {
                        r: 255,
                        g: 255,
                        b: 0,
                        a: 0
                    }
                )
            )),
        ),
        Style::Classes => (None, Some("z-code"), None),
        Style::None => (None, None, None),
    };
    let mut html = opening_html(&fence, pre_style.as_deref(), pre_class);
    if fence.line_numbers {
        html.push_str("<table><tbody>");
    }
    for (i, line) in LinesWithEndings::from(code).enumerate() {
        let n = i + 1;
        if fence.hide_lines.iter().any(|r| r.contains(&n)) {
            continue;
        }
        let marked = fence.highlight_lines.iter().any(|r| r.contains(&n));
        let push = |html: &mut String, s: &str| {
            if marked {
                html.push_str("<mark");
                if let Some(st) = &mark_style {
                    let _ = write!(html, " style=\"{st}\"");
                }
                html.push('>');
                html.push_str(s);
                html.push_str("</mark>");
            } else {
                html.push_str(s);
            }
        };
        if fence.line_numbers {
            html.push_str("<tr><td>");
            push(&mut html, &(fence.line_number_start + i).to_string());
            html.push_str("</td><td>");
        }
        let line_html = hl.line(line);
        push(&mut html, &line_html);
        if fence.line_numbers {
            html.push_str("</td></tr>");
        }
    }
    if fence.line_numbers {
        html.push_str("</tbody></table>");
    }
    html.push_str("</code></pre>\n");
    (html, unknown)
}

enum Hl {
    Plain,
    Inline {
        h: Box<HighlightLines<'static>>,
        fg: String,
        bg: Color,
    },
    Classed {
        state: ParseState,
        stack: ScopeStack,
    },
}

impl Hl {
    fn line(&mut self, line: &str) -> String {
        match self {
            Hl::Plain => tera_escape(line),
            Hl::Inline { h, fg, bg } => {
                let Ok(regions) = h.highlight_line(line, &SYNTAX_SET) else {
                    return tera_escape(line);
                };
                styled_line_to_highlighted_html(&regions, IncludeBackground::IfDifferent(*bg))
                    .map(|s| s.replace(fg.as_str(), ""))
                    .unwrap_or_else(|_| tera_escape(line))
            }
            Hl::Classed { state, stack } => {
                let Ok(ops) = state.parse_line(line, &SYNTAX_SET) else {
                    return tera_escape(line);
                };
                let mut out = String::with_capacity(line.len() * 2);
                for scope in stack.as_slice() {
                    out.push_str("<span class=\"");
                    for (i, atom) in scope.build_string().split('.').enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str("z-");
                        out.push_str(atom);
                    }
                    out.push_str("\">");
                }
                match line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, stack) {
                    Ok((s, _)) => out.push_str(&s),
                    Err(_) => return tera_escape(line),
                }
                for _ in 0..stack.len() {
                    out.push_str("</span>");
                }
                out
            }
        }
    }
}

fn css_color(c: Option<Color>, default: Color) -> String {
    let c = c.unwrap_or(default);
    if c.a != 0xFF {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    } else {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    }
}

fn opening_html(f: &Fence, pre_style: Option<&str>, pre_class: Option<&str>) -> String {
    let mut html = String::from("<pre");
    if f.line_numbers {
        html.push_str(" data-linenos");
    }
    if f.enable_copy {
        html.push_str(" data-copy");
    }
    let mut classes = String::new();
    if let Some(lang) = f.language {
        let _ = write!(classes, "language-{lang} ");
        let _ = write!(html, " data-lang=\"{lang}\"");
    }
    if let Some(name) = f.name {
        let _ = write!(html, " data-name=\"{name}\"");
    }
    if let Some(s) = pre_style {
        let _ = write!(html, " style=\"{s}\"");
    }
    if let Some(c) = pre_class {
        classes.push_str(c);
    }
    if !classes.is_empty() {
        let _ = write!(html, " class=\"{classes}\"");
    }
    html.push_str("><code");
    if let Some(lang) = f.language {
        let _ = write!(html, " class=\"language-{lang}\" data-lang=\"{lang}\"");
    }
    if let Some(name) = f.name {
        let _ = write!(html, " data-name=\"{name}\"");
    }
    html.push('>');
    html
}

/// Tera 1's `escape_html`, which Zola 0.21 used for unhighlighted code (it also escapes `'`
/// and `/`, unlike pulldown-cmark's escaping).
pub fn tera_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fence() {
        let f = Fence::parse("rust ,linenos, hl_lines=1 3-2 x, linenostart=5,name=a.rs,copy,foo=1");
        assert_eq!(f.language, Some("rust"));
        assert!(f.line_numbers && f.enable_copy);
        assert_eq!(f.line_number_start, 5);
        assert_eq!(f.highlight_lines, vec![1..=1, 2..=3]);
        assert_eq!(f.name, Some("a.rs"));
    }

    #[test]
    fn plain_code_uses_tera_escaping() {
        let (html, unknown) = render_code_block("", "<a href='/x'>\n", Style::None);
        assert_eq!(
            html,
            "<pre><code>&lt;a href=&#x27;&#x2F;x&#x27;&gt;\n</code></pre>\n"
        );
        assert!(!unknown);
    }

    #[test]
    fn inline_style_highlighting() {
        let theme = find_theme("base16-ocean-dark").unwrap();
        let (html, unknown) = render_code_block("rust", "let x = 1;\n", Style::Inline(theme));
        assert!(!unknown);
        assert_eq!(
            html,
            "<pre data-lang=\"rust\" style=\"background-color:#2b303b;color:#c0c5ce;\" \
             class=\"language-rust \"><code class=\"language-rust\" data-lang=\"rust\">\
             <span style=\"color:#b48ead;\">let</span><span> x = </span><span \
             style=\"color:#d08770;\">1</span><span>;\n</span></code></pre>\n"
        );
    }

    #[test]
    fn class_highlighting_with_linenos_and_marks() {
        let (html, _) = render_code_block(
            "rust,linenos,hl_lines=2,hide_lines=3",
            "a\nb\nc\n",
            Style::Classes,
        );
        assert_eq!(
            html,
            "<pre data-linenos data-lang=\"rust\" class=\"language-rust z-code\"><code \
             class=\"language-rust\" data-lang=\"rust\"><table><tbody><tr><td>1</td><td>\
             <span class=\"z-source z-rust\">a\n</span></td></tr><tr><td><mark>2</mark></td>\
             <td><mark><span class=\"z-source z-rust\">b\n</span></mark></td></tr></tbody>\
             </table></code></pre>\n"
        );
    }

    #[test]
    fn unknown_language_is_plain_and_flagged() {
        let (html, unknown) = render_code_block("nosuchlang", "x\n", Style::Classes);
        assert!(unknown);
        assert!(
            html.starts_with("<pre data-lang=\"nosuchlang\" class=\"language-nosuchlang z-code\">")
        );
    }

    #[test]
    fn css_export() {
        let css = css_for_theme("inspired-github").unwrap();
        assert!(css.contains(".z-code {"), "{css}");
        assert!(find_theme("no-such-theme").is_none());
    }
}
