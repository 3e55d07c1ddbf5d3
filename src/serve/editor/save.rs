//! Writing articles from the editor: `new`, `save`, `publish` and `delete`, each on a file of
//! this site checked to be an article under `content/`, refused when the file changed on disk
//! since the writer opened it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use super::super::state::{answer, Body};
use super::assets::page;
use super::files::{replace_file, version, without_draft, write_new};
use super::preview::compose;
use super::{plain, query_enc, see_other, Editor, Form};
use crate::html::escape as escape_html;
use crate::site::Site;

impl Editor {
    /// A path from a form (`content/cases/a.md`) as a file of this site: only `.md` files
    /// under `content/`, no `..`, not through a link out of the folder.
    pub(super) fn article_path(&self, rel: &str) -> Result<PathBuf, String> {
        let refused = || format!("拒绝：“{rel}”不是 content/ 里的文章 · not an article path");
        let rel_path = Path::new(rel);
        let plain_parts = rel_path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain_parts
            || !rel.starts_with("content/")
            || !rel.ends_with(".md")
            || rel.contains('\\')
            || rel.contains('\0')
        {
            return Err(refused());
        }
        let path = self.root.join(rel_path);
        let content = self
            .root
            .join("content")
            .canonicalize()
            .map_err(|_| refused())?;
        let parent = path
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .ok_or_else(refused)?;
        if !parent.starts_with(&content) {
            return Err(refused());
        }
        if path.is_symlink() {
            return Err(refused());
        }
        Ok(parent.join(path.file_name().ok_or_else(refused)?))
    }

    /// Reads the file a write is about; refuses when it changed on disk since the writer
    /// opened it (the answer shows both versions and lets the writer choose).
    pub(super) fn current(
        &self,
        form: &Form,
    ) -> Result<(String, PathBuf, Vec<u8>), Box<Response<Body>>> {
        let rel = form.get("path").cloned().unwrap_or_default();
        let path = self
            .article_path(&rel)
            .map_err(|e| Box::new(plain(StatusCode::BAD_REQUEST, e)))?;
        let bytes = std::fs::read(&path)
            .map_err(|_| Box::new(plain(StatusCode::NOT_FOUND, format!("找不到 {rel}"))))?;
        if form.get("base").map(String::as_str) != Some(version(&bytes).as_str()) {
            let mine = form.get("text").cloned().unwrap_or_default();
            let html = format!(
                "<p class=\"problem\">这篇文章在你打开之后被别人（或别的程序）改过了。下面是两个版本，请选择。</p>\
                 <div class=\"split\"><section><h2>硬盘上现在的版本</h2><pre>{disk}</pre>\
                 <p><a class=\"button\" href=\"/_pufa/edit?path={q}\">放弃我的修改，打开现在的版本</a></p></section>\
                 <section><h2>你的版本</h2><form method=\"post\" action=\"/_pufa/save\">{hidden}\
                 <textarea name=\"text\" rows=\"20\">{mine}</textarea>\
                 <p><button type=\"submit\">用我的版本保存</button></p></form></section></div>",
                disk = escape_html(&String::from_utf8_lossy(&bytes)),
                q = percent_encoding::utf8_percent_encode(&rel, percent_encoding::NON_ALPHANUMERIC),
                hidden = self.hidden(&rel, &bytes),
                mine = escape_html(&mine),
            );
            let mut res = page("文章已被改动", &html);
            *res.status_mut() = StatusCode::CONFLICT;
            return Err(Box::new(res));
        }
        Ok((rel, path, bytes))
    }

