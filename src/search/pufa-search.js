/* pufa search page script. ES5 only (old WeChat/X5 browsers): no arrow functions, no
   Intl.Segmenter, no fetch. Mirrors src/search/query.rs and understand.rs step by step: same
   folding, query rules (RULES is data/rules.json, filled in by `pufa build`), keys, hash,
   tiers, scoring and verification, so the page and `pufa search` give the same results. */
(function () {
  'use strict';
  var RULES = /*RULES*/null;
  var PAGE = 10, VERIFY_CAP = 400, QMAX = 100, CN = '零一二三四五六七八九';
  var BLANKS = /[\u0000-\u0020\u007F\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;
  var api = { understand: understand, toChinese: toChinese, fromChinese: fromChinese };
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; }
  if (typeof window !== 'undefined') { window.pufaSearch = api; }
  var form = typeof document !== 'undefined' && document.getElementById('pufa-search');
  if (!form) { return; }
  var input = document.getElementById('pufa-search-input');
  var out = document.getElementById('pufa-search-results');
  var nojs = document.getElementById('pufa-search-nojs');
  var filterBox = document.getElementById('pufa-search-filters');
  var sel = { k: document.getElementById('pufa-search-kind'), l: document.getElementById('pufa-search-law'), t: document.getElementById('pufa-search-topic') };
  var topicsHtml = '';
  (function () { var t = document.getElementById('pufa-search-topics'); if (t) { topicsHtml = t.innerHTML; } })();
  if (nojs) { nojs.style.display = 'none'; }
  var base = form.getAttribute('data-index') || 'search/';
  if (base.charAt(base.length - 1) !== '/') { base += '/'; }
  var hotline = form.getAttribute('data-hotline') || '12348';
  var kindNames = {};
  try { kindNames = JSON.parse(form.getAttribute('data-kinds') || '{}') || {}; } catch (e) { kindNames = {}; }
  var manifest = null, shards = {}, chunks = {}, waiting = {}, gen = 0, shown = PAGE;

  function isBlank(c) {
    return c <= 32 || c === 127 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
      c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0x3000 || c === 0xFEFF;
  }
  /* One UTF-16 unit to one: full-width ASCII to ASCII, A-Z to a-z, blanks (isBlank) to ' '.
     Regular expressions instead of a loop: page texts are long and folded on every query. */
  function fold(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(BLANKS, ' ').replace(/[A-Z]+/g, function (c) { return c.toLowerCase(); });
  }
  /* Whether text holds s, a number in it as a whole number (query/mod.rs `holds`). */
  function holds(t, s) {
    var a = /^\d/.test(s), b = /\d$/.test(s), i;
    for (i = t.indexOf(s); i >= 0; i = t.indexOf(s, i + 1)) {
      if (!(a && /\d/.test(t.charAt(i - 1))) && !(b && /\d/.test(t.charAt(i + s.length)))) { return true; }
    }
    return false;
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

  /* ---- Query understanding (understand.rs) ---- */
  function byLength(list) {
    return list.slice().sort(function (a, b) { return chars(b).length - chars(a).length || (a < b ? -1 : a > b ? 1 : 0); });
  }
  var strongWords = null, weakWords = null;
  function isPunct(ch) {
    var u = cp(ch), i, r = RULES.punct;
    for (i = 0; i < r.length; i++) { if (r[i][0] <= u && u <= r[i][1]) { return true; } }
    return false;
  }
  function toChinese(n) {
    if (n < 1 || n > 9999) { return null; }
    var d = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10], u = ['千', '百', '十', ''], s = '', zero = false, i;
    for (i = 0; i < 4; i++) {
      if (d[i] === 0) { zero = s !== ''; continue; }
      if (zero) { s += '零'; zero = false; }
      if (!(i === 2 && d[i] === 1 && s === '')) { s += CN.charAt(d[i]); }
      s += u[i];
    }
    return s;
  }
  function fromChinese(s) {
    var total = 0, cur = 0, any = false, i, c, d, unit;
    for (i = 0; i < s.length; i++) {
      c = s.charAt(i); any = true; d = CN.indexOf(c);
      if (d >= 0) { cur = d; } else if (c === '两') { cur = 2; } else {
        unit = c === '十' ? 10 : c === '百' ? 100 : c === '千' ? 1000 : 0;
        if (!unit) { return null; }
        total += Math.max(cur, cur === 0 && unit === 10 ? 1 : 0) * unit; cur = 0;
      }
    }
    return any && total + cur > 0 ? total + cur : null;
  }
  function isCnNum(c) { return CN.indexOf(c) >= 0 || c === '十' || c === '百' || c === '千' || c === '两'; }
  function isDigit(c) { return c >= '0' && c <= '9'; }
  function articleAt(cs, i) {
    var j = i, di = cs[j] === '第', start, arabic, num, unit, n, cn, ar, k, sub, m, mc;
    if (di) { j++; }
    while (j < cs.length && cs[j] === ' ') { j++; }
    start = j; arabic = j < cs.length && isDigit(cs[j]);
    while (j < cs.length && (arabic ? isDigit(cs[j]) : isCnNum(cs[j]))) { j++; }
    num = cs.slice(start, j).join('');
    if (!num || (!arabic && !di)) { return null; }
    while (j < cs.length && cs[j] === ' ') { j++; }
    unit = cs[j];
    if (unit === undefined || RULES.units.indexOf(unit) < 0) { return null; }
    j++;
    n = arabic ? parseInt(num, 10) : fromChinese(num);
    if (n === null || isNaN(n) || toChinese(n) === null) { return null; }
    cn = '第' + toChinese(n) + unit; ar = '第' + n + unit;
    if (cs[j] === '之') {
      k = j + 1;
      while (k < cs.length && (isCnNum(cs[k]) || isDigit(cs[k]))) { k++; }
      sub = cs.slice(j + 1, k).join('');
      m = /^[0-9]+$/.test(sub) ? parseInt(sub, 10) : fromChinese(sub);
      mc = m === null ? null : toChinese(m);
      if (mc !== null) { cn += '之' + mc; ar += '之' + mc; j = k; }
    }
    return [j, cn, ar, arabic];
  }
  function blankOut(s, words) {
    var hit = false, i;
    for (i = 0; i < words.length; i++) {
      if (words[i] && s.indexOf(words[i]) >= 0) { s = s.split(words[i]).join(' '); hit = true; }
    }
    return [s, hit];
  }
  function endsWith(s, x) { return s.length >= x.length && s.substring(s.length - x.length) === x; }
  function stripEnds(t, tails, heads) {
    var hit = false, before, i, r;
    for (;;) {
      before = t;
      for (i = 0; i < tails.length; i++) {
        if (endsWith(t, tails[i])) { r = t.substring(0, t.length - tails[i].length); if (chars(r).length > 1) { t = r; } }
      }
      for (i = 0; i < heads.length; i++) {
        if (t.indexOf(heads[i]) === 0) { r = t.substring(heads[i].length); if (chars(r).length > 1) { t = r; } }
      }
      if (t === before) { return [t, hit]; }
      hit = true;
    }
  }
  function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function hasTerm(list, t) { for (var i = 0; i < list.length; i++) { if (same(list[i], t)) { return true; } } return false; }
  /* The cleaned words of one piece of a query and whether a question word was dropped
     (understand.rs `clean_words`). */
  function cleanWords(seg) {
    if (!strongWords) { strongWords = byLength(RULES.strong); weakWords = byLength(RULES.weak); }
    var r = blankOut(seg, strongWords), strong = r[1], parts = blankOut(r[0], weakWords)[0].split(' '), out = [], k, t;
    for (k = 0; k < parts.length; k++) {
      if (!parts[k]) { continue; }
      t = stripEnds(parts[k], RULES.strong_tail, []);
      strong = strong || t[1];
      out.push(stripEnds(t[0], RULES.weak_tail, RULES.weak_head)[0]);
    }
    return [out, strong];
  }
  /* The law whose short name t is (understand.rs `law_of_short`). */
  function lawOfShort(t) {
    for (var law in RULES.short) { if (RULES.short.hasOwnProperty(law) && (' ' + RULES.short[law] + ' ').indexOf(' ' + t + ' ') >= 0) { return law; } }
    return null;
  }
  /* Returns { exact, clean, strong, joined, text, raw } like understand.rs. */
  function understand(q) {
    var exact = terms(q), cs = chars(fold(q)), strong = false, joined = false, clean = [], words = [], raw = [], i = 0, segStart = 0, a, typed, alts, isSame;
    for (i = 0; i < cs.length; i++) { if (isPunct(cs[i])) { cs[i] = ' '; } }
    function pushText(seg) {
      var r = cleanWords(seg), parts = seg.split(' '), k, t, law;
      for (k = 0; k < parts.length; k++) { if (parts[k]) { raw.push(parts[k]); } }
      strong = strong || r[1];
      for (k = 0; k < r[0].length; k++) {
        t = r[0][k];
        if (!clean.some(function (c) { return c.indexOf(t) >= 0; })) {
          words.push(t);
          /* A law's short name: searched as the law's name, and as typed from three characters. */
          law = lawOfShort(t);
          if (law) { strong = true; clean.push(chars(t).length > 2 ? [law, t] : [law]); } else { clean.push([t]); }
        }
      }
    }
    i = 0;
    while (i < cs.length) {
      if (cs[i] === '第' || (isDigit(cs[i]) && !(i > 0 && isDigit(cs[i - 1])))) {
        a = articleAt(cs, i);
        if (a) {
          joined = joined || (i > segStart && cs[i - 1] !== ' ');
          pushText(cs.slice(segStart, i).join(''));
          typed = cs.slice(i, a[0]).join('').split(' ').join('');
          strong = strong || typed !== a[1];
          alts = a[3] ? [a[2], a[1]] : [a[1], a[2]];
          if (!hasTerm(clean, alts)) { clean.push(alts); }
          i = a[0]; segStart = a[0];
          continue;
        }
      }
      i++;
    }
    pushText(cs.slice(segStart).join(''));
    isSame = clean.length === exact.length && clean.every(function (c, k) { return c.length === 1 && c[0] === exact[k]; });
    return { exact: exact, clean: isSame ? [] : clean, strong: strong && !isSame, joined: joined && !isSame, text: words.join(' '), raw: raw.join(' ') };
  }

  /* ---- Index access (format.rs) ---- */
  function hash(key) {
    var cs = chars(key), h = 0, i;
    for (i = 0; i < cs.length; i++) { h = (h * 131 + cp(cs[i])) % 4294967296; }
    return h;
  }
  function shardHash(key) {
    var c = key.charAt(0);
    if (c === '\u0003') { return hash(key.substring(1)); }
    if (c === '\u0001') { return hash(chars(key.substring(1)).slice(0, 2).join('')); }
    return hash(key);
  }
  function fromUtf8(b, s, e) {
    var r = '', i = s, c;
    while (i < e) {
      c = b[i];
      if (c < 0x80) { i++; } else if (c < 0xE0) { c = (c & 31) << 6 | b[i + 1] & 63; i += 2; } else if (c < 0xF0) { c = (c & 15) << 12 | (b[i + 1] & 63) << 6 | b[i + 2] & 63; i += 3; } else { c = (c & 7) << 18 | (b[i + 1] & 63) << 12 | (b[i + 2] & 63) << 6 | b[i + 3] & 63; i += 4; }
      if (c >= 0x10000) { c -= 0x10000; r += String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 1023)); } else { r += String.fromCharCode(c); }
    }
    return r;
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
  /* Pinyin, readings and near misses (\u0004-\u0006) are in the respelling shards p/ (format.rs). */
  function shardUrl(key) {
    var c = key.charAt(0);
    if (c >= '\u0004' && c <= '\u0006') { return base + 'p/' + (shardHash(key) % manifest.more) + '.bin'; }
    return base + 's/' + (shardHash(key) % manifest.shards) + '.bin';
  }
  /* Loads the shards of `keys`, then calls `done`. */
  function need(keys, done) {
    var urls = [], i, u;
    for (i = 0; i < keys.length; i++) { u = shardUrl(keys[i]); if (urls.indexOf(u) < 0) { urls.push(u); } }
    loadAll(shards, urls, true, done);
  }

  function varint(b, p) { /* returns [value, nextPos] */
    var v = 0, m = 1, x;
    do { x = b[p++]; v += (x & 127) * m; m *= 128; } while (x >= 128);
    return [v, p];
  }
  /* Each loaded shard's records by key, read once: [count, blockStart, blockEnd, shardBytes,
     postings, text] (the last two filled when first asked for). */
  var dirs = {};
  function record(key) {
    var url = shardUrl(key), b = shards[url], d = dirs[url], p = 0, r, k, n, bl;
    if (!b) { return null; }
    if (!d) {
      d = dirs[url] = {};
      while (p < b.length) {
        r = varint(b, p); k = fromUtf8(b, r[1], r[1] + r[0]); p = r[1] + r[0];
        r = varint(b, p); n = r[0]; r = varint(b, r[1]); bl = r[0]; p = r[1];
        d['#' + k] = [n, p, p + bl, b, null, null];
        p += bl;
      }
    }
    return d.hasOwnProperty('#' + key) ? d['#' + key] : null;
  }
  function postings(key) {
    var rec = record(key), res = [], doc = 0, p, i, r, b;
    if (!rec) { return res; }
    if (rec[4]) { return rec[4]; }
    p = rec[1]; b = rec[3];
    for (i = 0; i < rec[0]; i++) { r = varint(b, p); doc += r[0]; r = varint(b, r[1]); p = r[1]; res.push([doc, r[0]]); }
    rec[4] = res;
    return res;
  }
  function data(key) {
    var rec = record(key);
    if (!rec) { return null; }
    if (rec[5] === null) { rec[5] = fromUtf8(rec[3], rec[1], rec[2]); }
    return rec[5];
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
  function searchKeys(ts) {
    var keys = [], i, j, ks;
    for (i = 0; i < ts.length; i++) {
      for (j = 0; j < ts[i].length; j++) {
        ks = termKeys(ts[i][j]); keys = keys.concat(ks);
        if (chars(ts[i][j]).length > 1) { keys.push(wordKey(ts[i][j])); }
      }
    }
    return keys;
  }
  /* Ranked candidates [{d, s}] (query.rs `candidates`); shards must be loaded. */
  function rank(ts, or, fs, am) {
    var scores = null, ti, si, s, ks, cand, i, words, rarity, own, j, allowed, list = [], d, w, prev;
    for (ti = 0; ti < ts.length; ti++) {
      own = {};
      for (si = 0; si < ts[ti].length; si++) {
        s = ts[ti][si]; ks = termKeys(s); cand = null;
        for (i = 0; i < ks.length; i++) { cand = cand === null ? postings(ks[i]) : intersect(cand, postings(ks[i])); }
        words = {};
        if (chars(s).length > 1) { w = postings(wordKey(s)); for (i = 0; i < w.length; i++) { words[w[i][0]] = w[i][1]; } }
        rarity = Math.floor(1000000 / (cand.length + 20));
        for (i = 0; i < cand.length; i++) { d = cand[i][0]; own[d] = (own[d] || 0) + termBase(cand[i][1], words[d]) * rarity; }
      }
      if (scores === null) { scores = own; } else if (or) {
        for (d in own) { if (own.hasOwnProperty(d)) { scores[d] = (scores[d] || 0) + own[d]; } }
      } else {
        prev = scores; scores = {};
        for (d in own) { if (own.hasOwnProperty(d) && prev.hasOwnProperty(d)) { scores[d] = prev[d] + own[d]; } }
      }
    }
    scores = scores || {};
    for (i = 0; i < fs.length; i++) {
      allowed = {}; j = postings(fs[i]);
      for (ti = 0; ti < j.length; ti++) { allowed[j[ti][0]] = 1; }
      for (d in scores) { if (scores.hasOwnProperty(d) && !allowed[d]) { delete scores[d]; } }
    }
    /* Amendments keep half (the manifest's amend, reader.rs `amendments`, best.rs `demote`). */
    j = am ? manifest.amend || [] : [];
    for (i = 0; i < j.length; i++) { d = j[i]; if (scores[d]) { scores[d] = Math.floor(scores[d] * 500 / 1000); } }
    for (d in scores) { if (scores.hasOwnProperty(d)) { list.push({ d: +d, s: scores[d] }); } }
    list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    return list;
  }
  var foldedDocs = {};
  function foldedDoc(id, text) { if (!foldedDocs.hasOwnProperty(id)) { foldedDocs[id] = fold(text); } return foldedDocs[id]; }
  function chunkUrl(id) { return base + 'd/' + Math.floor(id / manifest.chunk) + '.json'; }
  function row(id) { var c = chunks[chunkUrl(id)]; return c ? c[id % manifest.chunk] : null; }

  /* One search (query.rs `search`): appends verified hits to st.hits, then calls done. */
  function search(st, ts, or, tier, done) {
    if (!ts.length || st.hits.length >= st.want) { done(); return; }
    var fs = filters();
    need(searchKeys(ts).concat(fs), function () {
      if (st.my !== gen) { return; }
      var list = rank(ts, or, fs, st.am), at = 0, needN = !or ? ts.length : tier === 'partial' ? Math.ceil(ts.length / 2) : 1;
      function step() {
        if (st.my !== gen) { return; }
        var batch = [], urls = [], j;
        /* As many as are still wanted: most candidates are real hits, and each costs a chunk. */
        while (at + batch.length < list.length && batch.length < Math.max(st.want - st.hits.length, 1)) { batch.push(list[at + batch.length]); }
        for (j = 0; j < batch.length; j++) { urls.push(chunkUrl(batch[j].d)); }
        loadAll(chunks, urls, false, function () {
          var j, k, m, r, f, found, matched, fk;
          for (j = 0; j < batch.length && st.hits.length < st.want; j++) {
            at++;
            if (st.seen[batch[j].d]) { continue; }
            r = row(batch[j].d);
            if (!r) { continue; }
            f = foldedDoc(batch[j].d, r[3]); found = []; matched = 0;
            for (k = 0; k < ts.length; k++) {
              fk = 0;
              for (m = 0; m < ts[k].length; m++) { if (holds(f, ts[k][m])) { found.push(ts[k][m]); fk = 1; } }
              matched += fk;
            }
            if (matched < needN) { continue; }
            st.seen[batch[j].d] = 1;
            st.hits.push({ row: r, id: batch[j].d, tier: tier, found: found });
          }
          if (st.hits.length < st.want && at < list.length && at < VERIFY_CAP) { step(); } else { done(); }
        });
      }
      step();
    });
  }
  /* 了 and 的 after the first character left out (lexicon.rs `thes_form`). */
  var PARTICLES = /[了的]/g;
  var PARTICLE = /[了的]/;
  function thesForm(w) { return w.charAt(0) + w.substring(1).replace(PARTICLES, ''); }
  /* The entries whose everyday word (want(word) true) starts somewhere in cs, longest first,
     not overlapping, in the order of the word (query.rs `entries_in`); shards loaded. */
  function entriesIn(cs, want) {
    var found = [], taken = [], i, rec, lines, li, kv, k, f, t, ok;
    for (i = 0; i + 1 < cs.length; i++) {
      rec = data('\u0003' + cs[i] + cs[i + 1]);
      if (rec === null) { continue; }
      lines = rec.split('\n');
      for (li = 0; li < lines.length; li++) {
        kv = lines[li].split('\t');
        if (kv.length < 2) { continue; }
        k = chars(kv[0]);
        if (cs.slice(i, i + k.length).join('') === kv[0] && want(kv[0])) { found.push([i, k.length, kv[0], kv[1].replace(/^~/, '').split('|'), kv[1].charAt(0) === '~']); }
      }
    }
    found.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    for (f = 0; f < found.length; f++) {
      ok = true;
      for (t = 0; t < taken.length; t++) { if (!(found[f][0] + found[f][1] <= taken[t][0] || taken[t][0] + taken[t][1] <= found[f][0])) { ok = false; } }
      if (ok) { taken.push(found[f]); }
    }
    taken.sort(function (a, b) { return a[0] - b[0]; });
    return taken;
  }
  function pushTerms(taken, ts, bg) {
    var t, x, term, legal;
    for (t = 0; t < taken.length; t++) {
      term = [taken[t][2]]; legal = taken[t][3];
      for (x = 0; x < legal.length; x++) { if (legal[x] && term.indexOf(legal[x]) < 0) { term.push(legal[x]); } }
      if (!hasTerm(ts, term)) { ts.push(term); bg.push(taken[t][4]); }
    }
  }
  /* query.rs `before_cleaning`: 了 or 的 kept, or words that cleaning drops. */
  function keptParticle(k) { return PARTICLE.test(chars(k).slice(1).join('')); }
  function beforeCleaning(k) { var c = cleanWords(k)[0]; return keptParticle(k) || !(c.length === 1 && c[0] === k); }
  function trimOverlap(w, key) {
    var ws = chars(w), ks = chars(key), j;
    for (j = Math.min(ws.length, ks.length) - 1; j >= 1; j--) {
      if (ws.slice(ws.length - j).join('') === ks.slice(0, j).join('')) { return ws.slice(0, ws.length - j).join(''); }
      if (ws.slice(0, j).join('') === ks.slice(ks.length - j).join('')) { return ws.slice(j).join(''); }
    }
    return w;
  }
  /* Thesaurus terms of a query's cleaned text and raw words (query.rs `thesaurus_terms`):
     [terms, whole, background]; shards loaded. */
  function thesaurusTerms(text, raw, loose) {
    var ws = text.split(' '), rws = raw.split(' '), ts = [], bg = [], rts = [], rbg = [], covered = [], open = [], trimmed = [], whole = false, any = false, wi, cs, formed, plain, taken, kept, cw, c, f, t, w, cover;
    function holds(x) { return x[2].indexOf(f) >= 0 || x[2].indexOf(cw[c]) >= 0; }
    for (wi = 0; wi < rws.length; wi++) {
      if (!rws[wi]) { continue; }
      formed = chars(thesForm(rws[wi])); plain = chars(rws[wi]);
      taken = entriesIn(formed, beforeCleaning);
      whole = whole || (taken.length === 1 && taken[0][1] === formed.length);
      kept = entriesIn(plain, keptParticle);
      whole = whole || (kept.length === 1 && kept[0][1] === plain.length);
      taken = taken.concat(kept);
      if (!taken.length) { continue; }
      any = true;
      cw = cleanWords(rws[wi])[0];
      for (c = 0; c < cw.length; c++) {
        f = thesForm(cw[c]);
        if (taken.some(holds)) { covered.push(cw[c]); continue; }
        w = cw[c];
        for (t = 0; t < taken.length; t++) { w = trimOverlap(w, taken[t][2]); }
        if (w !== cw[c] && chars(w).length > 1) { trimmed.push([cw[c], w]); } else { open.push(cw[c]); }
      }
      pushTerms(taken, rts, rbg);
    }
    for (wi = 0; wi < ws.length; wi++) {
      w = ws[wi];
      if (!w || (covered.indexOf(w) >= 0 && open.indexOf(w) < 0)) { continue; }
      if (open.indexOf(w) < 0) { for (t = 0; t < trimmed.length; t++) { if (trimmed[t][0] === w) { w = trimmed[t][1]; break; } } }
      cs = chars(thesForm(w));
      taken = entriesIn(cs, function () { return true; });
      cover = 0;
      for (t = 0; t < taken.length; t++) { cover += taken[t][1]; }
      if (!taken.length || (cover * 2 <= cs.length && !loose)) { if (!loose && cs.length > 1) { ts.push([w]); bg.push(false); } continue; }
      any = true;
      whole = whole || (taken.length === 1 && taken[0][1] === cs.length);
      pushTerms(taken, ts, bg);
    }
    for (t = 0; t < rts.length; t++) { if (!hasTerm(ts, rts[t])) { ts.push(rts[t]); bg.push(rbg[t]); } }
    return [any ? ts : [], whole, any ? bg : []];
  }
  /* The thesaurus searches (query.rs `thesaurus_search`): all terms (and); without background
     words (and) when fewer than three pages were found; any term (or) when none. */
  /* The thesaurus searches (query.rs `thesaurus_search`), amendments demoted. */
  function thesSearch(st, th, done) {
    var ts = th[0], before = st.hits.length, issues = [], i;
    for (i = 0; i < ts.length; i++) { if (!th[2][i]) { issues.push(ts[i]); } }
    if (issues.length === ts.length) { issues = []; }
    function fin() { st.am = 0; done(); }
    st.am = 1;
    search(st, ts, false, 'thesaurus', function () {
      search(st, st.hits.length < before + 3 ? issues : [], false, 'thesaurus', function () {
        if (st.hits.length === before && ts.length > 1) { search(st, ts, true, 'thesaurus', fin); } else { fin(); }
      });
    });
  }
  function alsoOf(ts) {
    var r = [], t, l;
    for (t = 0; t < ts.length; t++) { for (l = 1; l < ts[t].length; l++) { if (r.indexOf(ts[t][l]) < 0) { r.push(ts[t][l]); } } }
    return r;
  }
  /* The thesaurus keys a query needs: the bigrams of its cleaned and raw words as
     `thesaurusTerms` reads them (without 了 and 的: 办了卡 looks up 办卡), and those of its
     raw words ending in 了 or 的 (私了). */
  function bigramKeys(text, raw) {
    var ws = (text + ' ' + raw).split(' '), r = [], i, j, cs;
    for (i = 0; i < ws.length; i++) {
      cs = chars(thesForm(ws[i]));
      for (j = 0; j + 1 < cs.length; j++) { r.push('\u0003' + cs[j] + cs[j + 1]); }
      cs = chars(ws[i]);
      for (j = 0; j + 1 < cs.length; j++) { if (PARTICLE.test(cs[j + 1])) { r.push('\u0003' + cs[j] + cs[j + 1]); } }
    }
    return r;
  }
  /* query.rs `in_passing`: calls done with the hits from n on whose title does not hold q,
     taken out of st.hits, when q is one everyday word on fewer than 10 pages, none of them
     holding a legal term of it (not one inside the word); else with []. */
  function inPassing(st, plan, n, done) {
    var raw = plan.raw, cs = chars(thesForm(raw)), e = plan.exact.length === 1 && plan.exact[0] === raw && !plan.clean.length && st.hits.length > n ? entriesIn(cs, function () { return true; }) : [], lg, on;
    function cand(t) { var k = termKeys(t), c = postings(k[0]), i; for (i = 1; i < k.length; i++) { c = intersect(c, postings(k[i])); } return c; }
    lg = e.length === 1 && !e[0][0] && e[0][1] === cs.length && !e[0][4] && e[0][3][0] && (on = cand(raw)).length < 10 ? e[0][3].filter(function (l) { return l && raw.indexOf(l) < 0; }) : [];
    if (!lg.length) { done([]); return; }
    need([].concat.apply([], lg.map(termKeys)), function () {
      var held = {}, later;
      lg.forEach(function (l) { cand(l).forEach(function (p) { held[p[0]] = 1; }); });
      later = on.some(function (p) { return held[p[0]]; }) ? [] : st.hits.splice(n);
      done(later.filter(function (h) { return fold(h.row[3].split('\n')[0]).indexOf(raw) < 0 || !st.hits.push(h); }));
    });
  }
  /* Exact, clean and thesaurus tiers for one query text (query.rs `tiers`). */
  function tiers(st, q, done) {
    var plan = understand(q), exact = [], i, n = st.hits.length, named = namedArticles(plan.clean), j = plan.joined;
    for (i = 0; i < plan.exact.length; i++) { exact.push([plan.exact[i]]); }
    /* Joined (刑法第266条): the law's name and the article apart first, amendments after. */
    st.am = j && plan.text.indexOf('修正案') < 0;
    search(st, j ? plan.clean : exact, false, j ? 'clean' : 'exact', function () {
      var clean = j ? exact : plan.clean.length && (plan.strong || !st.hits.length) ? plan.clean : [], m = st.hits.length;
      articlesFirst(st, n, named);
      search(st, clean, false, j ? 'exact' : 'clean', function () {
        articlesFirst(st, m, named);
        st.am = 0;
        need(bigramKeys(plan.text, plan.raw), function () {
          if (st.my !== gen) { return; }
          var th = thesaurusTerms(plan.text, plan.raw, false), ts = th[0], a, l, sentence;
          /* A sentence that found nothing as typed goes to the best-match ranking instead, also
             when one of its pieces is an everyday word (query.rs `tiers`). */
          sentence = !(th[1] && plan.text.indexOf(' ') < 0) && !st.hits.length && (plan.text.match(/[\u4e00-\u9fff]/g) || []).length >= RULES.sentence;
          if (!ts.length || !(th[1] || st.hits.length < 3) || sentence) { done(sentence); return; }
          a = alsoOf(ts);
          for (l = 0; l < a.length; l++) { if (st.also.indexOf(a[l]) < 0) { st.also.push(a[l]); } }
          inPassing(st, plan, n, function (later) {
            if (st.my !== gen) { return; }
            thesSearch(st, th, function () { st.hits = st.hits.concat(later); done(false); });
          });
        });
      });
    });
  }
  /* The page's second script, pufa-search-more.js (best match, respelling, near misses,
     everyday words in a sentence, partial matches): fetched only when a query finds nothing
     itself. */
  var moreCbs = null, moreApi = null;
  function more(cb) {
    var el, head;
    if (moreApi) { cb(moreApi); return; }
    if (moreCbs) { moreCbs.push(cb); return; }
    moreCbs = [cb];
    function loaded() {
      var cbs = moreCbs, i;
      if (!moreApi && window.pufaSearchMore) { moreApi = window.pufaSearchMore(K); }
      moreCbs = null;
      for (i = 0; i < cbs.length; i++) { cbs[i](moreApi); }
    }
    el = document.createElement('script');
    el.src = base + 'pufa-search-more.js';
    el.onload = loaded; el.onerror = loaded;
    head = document.getElementsByTagName('head')[0] || document.body;
    head.appendChild(el);
  }
  /* What pufa-search-more.js uses of this script. */
  var K = {
    need: need, data: data, chars: chars, search: search, tiers: tiers, thesaurusTerms: thesaurusTerms,
    thesSearch: thesSearch, alsoOf: alsoOf, hasTerm: hasTerm, gen: function () { return gen; },
    postings: postings, termKeys: termKeys, entriesIn: entriesIn, count: function (key) { var r = record(key); return r ? r[0] : 0; }, intersect: intersect, filters: filters, loadAll: loadAll,
    chunks: chunks, chunkUrl: chunkUrl, row: row, foldedDoc: foldedDoc, rules: RULES,
    docs: function () { return manifest.docs; }, amend: function () { return manifest.amend || []; }
  };
  /* Whether a query that found three pages may still be respelled (respell.rs
     `letters_absent`, `suspect_pieces`): letters on no page, or (16 CJK characters at most)
     three in a row with a pair on no page; shards loaded. */
  function odd(t) {
    var p = (t.match(/[\u4e00-\u9fff]/g) || []).length > 16 ? [] : t.match(/[\u4e00-\u9fff]{3,}/g) || [], i, j, c, k;
    for (i = 0; i < p.length; i++) { c = chars(p[i]); for (j = 1; j < c.length; j++) { if (!record(c[j - 1] + c[j])) { return true; } } }
    p = t.match(/[a-z]{2,}/g) || [];
    for (i = 0; i < p.length; i++) { k = termKeys(p[i]); for (c = postings(k[0]), j = 1; j < k.length; j++) { c = intersect(c, postings(k[j])); } if (!c.length) { return true; } }
    return false;
  }
  /* The whole query (query.rs `query_dir_full`): the tiers; when they find fewer than three
     pages, or may hold a slip or pinyin (`odd`), pufa-search-more.js respells pieces no page
     holds inside the query (respell.rs `inside`) or with evidence (`evident`), or goes on
     with best match, respelling …; calls done(st). */
  function answer(q, want, my, done) {
    var st = { hits: [], also: [], suggestion: null, seen: {}, want: Math.max(want, 3), my: my, raw: understand(q).raw };
    tiers(st, q, function (sentence) {
      if (st.hits.length >= 3 && !odd(understand(q).text)) { done(st); return; }
      more(function (M) {
        if (my !== gen) { return; }
        if (M) { M.inside(q, st, done, sentence); } else { done(st); }
      });
    });
  }

  /* ---- Results page ---- */
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  function findFrom(f, found, from) {
    var i, p;
    for (i = 0; i < found.length; i++) { p = f.indexOf(found[i], from); if (p >= 0) { return p; } }
    return -1;
  }
  /* Where an article a spelling names begins: a line starting with it, then a blank or the
     line's end (query.rs `heading_pos`); -1 if none. */
  var ARTICLE = /^第[0-9零一二三四五六七八九十百千]+条(之[0-9零一二三四五六七八九十百千]+)?$/;
  function headingPos(text, f, bodyStart, found) {
    var i, p, c;
    for (i = 0; i < found.length; i++) {
      if (!ARTICLE.test(found[i])) { continue; }
      for (p = f.indexOf(found[i], bodyStart); p >= 0; p = f.indexOf(found[i], p + 1)) {
        c = text.charAt(p + found[i].length);
        if ((p === 0 || text.charAt(p - 1) === '\n') && (c === '' || c === ' ' || c === '\n')) { return p; }
      }
    }
    return -1;
  }
  /* The anchors of the articles the query's terms name (query.rs `named_articles`). */
  function namedArticles(ts) {
    var out = [], i, j, m, a, sub;
    for (i = 0; i < ts.length; i++) {
      for (j = 0; j < ts[i].length; j++) {
        m = /^第([0-9]+)条(之(.+))?$/.exec(ts[i][j]);
        if (!m || !ARTICLE.test(ts[i][j])) { continue; }
        a = 'art-' + m[1];
        if (m[3] !== undefined) { sub = fromChinese(m[3]); if (sub === null) { continue; } a += '-' + sub; }
        if (out.indexOf(a) < 0) { out.push(a); }
      }
    }
    return out;
  }
  /* st.hits from n on with those that link to an article the query names first, in their
     order (query.rs `articles_first`). */
  function articlesFirst(st, n, named) {
    if (!named.length) { return; }
    var first = [], rest = [], i, h, bs;
    for (i = n; i < st.hits.length; i++) {
      h = st.hits[i]; bs = h.row[4] === undefined ? 0 : h.row[4];
      (named.indexOf(anchor(h.row[3], excerpt(h.row[3], bs, h.found, foldedDoc(h.id, h.row[3]))[1], bs)) >= 0 ? first : rest).push(h);
    }
    st.hits = st.hits.slice(0, n).concat(first, rest);
  }
  /* Excerpt around the first match of the spellings found: an article the query names, else
     from `at` (a long page's best passage) or the body when the match is there (query.rs
     `excerpt_at`, `match_pos`), with every spelling found marked. */
  function excerpt(text, bodyStart, found, f, at) {
    var titleEnd = text.indexOf('\n'), pos = -1, from, start, end, len, s, marks = [], i, j, k, h = '', last;
    if (titleEnd < 0) { titleEnd = text.length; }
    /* Offsets in UTF-16 units; bodyStart counts code points, equal for BMP text. */
    pos = headingPos(text, f, bodyStart, found);
    if (pos < 0 && at !== undefined && at !== null) { pos = findFrom(f, found, at); }
    if (pos < 0) { pos = findFrom(f, found, bodyStart); }
    if (pos < 0) { pos = findFrom(f, found, titleEnd); }
    if (pos < 0) { pos = findFrom(f, found, 0); }
    if (pos < 0) { pos = titleEnd; }
    len = 0;
    for (i = 0; i < found.length; i++) { if (f.substr(pos, found[i].length) === found[i]) { len = found[i].length; break; } }
    from = pos >= bodyStart ? bodyStart : pos >= titleEnd ? titleEnd + 1 : 0;
    from = Math.min(from, pos);
    start = Math.max(pos - 30, from);
    end = Math.min(pos + len + 70, text.length);
    for (i = 0; i < found.length; i++) {
      j = f.indexOf(found[i], start);
      while (j >= 0 && j < end) { marks.push([j, Math.min(j + found[i].length, end)]); j = f.indexOf(found[i], j + found[i].length); }
    }
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    last = start;
    for (k = 0; k < marks.length; k++) {
      if (marks[k][0] < last) { continue; }
      h += esc(text.substring(last, marks[k][0])) + '<mark>' + esc(text.substring(marks[k][0], marks[k][1])) + '</mark>';
      last = marks[k][1];
    }
    h += esc(text.substring(last, end));
    s = h.replace(/\n/g, ' ').replace(/^\s+|\s+$/g, '');
    return [(start > from ? '…' : '') + s + (end < text.length ? '…' : ''), pos];
  }
  var ART_NUM = '零一二三四五六七八九十百千';
  function cnRun(line, k) { while (k < line.length && ART_NUM.indexOf(line.charAt(k)) >= 0) { k++; } return k; }
  /* The article anchor of a match at pos (query.rs `article_anchor`). */
  function anchor(text, pos, bodyStart) {
    var end = Math.min(pos, text.length), n, lineStart, line, e, num, c, a, k, se, sub;
    for (n = 0; n < 12; n++) {
      lineStart = text.lastIndexOf('\n', end - 1) + 1;
      if (end === 0) { lineStart = 0; }
      if (lineStart < bodyStart) { return null; }
      line = text.substring(lineStart, text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart));
      if (line.charAt(0) === '第') {
        e = cnRun(line, 1); num = line.substring(1, e); c = line.charAt(e);
        if (c === '条') {
          a = fromChinese(num);
          if (a === null) { return null; }
          a = 'art-' + a; k = e + 1;
          if (line.charAt(k) === '之') {
            se = cnRun(line, k + 1); sub = fromChinese(line.substring(k + 1, se));
            if (sub === null) { return null; }
            a += '-' + sub; k = se;
          }
          return k >= line.length || line.charAt(k) === ' ' ? a : null;
        }
        if ((c === '章' || c === '节' || c === '编') && num) { return null; }
      }
      if (lineStart === 0) { return null; }
      end = lineStart - 1;
    }
    return null;
  }
  function kindName(k) { return kindNames[k] || k; }
  function say(html) { out.innerHTML = html; }
  function noResults(q) {
    return '<div class="pufa-search-empty"><p class="pufa-search-none">没有找到包含“' + esc(q) + '”的内容。</p>' +
      '<p>可以试试：换一个说法（比如“打人”换成“殴打”），少输几个字，或者只输入关键词。</p>' +
      (topicsHtml ? '<p>也可以按主题浏览：</p><div class="pufa-search-topics">' + topicsHtml + '</div>' : '') +
      '<p class="search-hotline">遇到法律问题，可拨打公共法律服务热线 <a class="tel" href="tel:' + esc(hotline) + '">' + esc(hotline) + '</a>，免费咨询。</p></div>';
  }
  /* data-q names the query whose results are shown (tests wait for it). */
  function render(q, st, my) {
    if (my !== gen) { return; }
    var h = [], i, r, meta, ex, hits = st.hits.slice(0, shown), more = st.hits.length > shown, partial = hits.length && (hits[0].tier === 'partial' || hits[0].tier === 'related'), link, an, tag, note;
    out.setAttribute('data-q', q);
    if (!hits.length) { say(noResults(q)); return; }
    if (st.suggestion !== null) { h.push('<p class="pufa-search-suggest">您是不是要找：<a href="?q=' + encodeURIComponent(st.suggestion) + '">' + esc(st.suggestion) + '</a>' + (st.hits.length && st.hits[0].tier === 'respelled' ? '（已按它搜索）' : '') + '</p>'); }
    if (chars(input.value).length > QMAX) { h.push('<p class="pufa-search-partial">问题太长，只按前 ' + QMAX + ' 个字搜索。</p>'); }
    if (partial) { h.push('<p class="pufa-search-partial">没有找到完全包含“' + esc(q) + '”的内容，下面是部分相关的结果。</p>'); }
    note = '';
    if (st.also.length) { note = '<span class="pufa-search-also">同时搜索了：' + esc(st.also.slice(0, 4).join('、')) + '</span>'; }
    h.push('<p class="pufa-search-count">找到' + (more ? '至少 ' : ' ') + hits.length + ' 条结果' + (note ? '；' + note : '') + '</p><ol class="pufa-search-list">');
    for (i = 0; i < hits.length; i++) {
      r = hits[i].row;
      ex = excerpt(r[3], r[4] === undefined ? 0 : r[4], hits[i].found.length ? hits[i].found : terms(q), foldedDoc(hits[i].id, r[3]), hits[i].at);
      an = anchor(r[3], ex[1], r[4] === undefined ? 0 : r[4]);
      link = r[0] + (an ? '#' + an : '');
      tag = r[2] ? '<span class="pufa-search-kind">' + esc(kindName(r[2])) + '</span>' : '';
      meta = r[1] && r[1] !== kindName(r[2]) ? '<small>' + esc(r[1]) + '</small>' : '';
      h.push('<li data-match="' + hits[i].tier + '"><a href="' + esc(link) + '">' + esc(r[3].split('\n')[0]) + '</a>' + tag +
        '<p>' + ex[0] + '</p>' + meta + '</li>');
    }
    h.push('</ol>');
    if (more) { h.push('<button type="button" id="pufa-search-more">更多结果</button>'); }
    say(h.join(''));
    var b = document.getElementById('pufa-search-more');
    if (b) { b.onclick = function () { shown += PAGE; run(); }; }
  }
  function run() {
    /* A pasted paragraph is searched by its first QMAX characters, as by `pufa search`. */
    var my = ++gen, q = chars(input.value).slice(0, QMAX).join('');
    if (!terms(q).length) { out.removeAttribute('data-q'); say(''); return; }
    if (!manifest) { say('<p>正在加载索引…</p>'); return; }
    answer(q, shown + 1, my, function (st) { render(q, st, my); });
  }
  function fillSelect(s, values, names) {
    var i, o;
    if (!s || !values || !values.length) { return; }
    if (!s.options.length) { o = document.createElement('option'); o.value = ''; o.text = '全部'; s.appendChild(o); }
    for (i = 0; i < values.length; i++) { o = document.createElement('option'); o.value = values[i]; o.text = names ? names(values[i]) : values[i]; s.appendChild(o); }
  }
  var FACET = { k: 'kind', l: 'law', t: 'topic' }, facets = null;
  /* The filter menus' values (facets.json), fetched when the filters are opened or the
     address asks for one: the first query does not wait for them. */
  function loadFacets(cb) {
    if (facets) { if (cb) { cb(); } return; }
    load(chunks, base + 'facets.json', false, function (f) {
      var k;
      if (!facets) {
        facets = f || {};
        for (k in sel) {
          if (sel.hasOwnProperty(k) && sel[k]) {
            fillSelect(sel[k], facets[FACET[k]], k === 'k' ? kindName : null);
            if (param(FACET[k])) { sel[k].value = param(FACET[k]); }
            sel[k].onchange = later;
          }
        }
      }
      if (cb) { cb(); }
    });
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
    var q = input.value;
    shown = PAGE; run();
    /* After the results are drawn: replacing the address is slow on a phone. */
    if (window.history && history.replaceState) { setTimeout(function () { history.replaceState(null, '', '?q=' + encodeURIComponent(q)); }, 0); }
    return false;
  };
  get(base + 'index.json', false, function (m) {
    if (!m || m.version !== 4) { say('<p>搜索索引加载失败，请稍后再试，或使用网站地图。</p>'); return; }
    manifest = m;
    var any = false, asked = false, k, s;
    for (k in sel) {
      if (sel.hasOwnProperty(k) && sel[k]) {
        s = sel[k];
        if (m.facets[FACET[k]]) { any = true; asked = asked || !!param(FACET[k]); } else { (s.parentNode && s.parentNode.tagName === 'P' ? s.parentNode : s).style.display = 'none'; }
      }
    }
    if (filterBox && any) {
      filterBox.removeAttribute('hidden');
      filterBox.ontoggle = function () { loadFacets(null); };
      k = filterBox.getElementsByTagName('summary')[0];
      if (k) { k.onclick = function () { loadFacets(null); }; }
    }
    if (param('q')) { input.value = param('q'); }
    function start() { if (input.value) { run(); } }
    if (asked) { if (filterBox) { filterBox.open = true; } loadFacets(start); } else { start(); }
  });
})();
