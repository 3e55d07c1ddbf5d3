//! The editor for staff inside `pufa serve`, at `/_pufa/`: the articles at a glance (broken
//! and unpublished first), a form for a new article of each kind, and a live preview in the
//! site's own theme.
//!
//! Safe by default:
//! - it is on only while `serve` listens on a loopback address, and answers only requests
//!   whose `Host` is that address (a web page elsewhere cannot reach it by DNS tricks);
//! - every request that writes must carry the session's random token (in the editor's
//!   pages, which other sites cannot read) and come from the editor's own origin;
//! - the only files it writes are new `.md` files under `content/`, named by pufa from the
//!   title, created atomically and never over another file; form bodies are size- and
//!   time-limited; nothing runs a program.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::state::{answer, Body, ServeState, BODY_TIMEOUT};
use crate::article_kind::ArticleKind;
use crate::html::escape as escape_html;
use crate::scaffold;
use crate::site::Site;

/// Largest form accepted (an article's text with its front matter).
pub const MAX_FORM: usize = 2 * 1024 * 1024;
/// Largest picture accepted.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// Header that carries the session token on `fetch` requests.
const TOKEN_HEADER: &str = "x-pufa-token";

/// The editor of one `serve` session.
pub struct Editor {
    root: PathBuf,
    addr: SocketAddr,
    token: String,
    /// Listening beyond this computer (`--edit`): every editor request needs the token,
    /// first from the printed address, then from a cookie.
    remote: bool,
}

/// Cookie that carries the token in remote mode.
const COOKIE: &str = "pufa_edit";

/// What a request that writes carries.
#[derive(Clone, Copy)]
enum Upload {
    Form,
    Picture,
    Document,
}

/// Form fields, by name (a repeated field keeps its last value).
type Form = BTreeMap<String, String>;

impl Editor {
    /// The editor for a site served at `addr`; `None` unless `addr` is a loopback address
    /// or `edit` is set (or no random token can be made).
    pub fn new(root: &Path, addr: SocketAddr, edit: bool) -> Option<Arc<Editor>> {
        let remote = !addr.ip().is_loopback();
        if remote && !edit {
            return None;
        }
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).ok()?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Some(Arc::new(Editor {
            root: root.to_path_buf(),
            addr,
            token,
            remote,
        }))
    }

    /// Where to open the editor (with the token when it is reachable from other computers).
    pub fn address(&self) -> String {
        if self.remote {
            format!("http://{}/_pufa/?t={}", shown_addr(self.addr), self.token)
        } else {
            format!("http://{}/_pufa/", self.addr)
        }
    }
}

/// The address a colleague types: for `0.0.0.0` / `::`, this computer's address on its network
/// (the interface a route out would use; connecting a UDP socket sends nothing).
pub(crate) fn shown_addr(addr: SocketAddr) -> SocketAddr {
    if !addr.ip().is_unspecified() {
        return addr;
    }
    let probe = if addr.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let target = if addr.is_ipv4() {
        "192.0.2.1:9"
    } else {
        "[2001:db8::1]:9"
    };
    std::net::UdpSocket::bind(probe)
        .and_then(|s| s.connect(target).and_then(|()| s.local_addr()))
        .map(|local| SocketAddr::new(local.ip(), addr.port()))
        .unwrap_or(addr)
}

impl Editor {
    /// In remote mode: whether the request carries the token (cookie or `?t=`).
    fn remote_allowed(&self, req: &Request<Incoming>, query: &Form) -> bool {
        let cookie = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .any(|(k, v)| k == COOKIE && same_secret(v, &self.token));
        cookie || query.get("t").is_some_and(|t| same_secret(t, &self.token))
    }

    /// Answers a request under `/_pufa/`.
    pub async fn handle(
        self: Arc<Self>,
        req: Request<Incoming>,
        state: Arc<ServeState>,
    ) -> Response<Body> {
        let query = parse_form(req.uri().query().unwrap_or("").as_bytes());
        if self.remote {
            if !self.remote_allowed(&req, &query) {
                return plain(
                    StatusCode::FORBIDDEN,
                    "需要编辑凭证：请用 pufa serve 启动时打印的编辑器地址打开 · open the address printed by pufa serve".into(),
                );
            }
            if query.contains_key("t") {
                // Keep the token in a cookie for this site only, and drop it from the address.
                let mut res = see_other(req.uri().path());
                if let Ok(v) = HeaderValue::from_str(&format!(
                    "{COOKIE}={}; Path=/_pufa; HttpOnly; SameSite=Strict",
                    self.token
                )) {
                    res.headers_mut().insert(header::SET_COOKIE, v);
                }
                return res;
            }
        } else if !self.host_allowed(&req) {
            return plain(
                StatusCode::FORBIDDEN,
                format!(
                    "编辑器只能从 http://{}/_pufa/ 打开 · open the editor at that address",
                    self.addr
                ),
            );
        }
        let path = req.uri().path().to_string();
        match (req.method().clone(), path.as_str()) {
            (Method::GET, "/_pufa" | "/_pufa/") => {
                let me = self.clone();
                blocking(move || me.list_page(state.site(), &query)).await
            }
            (Method::GET, "/_pufa/new") => self.new_page(state.site(), &query),
            (Method::POST, "/_pufa/new") => match self.read_write_request(req).await {
                Ok(form) => {
                    let me = self.clone();
                    blocking(move || me.create(state.site(), &form)).await
                }
                Err(res) => res,
            },
            (Method::POST, "/_pufa/preview") => match self.read_write_request(req).await {
                Ok(form) => {
                    let me = self.clone();
                    blocking(move || {
                        let files = state
                            .files
                            .read()
                            .unwrap_or_else(|e| e.into_inner())
                            .clone();
                        me.preview(state.site(), &files, &form)
                    })
                    .await
                }
                Err(res) => res,
            },
            (Method::POST, "/_pufa/upload") => self.upload(req, query).await,
            (Method::POST, "/_pufa/import") => self.import(req, query).await,
            (Method::GET, "/_pufa/edit") => {
                let me = self.clone();
                blocking(move || me.edit_page(&query)).await
            }
            (Method::POST, "/_pufa/autosave") => match self.read_write_request(req).await {
                Ok(form) => {
                    let me = self.clone();
                    blocking(move || me.autosave(&form)).await
                }
                Err(res) => res,
            },
            (Method::POST, "/_pufa/save" | "/_pufa/publish" | "/_pufa/delete") => {
                match self.read_write_request(req).await {
                    Ok(form) => {
                        let me = self.clone();
                        blocking(move || match path.as_str() {
                            "/_pufa/save" => me.save(&form),
                            "/_pufa/publish" => me.publish(&form),
                            _ => me.delete(&form),
                        })
                        .await
                    }
                    Err(res) => res,
                }
            }
            (Method::GET | Method::POST, _) => plain(StatusCode::NOT_FOUND, "没有这个页面".into()),
            _ => plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed".into()),
        }
    }

    /// The `Host` names this server's loopback address (no other name can point here).
    fn host_allowed(&self, req: &Request<Incoming>) -> bool {
        let Some(host) = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
        else {
            return false;
        };
        let port = self.addr.port();
        [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            self.addr.to_string(),
        ]
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
    }

    /// Checks origin and token of a request that writes, and reads its form (bounded in
    /// size and time). The error answer when anything is wrong.
    async fn read_write_request(&self, req: Request<Incoming>) -> Result<Form, Response<Body>> {
        let (bytes, header_token) = self.read_body(req, Upload::Form).await?;
        let form = parse_form(&bytes);
        let token = header_token.or_else(|| form.get("token").cloned());
        if !token.is_some_and(|t| same_secret(&t, &self.token)) {
            return Err(no_token());
        }
        Ok(form)
    }

