//! Shortcodes: `{{ name(k=v) }}` and `{% name(k=v) %}body{% end %}`, as Zola 0.22 reads them.
//!
//! Takes the raw Markdown body and returns it with every `.md` shortcode already rendered in
//! place and every `.html` shortcode replaced by [`PLACEHOLDER`] (its rendered HTML waits in
//! [`Expanded::html`], in document order), plus an [`OffsetMap`] so later stages can point errors
//! at the line and column of the *original* text.
//!
//! Zola parses this with a pest grammar; this is a hand-written scanner with the same grammar
//! (text runs until something that parses as a whole shortcode) so it is linear and cannot hang:
//! an opening `{% name() %}` without `{% end %}`, or a stray `{% end %}`, is an error with a
//! position. Inner shortcodes are rendered into their parent's body first, whatever their kind,
//! exactly as Zola does; `nth` counts invocations of each name in source order.

use serde_json::{Map, Value};
use std::collections::HashMap;

use super::{LineIndex, MarkdownError, MarkdownWarning, ShortcodeKind, ShortcodeRenderer};

mod call;

/// What Zola puts in the text where an `.html` shortcode will go after Markdown rendering.
pub const PLACEHOLDER: &str = "@@ZOLA_SC_PLACEHOLDER@@";

/// The body after shortcode expansion.
#[derive(Debug, Default)]
pub struct Expanded {
    pub content: String,
    /// Rendered HTML of each `.html` shortcode, in the order their placeholders appear.
    pub html: Vec<String>,
    /// Byte offset in `content` of each placeholder (same order as `html`), so the Markdown
    /// pass puts every output at its own placeholder even when one of them is swallowed
    /// (inline code, a link address) instead of shifting the rest.
    pub html_at: Vec<usize>,
    pub map: OffsetMap,
    /// Text that looks like a shortcode call but does not parse (left as text, as Zola does).
    pub warnings: Vec<MarkdownWarning>,
}

/// Maps byte offsets in the expanded text back to the original text. Each segment is either a
/// verbatim copy (offsets shift) or a replacement (every offset inside points at its start).
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// (new_start, old_start, verbatim)
    segs: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    fn push(&mut self, new_start: usize, old_start: usize, verbatim: bool) {
        self.segs.push((new_start, old_start, verbatim));
    }

    /// The original offset for an offset in the expanded text.
    pub fn to_original(&self, new: usize) -> usize {
        if self.segs.is_empty() {
            return new;
        }
        let i = self.segs.partition_point(|s| s.0 <= new);
        if i == 0 {
            return new;
        }
        let (ns, os, verbatim) = self.segs[i - 1];
        if verbatim {
            os + (new - ns)
        } else {
            os
        }
    }
}

/// One parsed shortcode call.
struct Call {
    name: String,
    args: Map<String, Value>,
    /// Byte offset in the input where `{{` / `{%` starts.
    start: usize,
}

struct ShortcodeScanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    renderer: &'a dyn ShortcodeRenderer,
    lines: &'a LineIndex,
    counter: HashMap<String, usize>,
    warnings: Vec<MarkdownWarning>,
    no_ignored_end_after: usize,
    no_quote_after: [usize; 3],
    /// How many shortcode bodies the scan is inside (see [`MAX_NESTING`]).
    depth: usize,
}

/// Shortcode bodies nested deeper than this are an error. Each level is a recursive scan and
/// a template render; real articles nest two or three, and 100,000 levels (1 MB of text)
/// would overflow any stack.
const MAX_NESTING: usize = 32;

/// Expands the shortcodes of `src`. Fast path: text without `{{` or `{%` is returned as is.
pub fn expand(
    src: &str,
    renderer: &dyn ShortcodeRenderer,
    lines: &LineIndex,
) -> Result<Expanded, MarkdownError> {
    if !src.contains("{{") && !src.contains("{%") {
        return Ok(Expanded {
            content: src.to_string(),
            ..Default::default()
        });
    }
    let mut sc = ShortcodeScanner {
        src,
        bytes: src.as_bytes(),
        renderer,
        lines,
        counter: HashMap::new(),
        warnings: Vec::new(),
        no_ignored_end_after: usize::MAX,
        no_quote_after: [usize::MAX; 3],
        depth: 0,
    };
    let mut out = Expanded::default();
    let end = sc.scan(0, false, &mut out, true)?;
    debug_assert_eq!(end, src.len());
    out.warnings = sc.warnings;
    Ok(out)
}

impl<'a> ShortcodeScanner<'a> {
    fn err(&self, at: usize, en: String, zh: String) -> MarkdownError {
        let (line, col) = self.lines.line_col(self.src, at);
        MarkdownError::new(line, col, en, zh)
    }