    /// `POST /_pufa/save`: replaces the file with the text, atomically.
    pub(super) fn save(&self, form: &Form) -> Response<Body> {
        let (rel, path, _) = match self.current(form) {
            Ok(c) => c,
            Err(res) => return *res,
        };
        let Some(text) = form.get("text") else {
            return plain(StatusCode::BAD_REQUEST, "没有内容".into());
        };
        match replace_file(&path, &text.replace("\r\n", "\n")) {
            Ok(()) => {
                let _ = std::fs::remove_file(self.edit_autosave(&path));
                see_other(&format!("/_pufa/edit?path={}&saved=1", query_enc(&rel)))
            }
            Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, e),
        }
    }

    /// `POST /_pufa/publish`: removes the draft mark.
    pub(super) fn publish(&self, form: &Form) -> Response<Body> {
        let (rel, path, bytes) = match self.current(form) {
            Ok(c) => c,
            Err(res) => return *res,
        };
        let text = String::from_utf8_lossy(&bytes);
        let Some(published) = without_draft(&text) else {
            return plain(StatusCode::CONFLICT, "这篇文章不是草稿".into());
        };
        match replace_file(&path, &published) {
            Ok(()) => see_other(&format!("/_pufa/edit?path={}&saved=1", query_enc(&rel))),
            Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, e),
        }
    }

    /// `POST /_pufa/delete`: moves the file into the site's `.pufa-trash/` folder (same
    /// path below it; nothing is ever overwritten there).
    pub(super) fn delete(&self, form: &Form) -> Response<Body> {
        let (rel, path, _) = match self.current(form) {
            Ok(c) => c,
            Err(res) => return *res,
        };
        let trash = self.root.join(".pufa-trash").join(&rel);
        let Some(dir) = trash.parent() else {
            return plain(StatusCode::BAD_REQUEST, "bad path".into());
        };
        if let Err(e) = std::fs::create_dir_all(dir) {
            return plain(StatusCode::INTERNAL_SERVER_ERROR, format!("无法删除：{e}"));
        }
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let name = trash
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for n in 0..100 {
            let target = if n == 0 {
                dir.join(format!("{stamp}-{name}"))
            } else {
                dir.join(format!("{stamp}-{n}-{name}"))
            };
            if target.exists() {
                continue;
            }
            return match std::fs::rename(&path, &target) {
                Ok(()) => {
                    let _ = std::fs::remove_file(self.edit_autosave(&path));
                    see_other(&format!("/_pufa/?deleted={}", query_enc(&rel)))
                }
                Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, format!("无法删除：{e}")),
            };
        }
        plain(StatusCode::INTERNAL_SERVER_ERROR, "无法删除".into())
    }

    /// `POST /_pufa/new`: writes the new article as a draft and goes back to the list.
    pub(super) fn create(&self, site: Option<Arc<Site>>, form: &Form) -> Response<Body> {
        let Some(site) = site else {
            return plain(
                StatusCode::CONFLICT,
                "网站还没有成功生成过，请先改正错误".into(),
            );
        };
        let title = form.get("title").map(|t| t.trim()).unwrap_or("");
        if title.is_empty() {
            return plain(StatusCode::BAD_REQUEST, "请填写标题".into());
        }
        let (kind, text) = match compose(&site, form) {
            Ok(t) => t,
            Err(e) => return plain(StatusCode::BAD_REQUEST, e),
        };
        match write_new(&self.root, kind, title, &text) {
            Ok(rel) if form.contains_key("json") => {
                let _ = std::fs::remove_file(self.new_autosave(kind));
                answer(
                    StatusCode::OK,
                    "application/json",
                    serde_json::json!({ "path": rel }).to_string(),
                )
            }
            Ok(rel) => {
                let _ = std::fs::remove_file(self.new_autosave(kind));
                let mut res = answer(
                    StatusCode::SEE_OTHER,
                    "text/plain; charset=utf-8",
                    format!("saved {rel}"),
                );
                let to = format!(
                    "/_pufa/?saved={}",
                    percent_encoding::utf8_percent_encode(&rel, percent_encoding::NON_ALPHANUMERIC)
                );
                if let Ok(v) = HeaderValue::from_str(&to) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
                res
            }
            Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, e),
        }
    }
}
