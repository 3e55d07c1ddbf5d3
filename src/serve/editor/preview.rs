//! `POST /_pufa/preview`: the article as the site would show it, with what `check` finds in
//! it, each finding placed on the line of the text area it is about; and the Markdown a new
//! article's form becomes.

use std::path::Path;
use std::sync::Arc;

use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};

use super::super::state::{answer, Body};
use super::files::{file_stem, toml_key, toml_str};
use super::{plain, Editor, Form};
use crate::article_kind::ArticleKind;
use crate::scaffold;
use crate::site::Site;

impl Editor {
    /// `POST /_pufa/preview`: JSON `{html, findings, items, first_line}` — the article as
    /// the site would show it, what `check` finds in it (as text, and as `items` with the
    /// line of the text area each is about) — or, when it cannot be rendered, 422 with JSON
    /// `{error, items, first_line}`. The form is either a new article's fields (the text area
    /// holds the body only: its line 1 is file line `first_line`), or `path` and the whole
    /// file's `text` (editing; `first_line` is 1).
    pub(super) fn preview(
        &self,
        site: Option<Arc<Site>>,
        files: &super::super::state::Files,
        form: &Form,
    ) -> Response<Body> {
        let started = std::time::Instant::now();
        let Some(site) = site else {
            return plain(
                StatusCode::CONFLICT,
                "网站还没有成功生成过，请先改正错误".into(),
            );
        };
        let (path, text, first_line) = match (form.get("path"), form.get("text")) {
            (Some(rel), Some(text)) => match self.article_path(rel) {
                Ok(p) => (p, text.replace("\r\n", "\n"), 1),
                Err(e) => return plain(StatusCode::BAD_REQUEST, e),
            },
            _ => {
                let (kind, text) = match compose(&site, form) {
                    Ok(t) => t,
                    Err(e) => return plain(StatusCode::UNPROCESSABLE_ENTITY, e),
                };
                let title = form.get("title").map(|t| t.trim()).unwrap_or("");
                let path = site
                    .root
                    .join("content")
                    .join(kind.default_section())
                    .join(format!("{}.md", file_stem(kind.name(), title)));
                let first_line = body_start(&text);
                (path, text, first_line)
            }
        };
        // The article's own pictures count as there even before the rebuild that serves
        // them (a picture pasted a moment ago).
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let bundle = path.file_name().is_some_and(|n| n == "index.md");
        let page_dir = site
            .library
            .pages
            .iter()
            .find(|p| p.file.path == path)
            .map(|p| p.path.trim_matches('/').to_string());
        let lookup = |k: &str| -> Option<&[u8]> {
            if let Some(v) = files.get(k) {
                return Some(v.as_slice());
            }
            let own = page_dir.as_deref()?;
            let name = k.strip_prefix(own)?.strip_prefix('/')?;
            let on_disk = bundle
                && !name.contains('/')
                && !name.starts_with('.')
                && folder.join(name).is_file();
            on_disk.then_some(&[][..])
        };
        let result = super::super::incremental::preview(&site, &path, &text, &lookup);
        let mut timing = String::new();
        let mut res = match result {
            Ok(p) => {
                let mut last = 0.0;
                for (name, at) in &p.steps {
                    timing.push_str(&format!("{name};dur={:.1}, ", at - last));
                    last = *at;
                }
                let mut plain_text = crate::diagnostics::Diagnostics::default();
                plain_text.set_lang(crate::diagnostics::Lang::Zh);
                plain_text.set_root(&site.root);
                for d in &p.findings {
                    plain_text.push(d.clone());
                }
                let findings = if p.findings.is_empty() {
                    String::new()
                } else {
                    plain_text.render_plain()
                };
                answer(
                    StatusCode::OK,
                    "application/json",
                    serde_json::json!({
                        "html": p.html,
                        "findings": findings,
                        "items": finding_items(&site.root, &path, &text, first_line, &p.findings),
                        "first_line": first_line,
                    })
                    .to_string(),
                )
            }
            Err(errors) => {
                let mut d = crate::diagnostics::Diagnostics::default();
                d.set_lang(crate::diagnostics::Lang::Zh);
                d.set_root(&site.root);
                for e in &errors {
                    d.push(e.clone());
                }
                answer(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "application/json",
                    serde_json::json!({
                        "error": d.render_plain(),
                        "items": finding_items(&site.root, &path, &text, first_line, &errors),
                        "first_line": first_line,
                    })
                    .to_string(),
                )
            }
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if let Ok(v) = HeaderValue::from_str(&format!("{timing}total;dur={ms:.1}")) {
            res.headers_mut().insert("server-timing", v);
        }
        res
    }
}

/// The article's kind and Markdown from the form: the kind's template with the fields filled in.
pub(super) fn compose(site: &Site, form: &Form) -> Result<(ArticleKind, String), String> {
    let kind = form.get("kind").map(String::as_str).unwrap_or("");
    let kind = ArticleKind::from_name(kind).ok_or_else(|| format!("不认识的文章类型“{kind}”"))?;
    let date = match form.get("date").map(|d| d.trim()).filter(|d| !d.is_empty()) {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| format!("日期“{d}”不对，格式是 年-月-日，如 2024-05-01"))?,
        None => chrono::Local::now().date_naive(),
    };
    const MARK: &str = "\u{1}TITLE\u{1}";
    let mut text = scaffold::article(kind, MARK, &date.format("%Y-%m-%d").to_string());
    let title = form.get("title").map(|t| t.trim()).unwrap_or("");
    text = text.replacen(&format!("\"{MARK}\""), &toml_str(title), 1);
    let description = form.get("description").map(|t| t.trim()).unwrap_or("");
    text = text.replacen(
        "description = \"\"",
        &format!("description = {}", toml_str(description)),
        1,
    );
    for t in &site.config.taxonomies {
        let Some(value) = form.get(&t.name) else {
            continue;
        };
        let terms: Vec<String> = value
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(toml_str)
            .collect();
        if terms.is_empty() {
            continue;
        }
        let key = toml_key(&t.name);
        let line = format!("{key} = [{}]", terms.join(", "));
        let empty = format!("\n{key} = []\n");
        if text.contains(&empty) {
            text = text.replacen(&empty, &format!("\n{line}\n"), 1);
        } else {
            text = text.replacen("\n[taxonomies]\n", &format!("\n[taxonomies]\n{line}\n"), 1);
        }
    }
    if let Some(body) = form.get("body") {
        let front_end = text
            .match_indices("+++\n")
            .nth(1)
            .map(|(i, _)| i + 4)
            .unwrap_or(text.len());
        text.truncate(front_end);
        text.push_str(&body.replace("\r\n", "\n"));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    Ok((kind, text))
}

/// The file line where the body of a composed article starts (after the front matter).
fn body_start(text: &str) -> usize {
    text.match_indices("+++\n")
        .nth(1)
        .map(|(i, _)| text[..i].matches('\n').count() + 2)
        .unwrap_or(1)
}

/// Findings for the editor, each with the line of the text area it is about (`line`, 0 when
/// it is not about the text area's text), the file line, the front-matter key of a
/// new-article form field it is about (`field`), and the message and hint in Chinese.
fn finding_items(
    root: &Path,
    path: &Path,
    text: &str,
    first_line: usize,
    findings: &[crate::diagnostics::Diagnostic],
) -> Vec<serde_json::Value> {
    use crate::diagnostics::Lang;
    let own = path.strip_prefix(root).unwrap_or(path);
    let lines: Vec<&str> = text.lines().collect();
    findings
        .iter()
        .map(|d| {
            let mine = d.path.strip_prefix(root).unwrap_or(&d.path) == own;
            let (line, field) = if !mine || d.line == 0 {
                (0, None)
            } else if d.line >= first_line {
                (d.line + 1 - first_line, None)
            } else {
                // A front-matter line of a new article: the form field that sets it.
                let key = lines
                    .get(d.line - 1)
                    .and_then(|l| l.split(['=', ':']).next())
                    .map(|k| k.trim().trim_matches('"').to_string())
                    .filter(|k| !k.is_empty() && !k.starts_with('['));
                (0, key)
            };
            let file = if mine {
                String::new()
            } else {
                d.path
                    .strip_prefix(root)
                    .unwrap_or(&d.path)
                    .to_string_lossy()
                    .replace('\\', "/")
            };
            serde_json::json!({
                "line": line,
                "col": d.col,
                "file_line": d.line,
                "file": file,
                "field": field,
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": d.message.get(Lang::Zh),
                "hint": d.hint.as_ref().map(|h| h.get(Lang::Zh).to_string()),
            })
        })
        .collect()
}
