//! Live reload and the error overlay: the script injected into every HTML page, the overlay that
//! shows a failed build over the page, and the server-sent events that say "reload".

use std::time::Duration;

use hyper::body::Bytes;
use hyper::{Response, StatusCode};
use tokio::sync::{broadcast, mpsc};

use super::super::state::{answer, Body, Reload, ServeState};

/// The script injected into every HTML page in serve mode. It reloads the page when the
/// page itself or anything it loaded (style sheets, scripts, pictures, fetched data) changed.
pub const LIVERELOAD_JS: &str = r#"(function(){
  if (!window.EventSource) { return; }
  function norm(p) {
    try { p = decodeURIComponent(p); } catch (e) {}
    return p.replace(/\/index\.html$/, '/');
  }
  function used() {
    var out = [norm(location.pathname)];
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType('resource').forEach(function (r) {
        try {
          var u = new URL(r.name, location.href);
          if (u.origin === location.origin) { out.push(norm(u.pathname)); }
        } catch (e) {}
      });
    }
    return out;
  }
  // The version this page was served at (`?v=` of this script), so that the server repeats
  // what changed between serving the page and this stream connecting.
  var me = document.currentScript, m = me && /[?&]v=(\d+)/.exec(me.src);
  var es = new EventSource('/__pufa/events' + (m ? '?since=' + m[1] : ''));
  es.onmessage = function (e) {
    var d = String(e.data);
    if (d.indexOf('reload') !== 0) { return; }
    var rest = d.slice(6).trim();
    var changed;
    try { changed = rest === '*' || rest === '' ? null : JSON.parse(rest); } catch (err) { changed = null; }
    if (!changed) { location.reload(); return; }
    var mine = used();
    for (var i = 0; i < changed.length; i++) {
      if (mine.indexOf(changed[i]) >= 0) { location.reload(); return; }
    }
  };
})();
"#;

/// Inserts the live-reload script (and the error overlay, if any) before `</body>`; `version`
/// is the served site's version the page was taken from.
pub fn inject(html: &str, error: Option<&str>, version: u64) -> String {
    let mut extra = format!("<script src=\"/__pufa/livereload.js?v={version}\"></script>");
    if let Some(e) = error {
        extra.push_str(&overlay(e));
    }
    match html.rfind("</body>") {
        Some(i) => format!("{}{}{}", &html[..i], extra, &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// A full-screen panel naming the file and line of the error; the last good page stays below.
pub fn overlay(error: &str) -> String {
    format!(
        "<div id=\"pufa-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         background:rgba(20,20,20,.94);color:#fff;padding:24px;overflow:auto;font:16px/1.6 monospace\">\
         <h2 style=\"color:#ff8a80;margin:0 0 12px\">构建失败 · Build failed</h2>\
         <p>页面显示的是上一次成功的版本。修正下面的错误并保存后会自动刷新。</p>\
         <pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape_html(error)
    )
}

pub fn escape_html(s: &str) -> String {
    crate::html::escape(s)
}

/// Server-sent events: `data: reload …` each time the site changes, a comment line every 15 s
/// so proxies and browsers keep the stream open.
pub(super) fn events(state: &ServeState, query: Option<&str>) -> Response<Body> {
    let since = query
        .unwrap_or_default()
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok());
    let (mut rx, missed) = state.subscribe(since);
    let (tx, body) = mpsc::channel::<Bytes>(8);
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b": connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        for reload in missed {
            if tx
                .send(Bytes::from(format!("data: {}\n\n", reload.data())))
                .await
                .is_err()
            {
                return;
            }
        }
        loop {
            let msg = tokio::select! {
                got = rx.recv() => match got {
                    Ok(reload) => format!("data: {}\n\n", reload.data()),
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        format!("data: {}\n\n", Reload::All.data())
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = tokio::time::sleep(Duration::from_secs(15)) => ": keep-alive\n\n".into(),
            };
            // The page was closed: its body was dropped.
            if tx.send(Bytes::from(msg)).await.is_err() {
                return;
            }
        }
    });
    answer(StatusCode::OK, "text/event-stream", Body::Events(body))
}
