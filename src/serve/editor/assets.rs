//! The editor's page frame, its style sheet and its scripts (import by drag and drop, the live
//! preview with findings beside their lines, autosave).

use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};

use super::super::state::{answer, Body};
use crate::html::escape as escape_html;

/// An editor page.
pub(super) fn page(title: &str, main: &str) -> Response<Body> {
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
pub(super) const IMPORT_JS: &str = r#"(function(){
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
pub(super) const PREVIEW_JS: &str = r#"(function(){
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
