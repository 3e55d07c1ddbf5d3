/* pufa search, second script: what a query needs only when it finds nothing itself —
   pinyin and same-sound respelling, near misses, everyday words in a longer sentence and
   partial matches (query.rs `respell`, `near_miss`, `query_dir_full`). ES5 only. Loaded by
   pufa-search.js, which hands over what it shares (K). */
window.pufaSearchMore = function (K) {
  'use strict';
  var need = K.need, data = K.data, chars = K.chars, search = K.search, tiers = K.tiers,
    thesaurusTerms = K.thesaurusTerms, thesSearch = K.thesSearch, alsoOf = K.alsoOf, hasTerm = K.hasTerm;
  function pinyinWord(p) { var ws = data('\u0004' + p); return ws ? ws.split('|')[0] || null : null; }
  /* A vocabulary word sounding like w (query.rs `sound_alike`): calls cb(word or null). */
  function soundAlike(w, cb) {
    var cs = chars(w), keys = [], i;
    for (i = 0; i < cs.length; i++) { if (!(cs[i] >= '\u4e00' && cs[i] <= '\u9fff')) { cb(null); return; } keys.push('\u0005' + cs[i]); }
    if (cs.length < 2 || cs.length > 8) { cb(null); return; }
    need(keys, function () {
      var sp = [''], i, j, k, rs, next, parts;
      for (i = 0; i < keys.length; i++) {
        rs = data(keys[i]);
        if (rs === null) { cb(null); return; }
        parts = rs.split('|'); next = [];
        for (j = 0; j < sp.length; j++) { for (k = 0; k < parts.length; k++) { if (next.length < 16) { next.push(sp[j] + parts[k]); } } }
        sp = next;
      }
      var pk = [];
      for (i = 0; i < sp.length; i++) { pk.push('\u0004' + sp[i]); }
      need(pk, function () {
        var f;
        for (i = 0; i < sp.length; i++) { f = pinyinWord(sp[i]); if (f !== null && f !== w) { cb(f); return; } }
        cb(null);
      });
    });
  }
  /* Whether a becomes b (code point arrays) by one edit (query.rs `one_slip`). */
  function oneSlip(a, b) {
    var d = [], i, s, l;
    if (a.length === b.length) {
      for (i = 0; i < a.length; i++) { if (a[i] !== b[i]) { d.push(i); } }
      return d.length === 1 || (d.length === 2 && d[1] === d[0] + 1 && a[d[0]] === b[d[1]] && a[d[1]] === b[d[0]]);
    }
    s = a.length < b.length ? a : b; l = a.length < b.length ? b : a;
    if (l.length !== s.length + 1) { return false; }
    for (i = 0; i < s.length && s[i] === l[i]; i++) { /* common start */ }
    return s.slice(i).join('') === l.slice(i + 1).join('');
  }
  /* A vocabulary word one slip away from w (query.rs `near_miss`): calls cb(word or null). */
  function nearMiss(w, cb) {
    var cs = chars(w), keys = [], i, d;
    for (i = 0; i < cs.length; i++) { if (!(cs[i] >= '\u4e00' && cs[i] <= '\u9fff')) { cb(null); return; } }
    if (cs.length < 3 || cs.length > 8) { cb(null); return; }
    keys.push('\u0006' + w);
    for (i = 0; i < cs.length; i++) { d = '\u0006' + cs.slice(0, i).concat(cs.slice(i + 1)).join(''); if (keys.indexOf(d) < 0) { keys.push(d); } }
    need(keys, function () {
      var found = [], i, j, ws, x;
      for (i = 0; i < keys.length; i++) {
        ws = data(keys[i]);
        if (ws === null) { continue; }
        ws = ws.split('|');
        for (j = 0; j < ws.length; j++) {
          x = chars(ws[j]);
          if (ws[j] !== w && x.length >= 3 && oneSlip(cs, x) && found.indexOf(ws[j]) < 0) { found.push(ws[j]); }
        }
      }
      found.sort(function (a, b) { return Math.abs(chars(a).length - cs.length) - Math.abs(chars(b).length - cs.length) || (a < b ? -1 : a > b ? 1 : 0); });
      cb(found.length ? found[0] : null);
    });
  }
  /* The query read as pinyin or respelled by sound (query.rs `respell`): cb(text or null). */
  function respell(text, cb) {
    var words = text.split(' ').filter(function (w) { return w; }), latin, joined, pieces, outw = [], changed = false, idx = 0;
    if (!words.length) { cb(null); return; }
    latin = words.every(function (w) { return /^[a-z]+$/.test(w); });
    joined = words.join('');
    function pieceStep() {
      if (idx >= pieces.length) { cb(changed ? outw.join(' ') : null); return; }
      var i = idx++, w = pieces[i];
      function got(f) {
        if (i === 0 && words.length > 1 && !latin) { if (f !== null) { cb(f); return; } pieceStep(); return; }
        if (f !== null && f !== w) { changed = true; outw.push(f); } else { outw.push(w); }
        pieceStep();
      }
      if (latin) { need(['\u0004' + w], function () { got(pinyinWord(w)); }); } else { soundAlike(w, function (f) { if (f !== null) { got(f); } else { nearMiss(w, got); } }); }
    }
    function start() {
      pieces = words.length > 1 && !latin ? [joined].concat(words) : words.slice();
      pieceStep();
    }
    if (latin) {
      if (joined.length < 2) { cb(null); return; }
      need(['\u0004' + joined], function () { var w = pinyinWord(joined); if (w !== null) { cb(w); } else { start(); } });
    } else { start(); }
  }
  /* After the exact, cleaned and thesaurus searches found nothing: calls done(st). */
  function rest(st, text, my, done) {
    respell(text, function (s) {
      if (my !== K.gen()) { return; }
      function partial() {
        var ws = text.split(' '), grams = [], i, j, cs, k;
        st.also = [];
        for (i = 0; i < ws.length; i++) {
          cs = chars(ws[i]);
          for (j = 0; j + 1 < cs.length; j++) { k = cs[j] + cs[j + 1]; if (!/[0-9a-z]/i.test(k) && !hasTerm(grams, [k])) { grams.push([k]); } }
        }
        if (grams.length < 2) { done(st); return; }
        search(st, grams, true, 'partial', function () { done(st); });
      }
      /* Everyday words in a longer sentence (query.rs, after respelling). */
      function loose() {
        var th = thesaurusTerms(text, true);
        if (!th[0].length) { partial(); return; }
        st.also = alsoOf(th[0]);
        thesSearch(st, th, function () { if (st.hits.length) { done(st); } else { partial(); } });
      }
      if (s === null) { loose(); return; }
      st.also = [];
      tiers(st, s, function () {
        var i;
        for (i = 0; i < st.hits.length; i++) { st.hits[i].tier = 'respelled'; }
        st.suggestion = s;
        if (st.hits.length) { done(st); } else { st.suggestion = null; loose(); }
      });
    });
  }
  return { rest: rest };
};