    /// Scans from `pos`. In a body (`in_body`), stops before `{% end %}` and returns its
    /// offset; at top level runs to the end. `top` says whether `.html` shortcodes become
    /// placeholders (top level) or are rendered inline (inside another shortcode's body).
    fn scan(
        &mut self,
        mut pos: usize,
        in_body: bool,
        out: &mut Expanded,
        top: bool,
    ) -> Result<usize, MarkdownError> {
        let mut text_start = pos;
        while pos < self.bytes.len() {
            let Some(off) = memchr_brace(&self.bytes[pos..]) else {
                pos = self.bytes.len();
                break;
            };
            pos += off;
            let b1 = self.bytes.get(pos + 1).copied();
            if b1 != Some(b'{') && b1 != Some(b'%') {
                pos += 1;
                continue;
            }
            // Ignored forms first: `{{/* … */}}` and `{%/* … */%}` … `{%/* end */%}`.
            if let Some((end, end_tag)) = self.ignored(pos) {
                self.flush(out, text_start, pos);
                let fixed = match end_tag {
                    None => self.src[pos..end]
                        .replacen("{{/*", "{{", 1)
                        .replacen("*/}}", "}}", 1),
                    // Zola unwraps the opening and the closing tag each once; the body stays.
                    Some(et) => {
                        let open_end = self.call_inner(pos + 4, "*/%}").map_or(et, |c| c.1);
                        let unwrap =
                            |t: &str| t.replacen("{%/*", "{%", 1).replacen("*/%}", "%}", 1);
                        format!(
                            "{}{}{}",
                            unwrap(&self.src[pos..open_end]),
                            &self.src[open_end..et],
                            unwrap(&self.src[et..end])
                        )
                    }
                };
                out.map.push(out.content.len(), pos, false);
                out.content.push_str(&fixed);
                pos = end;
                text_start = pos;
                continue;
            }
            if b1 == Some(b'%') {
                if let Some(_end) = self.end_tag(pos) {
                    if in_body {
                        self.flush(out, text_start, pos);
                        return Ok(pos);
                    }
                    return Err(self.err(
                        pos,
                        "`{% end %}` without an opening shortcode `{% name() %}`".into(),
                        "多余的 `{% end %}`：前面没有对应的 `{% 名称() %}` 开头".into(),
                    ));
                }
            }
            let close = if b1 == Some(b'{') { "}}" } else { "%}" };
            let Some((call, after)) = self.call(pos, close) else {
                if let Some(e) = self.path_as_name(pos) {
                    return Err(e);
                }
                self.check_near_miss(pos);
                pos += 1;
                continue;
            };
            self.flush(out, text_start, pos);
            let nth = self.next_nth(&call.name);
            let kind = self.renderer.kind(&call.name).ok_or_else(|| {
                self.err(
                    call.start,
                    format!(
                        "Found usage of a shortcode named `{0}` but we do not know about it. Make \
                         sure it's not a typo and that a file named `{0}.{{html,md}}` exists in \
                         the `templates/shortcodes` directory.",
                        call.name
                    ),
                    format!(
                        "找不到短代码 `{0}`：请检查名称是否写错，并确认 templates/shortcodes/ 下有 \
                         `{0}.html` 或 `{0}.md` 文件",
                        call.name
                    ),
                )
            })?;
            let (body, next) = if b1 == Some(b'%') {
                if self.depth >= MAX_NESTING {
                    return Err(self.err(
                        call.start,
                        format!("Shortcodes are nested more than {MAX_NESTING} levels deep here"),
                        format!(
                            "短代码嵌套超过了 {MAX_NESTING} 层：请检查是否漏写了 `{{% end %}}`"
                        ),
                    ));
                }
                let mut inner = Expanded::default();
                let body_start = after;
                self.depth += 1;
                let end_at = self.scan(body_start, true, &mut inner, false);
                self.depth -= 1;
                let end_at = end_at?;
                if end_at >= self.bytes.len() {
                    return Err(self.err(
                        call.start,
                        format!(
                            "The shortcode `{}` is never closed with `{{% end %}}`",
                            call.name
                        ),
                        format!("短代码 `{}` 没有用 `{{% end %}}` 结束", call.name),
                    ));
                }
                let end_after = self.end_tag(end_at).unwrap_or(end_at);
                // Zola trims the raw body before parsing it; trimming the expanded body is the
                // same for every body whose edges are not themselves shortcodes.
                (Some(inner.content.trim().to_string()), end_after)
            } else {
                (None, after)
            };
            let rendered = self
                .renderer
                .render(
                    &call.name,
                    &call.args,
                    body.as_deref().map(str::trim_end),
                    nth,
                )
                .map_err(|e| {
                    self.err(
                        call.start,
                        format!("Failed to render {} shortcode: {e}", call.name),
                        format!("短代码 `{}` 渲染失败：{e}", call.name),
                    )
                })?
                .replace("\r\n", "\n");
            out.map.push(out.content.len(), call.start, false);
            if top && kind == ShortcodeKind::Html {
                out.html_at.push(out.content.len());
                out.content.push_str(PLACEHOLDER);
                out.html.push(rendered);
            } else {
                out.content.push_str(&rendered);
            }
            pos = next;
            text_start = pos;
        }
        if in_body {
            // Ran out of input inside a body: the caller reports the unclosed shortcode.
            self.flush(out, text_start, pos);
            return Ok(self.bytes.len());
        }
        self.flush(out, text_start, pos);
        Ok(pos)
    }

