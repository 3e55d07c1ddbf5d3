//! What the server shows and how it answers, shared by the site server ([`super::http`]) and
//! the editor ([`super::editor`]): the served files and their reload events, the response body
//! type and the plain answer every response starts from.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Frame, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::{broadcast, mpsc};

use crate::site::Site;

/// Time to read a request body (the editor's forms and uploads).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Reload messages kept for a browser page that is slow to take them.
const EVENT_BACKLOG: usize = 64;
/// More changed files than this in one publish: tell every page to reload.
const MAX_LISTED_CHANGES: usize = 2000;

/// The served site: output path → bytes. Bodies are shared so that publishing a one-page
/// change copies the map, not the site.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// What changed in one publish, as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// Every page (the error overlay came or went, or too much changed to list).
    All,
    /// These URL paths (decoded, each starting with `/`) changed, appeared or went away.
    Paths(Vec<String>),
}

impl Reload {
    /// The server-sent event's data line: `reload *` or `reload ["/a/","/b.css"]`.
    pub fn data(&self) -> String {
        match self {
            Reload::All => "reload *".into(),
            Reload::Paths(p) => format!(
                "reload {}",
                serde_json::to_string(p).unwrap_or_else(|_| "*".into())
            ),
        }
    }
}

/// What the server shows: the last good site and, if the last rebuild failed, its error.
pub struct ServeState {
    pub files: RwLock<Arc<Files>>,
    pub error: RwLock<Option<String>>,
    /// The last good site (the editor previews and lists with it).
    pub site: RwLock<Option<Arc<Site>>>,
    events: broadcast::Sender<Arc<Reload>>,
    /// The version of what is served and the last announcements, so that a page whose stream
    /// connects after a publish (it was loading or reloading then) still hears of it.
    log: Mutex<Log>,
}

/// Every announced publish raises `version`; `recent` keeps the last [`EVENT_BACKLOG`].
#[derive(Default)]
struct Log {
    version: u64,
    recent: VecDeque<(u64, Arc<Reload>)>,
}

impl Default for ServeState {
    fn default() -> Self {
        ServeState {
            files: RwLock::default(),
            error: RwLock::default(),
            site: RwLock::default(),
            events: broadcast::channel(EVENT_BACKLOG).0,
            log: Mutex::default(),
        }
    }
}

impl ServeState {
    /// Publishes a new site (or only a new error) and tells the open browser pages what
    /// changed; each reloads only if its own page or something it loaded is among it.
    /// Returns what was announced (`None` when nothing visible changed).
    pub fn publish(&self, files: Option<Arc<Files>>, error: Option<String>) -> Option<Reload> {
        // Held throughout, so that a stream subscribing meanwhile gets this publish once:
        // either from the log or live.
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let mut paths = Vec::new();
        if let Some(new) = files {
            let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
            paths = changed_urls(&guard, &new);
            *guard = new;
        }
        let error_changed = {
            let mut guard = self.error.write().unwrap_or_else(|e| e.into_inner());
            let changed = *guard != error;
            *guard = error;
            changed
        };
        let reload = if error_changed || paths.len() > MAX_LISTED_CHANGES {
            Reload::All
        } else if paths.is_empty() {
            return None;
        } else {
            Reload::Paths(paths)
        };
        let announced = Arc::new(reload.clone());
        log.version += 1;
        let version = log.version;
        if log.recent.len() == EVENT_BACKLOG {
            log.recent.pop_front();
        }
        log.recent.push_back((version, announced.clone()));
        // No receiver (no page open) is not an error.
        let _ = self.events.send(announced);
        Some(reload)
    }

    pub fn set_site(&self, site: Option<Arc<Site>>) {
        if site.is_some() {
            *self.site.write().unwrap_or_else(|e| e.into_inner()) = site;
        }
    }

    /// The reload events from now on (the live-reload stream of one page), after those
    /// announced since version `since` (the version the page was served at): a page served
    /// just before a publish connects its stream just after it. A version older than the log
    /// keeps gets one `Reload::All`.
    pub(super) fn subscribe(
        &self,
        since: Option<u64>,
    ) -> (broadcast::Receiver<Arc<Reload>>, Vec<Arc<Reload>>) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let rx = self.events.subscribe();
        let missed = match since {
            Some(v) if v < log.version => match log.recent.front() {
                Some((first, _)) if *first <= v + 1 => log
                    .recent
                    .iter()
                    .filter(|(n, _)| *n > v)
                    .map(|(_, r)| r.clone())
                    .collect(),
                _ => vec![Arc::new(Reload::All)],
            },
            _ => Vec::new(),
        };
        (rx, missed)
    }

    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The version, files and error served now. The version is read first: a publish landing
    /// in between gives a page newer than its version, so at worst one needless reload.
    pub(super) fn snapshot(&self) -> (u64, Arc<Files>, Option<String>) {
        let version = self.log.lock().unwrap_or_else(|e| e.into_inner()).version;
        (
            version,
            self.files.read().unwrap_or_else(|e| e.into_inner()).clone(),
            self.error.read().unwrap_or_else(|e| e.into_inner()).clone(),
        )
    }
}

/// URL paths of the files that differ between two versions of the site.
pub fn changed_urls(old: &Files, new: &Files) -> Vec<String> {
    let mut out = Vec::new();
    for (key, body) in new {
        let same = old
            .get(key)
            .is_some_and(|o| Arc::ptr_eq(o, body) || o.as_slice() == body.as_slice());
        if !same {
            out.push(url_of(key));
        }
    }
    for key in old.keys() {
        if !new.contains_key(key) {
            out.push(url_of(key));
        }
    }
    out
}

/// The URL path a browser uses for an output file: `a/index.html` → `/a/`.
fn url_of(key: &str) -> String {
    match key.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{key}"),
    }
}

/// A response body: bytes in memory, or the live-reload event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl Body {
    pub fn empty() -> Self {
        Body::Full(None)
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body::Full((!b.is_empty()).then_some(b))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Bytes::from(s).into()
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Self {
        Bytes::from_static(s.as_bytes()).into()
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(rx) => rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

/// A plain response with the headers every answer carries.
pub fn answer(status: StatusCode, ctype: &str, body: impl Into<Body>) -> Response<Body> {
    let mut res = Response::new(body.into());
    *res.status_mut() = status;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(ctype) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}
