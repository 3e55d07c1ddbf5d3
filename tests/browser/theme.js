// Browser checks of the default theme's reader features (issue 15), in headless Chromium.
//
//   node theme.js BASE_URL          the demo site built with PUFA_TODAY=2026-11-20 (tests/it/browser.rs does that)
//
// 1. Campaign box: decided in the reader's browser. One build, viewed on different days
//    (Date stubbed in the page): 2026-12-04 shows the town's own 宪法宣传周 page as 正在进行,
//    2026-12-20 the next national day (中国人民警察节, 即将开始, 还有 21 天), 2027-05-10 the
//    national 民法典宣传月 (no town page that year). Without JavaScript a dated list.
// 2. Every board printed to PDF (A4) is one page; the printout shows the QR code, the address
//    and the help numbers; a case printout keeps the phone numbers too.
// 3. Tables in articles at 360 px, in every mode, with and without JavaScript: no cell
//    narrower than four characters unless its table scrolls in its own box.
// 4. Case pages: one fold-out per cited article and no second copy of the article text (no
//    法条原文 box repeating the fold-outs); the fold-out label keeps 第…条 on one line; the facts
//    start on the first screen (360 × 740) with the picture after them.
// 5. Law chapters: 跳到第 … 条 (digits and Chinese numerals, and an article on another part
//    of the law), the article reached is highlighted (with and without JavaScript), articles
//    separated, back-to-top.
// 6. 长辈版 (elder mode): larger, black text, tap targets ≥ 60 px, simpler layout, remembered
//    across pages; 听全文 with a stubbed speechSynthesis (speak / pause / resume / cancel), hidden
//    where the browser has none and without JavaScript; the call bar on phones.
// 7. 404 marks no menu item as current; the feed link is worded for citizens; law lists show
//    Chinese dates; the header's share of a phone screen; footer site ids; Chinese reading time.
// 8. axe-core with zero violations on every page kind in 大, 特大, 长辈版 and 长辈版 + 特大 at
//    360 and 1280 px (标准 is audited by check.js).
// Prints what it measured; exits 1 on any failure.
'use strict';
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const axeSrc = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
if (!process.argv[2]) {
  console.error('usage: node theme.js BASE_URL');
  process.exit(2);
}
const base = new URL(process.argv[2].replace(/\/?$/, '/')).href;
const origin = new URL(base).origin;
const failures = [];
function fail(msg) { failures.push(msg); console.log(`FAIL ${msg}`); }
function check(ok, msg) { if (!ok) fail(msg); return ok; }
const short = u => (u.startsWith(base) ? '/' + u.slice(base.length) : u);
setTimeout(() => { console.log('FAIL theme checks took over 15 minutes; giving up'); process.exit(1); }, 15 * 60 * 1000).unref();

