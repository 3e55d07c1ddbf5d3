//! Unsaved text kept on the server (`.pufa/autosave/`, outside what is built), and offered back
//! when an article's page is opened again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use super::super::state::{answer, Body};
use super::files::replace_file;
use super::{plain, query_enc, Editor, Form};
use crate::article_kind::ArticleKind;
use crate::html::escape as escape_html;

impl Editor {
    /// The folder of unsaved text: `.pufa/autosave/` at the site root, outside `content/`
    /// and `static/`, so it is never built nor published.
    fn autosave_dir(&self) -> PathBuf {
        self.root.join(".pufa").join("autosave")
    }

    /// Where the unsaved text of the article file `path` (checked) is kept.
    pub(super) fn edit_autosave(&self, path: &Path) -> PathBuf {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut name = rel.to_string_lossy().replace('\\', "/");
        name.push_str(".json");
        self.autosave_dir().join(name)
    }

    /// Where the unsaved fields of a new article of `kind` (a known kind) are kept.
    pub(super) fn new_autosave(&self, kind: ArticleKind) -> PathBuf {
        self.autosave_dir().join("new").join(format!("{kind}.json"))
    }

    /// `POST /_pufa/autosave`: keeps the form's fields (an article's whole `text` with its
    /// `path`, or a new article's fields with its `kind`) in the sidecar file, written
    /// atomically; `discard=1` removes it. Answers 204.
    pub(super) fn autosave(&self, form: &Form) -> Response<Body> {
        let file = if let Some(rel) = form.get("path") {
            match self.article_path(rel) {
                Ok(p) => self.edit_autosave(&p),
                Err(e) => return plain(StatusCode::BAD_REQUEST, e),
            }
        } else {
            let kind = form.get("kind").map(String::as_str).unwrap_or("");
            let Some(kind) = ArticleKind::from_name(kind) else {
                return plain(StatusCode::BAD_REQUEST, "没有这种文章类型".into());
            };
            self.new_autosave(kind)
        };
        let done = || {
            let mut res = answer(StatusCode::NO_CONTENT, "text/plain; charset=utf-8", "");
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        };
        if form.contains_key("discard") {
            let _ = std::fs::remove_file(&file);
            return done();
        }
        let fields: BTreeMap<&String, &String> = form
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "token" | "base" | "path" | "kind" | "discard"))
            .collect();
        let json = serde_json::json!({
            "at": chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            // The version of the file the text was written over: restored with it, a save
            // shows both versions if the file changed since.
            "base": form.get("base"),
            "fields": fields,
        });
        let fail = |e: String| plain(StatusCode::INTERNAL_SERVER_ERROR, e);
        let Some(dir) = file.parent() else {
            return fail("无法自动保存".into());
        };
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(format!("无法自动保存：{e}"));
        }
        // The folder must be inside the site (not a link out of it).
        let inside = match (dir.canonicalize(), self.root.canonicalize()) {
            (Ok(d), Ok(r)) => d.starts_with(r),
            _ => false,
        };
        if !inside {
            return plain(StatusCode::FORBIDDEN, "自动保存的文件夹在网站之外".into());
        }
        match replace_file(&file, &json.to_string()) {
            Ok(()) => done(),
            Err(e) => fail(e),
        }
    }

    /// The offer to restore unsaved text kept in `file` (none when there is none, or when
    /// it is the same as `current`, the file's text now).
    pub(super) fn kept_banner(&self, file: &Path, current: Option<&str>) -> String {
        let Ok(bytes) = std::fs::read(file) else {
            return String::new();
        };
        let Ok(kept) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return String::new();
        };
        let fields = &kept["fields"];
        if let (Some(now), Some(text)) = (current, fields["text"].as_str()) {
            if now.replace("\r\n", "\n") == text.replace("\r\n", "\n") {
                return String::new();
            }
        }
        let at = kept["at"].as_str().unwrap_or("");
        let base = kept["base"].as_str().unwrap_or("");
        // JSON inside <script>: no `<` that could end it.
        let data = fields.to_string().replace('<', "\\u003c");
        format!(
            "<div class=\"kept\" id=\"kept\" role=\"status\"><p>这篇文章有<strong>没保存的内容</strong>\
             （最后自动保存于 {at}），可能是上次没点保存就关了页面。</p>\
             <p><button type=\"button\" id=\"kept-restore\">恢复未保存的内容</button> \
             <button type=\"button\" id=\"kept-discard\">不要了，用现在的版本</button></p>\
             <script type=\"application/json\" id=\"kept-data\" data-base=\"{base}\">{data}</script></div>",
            at = escape_html(at),
            base = escape_html(base)
        )
    }

    /// The unsaved texts kept for this site, for the list: (link, what).
    pub(super) fn kept_list(&self) -> Vec<(String, String)> {
        let dir = self.autosave_dir();
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(&dir)
            .max_depth(8)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = e.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let Some(rel) = rel.strip_suffix(".json") else {
                continue;
            };
            if let Some(kind) = rel.strip_prefix("new/") {
                if let Some(k) = ArticleKind::from_name(kind) {
                    out.push((
                        format!("/_pufa/new?kind={k}"),
                        format!("新{}（还没保存过）", k.name_zh()),
                    ));
                }
            } else if self.article_path(rel).is_ok_and(|p| p.is_file()) {
                out.push((
                    format!("/_pufa/edit?path={}", query_enc(rel)),
                    rel.to_string(),
                ));
            }
        }
        out.sort();
        out
    }
}
