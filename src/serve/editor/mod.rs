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
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::state::{answer, Body, ServeState, BODY_TIMEOUT};

mod assets;
mod autosave;
mod files;
mod pages;
mod preview;
mod save;
mod upload;

pub use upload::MAX_WIDTH;

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

    /// What a blocking task needs of the editor.
    fn clone_parts(&self) -> Editor {
        Editor {
            root: self.root.clone(),
            addr: self.addr,
            token: self.token.clone(),
            remote: self.remote,
        }
    }
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

/// Runs `f` off the server's thread (reading files, rendering).
async fn blocking(f: impl FnOnce() -> Response<Body> + Send + 'static) -> Response<Body> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部错误 · internal error".into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::files::{file_stem, is_draft, without_draft};
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
