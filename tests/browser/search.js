// The search page in real headless Chromium, typed into like a reader would.
//
//   node search.js BASE_URL CONTENT_DIR   BASE_URL is where the built demo site is served,
//                                        CONTENT_DIR its content/ folder
//
// Truth comes from the built pages, not from the search index: every page listed in
// sitemap.xml whose <body class> is a page kind (`kind-…`) and that is not a section (a
// folder of CONTENT_DIR with an _index.md: the index holds pages) is parsed; its searchable text
// is its title (h1), its meta description and its article text (`.prose`), with a line break
// after every block element as the indexer does. A query's truth is the set of pages whose
// folded text contains the folded query.
//
// 1. On the search page each query is typed key by key; the results (all of them, pressing
//    “更多结果” until it goes) must be exactly the truth pages, titled with their h1, and every
//    excerpt must highlight the query with <mark>.
// 2. A word on no page shows the “没有找到” message.
// 3. The kind and law filters narrow a query to the truth pages of that kind / law.
// 4. Query time in the page after the index manifest is loaded: submit → results drawn, for
//    a query whose shards still have to be fetched (local server) and for the same query
//    again. Reported, not asserted (machines differ).
// 5. With JavaScript disabled the page says search needs JavaScript and links the site map.
// Prints what it checked; exits 1 on any failure. Run by tests/it/browser.rs from `cargo test`.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

if (!process.argv[3]) {
  console.error('usage: node search.js BASE_URL CONTENT_DIR [SENTENCES_JSON]');
  process.exit(2);
}
const base = new URL(process.argv[2].replace(/\/?$/, '/')).href;
// Addresses of sections (default paths: the folder's path below content/).
const sections = new Set();
(function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(dir, e.name), rel + e.name + '/');
    else if (e.name === '_index.md') sections.add(base + rel);
  }
})(process.argv[3], '');
const QUERIES = ['正当防卫', '民法典', '12348', '劳动'];
const NOWHERE = '量子纠缠';
const failures = [];
function fail(msg) { failures.push(msg); console.log(`FAIL ${msg}`); }
setTimeout(() => { console.log('FAIL search checks took over 5 minutes; giving up'); process.exit(1); }, 5 * 60 * 1000).unref();

// Same folding as the indexer (src/search/normalize.rs): full-width ASCII to ASCII, ASCII
// upper case to lower case, every blank to a space.
function fold(s) {
  let r = '';
  for (const ch of s) {
    let c = ch.codePointAt(0);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    const blank = c <= 32 || c === 127 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
      c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0x3000 || c === 0xFEFF;
    if (blank) c = 32; else if (c >= 65 && c <= 90) c += 32;
    r += String.fromCodePoint(c);
  }
  return r;
}

// Parses every page in the browser (DOMParser: no scripts, no sub-resources) into
// { url, title, kind, laws, text }.
async function pagesOf(tab) {
  const map = await (await fetch(base + 'sitemap.xml')).text();
  const urls = [...map.matchAll(/<loc>([^<]+)<\/loc>/g)].map(m => m[1].replace(/&amp;/g, '&'));
  if (urls.length < 20) fail(`sitemap.xml lists only ${urls.length} addresses`);
  const pages = [];
  for (const url of urls) {
    if (!url.startsWith(base)) { fail(`sitemap address outside the site: ${url}`); continue; }
    if (sections.has(url)) continue;
    const r = await fetch(url);
    if (r.status !== 200) { fail(`${url}: status ${r.status}`); continue; }
    const html = await r.text();
    const p = await tab.evaluate(html => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const kind = (doc.body.className.match(/\bkind-([\w-]+)/) || [])[1];
      if (!kind) return null;
      const blocks = 'p,div,br,li,ul,ol,h1,h2,h3,h4,h5,h6,tr,table,section,article,blockquote,pre,hr,dt,dd,header,footer,figure,figcaption,aside,nav,main';
      doc.querySelectorAll(blocks).forEach(e => e.after('\n'));
      doc.querySelectorAll('td,th').forEach(e => e.after(' '));
      doc.querySelectorAll('script,style,template').forEach(e => e.remove());
      const h1 = doc.querySelector('h1');
      const desc = doc.querySelector('meta[name=description]');
      const laws = [];
      doc.querySelectorAll('.tags .tag-row').forEach(row => {
        const dt = row.querySelector('dt');
        if (dt && dt.textContent.trim() === '相关法律') row.querySelectorAll('dd').forEach(dd => laws.push(dd.textContent.trim()));
      });
      const parts = [h1 ? h1.textContent : '', desc ? desc.getAttribute('content') : ''];
      doc.querySelectorAll('.prose').forEach(e => parts.push(e.textContent));
      return { title: h1 ? h1.textContent.trim() : '', kind, laws, text: parts.join('\n') };
    }, html);
    if (p) pages.push({ url, ...p, folded: fold(p.text).replace(/ +/g, ' ') });
  }
  return pages;
}