    /// The body of a request that writes, after the origin check: a form, or (`upload`) a
    /// picture. Bounded in size and time. Also the token header, if any.
    async fn read_body(
        &self,
        req: Request<Incoming>,
        upload: Upload,
    ) -> Result<(hyper::body::Bytes, Option<String>), Response<Body>> {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string();
        let own = format!("http://{host}");
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok());
        let referer = req
            .headers()
            .get(header::REFERER)
            .and_then(|h| h.to_str().ok());
        let same_origin = match (origin, referer) {
            (Some(o), _) => o.eq_ignore_ascii_case(&own),
            (None, Some(r)) => r.starts_with(&format!("{own}/")),
            (None, None) => false,
        };
        if !same_origin {
            return Err(plain(
                StatusCode::FORBIDDEN,
                "拒绝：请求不是从本机的编辑器页面发出的 · cross-origin write refused".into(),
            ));
        }
        let header_token = req
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string);
        let ctype = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let (ok_type, limit) = match upload {
            Upload::Form => (
                ctype.starts_with("application/x-www-form-urlencoded"),
                MAX_FORM,
            ),
            Upload::Picture => (ctype.starts_with("image/"), MAX_UPLOAD),
            Upload::Document => (
                [
                    "application/vnd.openxmlformats",
                    "application/octet-stream",
                    "application/zip",
                    "application/x-zip-compressed",
                    "multipart/related",
                    "message/rfc822",
                    "application/x-mimearchive",
                    "text/html",
                ]
                .iter()
                .any(|t| ctype.starts_with(t)),
                MAX_UPLOAD,
            ),
        };
        if !ok_type {
            return Err(plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "只接受表单或图片 · form data or a picture only".into(),
            ));
        }
        let too_long = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|h| h.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|n| n > limit as u64);
        if too_long {
            return Err(too_large(limit));
        }
        let body = http_body_util::Limited::new(req.into_body(), limit);
        let bytes = match tokio::time::timeout(BODY_TIMEOUT, body.collect()).await {
            Ok(Ok(b)) => b.to_bytes(),
            Ok(Err(_)) => return Err(too_large(limit)),
            Err(_) => {
                return Err(plain(
                    StatusCode::REQUEST_TIMEOUT,
                    "发送超时 · the request took too long to arrive".into(),
                ))
            }
        };
        Ok((bytes, header_token))
    }

    /// `POST /_pufa/upload?path=content/…md&name=photo.jpg` (the picture as the body, the
    /// token in a header): saves the picture beside the article. An article that is a
    /// single file becomes a folder with `index.md` (same address), so that its pictures
    /// travel with it. A picture wider than [`MAX_WIDTH`] is made smaller. Answers JSON
    /// `{path, name}`: the article's path now and the picture's file name.
    async fn upload(&self, req: Request<Incoming>, query: Form) -> Response<Body> {
        let (bytes, token) = match self.read_body(req, Upload::Picture).await {
            Ok(b) => b,
            Err(res) => return res,
        };
        if !token.is_some_and(|t| same_secret(&t, &self.token)) {
            return no_token();
        }
        let rel = query.get("path").cloned().unwrap_or_default();
        let name = query.get("name").cloned().unwrap_or_default();
        let me = self.clone_parts();
        blocking(move || match save_picture(&me, &rel, &name, &bytes) {
            Ok((path, name)) if query.contains_key("at") => {
                // Put the picture into the saved text at a place of its body (a new
                // article, saved just before, whose text is not open for editing yet).
                let at = query.get("at").and_then(|a| a.parse().ok()).unwrap_or(0);
                let alt = query.get("alt").map(String::as_str).unwrap_or("");
                match insert_picture(&me, &path, &name, alt, at) {
                    Ok(()) => answer(
                        StatusCode::OK,
                        "application/json",
                        serde_json::json!({ "path": path, "name": name, "inserted": true })
                            .to_string(),
                    ),
                    Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, e),
                }
            }
            Ok((path, name)) => answer(
                StatusCode::OK,
                "application/json",
                serde_json::json!({ "path": path, "name": name }).to_string(),
            ),
            Err((status, e)) => plain(status, e),
        })
        .await
    }

    /// `POST /_pufa/import?kind=case&name=file.docx` (the Word document as the body, the
    /// token in a header): converts it as `pufa import` does and writes a draft bundle,
    /// never over another; answers JSON `{path}`.
    async fn import(&self, req: Request<Incoming>, query: Form) -> Response<Body> {
        let (bytes, token) = match self.read_body(req, Upload::Document).await {
            Ok(b) => b,
            Err(res) => return res,
        };
        if !token.is_some_and(|t| same_secret(&t, &self.token)) {
            return no_token();
        }
        let root = self.root.clone();
        blocking(move || match import_docx(&root, &query, &bytes) {
            Ok((path, missing)) => answer(
                StatusCode::OK,
                "application/json",
                serde_json::json!({ "path": path, "missing_pictures": missing }).to_string(),
            ),
            Err(e) => plain(StatusCode::BAD_REQUEST, e),
        })
        .await
    }

    /// What a blocking task needs of the editor.
    fn clone_parts(&self) -> Editor {
        Editor {
            root: self.root.clone(),
            addr: self.addr,
            token: self.token.clone(),
            remote: self.remote,
        }
    }

    /// `/_pufa/`: every article, broken ones first, then drafts and pages not yet
    /// published, then the rest; by section.
    fn list_page(&self, site: Option<Arc<Site>>, query: &Form) -> Response<Body> {
        let Some(site) = site else {
            return page(
                "文章",
                "<p>网站还没有成功生成过，请先按终端里的提示改正错误。</p>",
            );
        };
        let mut rows = list_articles(&site);
        rows.sort_by(|a, b| {
            (a.rank, &a.section, std::cmp::Reverse(&a.date), &a.rel).cmp(&(
                b.rank,
                &b.section,
                std::cmp::Reverse(&b.date),
                &b.rel,
            ))
        });
        let mut html = String::new();
        if let Some(deleted) = query.get("deleted") {
            html.push_str(&format!(
                "<p class=\"ok\" role=\"status\">已移到 .pufa-trash 文件夹：<code>{}</code></p>",
                escape_html(deleted)
            ));
        }
        if let Some(saved) = query.get("saved") {
            html.push_str(&format!(
                "<p class=\"ok\" role=\"status\">已保存：<code>{}</code>（草稿，不会发布）</p>",
                escape_html(saved)
            ));
        }
        let kept = self.kept_list();
        if !kept.is_empty() {
            html.push_str("<section class=\"kept\"><h2>有没保存的内容</h2><ul>");
            for (href, what) in &kept {
                html.push_str(&format!(
                    "<li><a class=\"button\" href=\"{}\">打开并恢复：{}</a></li>",
                    escape_html(href),
                    escape_html(what)
                ));
            }
            html.push_str("</ul></section>");
        }
        html.push_str("<p class=\"new\">写新文章：");
        for kind in ArticleKind::ALL {
            html.push_str(&format!(
                "<a class=\"button\" href=\"/_pufa/new?kind={kind}\">{}</a> ",
                kind.name_zh()
            ));
        }
        html.push_str(&format!(
            "</p><section id=\"drop\" class=\"drop\"><h2>导入文章</h2>\
             <p>Word 文档（.docx），或在浏览器里保存的公众号文章：另存为“网页，单个文件”（.mhtml）；\
             或者把保存的 .html 文件和同名的 _files 文件夹<strong>一起拖到这个框里</strong>（也可以先把两者压缩成 .zip 再选择）。\
             导入后是草稿，不会发布。</p>\
             <p><label class=\"row\">文章类型 <select id=\"import-kind\">{}</select></label> \
             <label class=\"row\">选择文件 <input type=\"file\" id=\"import\" accept=\".docx,.mhtml,.mht,.zip,.html,.htm\"></label></p>\
             <p id=\"import-status\" role=\"status\"></p>\
             <input type=\"hidden\" id=\"token\" value=\"{}\"></section><script>{IMPORT_JS}</script>",
            ArticleKind::ALL
                .iter()
                .map(|k| format!("<option value=\"{k}\">{}</option>", k.name_zh()))
                .collect::<String>(),
            self.token
        ));
        html.push_str("<table><thead><tr><th>状态</th><th>栏目</th><th>标题</th><th>日期</th><th>文件</th></tr></thead><tbody>");
        for r in &rows {
            let status = match r.rank {
                0 => "<span class=\"bad\">有错误</span>",
                1 => "<span class=\"draft\">草稿</span>",
                _ => "已发布",
            };
            let view = match &r.url {
                Some(u) => format!(" <a href=\"{}\">查看</a>", escape_html(u)),
                None => String::new(),
            };
            let title = format!(
                "<a href=\"/_pufa/edit?path={}\">{}</a>{view}",
                query_enc(&r.rel),
                escape_html(&r.title)
            );
            let problem = r
                .problem
                .as_ref()
                .map(|p| format!("<pre class=\"problem\">{}</pre>", escape_html(p)))
                .unwrap_or_default();
            html.push_str(&format!(
                "<tr class=\"rank{}\"><td>{status}</td><td>{}</td><td>{title}{problem}</td><td>{}</td><td><code>{}</code></td></tr>",
                r.rank,
                escape_html(&r.section),
                escape_html(&r.date),
                escape_html(&r.rel)
            ));
        }
        html.push_str("</tbody></table>");
        page("文章一览", &html)
    }

    /// `/_pufa/new?kind=case`: the form for a new article, with its live preview.
    fn new_page(&self, site: Option<Arc<Site>>, query: &Form) -> Response<Body> {
        let kind = query.get("kind").map(String::as_str).unwrap_or("case");
        let Some(kind) = ArticleKind::from_name(kind) else {
            return plain(StatusCode::NOT_FOUND, "没有这种文章类型".into());
        };
        let today = chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        let template = scaffold::article(kind, "", &today);
        let body = template.splitn(3, "+++\n").nth(2).unwrap_or("").to_string();
        let mut taxonomy_fields = String::new();
        if let Some(site) = &site {
            let mut seen = Vec::new();
            for t in &site.config.taxonomies {
                if seen.contains(&t.name) {
                    continue;
                }
                seen.push(t.name.clone());
                let terms: Vec<String> = site
                    .library
                    .taxonomies
                    .iter()
                    .filter(|x| x.kind.name == t.name)
                    .flat_map(|x| x.items.iter().map(|i| i.name.clone()))
                    .collect();
                let list_id = format!("terms-{}", escape_html(&t.name));
                let options: String = terms
                    .iter()
                    .map(|n| format!("<option value=\"{}\">", escape_html(n)))
                    .collect();
                taxonomy_fields.push_str(&format!(
                    "<label>{name}（多个用顿号或逗号隔开）<input name=\"{name}\" list=\"{list_id}\"></label>\
                     <datalist id=\"{list_id}\">{options}</datalist>",
                    name = escape_html(&t.name)
                ));
            }
        }
        let html = format!(
            "{kept}<div class=\"split\"><form method=\"post\" action=\"/_pufa/new\" id=\"editor\">\
             <input type=\"hidden\" name=\"token\" value=\"{token}\">\
             <input type=\"hidden\" name=\"kind\" value=\"{kind}\">\
             <label>标题<input name=\"title\" required></label>\
             <label>日期<input name=\"date\" type=\"date\" value=\"{today}\"></label>\
             <label>摘要<input name=\"description\"></label>\
             {taxonomy_fields}\
             <label for=\"area\">正文（右边的提示对着有问题的那一行）</label>\
             <div class=\"lined\"><textarea id=\"area\" name=\"body\" rows=\"24\">{body}</textarea>\
             <div class=\"notes\" aria-hidden=\"true\"></div></div>\
             <p><button type=\"submit\">保存为草稿</button> <span id=\"autosave-status\" role=\"status\"></span></p>\
             </form>\
             <section class=\"preview\"><h2>预览</h2><p id=\"preview-status\" role=\"status\"></p>\
             <h3 id=\"findings-title\">检查结果</h3><ol id=\"findings\" aria-labelledby=\"findings-title\"></ol>\
             <iframe id=\"preview\" title=\"预览\"></iframe></section></div>\
             <script>{script}</script>",
            token = self.token,
            body = escape_html(&body),
            script = PREVIEW_JS,
            kept = self.kept_banner(&self.new_autosave(kind), None),
        );
        page(&format!("新{}", kind.name_zh()), &html)
    }

    /// `POST /_pufa/preview`: JSON `{html, findings, items, first_line}` — the article as
    /// the site would show it, what `check` finds in it (as text, and as `items` with the
    /// line of the text area each is about) — or, when it cannot be rendered, 422 with JSON
    /// `{error, items, first_line}`. The form is either a new article's fields (the text area
    /// holds the body only: its line 1 is file line `first_line`), or `path` and the whole
    /// file's `text` (editing; `first_line` is 1).
    fn preview(
        &self,
        site: Option<Arc<Site>>,
        files: &super::state::Files,
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
        let result = super::incremental::preview(&site, &path, &text, &lookup);
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

    /// A path from a form (`content/cases/a.md`) as a file of this site: only `.md` files
    /// under `content/`, no `..`, not through a link out of the folder.
    fn article_path(&self, rel: &str) -> Result<PathBuf, String> {
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

    /// `/_pufa/edit?path=content/…md`: the whole file in a text area, with its preview.
    fn edit_page(&self, query: &Form) -> Response<Body> {
        let rel = query.get("path").cloned().unwrap_or_default();
        let path = match self.article_path(&rel) {
            Ok(p) => p,
            Err(e) => return plain(StatusCode::BAD_REQUEST, e),
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return plain(StatusCode::NOT_FOUND, format!("找不到 {rel}"));
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut saved = if query.contains_key("saved") {
            "<p class=\"ok\" role=\"status\">已保存。</p>".to_string()
        } else {
            String::new()
        };
        if let Some(n) = query.get("missing").and_then(|n| n.parse::<usize>().ok()) {
            saved.push_str(&format!(
                "<p class=\"kept\" role=\"status\">导入了文字，但有 {n} 张图片没有找到：只选了网页文件？\
                 请把网页和它旁边的 _files 文件夹一起拖进导入框，或在浏览器里另存为“网页，单个文件”（.mhtml）再导入。</p>"
            ));
        }
        let draft = is_draft(&text);
        let publish = if draft {
            format!(
                "<form method=\"post\" action=\"/_pufa/publish\" class=\"inline\">{hidden}\
                 <button type=\"submit\">发布（去掉草稿标记）</button></form>",
                hidden = self.hidden(&rel, &bytes)
            )
        } else {
            String::new()
        };
        let html = format!(
            "{saved}{kept}<p><code>{rel_html}</code>{state}</p>\
             <div class=\"split\"><form method=\"post\" action=\"/_pufa/save\" id=\"editor\">{hidden}\
             <label for=\"area\">全文（头部 +++ 之间是标题、日期等设置；右边的提示对着有问题的那一行）</label>\
             <div class=\"lined\"><textarea id=\"area\" name=\"text\" rows=\"30\">{text}</textarea>\
             <div class=\"notes\" aria-hidden=\"true\"></div></div>\
             <p><button type=\"submit\">保存</button> <span id=\"autosave-status\" role=\"status\"></span></p></form>\
             <section class=\"preview\"><h2>预览</h2><p id=\"preview-status\" role=\"status\"></p>\
             <h3 id=\"findings-title\">检查结果</h3><ol id=\"findings\" aria-labelledby=\"findings-title\"></ol>\
             <iframe id=\"preview\" title=\"预览\"></iframe></section></div>\
             {publish}\
             <form method=\"post\" action=\"/_pufa/delete\" class=\"inline\">{hidden}\
             <button type=\"submit\">删除（移到网站的 .pufa-trash 文件夹）</button></form>\
             <script>{script}</script>",
            rel_html = escape_html(&rel),
            state = if draft { "（草稿，不会发布）" } else { "" },
            hidden = self.hidden(&rel, &bytes),
            kept = self.kept_banner(&self.edit_autosave(&path), Some(&text)),
            text = escape_html(&text),
            script = PREVIEW_JS,
        );
        page("修改文章", &html)
    }

    /// The hidden fields of a form about one file: token, path, and the version it was
    /// opened at (so a save can tell that the file changed on disk since).
    fn hidden(&self, rel: &str, bytes: &[u8]) -> String {
        format!(
            "<input type=\"hidden\" name=\"token\" value=\"{}\">\
             <input type=\"hidden\" name=\"path\" value=\"{}\">\
             <input type=\"hidden\" name=\"base\" value=\"{}\">",
            self.token,
            escape_html(rel),
            version(bytes)
        )
    }

    /// Reads the file a write is about; refuses when it changed on disk since the writer
    /// opened it (the answer shows both versions and lets the writer choose).
    fn current(&self, form: &Form) -> Result<(String, PathBuf, Vec<u8>), Box<Response<Body>>> {
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
    fn save(&self, form: &Form) -> Response<Body> {
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
    fn publish(&self, form: &Form) -> Response<Body> {
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
    fn delete(&self, form: &Form) -> Response<Body> {
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

    /// The folder of unsaved text: `.pufa/autosave/` at the site root, outside `content/`
    /// and `static/`, so it is never built nor published.
    fn autosave_dir(&self) -> PathBuf {
        self.root.join(".pufa").join("autosave")
    }

    /// Where the unsaved text of the article file `path` (checked) is kept.
    fn edit_autosave(&self, path: &Path) -> PathBuf {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut name = rel.to_string_lossy().replace('\\', "/");
        name.push_str(".json");
        self.autosave_dir().join(name)
    }

    /// Where the unsaved fields of a new article of `kind` (a known kind) are kept.
    fn new_autosave(&self, kind: ArticleKind) -> PathBuf {
        self.autosave_dir().join("new").join(format!("{kind}.json"))
    }

    /// `POST /_pufa/autosave`: keeps the form's fields (an article's whole `text` with its
    /// `path`, or a new article's fields with its `kind`) in the sidecar file, written
    /// atomically; `discard=1` removes it. Answers 204.
    fn autosave(&self, form: &Form) -> Response<Body> {
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
    fn kept_banner(&self, file: &Path, current: Option<&str>) -> String {
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
    fn kept_list(&self) -> Vec<(String, String)> {
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

    /// `POST /_pufa/new`: writes the new article as a draft and goes back to the list.
    fn create(&self, site: Option<Arc<Site>>, form: &Form) -> Response<Body> {
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

/// The article's kind and Markdown from the form: the kind's template with the fields filled in.
fn compose(site: &Site, form: &Form) -> Result<(ArticleKind, String), String> {
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

/// A TOML string literal.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

/// The file name (without `.md`) for an article: the title in pinyin, short.
fn file_stem(kind: &str, title: &str) -> String {
    let mut slug = slug::slugify(title);
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = format!("{kind}-{}", chrono::Local::now().format("%Y%m%d"));
    }
    slug
}

/// Writes `text` as a new article of `kind` named from `title`, never over another file:
/// `name.md`, else `name-2.md`, …. The file appears whole or not at all. Returns its path
/// relative to the site.
fn write_new(root: &Path, kind: ArticleKind, title: &str, text: &str) -> Result<String, String> {
    let section = kind.default_section();
    let content = root.join("content");
    let dir = content.join(section);
    let fail = |e: std::io::Error| format!("无法保存：{e}");
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let name = kind.name_zh();
        // create_new: an index someone made in the meantime stays as it is.
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join("_index.md"))
        {
            let _ = write!(
                f,
                "+++\ntitle = \"{name}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n"
            );
        }
    }
    // The folder must really be inside content/ (not a link out of the site).
    let real_content = content.canonicalize().map_err(fail)?;
    let real_dir = dir.canonicalize().map_err(fail)?;
    if !real_dir.starts_with(&real_content) {
        return Err("栏目文件夹在网站之外，拒绝写入".into());
    }
    let stem = file_stem(kind.name(), title);
    let mut tmp = tempfile::Builder::new()
        .prefix(".pufa-new-")
        .suffix(".tmp")
        .tempfile_in(&real_dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    for n in 1..=100 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let target = real_dir.join(&name);
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok(format!("content/{section}/{name}")),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(fail(e.error)),
        }
    }
    Err("同名文章太多，请换个标题".into())
}

/// A short fingerprint of a file's bytes.
fn version(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn query_enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn see_other(to: &str) -> Response<Body> {
    let mut res = answer(StatusCode::SEE_OTHER, "text/plain; charset=utf-8", "");
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Writes `text` over `path` atomically: a temporary file beside it, renamed over it.
fn replace_file(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法保存：{e}");
    let dir = path.parent().ok_or_else(|| "无法保存".to_string())?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pufa-save-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The front matter's lines (TOML between `+++`, YAML between `---`).
fn front_lines(text: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let fence = lines.first()?.trim_end();
    if fence != "+++" && fence != "---" {
        return None;
    }
    let end = lines.iter().skip(1).position(|l| l.trim_end() == fence)? + 1;
    Some((1, end))
}

fn is_draft_line(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t == "draft=true" || t == "draft:true"
}

fn is_draft(text: &str) -> bool {
    front_lines(text).is_some_and(|(a, b)| text.lines().skip(a).take(b - a).any(is_draft_line))
}

/// The text without its `draft = true` line; `None` when there is none.
fn without_draft(text: &str) -> Option<String> {
    let (a, b) = front_lines(text)?;
    let mut removed = false;
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !removed && i >= a && i < b && is_draft_line(line) {
            removed = true;
            continue;
        }
        out.push_str(line);
    }
    removed.then_some(out)
}

/// One article in the list.
struct Row {
    /// 0 broken, 1 draft, 2 published.
    rank: u8,
    section: String,
    title: String,
    date: String,
    rel: String,
    url: Option<String>,
    problem: Option<String>,
}

/// Every page file under `content/`, read as the build reads it.
fn list_articles(site: &Site) -> Vec<Row> {
    let content = site.root.join("content");
    let opts = site.config.source_options();
    let today = chrono::Local::now().date_naive();
    let mut rows = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") || name.starts_with('_') {
            continue;
        }
        let rel = path
            .strip_prefix(&site.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        // A bundle (`folder/index.md`) belongs to the section above its folder.
        let folder = if name == "index.md" {
            path.parent().and_then(Path::parent)
        } else {
            path.parent()
        };
        let section = folder
            .and_then(|p| p.strip_prefix(&content).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let url = site
            .library
            .pages
            .iter()
            .find(|p| p.file.path == path)
            .map(|p| p.path.clone());
        match crate::source::load_page_file(path, &content, &opts) {
            Ok((src, _)) => {
                let rank = if src.meta.draft || url.is_none() {
                    1
                } else {
                    2
                };
                let title = src.meta.title.clone().unwrap_or_else(|| name.to_string());
                let date = src.meta.date.clone().unwrap_or_default();
                // What `pufa check` finds in the article's own text.
                let page = crate::content::make_page(src, &site.config);
                let mut findings = crate::diagnostics::Diagnostics::default();
                findings.set_lang(crate::diagnostics::Lang::for_site(site.config.path()));
                crate::check::check_page(&site.root, &page, today, &mut findings);
                rows.push(Row {
                    rank,
                    section,
                    title,
                    date,
                    rel,
                    url,
                    problem: (!findings.is_empty()).then(|| findings.render_plain()),
                })
            }
            Err(errors) => {
                let mut d = crate::diagnostics::Diagnostics::default();
                d.set_lang(crate::diagnostics::Lang::for_site(site.config.path()));
                d.extend(errors);
                rows.push(Row {
                    rank: 0,
                    section,
                    title: name.to_string(),
                    date: String::new(),
                    rel,
                    url,
                    problem: Some(d.render_plain()),
                })
            }
        }
    }
    rows
}

/// Decodes `application/x-www-form-urlencoded` (also a query string).
pub fn parse_form(bytes: &[u8]) -> Form {
    let mut out = Form::new();
    for pair in bytes.split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let decode = |s: &[u8]| {
            let plus: Vec<u8> = s
                .iter()
                .map(|&b| if b == b'+' { b' ' } else { b })
                .collect();
            percent_encoding::percent_decode(&plus)
                .decode_utf8_lossy()
                .into_owned()
        };
        out.insert(decode(k), decode(v));
    }
    out
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn plain(status: StatusCode, msg: String) -> Response<Body> {
    answer(status, "text/plain; charset=utf-8", msg)
}

fn too_large(limit: usize) -> Response<Body> {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("内容太大（上限 {} MB）· too large", limit / 1024 / 1024),
    )
}

fn no_token() -> Response<Body> {
    plain(
        StatusCode::FORBIDDEN,
        "拒绝：缺少或错误的编辑凭证，请刷新编辑器页面 · missing or wrong token".into(),
    )
}

/// Saves an uploaded picture beside the article (see [`Editor::upload`]).
fn save_picture(
    ed: &Editor,
    rel: &str,
    name: &str,
    bytes: &[u8],
) -> Result<(String, String), (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let fail = |e: std::io::Error| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法保存图片：{e}"),
        )
    };
    let path = ed.article_path(rel).map_err(bad)?;
    if !path.is_file() {
        return Err((StatusCode::NOT_FOUND, format!("找不到 {rel}，请先保存文章")));
    }
    let format = image::guess_format(bytes)
        .map_err(|_| bad("这不是图片（只接受 PNG、JPEG、GIF、WebP）".into()))?;
    let ext = match format {
        image::ImageFormat::Png => "png",
        image::ImageFormat::Jpeg => "jpg",
        image::ImageFormat::Gif => "gif",
        image::ImageFormat::WebP => "webp",
        _ => return Err(bad("只接受 PNG、JPEG、GIF、WebP 图片".into())),
    };
    let picture = shrink(bytes, format).map_err(bad)?;
    // The article's folder: a bundle already, or made one now (same address).
    let (dir, rel_now) = if path.file_name().is_some_and(|n| n == "index.md") {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            rel.to_string(),
        )
    } else {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path.with_file_name(&stem);
        if dir.exists() {
            return Err((
                StatusCode::CONFLICT,
                format!("旁边已经有同名文件夹 {stem}，无法放图片"),
            ));
        }
        std::fs::create_dir(&dir).map_err(fail)?;
        std::fs::rename(&path, dir.join("index.md")).map_err(fail)?;
        let parent = rel.rsplit_once('/').map(|(p, _)| p).unwrap_or("content");
        (dir, format!("{parent}/{stem}/index.md"))
    };
    let stem = slug::slugify(
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let stem: String = if stem.is_empty() {
        "tu-pian".to_string()
    } else {
        stem.chars().take(40).collect()
    };
    for n in 1..=100 {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(&file))
        {
            Ok(mut f) => {
                f.write_all(&picture).map_err(fail)?;
                return Ok((rel_now, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(e)),
        }
    }
    Err(bad("同名图片太多".into()))
}

/// Writes `![alt](name)` into the article `rel` at character `at` of its body (after the
/// front matter), on a line of its own.
fn insert_picture(ed: &Editor, rel: &str, name: &str, alt: &str, at: usize) -> Result<(), String> {
    let path = ed.article_path(rel)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("无法插入图片：{e}"))?;
    let body_at = front_lines(&text)
        .map(|(_, end)| {
            text.split_inclusive('\n')
                .take(end + 1)
                .map(str::len)
                .sum::<usize>()
        })
        .unwrap_or(0)
        .min(text.len());
    let body = &text[body_at..];
    let cut = body_at
        + body
            .char_indices()
            .nth(at)
            .map(|(i, _)| i)
            .unwrap_or(body.len());
    let alt: String = alt
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '\n' | '\r'))
        .collect();
    let before = &text[..cut];
    let lead = if before.is_empty() || before.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let out = format!("{before}{lead}![{alt}]({name})\n{}", &text[cut..]);
    replace_file(&path, &out)
}

/// Converts a Word document, or a WeChat article saved from the browser (`.mhtml`, `.zip`
/// of the `.html` and its `_files` folder, `.html`), into a draft bundle `content/<section>/<slug>/index.md` with
/// its pictures; a folder of that name already there gets `-2`, `-3` …. Returns the path.
fn import_docx(root: &Path, query: &Form, bytes: &[u8]) -> Result<(String, usize), String> {
    let kind = query
        .get("kind")
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<ArticleKind>())
        .transpose()
        .map_err(|e| e.to_string())?;
    let name = query.get("name").map(String::as_str).unwrap_or("article");
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let date = chrono::Local::now().format("%Y-%m-%d").to_string();
    let lower = name.to_ascii_lowercase();
    let web = [".mhtml", ".mht", ".html", ".htm", ".zip"]
        .iter()
        .any(|e| lower.ends_with(e));
    let article = if web {
        crate::import::convert_web(name, bytes, &stem, kind, &date)
    } else {
        crate::import::convert(bytes, &stem, kind, &date)
    }
    .map_err(|e| e.to_string())?;
    let section = kind.map_or("articles", ArticleKind::default_section);
    let parent = root.join("content").join(section);
    std::fs::create_dir_all(&parent).map_err(|e| format!("无法导入：{e}"))?;
    let mut slug = slug::slugify(&article.title);
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = "article".into();
    }
    for n in 1..=100 {
        let folder = if n == 1 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        };
        let dir = parent.join(&folder);
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("无法导入：{e}")),
        }
        // The folder is new and ours: if writing fails, it goes again, whole.
        let written = (|| -> std::io::Result<()> {
            for (name, bytes) in &article.images {
                let safe = Path::new(name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "image".into());
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(dir.join(safe))?
                    .write_all(bytes)?;
            }
            let mut tmp = tempfile::Builder::new()
                .prefix(".pufa-new-")
                .suffix(".tmp")
                .tempfile_in(&dir)?;
            tmp.write_all(article.markdown.as_bytes())?;
            tmp.persist_noclobber(dir.join("index.md"))
                .map_err(|e| e.error)?;
            Ok(())
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(format!("无法导入：{e}"));
        }
        return Ok((
            format!("content/{section}/{folder}/index.md"),
            article.missing_pictures,
        ));
    }
    Err("同名文章太多".into())
}

/// Pictures wider than this are made smaller on upload.
pub const MAX_WIDTH: u32 = 1600;
/// Pictures declaring more pixels than this are refused before decoding.
const MAX_PIXELS: u64 = 50_000_000;

/// The picture as uploaded, or made [`MAX_WIDTH`] wide when wider (same format).
fn shrink(bytes: &[u8], format: image::ImageFormat) -> Result<Vec<u8>, String> {
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("图片读不出来：{e}"))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("图片太大（{w}×{h} 像素），请先缩小"));
    }
    if w <= MAX_WIDTH || format == image::ImageFormat::Gif {
        return Ok(bytes.to_vec());
    }
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| format!("图片读不出来：{e}"))?;
    let small = img.resize(MAX_WIDTH, u32::MAX, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    small
        .write_to(&mut out, format)
        .map_err(|e| format!("图片无法缩小：{e}"))?;
    Ok(out.into_inner())
}