// ---- tabs: requests to other hosts are blocked and reported; script errors reported ----
async function openTab(browser, { width = 360, height = 740, js = true, date = null, speech = 'real' } = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(30000);
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.setJavaScriptEnabled(js);
  await page.setRequestInterception(true);
  page.on('request', r => {
    const u = r.url();
    if (/^(data|blob|about):/.test(u) || new URL(u).origin === origin) return r.continue();
    fail(`request to another host: ${u}`);
    return r.abort('blockedbyclient');
  });
  page.on('pageerror', e => fail(`script error on ${short(page.url())}: ${e.message}`));
  if (date) {
    // The reader's clock: `new Date()` and `Date.now()` say 10:00 local time on `date`.
    await page.evaluateOnNewDocument(d => {
      const Real = Date;
      const [y, m, day] = d.split('-').map(Number);
      const t = new Real(y, m - 1, day, 10, 0, 0).getTime();
      function FakeDate(...a) {
        if (!new.target) return new Real(t).toString();
        return a.length ? new Real(...a) : new Real(t);
      }
      FakeDate.prototype = Real.prototype;
      FakeDate.now = () => t;
      FakeDate.UTC = Real.UTC;
      FakeDate.parse = Real.parse;
      window.Date = FakeDate;
    }, date);
  }
  // localStorage is shared by all tabs: every tab starts at 标准, 长辈版 off, unless told otherwise.
  await page.evaluateOnNewDocument(() => {
    if (!sessionStorage.getItem('pufa-test-reset')) {
      sessionStorage.setItem('pufa-test-reset', '1');
      try { localStorage.removeItem('pufa-size'); localStorage.removeItem('pufa-elder'); } catch (e) { /* JS off */ }
    }
  });
  if (speech === 'stub') {
    await page.evaluateOnNewDocument(() => {
      const calls = [];
      window.__speech = calls;
      class Utterance {
        constructor(text) { this.text = text; this.lang = ''; this.rate = 1; }
      }
      const queue = [];
      const synth = {
        speaking: false, paused: false, pending: false,
        speak(u) {
          calls.push({ op: 'speak', text: u.text, lang: u.lang });
          queue.push(u);
          this.speaking = true;
          if (queue.length === 1) setTimeout(() => u.onstart && u.onstart({}), 0);
        },
        pause() { calls.push({ op: 'pause' }); this.paused = true; },
        resume() { calls.push({ op: 'resume' }); this.paused = false; },
        cancel() {
          calls.push({ op: 'cancel' });
          const q = queue.splice(0);
          this.speaking = false;
          for (const u of q) if (u.onerror) u.onerror({ error: 'canceled' });
        },
        getVoices() { return []; },
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
    });
  } else if (speech === 'none') {
    await page.evaluateOnNewDocument(() => {
      Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined, configurable: true });
    });
  }
  return page;
}
async function load(page, url) {
  const resp = await page.goto(url, { waitUntil: 'load' });
  return resp;
}
async function setModes(page, { size = 'standard', elder = false }) {
  await page.evaluate((s, e) => {
    localStorage.setItem('pufa-size', s);
    if (e) localStorage.setItem('pufa-elder', 'on'); else localStorage.removeItem('pufa-elder');
  }, size, elder);
}
let axeRuns = 0;
async function axeAudit(page, where) {
  await page.addScriptTag({ content: axeSrc });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of res.violations) {
    fail(`${where}: axe ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 3)) console.log(`      ${n.target.join(' ')} :: ${(n.failureSummary || '').split('\n').slice(1, 2).join(' ')}`);
  }
  axeRuns++;
  return res.violations.length;
}

// ---- the site's pages from sitemap.xml, with their <body class> and HTML ----
async function sitePages() {
  const xml = await (await fetch(base + 'sitemap.xml')).text();
  const urls = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map(m => m[1].replace(/&amp;/g, '&'));
  const pages = [];
  for (const u of urls) {
    const r = await fetch(u);
    if (!/text\/html/.test(r.headers.get('content-type') || '')) continue;
    const html = await r.text();
    const cls = ((html.match(/<body[^>]*class="([^"]*)"/) || [])[1] || '').trim().replace(/\s+/g, ' ');
    pages.push({ url: u, cls, html });
  }
  pages.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return pages;
}

// ---- 1. campaign box ----
async function campaigns(browser) {
  const cases = [
    { date: '2026-12-04', state: '正在进行', name: /宪法宣传周/, link: /\/campaigns\/2026-xianfa-xuanchuanzhou\/$/ },
    { date: '2026-12-20', state: '即将开始', name: /中国人民警察节/, extra: '还有 21 天', link: /\/campaigns\/$/ },
    { date: '2027-05-10', state: '正在进行', name: /民法典宣传月/, link: /\/campaigns\/$/ },
  ];
  const seen = new Set();
  for (const c of cases) {
    const page = await openTab(browser, { date: c.date });
    await load(page, base);
    const r = await page.evaluate(() => {
      const now = document.getElementById('campaign-now');
      const a = now && now.querySelector('a.button');
      const list = [...document.querySelectorAll('#campaign-list li time')].map(t => t.getAttribute('datetime'));
      return {
        shown: !!now && !now.hidden && now.getBoundingClientRect().height > 0,
        today: now && now.dataset.today,
        text: now ? now.innerText.replace(/\s+/g, ' ') : '',
        badge: now && now.querySelector('.badge') ? now.querySelector('.badge').textContent : '',
        link: a ? a.href : '',
        list,
      };
    });
    const where = `campaign box viewed on ${c.date}`;
    check(r.shown, `${where}: the box is not shown`);
    check(r.today === c.date, `${where}: the page computed today as ${r.today}`);
    check(r.badge === c.state, `${where}: badge "${r.badge}", expected ${c.state}`);
    check(c.name.test(r.text), `${where}: "${r.text}" does not name ${c.name}`);
    if (c.extra) check(r.text.includes(c.extra), `${where}: "${r.text}" does not say ${c.extra}`);
    check(c.link.test(r.link), `${where}: links to ${short(r.link)}, expected ${c.link}`);
    check(r.list.every(d => d > c.date), `${where}: the list below has a date not after the day: ${r.list.join(', ')}`);
    seen.add(r.text);
    console.log(`${where}: ${r.badge} · ${r.text.slice(0, 60)} → ${short(r.link)}; then ${r.list.join(', ')}`);
    await page.close();
  }
  check(seen.size === cases.length, 'campaign box: the same text on different days');
  const page = await openTab(browser, { js: false });
  await load(page, base);
  const r = await page.evaluate(() => ({
    now: (() => { const e = document.getElementById('campaign-now'); return !!e && e.getBoundingClientRect().height > 0; })(),
    items: [...document.querySelectorAll('#campaign-list li')].map(li => ({ date: (li.querySelector('time') || {}).textContent || '', text: li.textContent.trim() })),
  }));
  check(!r.now, 'campaign box, JS off: the browser-decided part shows although it is empty');
  check(r.items.length >= 3 && r.items.every(i => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(i.date)), `campaign box, JS off: expected a dated list, got ${JSON.stringify(r.items)}`);
  console.log(`campaign box, JS off: ${r.items.length} dated items, first "${r.items[0] && r.items[0].text}"`);
  await page.close();
}

// ---- 2. print ----
function pdfPages(buf) {
  const counts = [...buf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map(m => +m[1]);
  if (counts.length) return Math.max(...counts);
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}
async function printing(browser, pages) {
  const boards = pages.filter(p => p.cls === 'kind-board');
  check(boards.length > 0, 'print: no board pages');
  const page = await openTab(browser, { width: 1280, height: 900 });
  // The numbers a printout must keep: the help box's phone numbers as shown on screen.
  await load(page, boards[0] ? boards[0].url : base);
  const phones = await page.evaluate(() => [...document.querySelectorAll('.help a[href^="tel:"]')].map(a => a.textContent.trim()));
  const address = await page.evaluate(() => { const f = document.querySelector('.site-footer p'); return f ? f.textContent.replace(/\s+/g, '') : ''; });
  check(phones.includes('12348'), `print: the help box has no 12348 (${phones.join(', ')})`);
  for (const b of boards) {
    await load(page, b.url);
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
    const n = pdfPages(pdf);
    check(n === 1, `print: ${short(b.url)} prints on ${n} A4 pages, expected 1`);
    await page.emulateMediaType('print');
    const r = await page.evaluate(() => {
      const shown = e => !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden';
      return { text: document.body.innerText.replace(/\s+/g, ''), qr: shown(document.querySelector('.print-qr svg')) };
    });
    await page.emulateMediaType(null);
    check(r.qr, `print: ${short(b.url)} has no QR code on paper`);
    for (const t of phones) check(r.text.includes(t.replace(/\s+/g, '')), `print: ${short(b.url)} drops the phone number ${t}`);
    check(address && r.text.includes(address), `print: ${short(b.url)} drops the address "${address}"`);
    console.log(`print: ${short(b.url)} → ${n} A4 page(s), ${pdf.length} bytes; QR, address and ${phones.join(' / ')} on paper`);
  }
  const kase = pages.find(p => p.cls === 'kind-case');
  if (kase) {
    await load(page, kase.url);
    await page.emulateMediaType('print');
    const text = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ''));
    await page.emulateMediaType(null);
    for (const t of phones) check(text.includes(t), `print: case ${short(kase.url)} drops the phone number ${t}`);
  }
  await page.close();
}

// ---- 3. tables on phones ----
const MODES = [
  { name: '标准', size: 'standard', elder: false },
  { name: '大', size: 'large', elder: false },
  { name: '特大', size: 'xlarge', elder: false },
  { name: '长辈版', size: 'standard', elder: true },
  { name: '长辈版+特大', size: 'xlarge', elder: true },
];
async function tables(browser, pages) {
  const withTables = pages.filter(p => /<div class="prose[^"]*">[\s\S]*<table/.test(p.html)).map(p => p.url);
  check(withTables.length > 0, 'tables: no article with a table in the demo site');
  for (const js of [true, false]) {
    for (const mode of MODES) {
      if (!js && mode.elder) continue; // elder mode needs JavaScript
      const page = await openTab(browser, { width: 360, js });
      await load(page, base);
      if (js) await setModes(page, mode);
      let cells = 0, scrolling = 0, minChars = Infinity;
      for (const u of withTables) {
        await load(page, u);
        const r = await page.evaluate(() => {
          const out = { cells: 0, scrolling: 0, narrow: [], min: Infinity, docWide: document.documentElement.scrollWidth > document.documentElement.clientWidth };
          for (const t of document.querySelectorAll('.prose table')) {
            let scrolls = false;
            for (let e = t; e && e !== document.body; e = e.parentElement) {
              const ox = getComputedStyle(e).overflowX;
              if ((ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth) scrolls = true;
            }
            if (scrolls) { out.scrolling++; continue; }
            for (const c of t.querySelectorAll('th, td')) {
              const cs = getComputedStyle(c);
              let hidden = cs.display === 'none';
              for (let a = c; a && a !== t && !hidden; a = a.parentElement) {
                const b = a.getBoundingClientRect();
                if (b.width <= 2 || b.height <= 2 || getComputedStyle(a).clip !== 'auto') hidden = true; // a visually hidden header row
              }
              if (hidden) continue;
              const w = c.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
              const chars = w / parseFloat(cs.fontSize);
              out.cells++;
              out.min = Math.min(out.min, chars);
              if (chars < 4) out.narrow.push(`${c.textContent.trim().slice(0, 12)} (${chars.toFixed(1)} chars)`);
            }
          }
          return out;
        });
        const where = `tables @360px ${mode.name}${js ? '' : ', JS off'}: ${short(u)}`;
        check(!r.narrow.length, `${where}: cells narrower than four characters in a table that does not scroll: ${r.narrow.slice(0, 4).join('; ')}`);
        check(!r.docWide, `${where}: the page scrolls sideways`);
        cells += r.cells; scrolling += r.scrolling; if (r.cells) minChars = Math.min(minChars, r.min);
      }
      console.log(`tables @360px ${mode.name}${js ? '' : ', JS off'}: ${withTables.length} pages, ${cells} cells in non-scrolling tables (narrowest ${minChars === Infinity ? '-' : minChars.toFixed(1)} characters), ${scrolling} tables scroll in their own box`);
      await page.close();
    }
  }
}

// ---- 4. case pages ----
async function casePages(browser, pages) {
  const cases = pages.filter(p => p.cls === 'kind-case');
  check(cases.length > 0, 'cases: no case pages');
  const page = await openTab(browser, { width: 360, height: 740 });
  let notes = 0;
  for (const c of cases) {
    await load(page, c.url);
    const r = await page.evaluate(() => {
      const main = document.querySelector('main');
      const cited = new Set([...main.querySelectorAll('a.law-cite')].map(a => a.href));
      const noted = [...main.querySelectorAll('details.law-note blockquote')].map(b => b.cite);
      const paras = [...main.querySelectorAll('details.law-note blockquote p')].map(p => p.textContent.trim()).filter(t => t.length > 15);
      // How often each article paragraph is printed in the page: fold-outs, boxes, quotes.
      const blocks = [...main.querySelectorAll('p, li, blockquote')].filter(e => !e.querySelector('p, li, blockquote'));
      const repeats = paras.map(t => ({ t, n: blocks.filter(b => b.textContent.trim() === t).length })).filter(x => x.n > 1);
      const facts = document.getElementById('facts');
      const firstFact = facts && facts.nextElementSibling;
      const fig = main.querySelector('.figure');
      const bar = document.querySelector('.callbar');
      const barTop = bar && getComputedStyle(bar).display !== 'none' ? bar.getBoundingClientRect().top : innerHeight;
      return {
        cited: [...cited], noted, repeats: repeats.map(x => `${x.t.slice(0, 20)}… ×${x.n}`),
        box: !!main.querySelector('.citations'),
        factsTop: facts ? facts.getBoundingClientRect().top : null,
        firstLineBottom: firstFact ? firstFact.getBoundingClientRect().top + parseFloat(getComputedStyle(firstFact).lineHeight) : null,
        visibleBottom: barTop,
        figBeforeFacts: !!(fig && facts && (fig.compareDocumentPosition(facts) & Node.DOCUMENT_POSITION_FOLLOWING)),
        figHeight: fig ? fig.getBoundingClientRect().height : 0,
      };
    });
    const where = `case ${short(c.url)}`;
    const missing = r.cited.filter(u => !r.noted.includes(u));
    const dup = r.noted.filter((u, i) => r.noted.indexOf(u) !== i);
    check(!missing.length, `${where}: cited articles without a fold-out: ${missing.map(short).join(', ')}`);
    check(!dup.length, `${where}: articles with more than one fold-out: ${dup.map(short).join(', ')}`);
    check(!r.repeats.length, `${where}: article text printed more than once: ${r.repeats.join('; ')}`);
    check(!(r.box && r.noted.length), `${where}: a 法条原文 box repeats the fold-outs`);
    notes += r.noted.length;
    if (r.factsTop !== null) {
      check(r.firstLineBottom <= r.visibleBottom, `${where}: the facts' first line ends at ${Math.round(r.firstLineBottom)} px, below the first screen (${Math.round(r.visibleBottom)} px above the call bar)`);
      check(!r.figBeforeFacts || r.figHeight <= 120, `${where}: a ${Math.round(r.figHeight)} px picture comes before the facts`);
    }
  }
  console.log(`cases: ${cases.length} pages, ${notes} fold-outs, one per cited article, no article text repeated; facts start on the first screen at 360 × 740`);
  // The fold-out label never breaks inside 第…条, in any mode.
  let labels = 0;
  for (const mode of MODES) {
    await setModes(page, mode);
    for (const c of cases) {
      await load(page, c.url);
      const broken = await page.evaluate(() => {
        const out = [];
        for (const s of document.querySelectorAll('details.law-note summary')) {
          const node = [...s.childNodes].find(n => n.nodeType === 3 && /第.+条/.test(n.textContent));
          if (!node) continue;
          const i = node.textContent.indexOf('》') + 1;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, node.textContent.length);
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (tops.size > 1) out.push(node.textContent);
        }
        return { out, n: document.querySelectorAll('details.law-note summary').length };
      });
      labels += broken.n;
      check(!broken.out.length, `case ${short(c.url)} @360px ${mode.name}: fold-out label breaks inside the article number: ${broken.out.join(', ')}`);
    }
  }
  console.log(`fold-out labels: ${labels} checked in ${MODES.length} modes at 360 px, 第…条 never split across lines`);
  await page.close();
}