    /// `{{ ../../x() }}`, `{% a/b() %}`: a name that is a path. Zola would keep it as text, but
    /// it can only be an attempt to reach a template outside `templates/shortcodes/` (which
    /// pufa would never do): an error naming the place says so.
    fn path_as_name(&self, p: usize) -> Option<MarkdownError> {
        let q = self.skip_ws(p + 2);
        let len = self.src[q..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_-./\\".contains(c)))
            .unwrap_or(self.src.len() - q);
        let name = &self.src[q..q + len];
        if !(name.contains(['/', '\\']) || name.contains("..")) {
            return None;
        }
        let rest = &self.src[self.skip_ws(q + len)..];
        if !(rest.starts_with('(') || rest.starts_with('（')) {
            return None;
        }
        Some(self.err(
            p,
            format!(
                "`{name}` is not a shortcode name: a shortcode is a file in \
                 templates/shortcodes/, named without `/`, `\\` or `..`"
            ),
            format!(
                "`{name}` 不是短代码名称：短代码只能是 templates/shortcodes/ 里的文件，\
                 名称里不能有 `/`、`\\` 或 `..`"
            ),
        ))
    }

    /// `{{ name(` or `{{ name（` that did not parse: Zola keeps it as text without a word; a
    /// non-programmer deserves a hint, most often about full-width punctuation from an IME.
    fn check_near_miss(&mut self, p: usize) {
        let q = self.skip_ws(p + 2);
        let Some((name, q)) = self.ident(q) else {
            return;
        };
        let q = self.skip_ws(q);
        let rest = &self.src[q..];
        if !(rest.starts_with('(') || rest.starts_with('（')) {
            return;
        }
        // Only the rest of the line, and not too far, so many near misses stay linear.
        let full_width = rest
            .chars()
            .take_while(|&c| c != '\n')
            .take(200)
            .any(|c| matches!(c, '（' | '）' | '＝' | '，' | '“' | '”' | '‘' | '’'));
        let hint = if full_width {
            "（请把全角的 （ ） ＝ ， “ ” 改成英文半角）"
        } else {
            ""
        };
        let (line, col) = self.lines.line_col(self.src, p);
        self.warnings.push(MarkdownWarning {
            line,
            col,
            message: format!(
                "This looks like a call of the shortcode `{name}` but could not be read; it is \
                 shown as plain text"
            ),
            message_zh: format!("这里像是短代码 `{name}`，但格式不对，将按普通文字显示{hint}"),
        });
    }

    fn flush(&self, out: &mut Expanded, from: usize, to: usize) {
        if from < to {
            out.map.push(out.content.len(), from, true);
            out.content.push_str(&self.src[from..to]);
        }
    }

    fn next_nth(&mut self, name: &str) -> usize {
        let n = self.counter.entry(name.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    fn skip_ws(&self, mut p: usize) -> usize {
        while p < self.bytes.len() && matches!(self.bytes[p], b' ' | b'\t' | b'\r' | b'\n') {
            p += 1;
        }
        p
    }

    fn lit(&self, p: usize, s: &str) -> Option<usize> {
        self.src[p..].starts_with(s).then_some(p + s.len())
    }

    /// `{% end %}` at `p`; returns the offset after it.
    fn end_tag(&self, p: usize) -> Option<usize> {
        let p = self.lit(p, "{%")?;
        let p = self.skip_ws(p);
        let p = self.lit(p, "end")?;
        let p = self.skip_ws(p);
        self.lit(p, "%}")
    }

    /// An ignored form at `p`: returns the offset after it and, for the body form, where its
    /// `{%/* end */%}` starts.
    fn ignored(&mut self, p: usize) -> Option<(usize, Option<usize>)> {
        if self.src[p..].starts_with("{{/*") {
            let (_, after) = self.call_inner(p + 4, "*/}}")?;
            return Some((after, None));
        }
        if self.src[p..].starts_with("{%/*") {
            let (_, mut q) = self.call_inner(p + 4, "*/%}")?;
            // Body runs to `{%/* end */%}`. Once a search found none after some point, later
            // ones starting beyond it cannot either (keeps many unclosed ones linear).
            if q >= self.no_ignored_end_after {
                return None;
            }
            let from = q;
            loop {
                let Some(rel) = self.src[q..].find("{%/*") else {
                    self.no_ignored_end_after = from;
                    return None;
                };
                q += rel;
                let r = self.skip_ws(q + 4);
                if let Some(r) = self.lit(r, "end") {
                    let r = self.skip_ws(r);
                    if let Some(r) = self.lit(r, "*/%}") {
                        return Some((r, Some(q)));
                    }
                }
                q += 4;
            }
        }
        None
    }
}

fn memchr_brace(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'{')
}

#[cfg(test)]
mod tests;