/// Runs `f` off the server's thread (reading files, rendering).
async fn blocking(f: impl FnOnce() -> Response<Body> + Send + 'static) -> Response<Body> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部错误 · internal error".into(),
        )
    })
}

/// An editor page.
fn page(title: &str, main: &str) -> Response<Body> {
    let mut res = answer(
        StatusCode::OK,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
             <title>{t} · pufa 编辑器</title><style>{STYLE}</style></head><body>\
             <header><nav aria-label=\"编辑器\"><a href=\"/_pufa/\">文章一览</a> · <a href=\"/\">查看网站</a></nav></header>\
             <main><h1>{t}</h1>{main}</main></body></html>",
            t = escape_html(title)
        ),
    );
    // The editor is not to be framed by other pages.
    res.headers_mut()
        .insert("x-frame-options", HeaderValue::from_static("DENY"));
    res
}

const STYLE: &str = "body{font:18px/1.6 system-ui,sans-serif;margin:0 auto;max-width:1400px;padding:12px}h1{margin:.2em 0}\
header{margin-bottom:8px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;\
padding:6px;text-align:left;vertical-align:top}.bad{color:#b00020;font-weight:bold}.draft{color:#8a5a00}\
.problem{white-space:pre-wrap;font-size:14px;color:#b00020}.button{display:inline-block;padding:4px 10px;\
border:1px solid #888;border-radius:4px;text-decoration:none;margin:2px}.ok{background:#e6f4ea;padding:8px}.inline{display:inline-block;margin-right:8px}\
form#editor{display:flex;flex-direction:column;gap:8px}label{display:flex;flex-direction:column}\
input,textarea{font:inherit;padding:4px}iframe{width:100%;height:80vh;border:1px solid #ccc}\
@media(min-width:1000px){.split{display:grid;grid-template-columns:1fr 1fr;gap:16px}\
.split>.preview{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}.preview iframe{height:70vh}\
.preview h2{margin:0}}\
button,.button,input,select{min-height:44px;box-sizing:border-box}button{font:inherit;padding:4px 12px}\
.lined{display:grid;grid-template-columns:1fr 13em;gap:4px}.lined textarea{line-height:1.6}\
.notes{position:relative;overflow:hidden}.note{position:absolute;left:0;right:0;font-size:14px;line-height:1.35;\
padding:2px 4px;border-left:4px solid;background:#fff8e1;cursor:pointer;max-height:5.6em;overflow:hidden}\
.note.error{border-color:#b00020;background:#fdecee;color:#6d0014}.note.warning{border-color:#8a5a00;color:#4d3200}\
#findings{padding-left:1.4em;font-size:16px}#findings li{margin:4px 0}#findings li.error{color:#6d0014}\
#findings li.warning{color:#4d3200}#findings button{min-height:44px;margin-right:6px}\
.kept{background:#fff4d6;border:2px solid #8a5a00;padding:4px 12px;margin:8px 0}.drop{border:2px dashed #888;padding:8px 12px;margin:12px 0}.drop.over{background:#eef5ff}\
label.row{display:inline-flex;flex-direction:row;align-items:center;gap:6px}.field-note{font-size:15px;color:#6d0014;background:#fdecee;padding:2px 6px}\
@media(max-width:699px){.lined{grid-template-columns:1fr}.notes{display:none}}";