const results = tab => tab.evaluate(() => {
  const out = document.getElementById('pufa-search-results');
  return {
    q: out.getAttribute('data-q'),
    none: (out.querySelector('.pufa-search-none') || {}).textContent || null,
    more: !!document.getElementById('pufa-search-more'),
    also: (out.querySelector('.pufa-search-also') || {}).textContent || null,
    suggest: (out.querySelector('.pufa-search-suggest') || {}).textContent || null,
    hits: [...out.querySelectorAll('.pufa-search-list > li')].map(li => ({
      url: li.querySelector('a').href.replace(/#.*$/, ''),
      href: li.querySelector('a').href,
      height: li.querySelector('a').getBoundingClientRect().height,
      match: li.getAttribute('data-match'),
      title: li.querySelector('a').textContent,
      marks: [...li.querySelectorAll('p mark')].map(m => m.textContent),
    })),
  };
});

// Waits until the results of query `q` are drawn, then presses “更多结果” until all are shown.
async function allResults(tab, q) {
  await tab.waitForFunction(q => document.getElementById('pufa-search-results').getAttribute('data-q') === q,
    { timeout: 10000 }, q);
  let r = await results(tab);
  while (r.more) {
    const n = r.hits.length;
    await tab.click('#pufa-search-more');
    await tab.waitForFunction(n => document.querySelectorAll('.pufa-search-list > li').length > n, { timeout: 10000 }, n);
    r = await results(tab);
  }
  return r;
}

// The filter menus are filled when they are opened (facets.json is not part of a first query).
async function openFilters(tab) {
  await tab.waitForSelector('#pufa-search-filters:not([hidden]) summary', { timeout: 10000 });
  await tab.click('#pufa-search-filters summary');
  await tab.waitForFunction(() => document.querySelectorAll('#pufa-search-kind option').length > 1, { timeout: 10000 });
}
async function typeQuery(tab, q) {
  await tab.evaluate(() => {
    const input = document.getElementById('pufa-search-input');
    input.value = '';
    document.getElementById('pufa-search-results').removeAttribute('data-q');
  });
  await tab.focus('#pufa-search-input');
  await tab.keyboard.type(q, { delay: 40 });
  return allResults(tab, q);
}

function same(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

// The pages found by exact matching (the query as typed); pages found another way (an everyday
// word's legal terms …) must all come after them.
function expectHits(where, r, truth) {
  const n = r.hits.findIndex(h => h.match !== 'exact');
  const exact = n < 0 ? r.hits : r.hits.slice(0, n);
  if (n >= 0 && r.hits.slice(n).some(h => h.match === 'exact')) fail(`${where}: exact results after other results`);
  r = { ...r, hits: exact };
  const got = r.hits.map(h => h.url).sort();
  const want = truth.map(p => p.url).sort();
  if (!same(got, want)) {
    fail(`${where}: results ≠ pages containing it\n  got  ${got.join(' ')}\n  want ${want.join(' ')}`);
    return false;
  }
  const titles = new Map(truth.map(p => [p.url, p.title]));
  for (const h of r.hits) {
    if (h.title.trim() !== titles.get(h.url)) fail(`${where}: result ${h.url} titled “${h.title}”, the page says “${titles.get(h.url)}”`);
  }
  return true;
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 360, height: 740 });
    await tab.goto(base, { waitUntil: 'domcontentloaded' });
    const pages = await pagesOf(tab);
    console.log(`search truth: ${pages.length} pages parsed from sitemap.xml (${sections.size} sections left out)`);

    const errors = [];
    tab.on('pageerror', e => errors.push(String(e)));
    await tab.goto(base + 'search/', { waitUntil: 'networkidle0' });
    await openFilters(tab);

    for (const q of QUERIES) {
      const truth = pages.filter(p => p.folded.includes(fold(q)));
      if (truth.length === 0) { fail(`${q}: no page contains it; pick another query`); continue; }
      const r = await typeQuery(tab, q);
      if (expectHits(`search ${q}`, r, truth)) console.log(`search ${q}: ${r.hits.filter(h => h.match === 'exact').length} exact results = the ${truth.length} pages containing it (${r.hits.length} in all)`);
      for (const h of r.hits.filter(h => h.match === 'exact')) {
        if (!h.marks.some(m => fold(m) === fold(q))) fail(`search ${q}: excerpt of ${h.url} has no <mark>${q}</mark> (marks: ${h.marks.join(',')})`);
      }
    }

    // A word on no page.
    if (pages.some(p => p.folded.includes(NOWHERE))) fail(`${NOWHERE} is on a page; pick another word`);
    const none = await typeQuery(tab, NOWHERE);
    if (none.hits.length || !none.none || !none.none.includes(NOWHERE)) {
      fail(`search ${NOWHERE}: expected the no-results message, got ${none.hits.length} results, message ${none.none}`);
    } else console.log(`search ${NOWHERE}: “${none.none.trim()}”`);
    const empty = await tab.evaluate(() => {
      const e = document.querySelector('.pufa-search-empty');
      return e && { topics: [...e.querySelectorAll('.pufa-search-topics a')].map(a => a.href), tel: [...e.querySelectorAll('a[href^="tel:"]')].map(a => a.textContent) };
    });
    if (!empty || empty.topics.length < 3 || !empty.tel.includes('12348')) fail(`search ${NOWHERE}: no topic links or 12348 with the no-results message: ${JSON.stringify(empty)}`);
    else console.log(`search ${NOWHERE}: ${empty.topics.length} topic links and the 12348 hotline offered`);

    // Queries the way citizens type them: typos with the same sound, pinyin, questions with
    // voice-input punctuation, Arabic article numbers and everyday words. A relevant page (one
    // whose text holds one of the legal terms given) must be among the first three results.
    const EVERYDAY = [
      ['正挡防卫', ['正当防卫'], { suggest: '正当防卫' }],
      ['zhengdangfangwei', ['正当防卫'], { suggest: '正当防卫' }],
      // Near misses: one character wrong (not by sound), two characters swapped.
      ['正当防御', ['正当防卫'], { suggest: '正当防卫' }],
      ['正防当卫', ['正当防卫'], { suggest: '正当防卫' }],
      ['dian xin zha pian', ['电信诈骗', '电信网络诈骗'], { suggest: '电信诈骗' }],
      // An abbreviation on no page: the word of four characters it shortens.
      ['行拘', ['行政拘留'], { suggest: '行政拘留' }],
      // A slip or pinyin inside a longer query: the respelled query is searched first.
      ['正当放卫的条件', ['正当防卫'], { suggest: '正当防卫的条件' }],
      ['遗瞩要公证吗', ['遗嘱'], { suggest: '遗嘱要公证吗' }],
      ['吸du违法吗', ['吸毒'], { suggest: '吸毒违法吗' }],
      ['xiaofeizhe quanyi baohufa 55 tiao', ['第五十五条'], { suggest: '消费者权益保护法 55条', anchor: 'art-55' }],
      // A slip with evidence, respelled although the query as typed finds three pages; the
      // pinyin of a common word of the statutes.
      ['工商保险是单位交还是自己交', ['工伤保险'], { suggest: '工伤保险是单位交还是自己交' }],
      ['不给老人善养费', ['赡养费'], { suggest: '不给老人赡养费' }],
      ['nianling', ['年龄'], { suggest: '年龄' }],
      ['什么是正当防卫？', ['正当防卫']],
      ['冷静期？', ['冷静期']],
      ['民法典第1077条', ['第一千零七十七条'], { anchor: 'art-1077' }],
      ['第 1077 条', ['第一千零七十七条'], { anchor: 'art-1077' }],
      // A law's short name as people say it; the page that holds the article, linked to it.
      ['道交法第91条', ['第九十一条'], { anchor: 'art-91' }],
      ['消法第55条', ['第五十五条'], { anchor: 'art-55' }],
      ['刑法第236条', ['第二百三十六条'], { anchor: 'art-236' }],
      ['家暴', ['家庭暴力'], { also: '家庭暴力' }],
      ['酒驾', ['饮酒后驾驶', '醉酒驾驶'], { also: '饮酒后驾驶' }],
      ['醉驾', ['醉酒驾驶', '危险驾驶']],
      ['高空抛物', ['高空抛物', '抛掷物品']],
      ['借钱不还', ['借款', '民间借贷']],
      ['彩礼', ['彩礼', '借婚姻索取财物']],
      ['离婚冷静期', ['冷静期', '撤回离婚登记申请']],
      ['噪音扰民', ['噪声']],
      ['养狗', ['饲养的动物', '饲养动物']],
      ['老人被骗', ['诈骗']],
      ['被狗咬了怎么办', ['饲养的动物', '饲养动物']],
      ['老板不发工资怎么办', ['劳动报酬', '工资']],
      // Sentences that find nothing as typed: the best-match ranking (tier related).
      ['儿子不给我生活费', ['赡养费', '赡养']],
      ['楼上邻居天天吵得睡不着怎么办', ['噪声']],
    ];
    let good = 0;
    for (const [q, want, opt = {}] of EVERYDAY) {
      const rel = new Set(pages.filter(p => want.some(w => p.folded.includes(w))).map(p => p.url));
      if (!rel.size) { fail(`${q}: no page holds ${want.join('/')}; pick another query`); continue; }
      const r = await typeQuery(tab, q);
      const top = r.hits.slice(0, 3);
      const ok = top.some(h => rel.has(h.url));
      good += ok ? 1 : 0;
      if (!ok) fail(`search ${q}: no page with ${want.join('/')} in the first three (${top.map(h => h.url).join(' ') || 'no results'})`);
      if (opt.suggest && !(r.suggest || '').includes(`您是不是要找：${opt.suggest}`)) fail(`search ${q}: no “您是不是要找：${opt.suggest}” (${r.suggest})`);
      if (opt.also && !(r.also || '').includes(`同时搜索了：`) || opt.also && !(r.also || '').includes(opt.also)) fail(`search ${q}: the page does not say “同时搜索了：${opt.also}” (${r.also})`);
      if (opt.anchor && !(top[0] && top[0].href.endsWith('#' + opt.anchor))) fail(`search ${q}: first result ${top[0] && top[0].href} does not link #${opt.anchor}`);
      for (const h of r.hits) if (h.height < 44) fail(`search ${q}: result link ${h.url} is ${h.height}px tall (< 44)`);
      console.log(`search ${q}: ${ok ? 'relevant page in the first three' : 'NOT FOUND'} (${r.hits.length} results${r.suggest ? '; ' + r.suggest.trim() : ''}${r.also ? '; ' + r.also.trim() : ''})`);
    }
    console.log(`everyday queries: ${good} of ${EVERYDAY.length} with a relevant page in the first three`);

    // Sentences ranked by the page as by `pufa search --json` (the file given third, written by
    // tests/it/browser.rs): the same pages in the same order, found the same way.
    if (process.argv[4]) {
      const expected = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
      for (const { q, hits, how: kind } of expected) {
        const want = hits.map(h => `${h.url} ${h.match}`);
        /* A number (`query::holds`): found as typed, as a whole number. */
        const how = kind === 'number' ? 'exact' : kind === 'article' ? 'clean' : kind;
        /* An everyday word named in passing: its exact pages after the thesaurus tier's. */
        const passing = kind !== 'exact' || (hits[0] && hits[0].match === 'thesaurus');
        if (!want.length || !hits.some(h => h.match === how) || !passing) { fail(`search ${q}: pufa search found nothing ${how === 'exact' ? 'as typed after the thesaurus tier' : how === 'respelled' ? 'respelled' : how === 'clean' ? 'with the law and the article apart' : 'by best match'}; pick another query`); continue; }
        const r = await typeQuery(tab, q);
        const got = r.hits.map(h => `${h.url} ${h.match}`);
        if (!same(got, want)) fail(`search ${q}: the page's results differ from pufa search's\n  page: ${got.join(' ')}\n  pufa: ${want.join(' ')}`);
        else console.log(`search ${q}: the page's ${got.length} results = pufa search's, in order (${[...new Set(hits.map(h => h.match))].join(', ')})`);
      }
    }

    // The article link lands on the article, which the page highlights.
    await typeQuery(tab, '民法典第1077条');
    await Promise.all([tab.waitForNavigation({ waitUntil: 'domcontentloaded' }), tab.click('.pufa-search-list > li > a')]);
    const landed = await tab.evaluate(() => {
      const t = document.querySelector(':target');
      const strong = t && t.nextElementSibling;
      return { hash: location.hash, id: t && t.id, bg: t && getComputedStyle(t.closest('p') || t).backgroundColor, text: strong && strong.textContent };
    });
    if (landed.hash !== '#art-1077' || landed.id !== 'art-1077' || !landed.bg || landed.bg === 'rgba(0, 0, 0, 0)') fail(`article link: landed on ${JSON.stringify(landed)}, want #art-1077 highlighted`);
    else console.log(`article link: ${landed.hash} → “${landed.text}” highlighted (${landed.bg})`);
    await tab.goto(base + 'search/', { waitUntil: 'networkidle0' });
    await openFilters(tab);

    // Kind names in Chinese; the understanding rules of the page equal pufa's (shared cases).
    const kindText = await tab.$$eval('#pufa-search-kind option', os => os.map(o => o.textContent));
    if (kindText.some(t => /^[a-z]+$/.test(t)) || !kindText.includes('以案释法')) fail(`kind filter not in Chinese: ${kindText.join(',')}`);
    else console.log(`kind filter: ${kindText.join('、')}`);
    const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/search/data/understand_cases.json'), 'utf8'));
    const caseFails = await tab.evaluate(cases => cases.filter(c => {
      const p = window.pufaSearch.understand(c.q);
      return JSON.stringify([p.clean, p.strong, p.text, c.raw === undefined ? null : p.raw, c.joined === undefined ? null : p.joined]) !== JSON.stringify([c.clean, c.strong, c.text, c.raw === undefined ? null : c.raw, c.joined === undefined ? null : c.joined]);
    }).map(c => c.q), cases);
    if (caseFails.length) fail(`the page understands these differently from src/search/data/understand_cases.json: ${caseFails.join(' | ')}`);
    else console.log(`query understanding in the page: all ${cases.length} shared cases agree with pufa search`);

    // 360 px phone at the largest text size: the first result shows without scrolling.
    await tab.evaluate(() => localStorage.setItem('pufa-size', 'xlarge'));
    await tab.goto(base + 'search/?q=' + encodeURIComponent('家暴'), { waitUntil: 'networkidle0' });
    await tab.waitForSelector('.pufa-search-list > li > a', { timeout: 10000 });
    const first = await tab.evaluate(() => ({ size: document.documentElement.getAttribute('data-size'), bottom: document.querySelector('.pufa-search-list > li > a').getBoundingClientRect().bottom, vh: innerHeight }));
    if (first.size !== 'xlarge' || first.bottom > first.vh) fail(`360 px at 特大: first result ends at ${first.bottom}px, screen ${first.vh}px (size ${first.size})`);
    else console.log(`360 px at 特大: the first result ends at ${Math.round(first.bottom)} px of ${first.vh}`);
    await tab.evaluate(() => localStorage.removeItem('pufa-size'));

    // A pasted paragraph is searched by its first 100 characters (as by `pufa search`), and
    // the page says so.
    const head = '正当防卫' + '，'.repeat(96);
    await tab.goto(base + 'search/?q=' + encodeURIComponent(head), { waitUntil: 'networkidle0' });
    const short = await allResults(tab, head);
    await tab.goto(base + 'search/?q=' + encodeURIComponent(head + '量子纠缠'.repeat(500)), { waitUntil: 'networkidle0' });
    const long = await allResults(tab, head);
    const cut = await tab.evaluate(() => [...document.querySelectorAll('.pufa-search-partial')].map(p => p.textContent).join(' '));
    if (!short.hits.length || !same(long.hits.map(h => h.url), short.hits.map(h => h.url)) || !cut.includes('只按前 100 个字搜索')) {
      fail(`a pasted paragraph: ${long.hits.length} results (its first 100 characters: ${short.hits.length}), note “${cut}”`);
    } else console.log(`a pasted paragraph of 2,100 characters: the ${long.hits.length} results of its first 100, and the page says so`);

    await tab.goto(base + 'search/', { waitUntil: 'networkidle0' });
    await openFilters(tab);

    // Filters narrow the results to the truth pages of that kind / law.
    const fq = '法';
    const ftruth = pages.filter(p => p.folded.includes(fq));
    const kinds = [...new Set(ftruth.map(p => p.kind))].sort();
    const kind = kinds.includes('case') ? 'case' : kinds[0];
    const lawCounts = new Map();
    for (const p of ftruth) for (const l of p.laws) lawCounts.set(l, (lawCounts.get(l) || 0) + 1);
    const law = [...lawCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const filterRuns = [
      ['#pufa-search-kind', kind, p => p.kind === kind],
      ['#pufa-search-law', law && law[0], p => law && p.laws.includes(law[0])],
    ];
    for (const [sel, value, keep] of filterRuns) {
      if (!value) { fail(`no value for ${sel}`); continue; }
      const offered = await tab.$$eval(`${sel} option`, os => os.map(o => o.value));
      if (!offered.includes(value)) { fail(`${sel} does not offer “${value}” (offers ${offered.join(',')})`); continue; }
      await tab.select(sel, value);
      const want = ftruth.filter(keep);
      const r = await typeQuery(tab, fq);
      if (want.length === 0 || want.length === ftruth.length) fail(`filter ${sel}=${value} does not narrow ${fq} (${want.length}/${ftruth.length}); pick another`);
      if (expectHits(`search ${fq} with ${sel}=${value}`, r, want)) {
        console.log(`search ${fq} with ${sel.replace('#pufa-search-', '')}=${value}: ${r.hits.length} of ${ftruth.length} results`);
      }
      await tab.select(sel, '');
    }

    // Query time in the page: submit → results drawn (index manifest already loaded).
    const timeQuery = q => tab.evaluate(q => new Promise(done => {
      const out = document.getElementById('pufa-search-results');
      const input = document.getElementById('pufa-search-input');
      out.removeAttribute('data-q');
      input.value = q;
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (out.getAttribute('data-q') === q) { obs.disconnect(); done(performance.now() - t0); }
      });
      obs.observe(out, { attributes: true, childList: true, subtree: true });
      document.getElementById('pufa-search').dispatchEvent(new Event('submit', { cancelable: true }));
    }), q);
    const cold = [], warm = [];
    for (const q of ['诈骗', '监护人', '劳动合同', '交通', '继承']) {
      cold.push(await timeQuery(q));
      warm.push(await timeQuery(q));
    }
    const max = a => Math.max(...a).toFixed(1);
    const med = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)].toFixed(1);
    console.log(`search query time in Chromium (ms, ${cold.length} queries): shards fetched median ${med(cold)} max ${max(cold)}; ` +
      `repeated median ${med(warm)} max ${max(warm)}`);
    // The same on a slow phone: CPU throttled 4× (Chrome DevTools' “mid-tier mobile”), with
    // queries that need the thesaurus, pinyin and respelling (also inside a query) too.
    const cdp = await tab.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const slowCold = [], slowWarm = [];
    for (const q of ['诈骗', '劳动合同', '家暴', '借钱不还', '正挡防卫', 'zhengdangfangwei', '老板不发工资怎么办', '正当放卫的条件', '吸du违法吗']) {
      slowCold.push(await timeQuery(q));
      slowWarm.push(await timeQuery(q));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    console.log(`search query time at 4× CPU throttling (ms, ${slowCold.length} queries): shards fetched median ${med(slowCold)} max ${max(slowCold)}; ` +
      `shards in median ${med(slowWarm)} max ${max(slowWarm)}`);
    if (errors.length) fail(`script errors on the search page: ${errors.join('; ')}`);

    // JavaScript off: the page says so and links the site map.
    const nojs = await browser.newPage();
    await nojs.setJavaScriptEnabled(false);
    await nojs.goto(base + 'search/', { waitUntil: 'domcontentloaded' });
    const note = await nojs.evaluate(() => {
      const n = document.getElementById('pufa-search-nojs');
      if (!n) return null;
      const a = n.querySelector('a');
      const selects = [...document.querySelectorAll('select')].filter(s => s.offsetParent !== null).length;
      return { shown: n.offsetParent !== null && getComputedStyle(n).display !== 'none', text: n.querySelector('p').textContent, href: a ? a.href : null,
        topics: n.querySelectorAll('#pufa-search-topics a').length, selects };
    });
    if (!note) fail('JavaScript off: no #pufa-search-nojs note');
    else {
      if (!note.shown || !/JavaScript/.test(note.text)) fail(`JavaScript off: the note is hidden or does not mention JavaScript: ${note.text}`);
      const map = note.href && await fetch(note.href);
      const mapHtml = map && map.status === 200 ? await map.text() : '';
      if (!note.href || !/class="[^"]*sitemap-page/.test(mapHtml)) fail(`JavaScript off: the note does not link the site map (${note.href})`);
      else console.log(`search without JavaScript: “${note.text.trim()}” → ${note.href.slice(base.length - 1)}`);
      if (note.topics < 3) fail(`JavaScript off: only ${note.topics} topic links`);
      if (note.selects) fail(`JavaScript off: ${note.selects} empty drop-downs shown`);
      if (note.topics >= 3 && !note.selects) console.log(`search without JavaScript: ${note.topics} topic links, no drop-downs`);
    }
  } finally {
    await browser.close();
  }
  console.log(failures.length ? `search checks: ${failures.length} failures` : 'search checks: all passed');
  process.exit(failures.length ? 1 : 0);
})().catch(e => { console.log(`FAIL ${e.stack || e}`); process.exit(1); });
