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
  /* The numerals of cs, in order (respell.rs `numerals`): a near miss never changes one. */
  function nums(cs) { return cs.filter(function (c) { return NUMERALS.indexOf(c) >= 0; }).join(''); }
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
    var keys = nearKeys(w);
    if (keys === null) { cb(null); return; }
    need(keys, function () { var f = nearFound(w, keys); cb(f.length ? f[0] : null); });
  }
  /* The word of four characters that w (two CJK characters) abbreviates (respell.rs `abbreviated`): cb(word or null). */
  function abbreviated(w, cb) {
    var cs = chars(w), k = '\u0006' + w;
    if (cs.length !== 2 || !isCjk(cs[0]) || !isCjk(cs[1])) { cb(null); return; }
    need([k], function () {
      var ws = (data(k) || '').split('|'), i, x;
      for (i = 0; i < ws.length; i++) { x = chars(ws[i]); if (x.length === 4 && x[0] === cs[0] && x[2] === cs[1]) { cb(ws[i]); return; } }
      cb(null);
    });
  }
  /* The near-miss keys of w, null when it has none (query.rs `near_miss`). */
  function nearKeys(w) {
    var cs = chars(w), keys = [], i, d;
    for (i = 0; i < cs.length; i++) { if (!(cs[i] >= '\u4e00' && cs[i] <= '\u9fff')) { return null; } }
    if (cs.length < 3 || cs.length > 8) { return null; }
    keys.push('\u0006' + w);
    for (i = 0; i < cs.length; i++) { d = '\u0006' + cs.slice(0, i).concat(cs.slice(i + 1)).join(''); if (keys.indexOf(d) < 0) { keys.push(d); } }
    return keys;
  }
  /* The words one slip away from w, best first (query.rs `near_misses`); keys loaded. */
  function nearFound(w, keys) {
    var cs = chars(w), found = [], i, j, ws, x, k, at;
    for (i = 0; i < keys.length; i++) {
      ws = data(keys[i]);
      if (ws === null) { continue; }
      ws = ws.split('|'); k = chars(keys[i].substring(1));
      for (j = 0; j < ws.length; j++) {
        /* Written against the key: empty for the key, else position and character (format.rs `near_code`). */
        at = Math.min(+ws[j].charAt(0), k.length);
        if (ws[j] === '') { ws[j] = k.join(''); } else if (at >= 0) { ws[j] = k.slice(0, at).join('') + ws[j].substring(1) + k.slice(at).join(''); }
        x = chars(ws[j]);
        if (ws[j] !== w && x.length >= 3 && oneSlip(cs, x) && nums(cs) === nums(x) && found.indexOf(ws[j]) < 0) { found.push(ws[j]); }
      }
    }
    found.sort(function (a, b) { return Math.abs(chars(a).length - cs.length) - Math.abs(chars(b).length - cs.length) || (a < b ? -1 : a > b ? 1 : 0); });
    return found;
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
      if (latin) { need(['\u0004' + w], function () { got(pinyinWord(w)); }); } else { soundAlike(w, function (f) { if (f !== null) { got(f); } else { nearMiss(w, function (g) { if (g !== null) { got(g); } else { abbreviated(w, got); } }); } }); }
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
  /* ---- Respelling inside a query (respell.rs `inside`) ---- */
  /* pufa-search.js's query understanding, folding and punctuation (kept out of K: the first
     script is what every query downloads). */
  var understand = window.pufaSearch.understand,
    BLANKS = /[\u0000-\u0020\u007F\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;
  /* q folded (pufa-search.js `fold`), punctuation as blanks (`isPunct`), blanks single. */
  function plain(q) {
    var cs = chars(q.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(BLANKS, ' ').replace(/[A-Z]+/g, function (c) { return c.toLowerCase(); })), r = K.rules.punct, i, j, u;
    for (i = 0; i < cs.length; i++) {
      u = cs[i].length === 1 ? cs[i].charCodeAt(0) : -1;
      for (j = 0; j < r.length; j++) { if (r[j][0] <= u && u <= r[j][1]) { cs[i] = ' '; } }
    }
    return cs.join('').split(' ').filter(function (w) { return w; }).join(' ');
  }
  var UNITS = { tiao: '条', kuan: '款', xiang: '项', zhang: '章', jie: '节', bian: '编' };
  function readings(c) { var rs = data('\u0005' + c); return rs === null ? [] : rs.split('|').filter(function (x) { return x; }); }
  function commonReading(c) { var rs = data('\u0005' + c); return rs === null ? null : rs.split('|')[0]; }
  function pinyinWords(p) { var ws = data('\u0004' + p); return ws === null ? [] : ws.split('|').filter(function (w) { return w; }); }
  function isCjk(c) { return c >= '\u4e00' && c <= '\u9fff'; }
  /* The text of toks[a..b], blank between words. */
  function span(toks, a, b) {
    var s = '', i;
    for (i = a; i < b; i++) { if (i > a && toks[i - 1][2] !== toks[i][2]) { s += ' '; } s += toks[i][0]; }
    return s;
  }
  /* The neighbouring characters of letter token k in its word: [char, first] (respell.rs `glued`). */
  function neighbours(toks, k) {
    var r = [], t = toks[k];
    if (k > 0 && toks[k - 1][1] === 'c' && toks[k - 1][2] === t[2]) { r.push([chars(toks[k - 1][0]).pop(), true]); }
    if (k + 1 < toks.length && toks[k + 1][1] === 'c' && toks[k + 1][2] === t[2]) { r.push([chars(toks[k + 1][0])[0], false]); }
    return r;
  }
  /* The windows of the CJK tokens respell.rs `inside` looks at (absent, the whole token or
     around a character alone), as [token, start, length, window]. */
  function windows(toks) {
    var r = [], i, n, s, cs, al, fr;
    for (i = 0; i < toks.length; i++) {
      if (toks[i][1] !== 'c') { continue; }
      cs = chars(toks[i][0]); al = alone(cs); fr = free(cs, keptOf(cs));
      for (n = 4; n >= 2; n--) { for (s = 0; s + n <= cs.length; s++) { if (looked(cs, al, fr, s, n, toks)) { r.push([i, s, n, cs.slice(s, s + n).join('')]); } } }
    }
    return r;
  }
  /* Whether respell.rs `inside` looks at the window cs[s..s+n]. */
  function looked(cs, al, fr, s, n, toks) {
    var gap = false, q, f = false, a = false, c = 0, i;
    for (i = 0; i < toks.length; i++) { if (toks[i][1] === 'c') { c += chars(toks[i][0]).length; } }
    if (c > LONG) { return false; }
    for (q = s; q + 1 < s + n; q++) { gap = gap || (!K.count(cs[q] + cs[q + 1]) && (fr[q] || fr[q + 1])); }
    for (q = s; q < s + n; q++) { f = f || fr[q]; a = a || (al[q] && fr[q]); }
    return f && (n === cs.length || (n === 4 && gap) || a) && !cuts(wordStarts(cs), s, s + n) && !present(cs.slice(s, s + n).join(''));
  }
  var LONG = 10;
  /* Characters of everyday words of the thesaurus in cs (respell.rs `kept`). */
  function keptOf(cs) {
    var kept = [], x;
    K.entriesIn(cs, function () { return true; }).forEach(function (e) { for (x = e[0]; x < e[0] + e[1]; x++) { kept[x] = true; } });
    return kept;
  }
  /* The characters of cs that may be a slip (respell.rs `free`). */
  function free(cs, kept) { return cs.map(function (c, p) { return !kept[p] && K.rules.stop.indexOf(c) < 0 && NUMERALS.indexOf(c) < 0; }); }
  /* The characters of cs that make no pair pages hold with either neighbour. */
  function alone(cs) {
    var r = [], p, q, a;
    for (p = 0; p < cs.length; p++) {
      a = cs.length >= 2;
      for (q = p - 1; q <= p; q++) { if (q >= 0 && q + 1 < cs.length && K.count(cs[q] + cs[q + 1]) > 0) { a = false; } }
      r.push(a);
    }
    return r;
  }
  /* The near-miss keys of a window: only its own for three characters (a character added). */
  function winNearKeys(w, n) { return n === 3 ? ['\u0006' + w] : nearKeys(w) || []; }
  /* The words sounding like w (respell.rs `sound_alikes`), records loaded; null when w is a
     word of the vocabulary itself. */
  function soundAlikes(w) {
    var cs = chars(w), sp = '', i, x, ws, out = [], j, f, ok;
    for (i = 0; i < cs.length; i++) { x = commonReading(cs[i]); if (x === null) { return []; } sp += x; }
    ws = data('\u0004' + sp);
    if (ws === null) { return []; }
    ws = ws.split('|');
    if (ws.indexOf(w) >= 0) { return null; }
    for (j = 0; j < ws.length; j++) {
      if (ws[j] === w) { continue; }
      f = chars(ws[j]);
      if (f.length !== cs.length) { continue; }
      ok = true;
      for (i = 0; i < cs.length; i++) { if (cs[i] !== f[i] && commonReading(cs[i]) !== commonReading(f[i])) { ok = false; } }
      if (ok) { out.push(ws[j]); }
    }
    return out;
  }
  function changesKept(cs, kept, s, f) { var fs = chars(f), i; for (i = 0; i < fs.length; i++) { if (fs[i] !== cs[s + i] && kept[s + i]) { return true; } } return false; }
  function slips(a, b) { var x = chars(a), y = chars(b), n = 0, i; for (i = 0; i < x.length; i++) { n += x[i] !== y[i] ? 1 : 0; } return n; }
  /* Whether the character of cs[s..] that f changes looks like a slip (respell.rs `slipped`). */
  function slipped(cs, s, f) {
    var fs = chars(f), i, p, q, a;
    for (i = 0; i < fs.length; i++) {
      p = s + i; a = cs[p];
      if (a === fs[i]) { continue; }
      if (K.rules.stop.indexOf(a) >= 0 || NUMERALS.indexOf(a) >= 0) { return false; }
      for (q = p - 1; q <= p; q++) { if (q >= 0 && q + 1 < cs.length && K.count(cs[q] + cs[q + 1]) > 0) { return false; } }
      if (K.count(a) >= K.count(fs[i])) { return false; }
    }
    /* Of a pair, the character kept makes no pair that pages hold with its other neighbour. */
    if (fs.length === 2) {
      for (i = 0; i < 2; i++) {
        p = s + i;
        if (cs[p] !== fs[i]) { continue; }
        q = i === 0 ? p - 1 : p;
        if (q >= 0 && q + 1 < cs.length && K.count(cs[q] + cs[q + 1]) > 0) { return false; }
      }
    }
    return true;
  }
  var NUMERALS = '零一二三四五六七八九十百千万两几';
  function spelled(w) { var cs = chars(w), sp = '', i, x; for (i = 0; i < cs.length; i++) { x = commonReading(cs[i]); if (x === null) { return null; } sp += x; } return sp; }
  /* Runs of one class (l letters, d digits, c CJK, o other) in the words of text:
     [run, class, word] (respell.rs `inside`). */
  function tokens(text) {
    var ws = text.split(' ').filter(function (w) { return w; }), r = [], i, j, cs, k, last;
    for (i = 0; i < ws.length; i++) {
      cs = chars(ws[i]);
      for (j = 0; j < cs.length; j++) {
        k = /^[a-z]$/.test(cs[j]) ? 'l' : /^[0-9]$/.test(cs[j]) ? 'd' : isCjk(cs[j]) ? 'c' : 'o';
        last = r[r.length - 1];
        if (last && last[1] === k && last[2] === i) { last[0] += cs[j]; } else { r.push([cs[j], k, i]); }
      }
    }
    return r;
  }
  /* Whether some page may hold w (respell.rs `present`); its shards loaded. */
  function present(w) {
    var ks = K.termKeys(w), c = null, i;
    for (i = 0; i < ks.length; i++) { c = c === null ? K.postings(ks[i]) : K.intersect(c, K.postings(ks[i])); }
    return c !== null && c.length > 0;
  }
  /* What follows the tiers of query q (their answer st) when they found fewer than three pages
     (query.rs `query_dir_full`): when a piece of q is on no page (a run of letters or of at
     most four characters, a pair of characters), q respelled inside (respell.rs `inside`) is
     answered first (tier respelled), then the tiers of q as typed for pages not found yet;
     else what follows the tiers (query.rs `after_tiers`). Calls done(st). */
  function answerInside(q, st, done, sentence) {
    var my = st.my, text = understand(q).text, runs = text.match(/[a-z]{2,}|[\u4e00-\u9fff]{2,}/g) || [], keys = [], i, j, cs;
    function typed() { if (st.hits.length) { done(st); } else { rest(st, text, my, done, sentence); } }
    /* Slips by evidence (respell.rs `evident`) when nothing else was respelled. */
    function evidentThen() {
      evident(q, text, function (r) {
        if (my !== K.gen()) { return; }
        /* Weak evidence answers first too when the tiers found nothing (query.rs). */
        if (r === null || r[1] || !st.hits.length) { withFixed(r && r[0]); } else { weakThen(r[0]); }
      });
    }
    /* Weak evidence (query.rs), when the tiers found pages: the query as typed first, then
       the respelled query's pages not found yet; the page asks 您是不是要找. */
    function weakThen(fixed) {
      function after(st) {
        if (st.suggestion !== null) { done(st); return; }
        function fin() { st.suggestion = fixed; done(st); }
        if (st.hits.length >= st.want) { fin(); return; }
        answerOne(fixed, st.want - st.hits.length, my, function (b) {
          var i;
          for (i = 0; i < b.hits.length; i++) { b.hits[i].tier = 'respelled'; st.hits.push(b.hits[i]); }
          fin();
        }, st.seen);
      }
      if (st.hits.length) { after(st); } else { rest(st, text, my, after, sentence); }
    }
    function withFixed(fixed) {
      if (fixed === null) { typed(); return; }
      answerOne(fixed, st.want, my, function (a) {
        var i, t;
        for (i = 0; i < a.hits.length; i++) { a.hits[i].tier = 'respelled'; }
        if (a.hits.length && a.suggestion === null) { a.suggestion = fixed; }
        if (a.hits.length >= a.want) { done(a); return; }
        t = { hits: [], also: [], suggestion: null, seen: a.seen, want: a.want, my: my, raw: understand(q).raw };
        tiers(t, q, function () {
          var i;
          a.hits = a.hits.concat(t.hits);
          for (i = 0; i < t.also.length; i++) { if (a.also.indexOf(t.also[i]) < 0) { a.also.push(t.also[i]); } }
          done(a);
        });
      });
    }
    for (i = 0; i < runs.length; i++) {
      keys = keys.concat(K.termKeys(runs[i]));
      /* The thesaurus records of its pairs (words typed on purpose, respell.rs `word_starts`). */
      for (j = 0, cs = chars(runs[i]); j + 1 < cs.length; j++) { keys.push('\u0003' + cs[j] + cs[j + 1]); }
    }
    need(keys, function () {
      if (my !== K.gen()) { return; }
      /* Three pages found: only a run of letters on no page is read as pinyin (query.rs). */
      if (st.hits.length >= 3 ? !lettersAbsent(text) : runs.every(function (w) {
        var cs = chars(w), j;
        if (cs.length <= 4 || /[a-z]/.test(w)) { return present(w); }
        for (j = 0; j + 1 < cs.length; j++) { if (!K.count(cs[j] + cs[j + 1])) { return false; } }
        return true;
      })) { evidentThen(); return; }
      respellInside(q, tokens(text), function (fixed) {
        if (my !== K.gen()) { return; }
        if (fixed === null) { evidentThen(); } else { withFixed(fixed); }
      });
    });
  }
  /* Whether a run of two letters or more of text is on no page (respell.rs `letters_absent`);
     shards loaded. */
  function lettersAbsent(text) { return (text.match(/[a-z]{2,}/g) || []).some(function (w) { return !present(w); }); }
  var LONG_EVIDENT = 16, EVIDENCE = 2;
  function maySlip(c) { return K.rules.stop.indexOf(c) < 0 && NUMERALS.indexOf(c) < 0; }
  /* The pieces where respell.rs `evident` looks for a slip (`suspect_pieces`): [cs, gap];
     shards of their pairs loaded. */
  function suspectPieces(text) {
    var out = [], ps = (text.match(/[\u4e00-\u9fff]/g) || []).length > LONG_EVIDENT ? [] : text.match(/[\u4e00-\u9fff]{2,}/g) || [], i, cs, gap, q, any;
    for (i = 0; i < ps.length; i++) {
      cs = chars(ps[i]); gap = []; any = false;
      for (q = 0; q + 1 < cs.length; q++) { gap.push(!K.postings(cs[q] + cs[q + 1]).length); }
      for (q = 0; q < gap.length; q++) { any = any || (gap[q] && (maySlip(cs[q]) || maySlip(cs[q + 1]))); }
      if (any) { out.push([cs, gap]); }
    }
    return out;
  }
  /* The pairs of cs that start a word of the thesaurus, [start, 2] (respell.rs `word_starts`). */
  function wordStarts(cs) { var r = [], p; for (p = 0; p + 1 < cs.length; p++) { if (data('\u0003' + cs[p] + cs[p + 1]) !== null) { r.push([p, 2]); } } return r; }
  /* Whether the window s..e is one of words or takes part of one (respell.rs `cuts`). */
  function cuts(words, s, e) { return words.some(function (w) { return w[0] < e && s < w[0] + w[1] && !(s <= w[0] && w[0] + w[1] <= e && w[1] < e - s); }); }
  /* Whether w is a word of the thesaurus (respell.rs `everyday`); its record loaded. */
  function thesForm(w) { var c = chars(w); return c[0] + c.slice(1).filter(function (x) { return x !== '\u4e86' && x !== '\u7684'; }).join(''); }
  function everyday(w) {
    var k = thesForm(w), rec = data('\u0003' + chars(k).slice(0, 2).join(''));
    return rec !== null && rec.split('\n').some(function (l) { return l.split('\t')[0] === k; });
  }
  /* The windows respell.rs `evident` looks at, [piece, start, length, window]. */
  function evidentWindows(pieces) {
    var r = [], i, n, s, cs, gap, words, q, g;
    for (i = 0; i < pieces.length; i++) {
      cs = pieces[i][0]; gap = pieces[i][1];
      words = K.entriesIn(cs, function () { return true; }).map(function (e) { return [e[0], e[1]]; }).concat(wordStarts(cs));
      /* Two characters only at a piece's start (醉架要坐牢吗), into an everyday word. */
      for (n = 4; n >= 2; n--) {
        for (s = 0; s + n <= cs.length && !(n === 2 && s > 0); s++) {
          for (g = false, q = s; q + 1 < s + n; q++) { g = g || gap[q]; }
          if (g && !cuts(words, s, s + n)) { r.push([i, s, n, cs.slice(s, s + n).join('')]); }
        }
      }
    }
    return r;
  }
  /* Slips by evidence (respell.rs `evident`): cb([the query respelled, whether the evidence
     is strong], or null). Loads what it
     reads in rounds (pairs and thesaurus records, readings, pinyin, then the candidates'). */
  function evident(q, text, cb) {
    var ps = text.match(/[\u4e00-\u9fff]{2,}/g) || [], keys = [], i, j, cs;
    for (i = 0; i < ps.length; i++) {
      cs = chars(ps[i]);
      for (j = 0; j + 1 < cs.length; j++) { keys.push(cs[j] + cs[j + 1], '\u0003' + cs[j] + cs[j + 1]); }
    }
    need(keys, function () {
      var pieces = suspectPieces(text), wins = evidentWindows(pieces), keys = [], i;
      if (!wins.length) { cb(null); return; }
      for (i = 0; i < wins.length; i++) { keys = keys.concat(chars(wins[i][3]).map(function (c) { return '\u0005' + c; })); }
      need(keys, function () {
        var keys = [], i, sp;
        for (i = 0; i < wins.length; i++) { sp = spelled(wins[i][3]); if (sp !== null) { keys.push('\u0004' + sp); } }
        need(keys, function () {
          var keys = [], i, j, ws, f;
          for (i = 0; i < wins.length; i++) {
            ws = spelledWords(wins[i][3]);
            for (j = 0; j < ws.length; j++) {
              f = chars(ws[j]);
              keys = keys.concat(f.map(function (c) { return '\u0005' + c; }), K.termKeys(ws[j]), ['\u0003' + chars(thesForm(ws[j])).slice(0, 2).join('')]);
            }
          }
          need(keys, function () { cb(evidentFixed(q, pieces, wins)); });
        });
      });
    });
  }
  /* respell.rs `evident` on loaded records. */
  function evidentFixed(q, pieces, wins) {
    var fixes = [], found = [], covered = [], strong = true, i, j, w, fs, f, n, s, cs, gap, changed, x, p, c, held, ok;
    for (i = 0; i < pieces.length; i++) { covered.push([]); found.push([]); }
    for (i = 0; i < wins.length; i++) {
      p = wins[i][0]; s = wins[i][1]; n = wins[i][2]; w = wins[i][3]; cs = pieces[p][0]; gap = pieces[p][1];
      if (covered[p].slice(s, s + n).some(function (c) { return c; })) { continue; }
      fs = soundAlikes(w);
      if (fs === null) { continue; }
      for (j = 0, f = null; j < fs.length && f === null; j++) {
        c = chars(fs[j]); changed = [];
        for (x = 0; x < n; x++) { if (c[x] !== cs[s + x]) { changed.push(x); } }
        ok = changed.length <= (n === 4 ? 2 : 1) && !changed.some(function (x) { return NUMERALS.indexOf(cs[s + x]) >= 0 || (n < 4 && !maySlip(cs[s + x])); });
        for (x = s, held = false; x + 1 < s + n; x++) { held = held || (gap[x] && (changed.indexOf(x - s) >= 0 || changed.indexOf(x + 1 - s) >= 0)); }
        if (!ok || !held) { continue; }
        if (n > 2 && presentCount(fs[j]) >= EVIDENCE) { f = fs[j]; } else if (n !== 3 && everyday(fs[j])) {
          /* One character changed into a pair that pages hold: a slip in a word of the statutes. */
          x = changed[0];
          held = changed.length === 1 && ((x > 0 && K.postings(c[x - 1] + c[x]).length >= EVIDENCE) || (x + 1 < n && K.postings(c[x] + c[x + 1]).length >= EVIDENCE));
          f = fs[j]; strong = strong && (held || n === 2);
        }
      }
      if (f !== null) { for (x = s; x < s + n; x++) { covered[p][x] = true; } found[p].push([s, w, f]); }
    }
    for (i = 0; i < found.length; i++) {
      found[i].sort(function (a, b) { return a[0] - b[0]; });
      for (j = 0; j < found[i].length; j++) { fixes.push([found[i][j][1], found[i][j][2]]); }
    }
    x = fixes.length ? applyFixes(q, fixes) : null;
    return x === null ? null : [x, strong];
  }
  /* The words of the pinyin record spelled like w (loaded), or none. */
  function spelledWords(w) {
    var sp = spelled(w), ws = sp === null ? null : data('\u0004' + sp);
    return ws === null ? [] : ws.split('|');
  }
  /* How many pages may hold w (respell.rs: `spelling_candidates`); its shards loaded. */
  function presentCount(w) {
    var ks = K.termKeys(w), c = null, i;
    for (i = 0; i < ks.length; i++) { c = c === null ? K.postings(ks[i]) : K.intersect(c, K.postings(ks[i])); }
    return c === null ? 0 : c.length;
  }
  /* The answer to q without respelling inside it (query.rs `answer_one`): calls done(st). */
  function answerOne(q, want, my, done, seen) {
    var plan = understand(q), st = { hits: [], also: [], suggestion: null, seen: seen || {}, want: want, my: my, raw: plan.raw };
    tiers(st, q, function (sentence) { if (st.hits.length) { done(st); } else { rest(st, plan.text, my, done, sentence); } });
  }
  /* The query with the pieces no page holds respelled, or null: cb(text or null). Loads what
     respell.rs `inside` reads in three rounds, then follows it step by step. */
  function respellInside(q, toks, cb) {
    var keys = [], wins = windows(toks), i, j, k, p, nb;
    for (i = 0; i < toks.length; i++) {
      if (toks[i][1] !== 'l') { continue; }
      for (j = i + 1; j <= toks.length && toks[j - 1][1] === 'l'; j++) { p = ''; for (k = i; k < j; k++) { p += toks[k][0]; } keys.push('\u0004' + p); }
      nb = neighbours(toks, i);
      for (j = 0; j < nb.length; j++) { keys.push('\u0005' + nb[j][0]); }
    }
    for (i = 0; i < wins.length; i++) {
      for (j = 0, p = chars(wins[i][3]); j < p.length; j++) { keys.push('\u0005' + p[j]); }
      if (wins[i][2] >= 3 && wins[i][2] === chars(toks[wins[i][0]][0]).length) { keys = keys.concat(winNearKeys(wins[i][3], wins[i][2])); }
    }
    need(keys, function () {
      var keys2 = [], i, j, r, nb, sp;
      for (i = 0; i < toks.length; i++) {
        if (toks[i][1] !== 'l') { continue; }
        nb = neighbours(toks, i);
        for (j = 0; j < nb.length; j++) { r = readings(nb[j][0]); for (k = 0; k < r.length; k++) { keys2.push('\u0004' + (nb[j][1] ? r[k] + toks[i][0] : toks[i][0] + r[k])); } }
      }
      for (i = 0; i < wins.length; i++) { sp = spelled(wins[i][3]); if (sp !== null) { keys2.push('\u0004' + sp); } }
      need(keys2, function () {
        var keys3 = [], i, j, ws, f;
        for (i = 0; i < wins.length; i++) {
          ws = spelledWords(wins[i][3]);
          for (j = 0; j < ws.length; j++) { f = chars(ws[j]); keys3 = keys3.concat(f.map(function (c) { return '\u0005' + c; }), K.termKeys(ws[j]), f, chars(wins[i][3])); }
          if (wins[i][2] >= 3 && wins[i][2] === chars(toks[wins[i][0]][0]).length) { ws = nearFound(wins[i][3], winNearKeys(wins[i][3], wins[i][2])); for (j = 0; j < ws.length; j++) { keys3 = keys3.concat(K.termKeys(ws[j])); } }
        }
        need(keys3, function () { cb(fixed(q, toks)); });
      });
    });
  }
  /* respell.rs `inside` on loaded records. */
  function fixed(q, toks) {
    var fixes = [], i = 0, end, k, j, p, w, taken, t, di, u, cs, covered, found, n, s, x, fs, absent, al, kept, fr;
    while (i < toks.length) {
      if (toks[i][1] === 'l') {
        for (end = i + 1; end < toks.length && toks[end][1] === 'l'; end++) { /* the run */ }
        absent = false;
        for (k = i; k < end; k++) { if (toks[k][0].length >= 2 && !present(toks[k][0])) { absent = true; } }
        if (!absent) { i = end; continue; }
        k = i;
        while (k < end) {
          taken = false;
          for (j = end; j > k; j--) {
            p = ''; for (x = k; x < j; x++) { p += toks[x][0]; }
            if (p.length < 2) { continue; }
            w = pinyinWord(p);
            if (w !== null) { fixes.push([span(toks, k, j), w]); k = j; taken = true; break; }
          }
          if (taken) { continue; }
          t = toks[k];
          if (UNITS.hasOwnProperty(t[0]) && k > 0 && toks[k - 1][1] === 'd') {
            di = k >= 2 && toks[k - 2][1] === 'l' && toks[k - 2][0] === 'di';
            fixes = fixes.filter(function (f) { return !(di && f[0] === 'di'); });
            fixes.push([span(toks, k - (di ? 2 : 1), k + 1), (di ? '第' : '') + toks[k - 1][0] + UNITS[t[0]]]);
            k++; continue;
          }
          if (t[0].length >= 2) { u = glued(toks, k); if (u) { fixes.push(u); } else if (!present(t[0])) { fixes.push([t[0], '']); } }
          k++;
        }
        i = end;
      } else if (toks[i][1] === 'c') {
        cs = chars(toks[i][0]); covered = []; found = []; al = alone(cs);
        /* Characters of everyday words of the thesaurus are typed on purpose (respell.rs). */
        kept = keptOf(cs); fr = free(cs, kept);
        for (n = 4; n >= 2; n--) {
          for (s = 0; s + n <= cs.length; s++) {
            if (covered.slice(s, s + n).some(function (c) { return c; })) { continue; }
            w = cs.slice(s, s + n).join('');
            if (!looked(cs, al, fr, s, n, toks)) { continue; }
            /* A word of the vocabulary itself is no slip (订金 beside 定金). */
            fs = soundAlikes(w);
            if (fs === null) { continue; }
            u = null;
            for (j = 0; j < fs.length; j++) { if (slips(w, fs[j]) <= (n === 4 ? 2 : 1) && !changesKept(cs, kept, s, fs[j]) && (n === 4 || slipped(cs, s, fs[j])) && present(fs[j])) { u = fs[j]; break; } }
            /* Else, for a whole piece, a word of four characters or more one slip away (respell.rs). */
            if (u === null && n >= 3 && n === cs.length && !kept.some(function (k) { return k; })) {
              fs = nearFound(w, winNearKeys(w, n));
              for (j = 0; j < fs.length; j++) { if (chars(fs[j]).length >= 4 && present(fs[j])) { u = fs[j]; break; } }
            }
            if (u !== null) { for (x = s; x < s + n; x++) { covered[x] = true; } found.push([s, w, u]); }
          }
        }
        found.sort(function (a, b) { return a[0] - b[0]; });
        for (j = 0; j < found.length; j++) { fixes.push([found[j][1], found[j][2]]); }
        i++;
      } else { i++; }
    }
    if (fixes.every(function (f) { return f[1] === ''; })) { return null; }
    return applyFixes(q, fixes);
  }
  /* The folded query with fixes [from, to] made in order, or null (respell.rs `apply`). */
  function applyFixes(q, fixes) {
    var s = plain(q), x = 0, taken = false, j, p;
    for (j = 0; j < fixes.length; j++) {
      p = s.indexOf(fixes[j][0], x);
      if (p >= 0) { s = s.substring(0, p) + fixes[j][1] + s.substring(p + fixes[j][0].length); x = p + fixes[j][1].length; taken = true; }
    }
    s = s.split(' ').filter(function (w) { return w; }).join(' ');
    return taken && s ? s : null;
  }
  function glued(toks, k) {
    var nb = neighbours(toks, k), t = toks[k], i, r, j, ws, m, c, first;
    for (i = 0; i < nb.length; i++) {
      c = nb[i][0]; first = nb[i][1]; r = readings(c);
      for (j = 0; j < r.length; j++) {
        ws = pinyinWords(first ? r[j] + t[0] : t[0] + r[j]);
        for (m = 0; m < ws.length; m++) {
          if ((first ? chars(ws[m])[0] === c : chars(ws[m]).pop() === c) && chars(ws[m]).length >= 2) { return [first ? c + t[0] : t[0] + c, ws[m]]; }
        }
      }
    }
    return null;
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
  /* The law prior (best.rs `LAW_TOP`, `LAW_KEEP`, `unconsulted`): among the first LAW_TOP
     pages of a best-match list, a page of a law citizens seldom consult keeps LAW_KEEP / 1000
     of its score. CONSULTED is rules.json `consulted`, filled in by `pufa build`. */
  var LAW_TOP = 10, LAW_KEEP = 900, CONSULTED = /*CONSULTED*/null, PRC = '\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd';
  function unconsulted(text) {
    var words = text.split('\n')[0].split(' '), law = words[0], named = law.indexOf(PRC) === 0;
    if (named) { law = law.substring(PRC.length); } else { named = words.length > 1 && words[1].charAt(0) === '\u7b2c'; }
    return named && law.charAt(law.length - 1) === '\u6cd5' && (CONSULTED || []).indexOf(law) < 0;
  }
  /* A page of more than PASSAGES_ALONE passages counts its best one too, and its hit links
     there (best.rs `passages`, `passage_key`): [key, where the passage starts or null]. A
     passage is an article from its 第…条 line to the next heading; the body where there is
     no article. */
  var PASSAGES_ALONE = 3, HEAD = /^\u7b2c[\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343]+([\u6761\u7ae0\u8282\u7f16])/;
  function passages(text, bodyStart) {
    var lines = [], out = [], s = Math.min(bodyStart, text.length), e, m, i, art = false;
    while (s < text.length) {
      e = text.indexOf('\n', s);
      if (e < 0) { e = text.length; }
      m = HEAD.exec(text.substring(s, e));
      lines.push([s, e, m ? m[1] : null]);
      art = art || (m !== null && m[1] === '\u6761');
      s = e + 1;
    }
    if (!art) { return lines.length ? [[lines[0][0], text.length]] : []; }
    for (i = 0; i < lines.length; i++) { if (out.length && lines[i][2] === null) { out[out.length - 1][1] = lines[i][1]; } else { out.push([lines[i][0], lines[i][1]]); } }
    return out;
  }
  function passageKey(score, text, f, bodyStart, us, idfs) {
    var ps = passages(text, bodyStart), te = text.indexOf('\n'), title, best = 0, at, i, u, s, held, p, m;
    if (ps.length <= PASSAGES_ALONE) { return [score, null]; }
    title = f.substring(0, te < 0 ? f.length : te);
    for (i = 0; i < ps.length; i++) {
      p = f.substring(ps[i][0], ps[i][1]); held = 0;
      for (u = 0; u < us.length; u++) {
        for (s = 0, m = 0; idfs[u] && s < us[u].sp.length; s++) { if ((p.indexOf(us[u].sp[s]) >= 0 || title.indexOf(us[u].sp[s]) >= 0) && idfs[u][s] > m) { m = idfs[u][s]; } }
        held += us[u].w * m;
      }
      if (held > best) { best = held; at = ps[i][0]; }
    }
    return [score + best, at === undefined ? ps[0][0] : at];
  }
  /* The pages whose title holds AMENDMENT, by id (the manifest's amend, reader.rs `amendments`). */
  function amendments() {
    var ids = K.amend(), out = {}, k;
    for (k = 0; k < ids.length; k++) { out[ids[k]] = 1; }
    return out;
  }
  function ranked(us, sentence, fs, amend) {
    /* Per page, in arrays indexed by page (a phone spends its time here: objects keyed by
       page were three times slower): score, weight held, units held, thesaurus terms held,
       the score they brought; and the best score of the current unit, stamped by unit. */
    var n = Math.max(K.docs(), 1), S = new Float64Array(n), H = new Float64Array(n), C = new Int32Array(n),
      T = new Int32Array(n), P = new Float64Array(n), B = new Float64Array(n), stamp = new Int32Array(n),
      touched = [], ulist, total = 0, scored = 0, issues = 0, telling = [], list = [], rest = [], idfs = [],
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
      idfs[ui] = cands.map(function (c) { return c[1]; });
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
    /* In a sentence, once a page qualifies, those that follow rank with it by score (best.rs). */
    if (sentence && list.length) { list = list.concat(rest); rest = []; }
    list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    rest.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    telling.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return [list, telling.map(function (t) { return t[1]; }), rest, idfs];
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
    need(keys.concat(fs), function () {
      if (st.my !== K.gen()) { return; }
      var r = st.best || (st.best = ranked(us, sentence, fs, demoting ? amendments() : {})), order = r[1], at = 0,
        parts = part === 'rest' ? [r[2]] : part === 'first' && !r[0].length ? [] : [r[0], r[2]], list = [];
      /* The next list (query.rs calls best_search once for each), its first LAW_TOP pages not
         found yet ranked again by the law prior (best.rs `law_prior`). */
      function next() {
        if (!parts.length || st.hits.length >= st.want) { done(); return; }
        var l = parts.shift(), top = [], k = 0, urls = [], b;
        while (k < l.length && top.length < LAW_TOP) { if (!st.seen[l[k].d]) { top.push({ d: l[k].d, s: l[k].s }); } k++; }
        for (b = 0; b < top.length; b++) { urls.push(K.chunkUrl(top[b].d)); }
        K.loadAll(K.chunks, urls, false, function () {
          if (st.my !== K.gen()) { return; }
          var b, row, x;
          for (b = 0; b < top.length; b++) {
            row = K.row(top[b].d);
            if (!row) { continue; }
            x = passageKey(top[b].s, row[3], K.foldedDoc(top[b].d, row[3]), row[4] === undefined ? 0 : row[4], us, r[3]);
            top[b].s = x[0]; top[b].at = x[1];
            if (unconsulted(row[3])) { top[b].s = Math.floor(top[b].s * LAW_KEEP / 1000); }
          }
          top.sort(function (x, y) { return y.s - x.s || x.d - y.d; });
          list = top.concat(l.slice(k)); at = 0;
          step();
        });
      }
      function step() {
        if (st.my !== K.gen()) { return; }
        var batch = [], urls = [], b;
        while (at + batch.length < list.length && batch.length < st.want - st.hits.length) { batch.push(list[at + batch.length]); }
        if (!batch.length) { next(); return; }
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
            st.hits.push({ row: row, id: batch[b].d, tier: 'related', found: found, at: batch[b].at });
          }
          step();
        });
      }
      next();
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
  return { rest: rest, inside: answerInside };
};
