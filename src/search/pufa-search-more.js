/* pufa search, second script: what a query needs only when it finds nothing itself —
   the best-match ranking of a sentence (best.rs), pinyin and same-sound respelling, near
   misses, everyday words in a longer sentence and partial matches (query.rs `respell`,
   `near_miss`, `query_dir_full`). ES5 only. Loaded by
   pufa-search.js, which hands over what it shares (K). */
window.pufaSearchMore = function (K) {
  'use strict';
  var need = K.need, data = K.data, chars = K.chars, search = K.search, tiers = K.tiers,
    thesaurusTerms = K.thesaurusTerms, thesSearch = K.thesSearch, alsoOf = K.alsoOf, hasTerm = K.hasTerm;
  function pinyinWord(p) { var ws = data('\u0004' + p); return ws ? ws.split('|')[0] || null : null; }
  /* A vocabulary word sounding like w: as many characters, each changed one read the same
     way by the common reading of both (query.rs `sound_alike`): calls cb(word or null). */
  function soundAlike(w, cb) {
    var cs = chars(w), keys = [], i;
    for (i = 0; i < cs.length; i++) { if (!(cs[i] >= '\u4e00' && cs[i] <= '\u9fff')) { cb(null); return; } keys.push('\u0005' + cs[i]); }
    if (cs.length < 2 || cs.length > 8) { cb(null); return; }
    function common(c) { var rs = data('\u0005' + c); return rs === null ? null : rs.split('|')[0]; }
    need(keys, function () {
      var sp = '', i, x;
      for (i = 0; i < cs.length; i++) {
        x = common(cs[i]);
        if (x === null) { cb(null); return; }
        sp += x;
      }
      need(['\u0004' + sp], function () {
        var ws = data('\u0004' + sp), more = [], j, f;
        ws = ws === null ? [] : ws.split('|').filter(function (f) { return f !== w && chars(f).length === cs.length; });
        for (j = 0; j < ws.length; j++) { f = chars(ws[j]); for (i = 0; i < f.length; i++) { more.push('\u0005' + f[i]); } }
        need(more, function () {
          var j, f, ok;
          for (j = 0; j < ws.length; j++) {
            f = chars(ws[j]); ok = true;
            for (i = 0; i < cs.length; i++) { if (cs[i] !== f[i] && common(cs[i]) !== common(f[i])) { ok = false; } }
            if (ok) { cb(ws[j]); return; }
          }
          cb(null);
        });
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
      var found = [], i, j, ws, x, k, at;
      for (i = 0; i < keys.length; i++) {
        ws = data(keys[i]);
        if (ws === null) { continue; }
        ws = ws.split('|'); k = chars(keys[i].substring(1));
        for (j = 0; j < ws.length; j++) {
          /* Written against the key: empty for the key, else position and character (format.rs `near_code`). */
          at = Math.min(+ws[j].charAt(0), k.length);
          if (ws[j] === '') { ws[j] = k.join(''); } else if (at >= 0) { ws[j] = k.slice(0, at).join('') + ws[j].substring(1) + k.slice(at).join(''); }
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
    var words = text.split(' ').filter(function (w) { return w; }), latin, joined, pieces, outw = [], changed = false, idx = 0, runs, keys;
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
    function go() {
      if (latin) {
        if (joined.length < 2) { cb(null); return; }
        need(['\u0004' + joined], function () { var w = pinyinWord(joined); if (w !== null) { cb(w); } else { start(); } });
      } else { start(); }
    }
    /* Pinyin among characters (respell.rs): each run of letters read as pinyin. */
    runs = scriptRuns(words);
    if (runs.some(function (r) { return r[1]; }) && runs.some(function (r) { return !r[1]; })) {
      keys = runs.filter(function (r) { return r[1] && r[0].length >= 2; }).map(function (r) { return '\u0004' + r[0]; });
      need(keys, function () {
        var out = [], ch = false, i, w;
        for (i = 0; i < runs.length; i++) {
          w = runs[i][1] && runs[i][0].length >= 2 ? pinyinWord(runs[i][0]) : null;
          if (w !== null) { ch = true; out.push(w); } else { out.push(runs[i][0]); }
        }
        if (ch) { cb(out.join(' ')); } else { go(); }
      });
      return;
    }
    go();
  }
  /* The runs of letters and of other characters of words (respell.rs `script_runs`). */
  function scriptRuns(words) {
    var runs = [], i, j, cs, letter, last;
    for (i = 0; i < words.length; i++) {
      cs = chars(words[i]);
      for (j = 0; j < cs.length; j++) {
        letter = /^[a-z]$/.test(cs[j]); last = runs[runs.length - 1];
        if (last && last[1] === letter && (j > 0 || letter)) { last[0] += cs[j]; } else { runs.push([cs[j], letter]); }
      }
    }
    return runs;
  }
  /* ---- Best-match ranking (best.rs) ---- */
  var RULES = K.rules;
  function isAlnum(c) { return /^[0-9a-z]$/i.test(c); }
  /* Weights of a character pair, a character (of a short query, of a sentence), a thesaurus
     term and a background term. */
  var W_PAIR = 2, W_CHAR = 1, W_CHAR_SENTENCE = 2, W_THES = 8, W_BG = 4;
  /* The units of text and its loose thesaurus terms th (best.rs `units`): [{sp, w}]. */
  function units(text, th, sentence) {
    var out = [], seen = [], ws = text.split(' '), cjk = [], wi, cs, i, start, n, t;
    function push(sp, w) { if (!hasTerm(seen, sp)) { seen.push(sp); out.push({ sp: sp, w: w }); } }
    for (t = 0; t < th[0].length; t++) { push(th[0][t], th[2][t] ? W_BG : W_THES); }
    for (wi = 0; wi < ws.length; wi++) {
      cs = chars(ws[wi]); i = 0;
      while (i < cs.length) {
        if (isAlnum(cs[i])) {
          start = i;
          while (i < cs.length && isAlnum(cs[i])) { i++; }
          if (i - start >= 2) { push([cs.slice(start, i).join('')], W_PAIR); }
          continue;
        }
        n = cs[i + 1];
        if (n !== undefined && !isAlnum(n) && RULES.stop.indexOf(cs[i]) < 0 && RULES.stop.indexOf(n) < 0) { push([cs[i] + n], W_PAIR); }
        if (RULES.stop.indexOf(cs[i]) < 0 && cs[i] >= '\u4e00' && cs[i] <= '\u9fff') { cjk.push(cs[i]); }
        i++;
      }
    }
    for (i = 0; i < cjk.length; i++) { push([cjk[i]], sentence ? W_CHAR_SENTENCE : W_CHAR); }
    return out;
  }
  function idf(n, df) { return Math.floor(Math.log(1 + (n - df + 0.5) / (df + 0.5)) * 1000); }
  function sat(tf) { return Math.floor(tf * 14000 / (tf * 10 + 4)); }
  /* Qualified documents [{d, s}], the units in telling order and (a sentence) the documents
     that follow the qualified ones (best.rs `ranked`). */
  /* What an amendment's title holds, and the share of its score it keeps (best.rs
     `AMENDMENT`, `demote`): its articles quote the law it amends, the law in force answers. */
  var AMENDMENT = '\u4fee\u6b63\u6848', DEMOTE = 500;
  /* The pages whose title holds AMENDMENT, by id (query.rs `best_ranked`); shards loaded. */
  function amendments() {
    var ks = K.termKeys(AMENDMENT), cand = null, out = {}, k;
    for (k = 0; k < ks.length; k++) { cand = cand === null ? K.postings(ks[k]) : K.intersect(cand, K.postings(ks[k])); }
    for (k = 0; k < cand.length; k++) { if (cand[k][1] & 1) { out[cand[k][0]] = 1; } }
    return out;
  }
  function ranked(us, sentence, fs, amend) {
    /* Per page, in arrays indexed by page (a phone spends its time here: objects keyed by
       page were three times slower): score, weight held, units held, thesaurus terms held,
       the score they brought; and the best score of the current unit, stamped by unit. */
    var n = Math.max(K.docs(), 1), S = new Float64Array(n), H = new Float64Array(n), C = new Int32Array(n),
      T = new Int32Array(n), P = new Float64Array(n), B = new Float64Array(n), stamp = new Int32Array(n),
      touched = [], ulist, total = 0, scored = 0, issues = 0, telling = [], list = [], rest = [],
      ui, u, si, ks, cand, k, df, common, absent, uidf, cands, j, d, v, sc, allowed, share, c, w;
    for (ui = 0; ui < us.length; ui++) {
      u = us[ui]; cands = []; uidf = 0; common = true; absent = true;
      for (si = 0; si < u.sp.length; si++) {
        ks = K.termKeys(u.sp[si]); cand = null;
        /* A unit of one key that a third of the pages hold is left out below: its count
           says so without reading its postings (most of the time on a phone). */
        if (u.sp.length === 1 && ks.length === 1 && K.count(ks[0]) * 3 > n) { cand = []; df = K.count(ks[0]); } else {
          for (k = 0; k < ks.length; k++) { cand = cand === null ? K.postings(ks[k]) : K.intersect(cand, K.postings(ks[k])); }
          df = cand.length;
        } common = common && df * 3 > n; absent = absent && df === 0;
        v = idf(n, df); uidf = Math.max(uidf, v); cands.push([cand, v]);
      }
      if (common) { continue; }
      /* In a sentence, a pair no page holds often spans two words: it counts half. */
      issues += u.w === W_THES ? 1 : 0;
      total += sentence && absent ? Math.floor(u.w * uidf / 2) : u.w * uidf; scored++;
      telling.push([u.w * uidf, ui]);
      ulist = [];
      for (si = 0; si < cands.length; si++) {
        c = cands[si][0]; v = cands[si][1];
        for (j = 0; j < c.length; j++) {
          d = c[j][0];
          sc = Math.floor(v * sat(Math.max(c[j][1] >> 1, 1)) / 1000);
          if (stamp[d] !== ui + 1) { stamp[d] = ui + 1; B[d] = sc; ulist.push(d); } else if (B[d] < sc) { B[d] = sc; }
        }
      }
      w = u.w;
      for (j = 0; j < ulist.length; j++) {
        d = ulist[j];
        if (!C[d]) { touched.push(d); }
        S[d] += w * B[d]; H[d] += w * uidf; C[d]++;
        if (w === W_THES) { T[d]++; P[d] += w * B[d]; }
      }
    }
    for (si = 0; si < fs.length; si++) {
      allowed = new Uint8Array(n); j = K.postings(fs[si]);
      for (k = 0; k < j.length; k++) { allowed[j[k][0]] = 1; }
      touched = touched.filter(function (d) { return allowed[d] === 1; });
    }
    share = sentence ? 3 : 2;
    /* Qualified pages first, then (a sentence) those holding two units or a thesaurus term. */
    for (j = 0; j < touched.length; j++) {
      d = touched[j];
      /* The thesaurus terms' part counts again in the share of them held (best.rs). */
      sc = S[d] + Math.floor(P[d] * T[d] / Math.max(issues, 1));
      if (amend[d]) { sc = Math.floor(sc * DEMOTE / 1000); }
      if (H[d] * share >= total && (C[d] >= 2 || T[d] > 0 || scored === 1)) { list.push({ d: d, s: sc }); } else if (sentence && (C[d] >= 2 || T[d] > 0)) { rest.push({ d: d, s: sc }); }
    }
    list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    rest.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    telling.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return [list, telling.map(function (t) { return t[1]; }), rest];
  }
  /* The best-match search (query.rs `best_search`): appends hits (tier related), then done().
     part 'first': the qualified documents, then those that follow them if any qualified;
     'rest': only those that follow (the ranking is kept in st.best); 'all': both. */
  function best(st, text, sentence, th, part, done) {
    var us = units(text, th, sentence), keys = [], fs = K.filters(), i, j, demoting;
    if (!us.length || st.hits.length >= st.want) { done(); return; }
    for (i = 0; i < us.length; i++) { for (j = 0; j < us[i].sp.length; j++) { keys = keys.concat(K.termKeys(us[i].sp[j])); } }
    /* Amendments rank lower unless the query names one. */
    demoting = text.indexOf(AMENDMENT) < 0;
    if (demoting) { keys = keys.concat(K.termKeys(AMENDMENT)); }
    need(keys.concat(fs), function () {
      if (st.my !== K.gen()) { return; }
      var r = st.best || (st.best = ranked(us, sentence, fs, demoting ? amendments() : {})), order = r[1], at = 0,
        list = part === 'rest' ? r[2] : part === 'first' && !r[0].length ? [] : r[0].concat(r[2]);
      function step() {
        if (st.my !== K.gen()) { return; }
        var batch = [], urls = [], b;
        while (at + batch.length < list.length && batch.length < st.want - st.hits.length) { batch.push(list[at + batch.length]); }
        if (!batch.length) { done(); return; }
        for (b = 0; b < batch.length; b++) { urls.push(K.chunkUrl(batch[b].d)); }
        K.loadAll(K.chunks, urls, false, function () {
          var b, row, f, found, o, s;
          for (b = 0; b < batch.length && st.hits.length < st.want; b++) {
            at++;
            if (st.seen[batch[b].d]) { continue; }
            row = K.row(batch[b].d);
            if (!row) { continue; }
            f = K.foldedDoc(batch[b].d, row[3]); found = [];
            for (o = 0; o < order.length; o++) {
              for (s = 0; s < us[order[o]].sp.length; s++) {
                if (f.indexOf(us[order[o]].sp[s]) >= 0 && found.indexOf(us[order[o]].sp[s]) < 0) { found.push(us[order[o]].sp[s]); }
              }
            }
            if (!found.length) { continue; }
            /* Single characters only when nothing longer is found (best.rs). */
            if (found.some(function (x) { return chars(x).length > 1; })) { found = found.filter(function (x) { return chars(x).length > 1; }); }
            st.seen[batch[b].d] = 1;
            st.hits.push({ row: row, id: batch[b].d, tier: 'related', found: found });
          }
          step();
        });
      }
      step();
    });
  }
  /* The best-match search with the loose thesaurus terms of text; sets st.also (query.rs). */
  function bestOf(st, text, sentence, part, done) {
    var th = thesaurusTerms(text, st.raw, true);
    st.also = alsoOf(th[0]);
    best(st, text, sentence, th, part, done);
  }
  /* After the exact, cleaned and thesaurus searches found nothing: calls done(st). A sentence
     goes to the best-match ranking first, other queries after respelling. */
  function rest(st, text, my, done, sentence) {
    if (sentence) {
      bestOf(st, text, true, 'first', function () { if (st.hits.length) { done(st); } else { rest2(st, text, my, done, true); } });
    } else { rest2(st, text, my, done, false); }
  }
  function rest2(st, text, my, done, sentence) {
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
      /* The best-match ranking; for a sentence, the pages that follow the qualified ones (none
         qualified before respelling). */
      function bestAfter() {
        bestOf(st, text, sentence, sentence ? 'rest' : 'all', function () { if (st.hits.length) { done(st); } else { loose(); } });
      }
      /* Everyday words in a longer sentence (query.rs, after respelling). */
      function loose() {
        var th = thesaurusTerms(text, st.raw, true);
        if (!th[0].length) { partial(); return; }
        st.also = alsoOf(th[0]);
        thesSearch(st, th, function () { if (st.hits.length) { done(st); } else { partial(); } });
      }
      if (s === null) { bestAfter(); return; }
      st.also = [];
      tiers(st, s, function () {
        var i;
        for (i = 0; i < st.hits.length; i++) { st.hits[i].tier = 'respelled'; }
        st.suggestion = s;
        if (st.hits.length) { done(st); } else { st.suggestion = null; bestAfter(); }
      });
    });
  }
  return { rest: rest };
};
