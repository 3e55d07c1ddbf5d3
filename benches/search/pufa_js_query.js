// Runs pufa-search.js in Node with a minimal fake DOM and an XMLHttpRequest that serves
// the built index from disk and counts bytes, typing each query like a user would.
// Usage: node pufa_js_query.js OUT_DIR QUERIES.json → one JSON line per query with the
// shown result URLs (first page), bytes downloaded and time. Used to check that the page
// and `pufa search` agree, and to measure what a first query downloads. The first line also
// gives `load_bytes`: what the page fetched before the query (the script and index.json).
'use strict';
var fs = require('fs'), path = require('path'), vm = require('vm');
var out = process.argv[2], queries = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
var root = path.resolve(out), bytes = 0, gz = 0, seen = {}, zlib = require('zlib');
/* gz: the same files as a server compressing text (.js, .json) would send them. */
function gzSize(p, buf) { return /\.(js|json)$/.test(p) ? zlib.gzipSync(buf, { level: 6 }).length : buf.length; }
function el(id) { return { id: id, value: '', style: {}, innerHTML: '', options: [], attrs: {}, getAttribute: function (k) { return this.attrs[k]; }, setAttribute: function (k, v) { this.attrs[k] = String(v); }, appendChild: function (o) { this.options.push(o); } }; }
var els = {};
['pufa-search', 'pufa-search-input', 'pufa-search-results', 'pufa-search-nojs'].forEach(function (i) { els[i] = el(i); });
els['pufa-search'].attrs['data-index'] = '/search/';
var pending = 0, idle = [];
function XHR() {}
XHR.prototype.open = function (m, url) { this.url = url; };
XHR.prototype.send = function () {
  var x = this; pending++;
  setImmediate(function () {
    var p = path.join(root, x.url), buf;
    try { buf = fs.readFileSync(p); x.status = 200; } catch (e) { buf = Buffer.alloc(0); x.status = 404; }
    if (!seen[p]) { seen[p] = 1; bytes += buf.length; gz += gzSize(p, buf); }
    if (x.responseType === 'arraybuffer') { x.response = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length); } else { x.responseText = buf.toString('utf8'); }
    x.readyState = 4; x.onreadystatechange();
    pending--; if (!pending) { var f = idle; idle = []; f.forEach(function (g) { setImmediate(g); }); }
  });
};
var js = path.join(root, 'search/pufa-search.js');
bytes += fs.statSync(js).size; gz += gzSize(js, fs.readFileSync(js));
/* <script> elements appended to <head> (pufa-search-more.js) load like the page's files. */
var head = { appendChild: function (s) {
  pending++;
  setImmediate(function () {
    var p = path.join(root, s.src), buf = fs.readFileSync(p);
    if (!seen[p]) { seen[p] = 1; bytes += buf.length; gz += gzSize(p, buf); }
    vm.runInContext(buf.toString('utf8'), ctx);
    s.onload();
    pending--; if (!pending) { var f = idle; idle = []; f.forEach(function (g) { setImmediate(g); }); }
  });
} };
var ctx = { document: { getElementById: function (i) { return els[i] || null; }, createElement: function () { return {}; },
  getElementsByTagName: function (t) { return t === 'head' ? [head] : []; } },
  XMLHttpRequest: XHR, location: { search: '' }, window: {}, history: null, setTimeout: setTimeout, clearTimeout: clearTimeout,
  Uint8Array: Uint8Array, Math: Math, JSON: JSON, RegExp: RegExp, String: String };
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(js, 'utf8'), ctx);
function whenIdle(f) { if (!pending) { setImmediate(function () { if (!pending) { f(); } else { idle.push(f); } }); } else { idle.push(f); } }
var i = 0;
function next() {
  if (i >= queries.length) { return; }
  var q = queries[i++], before = bytes, gzBefore = gz, t = process.hrtime.bigint();
  els['pufa-search-input'].value = q.q;
  els['pufa-search'].onsubmit(null);
  whenIdle(function () {
    var ms = Number(process.hrtime.bigint() - t) / 1e6;
    var html = els['pufa-search-results'].innerHTML, urls = [], re = /<li[^>]*><a href="([^"]*)"/g, m;
    while ((m = re.exec(html))) { urls.push(m[1]); }
    console.log(JSON.stringify({ q: q.q, shown: urls, bytes: bytes - before, gz: gz - gzBefore, ms: ms, first: i === 1,
      load_bytes: i === 1 ? before : 0, load_gz: i === 1 ? gzBefore : 0,
      marks: (html.match(/<mark>/g) || []).length }));
    next();
  });
}
whenIdle(next);
