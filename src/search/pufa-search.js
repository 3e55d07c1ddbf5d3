/* pufa search page script. ES5 only (old WeChat/X5 browsers): no arrow functions, no
   Intl.Segmenter, no fetch. Mirrors src/search/query.rs step by step: same folding, keys,
   hash, scoring and verification, so the page and `pufa search` give the same results. */
(function () {
  'use strict';
  var form = document.getElementById('pufa-search');
  if (!form) { return; }
  var input = document.getElementById('pufa-search-input');
  var out = document.getElementById('pufa-search-results');
  var nojs = document.getElementById('pufa-search-nojs');
  var sel = { k: document.getElementById('pufa-search-kind'), l: document.getElementById('pufa-search-law'), t: document.getElementById('pufa-search-topic') };
  if (nojs) { nojs.style.display = 'none'; }
  var base = form.getAttribute('data-index') || 'search/';
  if (base.charAt(base.length - 1) !== '/') { base += '/'; }
  var PAGE = 10, VERIFY_CAP = 400;
  var manifest = null, shards = {}, chunks = {}, waiting = {}, gen = 0, shown = PAGE;

  function isBlank(c) {
    return c <= 32 || c === 127 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
      c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0x3000 || c === 0xFEFF;
  }
  function fold(s) {
    var r = [], i, c;
    for (i = 0; i < s.length; i++) {
      c = s.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; }
      if (isBlank(c)) { c = 32; } else if (c >= 65 && c <= 90) { c += 32; }
      r.push(String.fromCharCode(c));
    }
    return r.join('');
  }
  function terms(q) {
    var parts = fold(q).split(' '), r = [], i;
    for (i = 0; i < parts.length; i++) {
      if (parts[i] && r.indexOf(parts[i]) < 0) { r.push(parts[i]); }
    }
    return r;
  }
  function chars(s) { /* code points, keeping surrogate pairs together */
    var r = [], i, c;
    for (i = 0; i < s.length; i++) {
      c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) { r.push(s.substr(i, 2)); i++; } else { r.push(s.charAt(i)); }
    }
    return r;
  }
  function cp(ch) {
    return ch.length === 2 ? (ch.charCodeAt(0) - 0xD800) * 0x400 + ch.charCodeAt(1) - 0xDC00 + 0x10000 : ch.charCodeAt(0);
  }
  function hash(key) {
    var cs = chars(key), h = 0, i;
    for (i = 0; i < cs.length; i++) { h = (h * 131 + cp(cs[i])) % 4294967296; }
    return h;
  }
  function utf8(key) {
    var cs = chars(key), b = [], i, c;
    for (i = 0; i < cs.length; i++) {
      c = cp(cs[i]);
      if (c < 0x80) { b.push(c); } else if (c < 0x800) { b.push(0xC0 | c >> 6, 0x80 | c & 63); } else if (c < 0x10000) { b.push(0xE0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63); } else { b.push(0xF0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63); }
    }
    return b;
  }
  function termKeys(t) {
    var cs = chars(t), r = [], i, k;
    if (cs.length < 2) { return [t]; }
    for (i = 0; i + 1 < cs.length; i++) { k = cs[i] + cs[i + 1]; if (r.indexOf(k) < 0) { r.push(k); } }
    return r;
  }
  function wordKey(t) { return '\u0001' + t; }
  function facetKey(f, v) { return '\u0002' + f + v; }

  function get(url, binary, cb) {
    var x = new XMLHttpRequest();
    x.open('GET', url, true);
    if (binary) { x.responseType = 'arraybuffer'; }
    x.onreadystatechange = function () {
      if (x.readyState !== 4) { return; }
      if (x.status !== 200 && x.status !== 0) { cb(null); return; }
      if (binary) { cb(x.response ? new Uint8Array(x.response) : null); return; }
      try { cb(JSON.parse(x.responseText)); } catch (e) { cb(null); }
    };
    x.send(null);
  }
  /* Loads each url once; callbacks wait for the first request. */
  function load(cache, url, binary, cb) {
    if (cache.hasOwnProperty(url)) { cb(cache[url]); return; }
    if (waiting[url]) { waiting[url].push(cb); return; }
    waiting[url] = [cb];
    get(url, binary, function (v) {
      var cbs = waiting[url], i;
      cache[url] = v; delete waiting[url];
      for (i = 0; i < cbs.length; i++) { cbs[i](v); }
    });
  }
  function loadAll(cache, urls, binary, done) {
    var left = urls.length, i;
    if (!left) { done(); return; }
    for (i = 0; i < urls.length; i++) { load(cache, urls[i], binary, function () { if (--left === 0) { done(); } }); }
  }
  function shardUrl(key) { return base + 's/' + (hash(key) % manifest.shards) + '.bin'; }

  function varint(b, p) { /* returns [value, nextPos] */
    var v = 0, m = 1, x;
    do { x = b[p++]; v += (x & 127) * m; m *= 128; } while (x >= 128);
    return [v, p];
  }
  function postings(key) {
    var b = shards[shardUrl(key)], want = utf8(key), p = 0, r, kl, n, bl, i, eq, cmp, res, doc;
    if (!b) { return []; }
    while (p < b.length) {
      r = varint(b, p); kl = r[0]; p = r[1];
      cmp = 0;
      for (i = 0; i < kl && i < want.length && cmp === 0; i++) { cmp = b[p + i] - want[i]; }
      if (cmp === 0) { cmp = kl - want.length; }
      p += kl;
      r = varint(b, p); n = r[0]; p = r[1];
      r = varint(b, p); bl = r[0]; p = r[1];
      if (cmp === 0) {
        res = []; doc = 0; eq = p;
        for (i = 0; i < n; i++) { r = varint(b, eq); doc += r[0]; r = varint(b, r[1]); eq = r[1]; res.push([doc, r[0]]); }
        return res;
      }
      if (cmp > 0) { return []; }
      p += bl;
    }
    return [];
  }
  function intersect(a, b) {
    var i = 0, j = 0, r = [];
    while (i < a.length && j < b.length) {
      if (a[i][0] < b[j][0]) { i++; } else if (a[i][0] > b[j][0]) { j++; } else {
        r.push([a[i][0], (Math.min(a[i][1], b[j][1]) & ~1) | (a[i][1] & b[j][1] & 1)]); i++; j++;
      }
    }
    return r;
  }
  function termBase(v, w) {
    var b = Math.min(v >> 1, 16) * 4 + (v & 1 ? 40 : 0);
    if (w !== undefined) { b += 16 + Math.min(w >> 1, 16) * 2 + (w & 1 ? 20 : 0); }
    return b;
  }
  function filters() {
    var f = [], k;
    for (k in sel) { if (sel.hasOwnProperty(k) && sel[k] && sel[k].value) { f.push(facetKey(k, sel[k].value)); } }
    return f;
  }
  function rank(ts, fs) {
    var scores = null, ti, t, ks, cand, i, words, rarity, next, j, allowed, list = [], d;
    for (ti = 0; ti < ts.length; ti++) {
      t = ts[ti]; ks = termKeys(t); cand = null;
      for (i = 0; i < ks.length; i++) { cand = cand === null ? postings(ks[i]) : intersect(cand, postings(ks[i])); }
      words = {};
      if (chars(t).length > 1) { j = postings(wordKey(t)); for (i = 0; i < j.length; i++) { words[j[i][0]] = j[i][1]; } }
      rarity = Math.floor(1000000 / (cand.length + 20));
      next = {};
      for (i = 0; i < cand.length; i++) {
        d = cand[i][0];
        if (scores === null || scores.hasOwnProperty(d)) { next[d] = (scores === null ? 0 : scores[d]) + termBase(cand[i][1], words[d]) * rarity; }
      }
      scores = next;
    }
    for (i = 0; i < fs.length; i++) {
      allowed = {}; j = postings(fs[i]);
      for (ti = 0; ti < j.length; ti++) { allowed[j[ti][0]] = 1; }
      for (d in scores) { if (scores.hasOwnProperty(d) && !allowed[d]) { delete scores[d]; } }
    }
    for (d in scores) { if (scores.hasOwnProperty(d)) { list.push({ d: +d, s: scores[d] }); } }
    list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    return list;
  }
  function chunkUrl(id) { return base + 'd/' + Math.floor(id / manifest.chunk) + '.json'; }
  function row(id) { var c = chunks[chunkUrl(id)]; return c ? c[id % manifest.chunk] : null; }

  function esc(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  function excerpt(text, ts) {
    var f = fold(text), titleEnd = text.indexOf('\n'), t = ts[0], pos, bodyStart, start, end, s, marks = [], i, j, k, h = '', last;
    if (titleEnd < 0) { titleEnd = text.length; }
    pos = f.indexOf(t, titleEnd);
    if (pos < 0) { pos = f.indexOf(t); }
    if (pos < 0) { pos = titleEnd; }
    bodyStart = pos >= titleEnd ? titleEnd + 1 : 0;
    start = Math.max(pos - 30, Math.min(bodyStart, pos));
    end = Math.min(pos + t.length + 70, text.length);
    for (i = 0; i < ts.length; i++) {
      j = f.indexOf(ts[i], start);
      while (j >= 0 && j < end) { marks.push([j, Math.min(j + ts[i].length, end)]); j = f.indexOf(ts[i], j + ts[i].length); }
    }
    marks.sort(function (a, b) { return a[0] - b[0]; });
    last = start;
    for (k = 0; k < marks.length; k++) {
      if (marks[k][0] < last) { continue; }
      h += esc(text.substring(last, marks[k][0])) + '<mark>' + esc(text.substring(marks[k][0], marks[k][1])) + '</mark>';
      last = marks[k][1];
    }
    h += esc(text.substring(last, end));
    s = h.replace(/\n/g, ' ');
    return (start > bodyStart ? '…' : '') + s + (end < text.length ? '…' : '');
  }

  function say(html) { out.innerHTML = html; }
  /* data-q names the query whose results are shown (tests wait for it). */
  function render(ts, hits, more, my) {
    if (my !== gen) { return; }
    var h = [], i, r, meta;
    out.setAttribute('data-q', ts.join(' '));
    if (!hits.length) { say('<p class="pufa-search-none">没有找到包含“' + esc(ts.join(' ')) + '”的内容。</p>'); return; }
    h.push('<p class="pufa-search-count">找到' + (more ? '至少 ' : ' ') + hits.length + ' 条结果</p><ol class="pufa-search-list">');
    for (i = 0; i < hits.length; i++) {
      r = hits[i];
      meta = [r[1], r[2]].filter(function (x) { return x; }).join(' · ');
      h.push('<li><a href="' + esc(r[0]) + '">' + esc(r[3].split('\n')[0]) + '</a><p>' + excerpt(r[3], ts) + '</p>' +
        (meta ? '<small>' + esc(meta) + '</small>' : '') + '</li>');
    }
    h.push('</ol>');
    if (more) { h.push('<button type="button" id="pufa-search-more">更多结果</button>'); }
    say(h.join(''));
    var b = document.getElementById('pufa-search-more');
    if (b) { b.onclick = function () { shown += PAGE; run(); }; }
  }
  /* Verifies ranked candidates in order, fetching text chunks a batch at a time. */
  function verify(ts, list, my) {
    var check = [], hits = [], at = 0, i;
    for (i = 0; i < ts.length; i++) { if (chars(ts[i]).length > 2) { check.push(ts[i]); } }
    function step() {
      if (my !== gen) { return; }
      var batch = list.slice(at, at + PAGE), urls = [], j;
      for (j = 0; j < batch.length; j++) { urls.push(chunkUrl(batch[j].d)); }
      loadAll(chunks, urls, false, function () {
        var j, k, r, f, ok;
        for (j = 0; j < batch.length && hits.length < shown; j++) {
          r = row(batch[j].d); at++;
          if (!r) { continue; }
          f = check.length ? fold(r[3]) : '';
          ok = true;
          for (k = 0; k < check.length; k++) { if (f.indexOf(check[k]) < 0) { ok = false; } }
          if (ok) { hits.push(r); }
        }
        if (hits.length < shown && at < list.length && at < VERIFY_CAP) { step(); } else { render(ts, hits, at < list.length && hits.length >= shown, my); }
      });
    }
    step();
  }
  function run() {
    var my = ++gen, ts = terms(input.value), fs = filters(), keys = [], urls = [], i, j, ks;
    if (!ts.length) { say(''); return; }
    if (!manifest) { say('<p>正在加载索引…</p>'); return; }
    for (i = 0; i < ts.length; i++) {
      ks = termKeys(ts[i]);
      for (j = 0; j < ks.length; j++) { keys.push(ks[j]); }
      if (chars(ts[i]).length > 1) { keys.push(wordKey(ts[i])); }
    }
    keys = keys.concat(fs);
    for (i = 0; i < keys.length; i++) { j = shardUrl(keys[i]); if (urls.indexOf(j) < 0) { urls.push(j); } }
    loadAll(shards, urls, true, function () {
      if (my !== gen) { return; }
      verify(ts, rank(ts, fs), my);
    });
  }
  function fillSelect(s, values) {
    var i, o;
    if (!s) { return; }
    if (!values || !values.length) { (s.parentNode && s.parentNode.tagName === 'LABEL' ? s.parentNode : s).style.display = 'none'; return; }
    if (!s.options.length) { o = document.createElement('option'); o.value = ''; o.text = '全部'; s.appendChild(o); }
    for (i = 0; i < values.length; i++) { o = document.createElement('option'); o.value = values[i]; o.text = values[i]; s.appendChild(o); }
  }
  function param(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(location.search);
    if (!m) { return ''; }
    try { return decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { return ''; }
  }
  var timer = null;
  function later() { if (timer) { clearTimeout(timer); } shown = PAGE; timer = setTimeout(run, 120); }
  input.oninput = later;
  input.onkeyup = later; /* old browsers without input events */
  form.onsubmit = function (e) {
    if (e && e.preventDefault) { e.preventDefault(); }
    shown = PAGE; run();
    if (window.history && history.replaceState) { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); }
    return false;
  };
  get(base + 'index.json', false, function (m) {
    if (!m || m.version !== 1) { say('<p>搜索索引加载失败，请稍后再试，或使用网站地图。</p>'); return; }
    manifest = m;
    fillSelect(sel.k, m.facets.kind); fillSelect(sel.l, m.facets.law); fillSelect(sel.t, m.facets.topic);
    var k, names = { k: 'kind', l: 'law', t: 'topic' };
    for (k in sel) { if (sel.hasOwnProperty(k) && sel[k]) { if (param(names[k])) { sel[k].value = param(names[k]); } sel[k].onchange = later; } }
    if (param('q')) { input.value = param('q'); }
    if (input.value) { run(); }
  });
})();