/// Sends a chosen or dropped Word document or saved web page to `/_pufa/import` and opens
/// the draft it became. A dropped `.html` with its `_files` folder is sent as one web
/// archive (MIME `multipart/related`, each file a binary part named by its path).
const IMPORT_JS: &str = r#"(function(){
  var input = document.getElementById('import');
  var status = document.getElementById('import-status');
  var box = document.getElementById('drop');
  var TYPES = {docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    mhtml: 'multipart/related', mht: 'multipart/related', zip: 'application/zip',
    html: 'text/html', htm: 'text/html'};
  function send(name, body, type) {
    status.textContent = '正在导入……';
    var url = '/_pufa/import?kind=' + encodeURIComponent(document.getElementById('import-kind').value) +
      '&name=' + encodeURIComponent(name);
    fetch(url, {method: 'POST', body: body, headers: {
      'x-pufa-token': document.getElementById('token').value, 'content-type': type}})
      .then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
      .then(function (res) {
        if (!res[0]) { status.textContent = res[1]; return; }
        var j = JSON.parse(res[1]);
        location.href = '/_pufa/edit?path=' + encodeURIComponent(j.path) +
          (j.missing_pictures ? '&missing=' + j.missing_pictures : '');
      })
      .catch(function (e) { status.textContent = '导入失败：' + e; });
  }
  function ext(name) { return (name.split('.').pop() || '').toLowerCase(); }
  // files: [{path, file}]. One file is sent as it is; a page with its folder as an archive.
  function importFiles(files) {
    var page = files.filter(function (f) { return /^html?$/.test(ext(f.path)); })
      .sort(function (a, b) { return a.path.split('/').length - b.path.split('/').length; })[0];
    if (files.length === 1 || !page) {
      var f = files[0].file;
      if (!TYPES[ext(f.name)]) { status.textContent = '只能导入 .docx、.mhtml、.zip 或 .html 文件'; return; }
      send(f.name, f, TYPES[ext(f.name)]);
      return;
    }
    var boundary = '----pufa-' + Math.random().toString(36).slice(2) + Date.now();
    var parts = ['MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="' +
      boundary + '"\r\n\r\n'];
    [page].concat(files.filter(function (f) { return f !== page; })).forEach(function (f) {
      parts.push('--' + boundary + '\r\nContent-Type: ' + (f === page ? 'text/html' : (f.file.type || 'application/octet-stream')) +
        '\r\nContent-Transfer-Encoding: binary\r\nContent-Location: ' + encodeURI(f.path) + '\r\n\r\n', f.file, '\r\n');
    });
    parts.push('--' + boundary + '--\r\n');
    send(page.path.replace(/^.*\//, '').replace(/\.html?$/i, '') + '.mhtml', new Blob(parts), 'multipart/related');
  }
  input.addEventListener('change', function () {
    var list = Array.prototype.map.call(input.files, function (f) { return {path: f.name, file: f}; });
    if (list.length) { importFiles(list); }
  });
  // Dropped files and folders, with their paths (a folder is read with everything in it).
  function walk(entry, out) {
    return new Promise(function (done) {
      if (entry.isFile) {
        entry.file(function (f) { out.push({path: entry.fullPath.replace(/^\//, ''), file: f}); done(); }, function () { done(); });
      } else if (entry.isDirectory) {
        var reader = entry.createReader(), all = [];
        (function more() {
          reader.readEntries(function (batch) {
            if (!batch.length) {
              Promise.all(all.map(function (e) { return walk(e, out); })).then(done);
            } else { all = all.concat(Array.prototype.slice.call(batch)); more(); }
          }, function () { done(); });
        })();
      } else { done(); }
    });
  }
  box.addEventListener('dragover', function (e) { e.preventDefault(); box.classList.add('over'); });
  box.addEventListener('dragleave', function () { box.classList.remove('over'); });
  box.addEventListener('drop', function (e) {
    e.preventDefault();
    box.classList.remove('over');
    var items = Array.prototype.slice.call(e.dataTransfer.items || []);
    var entries = items.map(function (i) { return i.webkitGetAsEntry && i.webkitGetAsEntry(); }).filter(Boolean);
    if (!entries.length) {
      importFiles(Array.prototype.map.call(e.dataTransfer.files, function (f) { return {path: f.name, file: f}; }));
      return;
    }
    var out = [];
    Promise.all(entries.map(function (en) { return walk(en, out); })).then(function () {
      if (out.length) { importFiles(out); }
    });
  });
})();
"#;

/// Sends the form to the preview 120 ms after the last keystroke and shows the answer and
/// the check findings, each beside its line of the text area and in a list; keeps unsaved
/// text on the server (`/_pufa/autosave`) and offers it back
/// when the page is opened again after the tab was closed.
const PREVIEW_JS: &str = r#"(function(){
  var form = document.getElementById('editor');
  var frame = document.getElementById('preview');
  var status = document.getElementById('preview-status');
  var findings = document.getElementById('findings');
  // Milliseconds of quiet after the last keystroke before the preview is asked for.
  var PAUSE = 120;
  var timer = null, seq = 0;
  function fields() {
    return Array.prototype.filter.call(form.elements, function (e) {
      return e.name && e.type !== 'hidden' && e.type !== 'submit';
    });
  }
  var area = form.elements.text || form.elements.body;
  var notes = form.querySelector('.notes');
  var items = [];
  // Where line n (1-based) of the text area starts, in pixels from the top of its text,
  // with long lines wrapped as the text area wraps them: measured in a hidden copy.
  var mirror = null;
  function lineTops(wanted) {
    var cs = getComputedStyle(area);
    if (!mirror) {
      mirror = document.createElement('div');
      mirror.setAttribute('aria-hidden', 'true');
      document.body.appendChild(mirror);
    }
    ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'letterSpacing', 'paddingTop',
     'paddingLeft', 'paddingRight', 'paddingBottom', 'tabSize', 'wordSpacing'].forEach(function (k) {
      mirror.style[k] = cs[k];
    });
    mirror.style.cssText += ';position:absolute;left:-9999px;top:0;visibility:hidden;' +
      'white-space:pre-wrap;overflow-wrap:break-word;word-wrap:break-word;box-sizing:border-box;border:0;' +
      'width:' + area.clientWidth + 'px';
    mirror.textContent = '';
    var lines = area.value.split('\n');
    var spans = {};
    lines.forEach(function (l, i) {
      if (wanted[i + 1]) {
        var s = document.createElement('span');
        s.textContent = '\u200b';
        spans[i + 1] = s;
        mirror.appendChild(s);
      }
      mirror.appendChild(document.createTextNode(l + (i + 1 < lines.length ? '\n' : '')));
    });
    var tops = {};
    Object.keys(spans).forEach(function (n) { tops[n] = spans[n].offsetTop; });
    return tops;
  }
  // Each finding beside its line, in the column right of the text area.
  function layout() {
    if (!notes) { return; }
    notes.textContent = '';
    var inArea = items.filter(function (it) { return it.line > 0; });
    if (!inArea.length || notes.offsetParent === null) { return; }
    var wanted = {};
    inArea.forEach(function (it) { wanted[it.line] = true; });
    var tops = lineTops(wanted);
    var offset = area.offsetTop - notes.offsetTop + area.clientTop;
    var below = 0;
    inArea.forEach(function (it) {
      var y = tops[it.line] - area.scrollTop + offset;
      if (y < -4 || y > area.offsetHeight - 8) { return; }
      var n = document.createElement('div');
      n.className = 'note ' + it.severity;
      n.style.top = Math.max(y, below) + 'px';
      var b = document.createElement('b');
      b.textContent = '◀ 第 ' + it.line + ' 行';
      n.appendChild(b);
      n.appendChild(document.createTextNode(' ' + it.message));
      if (it.hint) { n.title = it.hint; }
      n.onclick = function () { goTo(it.line); };
      notes.appendChild(n);
      below = Math.max(y, below) + n.offsetHeight + 2;
    });
  }
  // Selects line n of the text area and scrolls it into view.
  function goTo(n) {
    var lines = area.value.split('\n');
    var start = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[n - 1] || '').length;
    var w = {}; w[n] = true;
    var top = lineTops(w)[n];
    area.focus();
    area.setSelectionRange(start, end);
    if (top !== undefined) { area.scrollTop = Math.max(0, top - area.clientHeight / 3); }
    layout();
  }
  function show(list) {
    items = list || [];
    form.querySelectorAll('.field-note').forEach(function (e) { e.remove(); });
    if (findings) {
      findings.textContent = '';
      if (!items.length) {
        var ok = document.createElement('li');
        ok.className = 'clean';
        ok.textContent = '没有发现问题。';
        findings.appendChild(ok);
      }
      items.forEach(function (it) {
        var li = document.createElement('li');
        li.className = it.severity;
        var where = it.line > 0 ? '第 ' + it.line + ' 行' :
          it.field ? ({title: '标题', description: '摘要', date: '日期'}[it.field] || it.field) :
          it.file ? it.file + (it.file_line ? ' 第 ' + it.file_line + ' 行' : '') : '整篇';
        var head;
        if (it.line > 0) {
          head = document.createElement('button');
          head.type = 'button';
          head.onclick = function () { goTo(it.line); };
        } else {
          head = document.createElement('b');
        }
        head.textContent = (it.severity === 'error' ? '错误 · ' : '提醒 · ') + where;
        li.appendChild(head);
        li.appendChild(document.createTextNode(' ' + it.message + (it.hint ? '（' + it.hint + '）' : '')));
        findings.appendChild(li);
        var field = it.field && form.elements[it.field];
        if (field && field.parentNode) {
          var note = document.createElement('span');
          note.className = 'field-note ' + it.severity;
          note.textContent = it.message;
          field.parentNode.appendChild(note);
        }
      });
    }
    layout();
  }
  function update() {
    var mine = ++seq;
    var data = new URLSearchParams(new FormData(form));
    var asked = performance.now();
    fetch('/_pufa/preview', {method: 'POST', body: data,
      headers: {'x-pufa-token': form.elements.token.value}})
      .then(function (r) { return r.text().then(function (t) { return [r.ok, t, r.headers.get('content-type') || '']; }); })
      .then(function (res) {
        if (mine !== seq) { return; }
        var j = null;
        if (/json/.test(res[2])) { try { j = JSON.parse(res[1]); } catch (e) {} }
        if (res[0] && j) {
          frame.srcdoc = j.html;
          status.textContent = '';
          show(j.items);
        } else if (j) {
          status.textContent = '文章有错误，预览没有更新：';
          show(j.items);
        } else { status.textContent = res[1]; }
        form.dataset.previewMs = Math.round(performance.now() - asked);
        form.dataset.previewed = String(mine);
      })
      .catch(function (e) { status.textContent = '预览失败：' + e; });
  }
  area.addEventListener('scroll', layout);
  window.addEventListener('resize', layout);
  // Unsaved text is kept on the server (`.pufa/autosave/`, never published) a second after
  // the last change and when the page is left, so that it survives a closed tab.
  var saveTimer = null, dirty = false;
  var saveStatus = document.getElementById('autosave-status');
  function keep(leaving) {
    clearTimeout(saveTimer);
    if (!dirty) { return; }
    dirty = false;
    var data = new URLSearchParams(new FormData(form));
    fetch('/_pufa/autosave', {method: 'POST', body: data, keepalive: !!leaving,
      headers: {'x-pufa-token': form.elements.token.value}})
      .then(function (r) {
        if (r.ok && saveStatus) {
          var t = new Date();
          saveStatus.textContent = '已自动保存草稿（' + ('0' + t.getHours()).slice(-2) + ':' +
            ('0' + t.getMinutes()).slice(-2) + '），关掉页面也不会丢。';
        }
        form.dataset.autosaved = String(r.ok);
      })
      .catch(function () { dirty = true; });
  }
  form.addEventListener('input', function () {
    dirty = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(keep, 1000);
    clearTimeout(timer);
    timer = setTimeout(update, PAUSE);
  });
  form.addEventListener('submit', function () { dirty = false; clearTimeout(saveTimer); });
  window.addEventListener('pagehide', function () { keep(true); });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { keep(true); }
  });
  var keptData = document.getElementById('kept-data');
  if (keptData) {
    var kept = JSON.parse(keptData.textContent);
    document.getElementById('kept-restore').onclick = function () {
      fields().forEach(function (e) { if (e.name in kept) { e.value = kept[e.name]; } });
      // Saved over the version it was written on: if the file changed since, the save
      // shows both versions instead of replacing the other change.
      if (keptData.dataset.base && form.elements.base) {
        document.querySelectorAll('input[name="base"]').forEach(function (e) { e.value = keptData.dataset.base; });
      }
      document.getElementById('kept').remove();
      update();
    };
    document.getElementById('kept-discard').onclick = function () {
      var data = new URLSearchParams(new FormData(form));
      data.set('discard', '1');
      fetch('/_pufa/autosave', {method: 'POST', body: data,
        headers: {'x-pufa-token': form.elements.token.value}});
      document.getElementById('kept').remove();
    };
  }
  // Pictures pasted or dropped into the text: saved beside the article, alt text asked for.
  function pictures(list) {
    return Array.prototype.filter.call(list || [], function (f) { return /^image\//.test(f.type); });
  }
  // A new article is saved as a draft first (the picture goes beside it), the picture is
  // put into its text where the cursor was, and the article opens for editing.
  function uploadNew(file) {
    if (!form.elements.title.value.trim()) {
      status.textContent = '请先填写标题，再加图片（图片要和文章放在一起）。';
      return;
    }
    var alt = window.prompt('这张图片上是什么？（写给看不见图片的读者）', '') || '';
    var at = Array.from(area.value.slice(0, area.selectionStart || 0)).length;
    var data = new URLSearchParams(new FormData(form));
    data.set('json', '1');
    status.textContent = '正在保存草稿和图片……';
    var token = form.elements.token.value;
    fetch('/_pufa/new', {method: 'POST', body: data, headers: {'x-pufa-token': token}})
      .then(function (r) { return r.text().then(function (t) { if (!r.ok) { throw t; } return JSON.parse(t); }); })
      .then(function (j) {
        dirty = false;
        clearTimeout(saveTimer);
        var url = '/_pufa/upload?path=' + encodeURIComponent(j.path) + '&name=' +
          encodeURIComponent(file.name || 'tu-pian.png') + '&at=' + at + '&alt=' + encodeURIComponent(alt);
        return fetch(url, {method: 'POST', body: file, headers: {'x-pufa-token': token, 'content-type': file.type}})
          .then(function (r) { return r.text().then(function (t) { if (!r.ok) { throw t; } return JSON.parse(t); }); });
      })
      .then(function (j) { location.href = '/_pufa/edit?path=' + encodeURIComponent(j.path); })
      .catch(function (e) { status.textContent = '图片没有保存：' + e; });
  }
  function upload(files) {
    if (!form.elements.path) { uploadNew(files[0]); return; }
    files.forEach(function (file) {
      var alt = window.prompt('这张图片上是什么？（写给看不见图片的读者）', '') || '';
      var url = '/_pufa/upload?path=' + encodeURIComponent(form.elements.path.value) +
        '&name=' + encodeURIComponent(file.name || 'tu-pian.png');
      fetch(url, {method: 'POST', body: file,
        headers: {'x-pufa-token': form.elements.token.value, 'content-type': file.type}})
        .then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
        .then(function (res) {
          if (!res[0]) { status.textContent = res[1]; return; }
          var j = JSON.parse(res[1]);
          document.querySelectorAll('input[name="path"]').forEach(function (e) { e.value = j.path; });
          history.replaceState(null, '', '/_pufa/edit?path=' + encodeURIComponent(j.path));
          var md = '![' + alt.replace(/[\[\]]/g, '') + '](' + j.name + ')';
          var at = area.selectionStart || area.value.length;
          area.value = area.value.slice(0, at) + md + area.value.slice(area.selectionEnd || at);
          area.dispatchEvent(new Event('input', {bubbles: true}));
          setTimeout(update, 1000);
        })
        .catch(function (e) { status.textContent = '图片没有保存：' + e; });
    });
  }
  area.addEventListener('paste', function (e) {
    var files = pictures(e.clipboardData && e.clipboardData.files);
    if (files.length) { e.preventDefault(); upload(files); }
  });
  area.addEventListener('dragover', function (e) { e.preventDefault(); });
  area.addEventListener('drop', function (e) {
    var files = pictures(e.dataTransfer && e.dataTransfer.files);
    if (files.length) { e.preventDefault(); upload(files); }
  });
  update();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode() {
        let f = parse_form(b"title=%E6%A1%88+1&body=a%0D%0Ab&empty=&flag");
        assert_eq!(f["title"], "案 1");
        assert_eq!(f["body"], "a\r\nb");
        assert_eq!(f["empty"], "");
        assert_eq!(f["flag"], "");
    }

    #[test]
    fn publishing_removes_only_the_draft_line() {
        let text = "+++\ntitle = \"a\"\ndraft = true\n+++\ndraft = true in the body\n";
        assert!(is_draft(text));
        let out = without_draft(text).unwrap();
        assert_eq!(out, "+++\ntitle = \"a\"\n+++\ndraft = true in the body\n");
        assert!(!is_draft(&out));
        assert_eq!(without_draft(&out), None);
        assert!(is_draft("---\ndraft: true\n---\n"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }

    #[test]
    fn only_on_loopback() {
        let root = Path::new("/site");
        let at = |a: &str, edit| Editor::new(root, a.parse().unwrap(), edit);
        assert!(!at("127.0.0.1:1111", false).unwrap().remote);
        assert!(!at("[::1]:1111", false).unwrap().remote);
        assert!(at("0.0.0.0:1111", false).is_none());
        assert!(at("192.0.2.1:1111", false).is_none());
        // With --edit: on, and its address carries the token.
        let ed = at("192.0.2.1:1111", true).unwrap();
        assert!(ed.remote);
        assert_eq!(
            ed.address(),
            format!("http://192.0.2.1:1111/_pufa/?t={}", ed.token)
        );
    }

    #[test]
    fn file_names_come_from_the_title() {
        assert_eq!(file_stem("case", "高空抛物 案"), "gao-kong-pao-wu-an");
        assert!(file_stem("case", &"长".repeat(100)).len() <= 60);
        assert!(file_stem("qa", "！！").starts_with("qa-"));
    }
}