// ---- 5. law chapters ----
async function laws(browser, pages) {
  const parts = pages.filter(p => p.cls === 'kind-law' && /data-overview=/.test(p.html));
  const long = parts.map(p => ({ p, n: (p.html.match(/<a id="art-/g) || []).length })).sort((a, b) => b.n - a.n)[0];
  if (!check(long, 'law: no law part page with a 跳到第…条 box')) return;
  const url = long.p.url;
  const page = await openTab(browser, { width: 360, height: 740 });
  await load(page, url);
  const ids = await page.evaluate(() => [...document.querySelectorAll('.law-body a[id^="art-"]')].map(a => +a.id.slice(4)).filter(n => n > 0));
  const pick = ids[Math.floor(ids.length * 2 / 3)];
  const screens = await page.evaluate(() => document.documentElement.scrollHeight / innerHeight);
  const jump = async value => {
    await page.evaluate(() => { document.getElementById('jump-n').value = ''; });
    await page.type('#jump-n', value);
    await page.click('#law-jump button');
    await new Promise(r => setTimeout(r, 300));
    return page.evaluate(() => {
      const hit = [...document.querySelectorAll('.law-body .hit')];
      const first = hit[0];
      const r = first ? first.getBoundingClientRect() : null;
      return {
        hash: location.hash, hits: hit.length,
        inView: !!r && r.top >= 0 && r.top < innerHeight,
        bg: first ? getComputedStyle(first).backgroundColor : '',
        msg: document.querySelector('#law-jump .jump-msg').textContent,
      };
    });
  };
  const zh = n => {
    const d = '零一二三四五六七八九';
    if (n < 10) return d[n];
    if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
    if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
    const h = Math.floor(n / 100), rest = n % 100;
    return d[h] + '百' + (rest === 0 ? '' : rest < 10 ? '零' + d[rest] : d[Math.floor(rest / 10)] + '十' + (rest % 10 ? d[rest % 10] : ''));
  };
  const visible = await page.evaluate(() => { const f = document.getElementById('law-jump'); return !!f && !f.hidden && f.getBoundingClientRect().height > 0; });
  check(visible, `law ${short(url)}: the 跳到第…条 box is not shown`);
  const r1 = await jump(String(pick));
  check(r1.hash === `#art-${pick}` && r1.hits >= 1 && r1.inView && r1.bg !== 'rgba(0, 0, 0, 0)', `law ${short(url)}: 跳到第 ${pick} 条 → ${JSON.stringify(r1)}`);
  const first = ids[1];
  const r2 = await jump(zh(first));
  check(r2.hash === `#art-${first}` && r2.hits >= 1 && r2.inView, `law ${short(url)}: 跳到第 ${zh(first)} 条 → ${JSON.stringify(r2)}`);
  const r3 = await jump('abc');
  check(r3.msg.length > 0, `law ${short(url)}: typing "abc" gives no message`);
  // Separated articles.
  const sep = await page.evaluate(() => {
    const ps = [...document.querySelectorAll('.law-body p')].filter(p => p.querySelector(':scope > a[id^="art-"]:first-child'));
    return ps.slice(1).filter(p => parseFloat(getComputedStyle(p).borderTopWidth) >= 1).length / Math.max(1, ps.length - 1);
  });
  check(sep === 1, `law ${short(url)}: only ${(sep * 100).toFixed(0)}% of articles have a separating line`);
  // Back to top.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await new Promise(r => setTimeout(r, 200));
  const top = await page.evaluate(() => { const t = document.getElementById('to-top'); const r = t.getBoundingClientRect(); return { shown: getComputedStyle(t).visibility === 'visible' && r.bottom <= innerHeight && r.top >= 0 }; });
  check(top.shown, `law ${short(url)}: no 回到顶部 button on screen after scrolling down`);
  if (top.shown) {
    await page.click('#to-top');
    await new Promise(r => setTimeout(r, 300));
    const y = await page.evaluate(() => window.scrollY);
    check(y === 0, `law ${short(url)}: 回到顶部 left the page at ${y} px`);
  }
  console.log(`law ${short(url)} (${ids.length} articles, ${screens.toFixed(0)} phone screens): 跳到第 ${pick} 条 and 第${zh(first)}条 reach and highlight the article; articles separated; 回到顶部 works`);
  // An article on another part of the same law: through the overview, to the right part.
  const other = pages.filter(p => p.cls === 'kind-law' && p.url !== url && /data-overview=/.test(p.html)
    && p.html.match(/data-overview="([^"]+)"/)[1] === long.p.html.match(/data-overview="([^"]+)"/)[1]);
  const target = other.map(p => ({ p, m: p.html.match(/<a id="art-(\d+)"><\/a>/) })).find(x => x.m);
  if (target) {
    const n = target.m[1];
    await load(page, url);
    await page.evaluate(() => { document.getElementById('jump-n').value = ''; });
    await page.type('#jump-n', n);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#law-jump button')]);
    await page.waitForFunction(u => location.href.startsWith(u), { timeout: 10000 }, target.p.url).catch(() => {});
    await new Promise(r => setTimeout(r, 300));
    const r = await page.evaluate(() => ({ url: location.href, hits: document.querySelectorAll('.law-body .hit').length }));
    check(r.url === `${target.p.url}#art-${n}` && r.hits >= 1, `law: 跳到第 ${n} 条 from ${short(url)} ended at ${short(r.url)} (${r.hits} highlighted), expected ${short(target.p.url)}#art-${n}`);
    console.log(`law: 跳到第 ${n} 条 from ${short(url)} → ${short(r.url)}, highlighted`);
  }
  await page.close();
  // Reached by a link, without JavaScript: the article is highlighted by CSS alone.
  const nojs = await openTab(browser, { width: 360, js: false });
  await load(nojs, `${url}#art-${pick}`);
  const bg = await nojs.evaluate(id => getComputedStyle(document.getElementById(id).parentElement).backgroundColor, `art-${pick}`);
  check(bg !== 'rgba(0, 0, 0, 0)', `law ${short(url)}#art-${pick}, JS off: the article reached is not highlighted`);
  const hidden = await nojs.evaluate(() => { const f = document.getElementById('law-jump'); return !f || f.getBoundingClientRect().height === 0; });
  check(hidden, `law ${short(url)}, JS off: the 跳到第…条 box shows although it needs JavaScript`);
  await nojs.close();
}

// ---- 6. elder mode, read-aloud, call bar ----
async function elder(browser, pages) {
  const pick = cls => (pages.find(p => p.cls === cls) || {}).url;
  const home = base, kase = pick('kind-case');
  const page = await openTab(browser, { width: 360, height: 740 });
  await load(page, home);
  await page.evaluate(() => localStorage.clear());
  await load(page, home);
  const state = () => page.evaluate(() => ({
    on: document.documentElement.dataset.elder === 'on',
    pressed: document.getElementById('elder-switch').getAttribute('aria-pressed'),
    font: parseFloat(getComputedStyle(document.body).fontSize),
    color: getComputedStyle(document.body).color,
    stored: localStorage.getItem('pufa-elder'),
  }));
  const s0 = await state();
  const shown = await page.evaluate(() => { const b = document.getElementById('elder-switch'); const r = b.getBoundingClientRect(); return r.height > 0 && r.top < innerHeight; });
  check(shown, 'elder mode: the 长辈版 switch is not on the first screen');
  await page.click('#elder-switch');
  const s1 = await state();
  check(s1.on && s1.pressed === 'true' && s1.stored === 'on', `elder mode: after the click ${JSON.stringify(s1)}`);
  check(s1.font >= s0.font * 1.2, `elder mode: text ${s0.font}px → ${s1.font}px, expected at least 20% larger`);
  check(s1.color === 'rgb(0, 0, 0)', `elder mode: body text is ${s1.color}, expected black`);
  await load(page, kase);
  const s2 = await state();
  check(s2.on && s2.pressed === 'true', `elder mode: not remembered on ${short(kase)}`);
  // Tap targets: every control that is not a link inside running text is at least 60 × 60 px.
  const targets = ['', 'cases/', 'boards/', 'laws/'].map(u => base + u).concat([kase, pick('kind-qa'), pick('kind-board'), pick('kind-law'), pick('section laws')]).filter(Boolean);
  let counted = 0;
  for (const u of [...new Set(targets)]) {
    for (const width of [360, 1280]) {
      await page.setViewport({ width, height: 740 });
      await load(page, u);
      const r = await page.evaluate(() => {
        const small = [];
        let n = 0;
        for (const e of document.querySelectorAll('a[href], button, input, select, summary')) {
          const cs = getComputedStyle(e);
          if (cs.display === 'inline' || e.closest('[hidden]')) continue; // links inside running text
          const r = e.getBoundingClientRect();
          if (!r.width || !r.height || cs.visibility === 'hidden') continue;
          if (e.classList.contains('skip')) continue; // off screen until focused
          n++;
          if (r.height < 59.5 || r.width < 59.5) small.push(`${e.localName}${e.className ? '.' + String(e.className).split(' ')[0] : ''} "${(e.textContent || e.value || '').trim().slice(0, 10)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
        const hiddenExtras = ['.figure', '.tags', '.parts'].every(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'));
        return { n, small, hiddenExtras };
      });
      counted += r.n;
      check(!r.small.length, `elder mode ${short(u)} @${width}px: tap targets under 60 px: ${r.small.slice(0, 5).join('; ')}${r.small.length > 5 ? ` (+${r.small.length - 5})` : ''}`);
      check(r.hiddenExtras, `elder mode ${short(u)} @${width}px: pictures, tags or the parts list still shown`);
    }
  }
  console.log(`elder mode: text ${s0.font}px → ${s1.font}px, black on white, remembered on ${short(kase)}; ${counted} tap targets on ${new Set(targets).size} pages at 360 and 1280 px all ≥ 60 px`);
  await page.setViewport({ width: 360, height: 740 });
  await page.click('#elder-switch');
  const s3 = await state();
  check(!s3.on && s3.pressed === 'false' && s3.stored === null, `elder mode: switching off left ${JSON.stringify(s3)}`);
  // Call bar on phones, not on wide screens; it covers nothing at the end of the page.
  await load(page, kase);
  const bar = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const b = document.querySelector('.callbar');
    if (!b || getComputedStyle(b).display === 'none') return null;
    const last = document.querySelector('.print-url') ? document.querySelector('.site-footer .wrap').getBoundingClientRect() : null;
    return {
      tels: [...b.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute('href')),
      fixed: getComputedStyle(b).position === 'fixed',
      top: b.getBoundingClientRect().top, bottom: b.getBoundingClientRect().bottom,
      footerBottom: last ? last.bottom : 0, vh: innerHeight,
    };
  });
  if (check(bar, 'call bar: not shown at 360 px')) {
    check(bar.tels.includes('tel:12348'), `call bar: no tel:12348 (${bar.tels.join(', ')})`);
    check(bar.tels.length >= 2, `call bar: only ${bar.tels.join(', ')}; expected the office too`);
    check(bar.fixed && Math.round(bar.bottom) === bar.vh, 'call bar: not fixed to the bottom of the screen');
    check(bar.footerBottom <= bar.top + 1, `call bar: covers the footer at the end of the page (footer ends ${bar.footerBottom}, bar starts ${bar.top})`);
    console.log(`call bar @360px: ${bar.tels.join(', ')}, ${Math.round(bar.bottom - bar.top)} px high, footer clear of it`);
  }
  await page.setViewport({ width: 1280, height: 900 });
  await load(page, kase);
  const wide = await page.evaluate(() => { const b = document.querySelector('.callbar'); return !!b && getComputedStyle(b).display !== 'none'; });
  check(!wide, 'call bar: shown at 1280 px');
  await page.close();

  // Read-aloud with a stubbed speechSynthesis.
  const kinds = ['kind-case', 'kind-qa', 'kind-board', 'kind-law'];
  for (const cls of kinds) {
    const u = cls === 'kind-law' ? (pages.find(p => p.cls === cls && /data-overview=/.test(p.html)) || {}).url : pick(cls);
    if (!check(u, `read-aloud: no ${cls} page`)) continue;
    const tab = await openTab(browser, { width: 360, speech: 'stub' });
    await load(tab, u);
    const q = sel => tab.evaluate(s => { const e = document.querySelector(s); return !!e && !e.hidden && e.getBoundingClientRect().height > 0; }, sel);
    check(await q('#listen .listen-play'), `read-aloud ${short(u)}: no 听全文 button`);
    const label = await tab.evaluate(() => document.querySelector('#listen .listen-play').textContent.trim());
    check(label === '听全文', `read-aloud ${short(u)}: the button says "${label}"`);
    await tab.click('#listen .listen-play');
    await new Promise(r => setTimeout(r, 50));
    const r = await tab.evaluate(() => {
      const speaks = window.__speech.filter(c => c.op === 'speak');
      const h1 = document.querySelector('main h1').textContent.trim();
      const firstPara = [...document.querySelectorAll('main .prose p')].map(p => p.textContent.replace(/\s+/g, ' ').trim()).find(t => t.length > 20) || '';
      const all = speaks.map(s => s.text).join('');
      return {
        n: speaks.length, lang: [...new Set(speaks.map(s => s.lang))], longest: Math.max(...speaks.map(s => s.text.length)),
        hasTitle: all.includes(h1), hasText: all.includes(firstPara.slice(0, 30)),
        // Text found only in the closed fold-outs (not also quoted by the author) must not be read.
        readsFoldouts: (() => {
          const main = document.querySelector('main').cloneNode(true);
          main.querySelectorAll('details').forEach(d => d.remove());
          const rest = main.textContent.replace(/\s+/g, '');
          return [...document.querySelectorAll('details.law-note blockquote p')].map(p => p.textContent.trim())
            .filter(t => t.length > 30 && !rest.includes(t.replace(/\s+/g, ''))).some(t => all.replace(/\s+/g, '').includes(t.replace(/\s+/g, '')));
        })(),
        reading: !!document.querySelector('.reading'),
      };
    });
    check(r.n > 0 && r.hasTitle && r.hasText, `read-aloud ${short(u)}: speak() calls ${r.n}, title ${r.hasTitle}, text ${r.hasText}`);
    check(r.lang.length === 1 && r.lang[0] === 'zh-CN', `read-aloud ${short(u)}: utterance languages ${r.lang.join(',')}`);
    check(r.longest <= 120, `read-aloud ${short(u)}: an utterance of ${r.longest} characters (browsers cut long ones off)`);
    check(!r.readsFoldouts, `read-aloud ${short(u)}: reads the closed fold-outs too`);
    check(r.reading, `read-aloud ${short(u)}: the paragraph being read is not marked`);
    check(await q('#listen .listen-pause') && await q('#listen .listen-stop') && !(await q('#listen .listen-play')), `read-aloud ${short(u)}: pause/stop not shown while speaking`);
    await tab.click('#listen .listen-pause');
    const paused = await tab.evaluate(() => ({ last: window.__speech[window.__speech.length - 1].op, label: document.querySelector('#listen .listen-pause').textContent }));
    check(paused.last === 'pause' && paused.label === '继续', `read-aloud ${short(u)}: 暂停 → ${JSON.stringify(paused)}`);
    await tab.click('#listen .listen-pause');
    const resumed = await tab.evaluate(() => window.__speech[window.__speech.length - 1].op);
    check(resumed === 'resume', `read-aloud ${short(u)}: 继续 → ${resumed}`);
    await tab.click('#listen .listen-stop');
    const stopped = await tab.evaluate(() => ({ last: window.__speech[window.__speech.length - 1].op, play: !document.querySelector('#listen .listen-play').hidden, mark: !!document.querySelector('.reading') }));
    check(stopped.last === 'cancel' && stopped.play && !stopped.mark, `read-aloud ${short(u)}: 停止 → ${JSON.stringify(stopped)}`);
    console.log(`read-aloud ${short(u)}: ${r.n} utterances (≤ ${r.longest} chars, zh-CN), title and text, not the closed fold-outs; pause → resume → stop`);
    await tab.close();
  }
  for (const [what, opts] of [['a browser without speechSynthesis', { speech: 'none' }], ['JS off', { js: false }]]) {
    const tab = await openTab(browser, { width: 360, ...opts });
    await load(tab, kase);
    const seen = await tab.evaluate(() => { const e = document.getElementById('listen'); return !!e && e.getBoundingClientRect().height > 0; });
    check(!seen, `read-aloud: the 听全文 controls show in ${what}`);
    console.log(`read-aloud: hidden in ${what}`);
    await tab.close();
  }
}

// ---- 7. smaller points ----
async function smaller(browser, pages) {
  const page = await openTab(browser, { width: 360, height: 740 });
  await load(page, base + 'no-such-page/');
  const cur = await page.evaluate(() => [...document.querySelectorAll('.main-nav [aria-current]')].map(a => a.textContent));
  check(!cur.length, `404: the menu marks ${cur.join(', ')} as current`);
  await load(page, base);
  const foot = await page.evaluate(() => ({
    feed: [...document.querySelectorAll('.site-footer a')].filter(a => /atom\.xml$/.test(a.href)).map(a => a.textContent.trim()),
    ids: [...document.querySelectorAll('.site-footer .site-ids li')].map(li => li.textContent.trim()),
  }));
  check(foot.feed.every(t => !/Atom|RSS/i.test(t) && /订阅/.test(t)), `footer: feed link worded "${foot.feed.join(', ')}"`);
  check(['政府网站标识码', 'ICP备', '公网安备'].every(k => foot.ids.some(t => t.includes(k))), `footer: site ids shown: ${foot.ids.join(' | ')}`);
  console.log(`footer: "${foot.feed.join('')}"; ${foot.ids.join(' | ')}`);
  const lawList = pages.find(p => p.cls === 'section laws');
  if (lawList) {
    await load(page, lawList.url);
    const iso = await page.evaluate(() => (document.querySelector('main').innerText.match(/\d{4}-\d{2}-\d{2}/g) || []));
    check(!iso.length, `law list: ISO dates shown: ${iso.slice(0, 3).join(', ')}`);
  }
  const lawPage = pages.find(p => p.cls === 'kind-law');
  if (lawPage) {
    await load(page, lawPage.url);
    const iso = await page.evaluate(() => (document.querySelector('main .article-head, main .facts') ? [...document.querySelectorAll('main .article-head, main .facts')].map(e => e.innerText).join(' ').match(/\d{4}-\d{2}-\d{2}/g) || [] : []));
    check(!iso.length, `law page ${short(lawPage.url)}: ISO dates shown: ${iso.join(', ')}`);
  }
  // The header's share of a 360 × 740 phone screen.
  const shares = [];
  for (const mode of MODES.filter(m => !m.elder)) {
    await setModes(page, mode);
    await load(page, base);
    const h = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
    shares.push(`${mode.name} ${Math.round(h)} px (${(h / 740 * 100).toFixed(0)}%)`);
    check(h / 740 <= (mode.size === 'xlarge' ? 0.25 : 0.22), `header @360×740 ${mode.name}: ${Math.round(h)} px, ${(h / 740 * 100).toFixed(0)}% of the screen`);
  }
  console.log(`header @360×740: ${shares.join(', ')}`);
  await setModes(page, MODES[0]);
  // Chinese reading time: about 400 characters a minute.
  let checked = 0;
  for (const p of pages.filter(x => /约 \d+ 分钟读完/.test(x.html)).slice(0, 12)) {
    await load(page, p.url);
    const r = await page.evaluate(() => {
      const m = document.querySelector('main .meta').textContent.match(/约 (\d+) 分钟读完/);
      // The article as written: without the fold-outs pufa adds (Zola's word_count does not see them either).
      const text = [...document.querySelectorAll('main article .prose')].map(e => {
        const c = e.cloneNode(true);
        c.querySelectorAll('details.law-note').forEach(d => d.remove());
        return c.textContent;
      }).join('');
      return { min: m ? +m[1] : null, han: (text.match(/\p{Script=Han}/gu) || []).length };
    });
    const lo = Math.max(1, Math.ceil(r.han * 0.85 / 400)), hi = Math.max(1, Math.ceil(r.han * 1.15 / 400) + 1);
    check(r.min >= lo && r.min <= hi, `reading time ${short(p.url)}: 约 ${r.min} 分钟 for ${r.han} Chinese characters (expected ${lo}–${hi})`);
    checked++;
  }
  console.log(`reading time: ${checked} pages at about 400 characters a minute`);
  await page.close();
}

// ---- 8. axe-core in every mode ----
async function axeModes(browser, pages) {
  const kinds = new Map();
  for (const p of pages) if (!kinds.has(p.cls)) kinds.set(p.cls, p.url);
  kinds.set('not-found', base + 'no-such-page/');
  for (const mode of MODES.filter(m => m.size !== 'standard' || m.elder)) {
    for (const width of [360, 1280]) {
      const page = await openTab(browser, { width, height: 800 });
      await load(page, base);
      await setModes(page, mode);
      let bad = 0;
      for (const [cls, u] of kinds) {
        await load(page, u);
        bad += await axeAudit(page, `${mode.name} ${cls} ${short(u)} @${width}px`);
      }
      console.log(`axe ${mode.name} @${width}px: ${kinds.size} page kinds, ${bad} violations`);
      await page.close();
    }
  }
}

(async () => {
  const t0 = Date.now();
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--hide-scrollbars', '--mute-audio', '--lang=zh-CN'],
  });
  try {
    console.log(`checking ${base} with ${await browser.version()}`);
    const pages = await sitePages();
    const lap = what => console.log(`-- ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    // ONLY=print,tables runs some parts (while working on the theme); the test runs all.
    const only = (process.env.ONLY || '').split(',').filter(Boolean);
    const parts = [['campaigns', campaigns, 'campaign box'], ['print', printing, 'print'], ['tables', tables, 'tables'],
      ['cases', casePages, 'case pages'], ['laws', laws, 'law chapters'], ['elder', elder, 'elder mode, read-aloud, call bar'],
      ['smaller', smaller, 'smaller points'], ['axe', axeModes, 'axe in every mode']];
    for (const [key, run, what] of parts) {
      if (only.length && !only.includes(key)) continue;
      await run(browser, pages);
      lap(what);
    }
  } catch (e) {
    fail(`theme.js crashed: ${e.stack || e}`);
  } finally {
    await browser.close();
  }
  console.log(`axe-core ${require('axe-core/package.json').version}: ${axeRuns} audits`);
  console.log(`theme checks done in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${failures.length} failures`);
  process.exitCode = failures.length ? 1 : 0;
})();
