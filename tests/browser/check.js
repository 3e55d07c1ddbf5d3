// Browser checks of a built pufa site in real headless Chromium (Debian's /usr/bin/chromium).
//
//   node check.js BASE_URL          BASE_URL is where the site is served, e.g. http://127.0.0.1:8098/town/pufa/
//
// 1. Crawl from the home page, loading every page in Chromium with request interception:
//    every link, asset and fragment (#id) resolves, no request goes to another host, every
//    page is lang="zh-CN" with a viewport that allows zoom, no script error, page weight
//    (HTML + the CSS and JS it loads, uncompressed; images and the search page aside):
//    median <= 60 KiB, none over 150 KiB; at least 60 pages reachable from home.
//    Every crawled page also gets an axe-core audit at 1280 px.
// 2. One page of every page kind (found by its <body class>) at 360 px and 1280 px:
//    axe-core audit with zero violations, no sideways scrolling at 360 px.
// 3. The text-size switch (标准/大/特大) enlarges the text and is remembered (localStorage)
//    across a reload and on other pages.
// 4. With JavaScript disabled, every page kind shows its main content.
// With SHOTS=<dir>, screenshots of home, a case and a Q&A at 360 px are written there
// (SHOTS=docs/screenshots refreshes the ones shown in the README).
// Prints what it checked; exits 1 if anything failed. Run by tests/it/browser.rs from `cargo test`.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const axeSrc = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
if (!process.argv[2]) {
  console.error('usage: node check.js BASE_URL');
  process.exit(2);
}
const base = new URL(process.argv[2].replace(/\/?$/, '/')).href;
const origin = new URL(base).origin;
const shots = process.env.SHOTS || '';
const KiB = 1024;
const MIN_PAGES = 60;
const MEDIAN_MAX = 60 * KiB;
const PAGE_MAX = 150 * KiB;

// Every asset must exist: nothing is exempt.
const MAY_BE_MISSING = new Set();

// Every page kind the theme has, by its <body class>. `optional` ones are checked when present.
const KINDS = [
  { name: 'home', cls: 'home' },
  { name: 'section list', cls: 'section' },
  { name: 'board corridor', cls: 'section corridor' },
  { name: 'law library', cls: 'section laws' },
  { name: 'case', cls: 'kind-case', shot: 'case' },
  { name: 'Q&A', cls: 'kind-qa', shot: 'qa' },
  { name: 'campaign', cls: 'kind-campaign' },
  { name: 'lecture', cls: 'kind-lecture' },
  { name: 'board', cls: 'kind-board' },
  { name: 'responsibility list', cls: 'kind-list' },
  { name: 'notice', cls: 'kind-notice' },
  { name: 'accessibility statement', cls: 'kind-page', prefer: 'accessibility/' },
  { name: 'taxonomy list', cls: 'taxonomy' },
  { name: 'taxonomy term', cls: 'taxonomy term' },
  { name: 'site map', cls: 'sitemap-page' },
  { name: 'search', cls: 'search-page' },
  { name: 'law', cls: 'kind-law', optional: true },
  { name: '404', cls: 'not-found' },
];

const failures = [];
const warnings = [];
function fail(msg) { failures.push(msg); console.log(`FAIL ${msg}`); }
function warn(msg) { warnings.push(msg); console.log(`warn ${msg}`); }
const short = u => (u.startsWith(base) ? '/' + u.slice(base.length) : u);
const ours = u => u.startsWith(base);

// Watchdog: never hang `cargo test`.
setTimeout(() => { console.log('FAIL browser checks took over 15 minutes; giving up'); process.exit(1); }, 15 * 60 * 1000).unref();

// ---- plain HTTP fetches (bytes for the weights, status of non-HTML targets) ----
const got = new Map();
async function get(url) {
  if (!got.has(url)) {
    got.set(url, (async () => {
      try {
        const r = await fetch(url, { redirect: 'follow' });
        const bytes = Buffer.from(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type') || '', bytes, final: r.url };
      } catch (e) {
        return { status: 0, type: '', bytes: Buffer.alloc(0), final: url, error: String(e) };
      }
    })());
  }
  return got.get(url);
}

// ---- a Chromium tab that blocks and records requests to other hosts, errors and failed loads ----
async function openTab(browser, { width = 1280, height = 900, js = true } = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(30000);
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.setJavaScriptEnabled(js);
  const log = { requests: [], foreign: [], broken: [], errors: [] };
  await page.setRequestInterception(true);
  page.on('request', r => {
    const u = r.url();
    if (/^(data|blob|about):/.test(u)) return r.continue();
    if (new URL(u).origin !== origin) { log.foreign.push(u); return r.abort('blockedbyclient'); }
    log.requests.push({ url: u, type: r.resourceType() });
    return r.continue();
  });
  page.on('response', resp => {
    const r = resp.request();
    if (resp.status() >= 400 && !(r.isNavigationRequest() && r.frame() === page.mainFrame())) {
      log.broken.push(`${resp.status()} ${resp.url()}`);
    }
  });
  page.on('requestfailed', r => {
    if (new URL(r.url()).origin === origin) log.broken.push(`${r.failure().errorText} ${r.url()}`);
  });
  page.on('pageerror', e => log.errors.push(String(e.message || e).split('\n')[0]));
  return { page, log };
}

async function load(tab, url) {
  const resp = await tab.page.goto(url, { waitUntil: 'load' });
  await tab.page.waitForNetworkIdle({ idleTime: 150, timeout: 10000 }).catch(() => {});
  return resp;
}

// Reports what a tab saw; `where` names the page for the messages.
function report(log, where) {
  for (const u of new Set(log.foreign)) fail(`${where}: request to another host: ${u}`);
  const seen = new Set(); // a 404 also shows as an aborted request: one message per URL
  for (const b of log.broken) {
    const u = b.slice(b.indexOf(' ') + 1);
    if (seen.has(u)) continue;
    seen.add(u);
    if (MAY_BE_MISSING.has(u)) warn(`${where}: ${b} (exempted)`);
    else fail(`${where}: failed request: ${short(b)}`);
  }
  for (const e of new Set(log.errors)) fail(`${where}: script error: ${e}`);
}

// Links, assets and ids of the loaded page (the DOM after its scripts ran).
function pageFacts() {
  const NAV = new Set(['a', 'area', 'form']);
  const refs = [];
  const add = (el, value) => {
    if (!value || /^(mailto|tel|javascript|sms):/i.test(value.trim())) return;
    let url;
    try { url = new URL(value.trim(), document.baseURI).href; } catch (e) { refs.push({ bad: value }); return; }
    const rel = (el.getAttribute('rel') || '').toLowerCase();
    const nav = NAV.has(el.localName) || (el.localName === 'link' && /canonical|alternate|next|prev|author|license|help|search/.test(rel));
    refs.push({ url, nav, tag: el.localName });
  };
  // (The search form's data-index is not followed: the requests its script makes are seen by the tab.)
  for (const el of document.querySelectorAll('[href],[src],[poster],form[action]')) {
    for (const a of ['href', 'src', 'poster', 'action']) if (el.hasAttribute(a) && !(a === 'action' && el.localName !== 'form')) add(el, el.getAttribute(a));
  }
  for (const el of document.querySelectorAll('[srcset]')) {
    for (const part of el.getAttribute('srcset').split(',')) add(el, part.trim().split(/\s+/)[0]);
  }
  for (const el of document.querySelectorAll('meta[property="og:image"], meta[name="twitter:image"]')) add(el, el.content);
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id)
    .concat([...document.querySelectorAll('a[name]')].map(e => e.name));
  return { refs, ids, bodyClass: document.body ? document.body.className.trim().replace(/\s+/g, ' ') : '', final: location.href };
}

function checkHead(html, where) {
  const tag = (html.match(/<html\b[^>]*>/i) || [''])[0];
  if (!/\blang=["']?zh-CN["'\s>]/.test(tag)) fail(`${where}: <html> is not lang="zh-CN": ${tag || 'no <html> tag'}`);
  const vp = html.match(/<meta[^>]+name=["']?viewport["']?[^>]*>/i);
  if (!vp) fail(`${where}: no <meta name="viewport">`);
  else if (!/width=device-width/.test(vp[0])) fail(`${where}: viewport without width=device-width: ${vp[0]}`);
  else if (/user-scalable\s*=\s*(no|0)|maximum-scale/i.test(vp[0])) fail(`${where}: viewport blocks zoom: ${vp[0]}`);
}

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
let axeRuns = 0;

// ---- 1. crawl ----
async function crawl(browser) {
  const queue = [base];
  const from = new Map([[base, '(start)']]);
  const pages = new Map(); // url -> { bodyClass, weight, ids, stub }
  const fragments = []; // { page, frag, where }
  const external = new Set();
  let fromHome = true;
  const enqueue = (u, where) => { if (!from.has(u)) { from.set(u, where); queue.push(u); } };
  const visit = async (tab, url) => {
    const where = short(from.get(url));
    const r = await get(url);
    if (r.status !== 200) {
      const msg = `broken link on ${where}: ${r.status || r.error} ${short(url)}`;
      if (MAY_BE_MISSING.has(url)) warn(`${msg} (exempted)`); else fail(msg);
      return;
    }
    if (/text\/css/.test(r.type)) {
      for (const m of r.bytes.toString('utf8').matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
        if (m[1].startsWith('data:') || m[1].startsWith('#')) continue;
        const u = new URL(m[1], url).href.split('#')[0];
        if (new URL(u).origin !== origin) fail(`${short(url)}: CSS refers to another host: ${u}`); else enqueue(u, url);
      }
    }
    if (!/text\/html/.test(r.type) || !ours(url)) return;
    checkHead(r.bytes.toString('utf8'), short(url));
    tab.log.requests = []; tab.log.foreign = []; tab.log.broken = []; tab.log.errors = [];
    await load(tab, url);
    const facts = await tab.page.evaluate(pageFacts);
    report(tab.log, short(url));
    // Every page, not only one per kind, gets the axe-core audit at 1280 px here.
    await axeAudit(tab.page, `${short(url)} @1280px`);
    const stub = facts.final.split('#')[0] !== url;
    // Weight: the HTML plus every stylesheet and script the page loaded, uncompressed.
    let weight = r.bytes.length;
    const loaded = new Set(tab.log.requests.filter(q => q.type === 'stylesheet' || q.type === 'script').map(q => q.url));
    for (const u of loaded) weight += (await get(u)).bytes.length;
    pages.set(url, { bodyClass: facts.bodyClass, weight, ids: new Set(facts.ids), stub, fromHome });
    for (const ref of facts.refs) {
      if (ref.bad) { fail(`${short(url)}: unparsable URL ${ref.bad}`); continue; }
      const [target, ...rest] = ref.url.split('#');
      if (new URL(target).origin !== origin) {
        if (ref.nav) external.add(target); else fail(`${short(url)}: <${ref.tag}> loads from another host: ${ref.url}`);
        continue;
      }
      const frag = rest.join('#');
      if (frag) fragments.push({ page: target, frag, where: short(url) });
      enqueue(target, url);
    }
  };
  // Two tabs take URLs from the queue until it is empty and neither is busy.
  const tabs = [await openTab(browser, { width: 1280 }), await openTab(browser, { width: 1280 })];
  let busy = 0;
  const drain = () => Promise.all(tabs.map(async tab => {
    for (;;) {
      const url = queue.shift();
      if (url === undefined) {
        if (!busy) return;
        await new Promise(res => setTimeout(res, 20));
        continue;
      }
      busy++;
      try { await visit(tab, url); } finally { busy--; }
    }
  }));
  await drain();
  // Then the 404 page, which nothing links to; its pages do not count as reachable from home.
  fromHome = false;
  enqueue(base + '404.html', '(404 page)');
  await drain();
  for (const tab of tabs) await tab.page.close();

  for (const { page, frag, where } of fragments) {
    const p = pages.get(page);
    if (!p) continue; // not HTML (already reported if broken)
    let id = frag;
    try { id = decodeURIComponent(frag); } catch (e) { /* keep raw */ }
    if (id !== 'top' && !p.ids.has(id)) fail(`${where}: link to missing anchor ${short(page)}#${frag}`);
  }
  const stubs = [...pages].filter(([, p]) => p.stub).map(([u]) => short(u));
  if (stubs.length) console.log(`redirect pages reached: ${stubs.join(' ')}`);
  const real = [...pages].filter(([, p]) => !p.stub);
  const reachableReal = real.filter(([, p]) => p.fromHome).length;
  console.log(`crawl: ${reachableReal} pages reachable from the home page` +
    `${stubs.length ? ` (and ${stubs.length} redirect pages)` : ''}, ${real.length - reachableReal} more from the 404 page, ` +
    `${got.size - pages.size} other URLs checked, ${external.size} links to other sites (not requested)`);
  if (reachableReal < MIN_PAGES) fail(`only ${reachableReal} pages reachable from the home page (need ${MIN_PAGES})`);

  const weighed = real.filter(([, p]) => p.bodyClass !== 'search-page').map(([u, p]) => [u, p.weight]).sort((a, b) => a[1] - b[1]);
  const median = weighed.length % 2
    ? weighed[(weighed.length - 1) / 2][1]
    : (weighed[weighed.length / 2 - 1][1] + weighed[weighed.length / 2][1]) / 2;
  const [maxUrl, max] = weighed[weighed.length - 1];
  console.log(`weight (HTML+CSS+JS, ${weighed.length} pages, search page aside): median ${(median / KiB).toFixed(1)} KiB, ` +
    `max ${(max / KiB).toFixed(1)} KiB (${short(maxUrl)}), min ${(weighed[0][1] / KiB).toFixed(1)} KiB`);
  if (median > MEDIAN_MAX) fail(`median page weight ${(median / KiB).toFixed(1)} KiB > 60 KiB`);
  for (const [u, w] of weighed) if (w > PAGE_MAX) fail(`${short(u)} weighs ${(w / KiB).toFixed(1)} KiB > 150 KiB`);
  return pages;
}

// ---- 2. every page kind at 360 and 1280 px: axe-core, no sideways scrolling ----
function pickKinds(pages) {
  const order = [...pages].filter(([, p]) => !p.stub).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const picked = [];
  for (const k of KINDS) {
    const all = order.filter(([, p]) => p.bodyClass === k.cls).map(([u]) => u);
    const url = (k.prefer && all.find(u => u.endsWith(k.prefer))) || all[0];
    if (url) picked.push({ ...k, url });
    else if (k.optional) console.log(`(no ${k.name} page in this site)`);
    else fail(`no ${k.name} page (<body class="${k.cls}">) found`);
  }
  // A kind the list above does not know yet is still audited.
  const known = new Set(KINDS.map(k => k.cls));
  for (const [u, p] of order) {
    if (!known.has(p.bodyClass)) {
      known.add(p.bodyClass);
      picked.push({ name: `unlisted kind "${p.bodyClass}"`, cls: p.bodyClass, url: u });
    }
  }
  // The 404 page as a server shows it: any unknown address under the site.
  picked.push({ name: '404 (unknown address)', cls: 'not-found', url: base + 'no-such-page/', status: 404 });
  return picked;
}

async function auditKinds(browser, kinds) {
  for (const k of kinds) {
    for (const width of [360, 1280]) {
      const where = `${k.name} ${short(k.url)} @${width}px`;
      const tab = await openTab(browser, { width, height: 800 });
      const resp = await load(tab, k.url);
      let status = resp ? resp.status() : 0;
      if (status === 304) status = 200; // a server that answers conditional requests
      if (status !== (k.status || 200)) fail(`${where}: HTTP ${status}, expected ${k.status || 200}`);
      const cls = await tab.page.evaluate(() => document.body.className.trim().replace(/\s+/g, ' '));
      if (cls !== k.cls) fail(`${where}: body class "${cls}", expected "${k.cls}"`);
      report(tab.log, where);
      let line = `${where}: ${await axeAudit(tab.page, where)} axe violations`;
      if (width === 360) {
        const over = await tab.page.evaluate(() => {
          const w = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= w) return null;
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .filter(e => !e.closest('[style*="overflow"]')).slice(0, 5)
            .map(e => e.localName + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
          return `${document.documentElement.scrollWidth}px wide: ${wide.join(', ')}`;
        });
        if (over) fail(`${where}: scrolls sideways, ${over}`); else line += ', no sideways scrolling';
      }
      console.log(line);
      if (shots && width === 360 && (k.cls === 'home' || k.shot)) {
        const file = path.join(shots, `${k.shot || 'home'}-360.png`);
        await tab.page.evaluate(() => window.scrollTo(0, 0));
        await tab.page.screenshot({ path: file, clip: { x: 0, y: 0, width: 360, height: 800 } });
        console.log(`screenshot ${file}`);
      }
      await tab.page.close();
    }
  }
}

// ---- 3. text-size switch ----
async function sizeSwitch(browser, kinds) {
  const home = kinds.find(k => k.cls === 'home');
  const other = kinds.find(k => k.cls === 'kind-case') || kinds.find(k => k.cls !== 'home');
  if (!home || !other) return fail('size switch: no home page to test on');
  const tab = await openTab(browser, { width: 360, height: 800 });
  const p = tab.page;
  const state = () => p.evaluate(() => {
    const para = document.querySelector('main p') || document.body;
    const pressed = [...document.querySelectorAll('#size-switch button[aria-pressed="true"]')].map(b => b.dataset.size);
    const box = document.getElementById('size-switch');
    return {
      body: parseFloat(getComputedStyle(document.body).fontSize),
      para: parseFloat(getComputedStyle(para).fontSize),
      size: document.documentElement.dataset.size,
      pressed: pressed.join(','),
      visible: !!box && !box.hidden && box.getBoundingClientRect().height > 0,
      stored: (() => { try { return localStorage.getItem('pufa-size'); } catch (e) { return 'unavailable'; } })(),
    };
  });
  const click = async size => { await p.click(`#size-switch button[data-size="${size}"]`); return state(); };
  await load(tab, home.url);
  const s0 = await state();
  if (!s0.visible) fail('size switch: not shown with JavaScript on');
  if (s0.pressed !== 'standard') fail(`size switch: fresh visitor starts at "${s0.pressed}", expected standard`);
  const s1 = await click('large');
  const s2 = await click('xlarge');
  console.log(`size switch: body ${s0.body}px → 大 ${s1.body}px → 特大 ${s2.body}px; main text ${s0.para}px → ${s1.para}px → ${s2.para}px`);
  if (!(s1.body > s0.body && s2.body > s1.body)) fail('size switch: body font-size does not grow with 大/特大');
  if (!(s1.para > s0.para && s2.para > s1.para)) fail('size switch: main text does not grow with 大/特大');
  if (s2.pressed !== 'xlarge' || s2.stored !== 'xlarge') fail(`size switch: after 特大, pressed=${s2.pressed} stored=${s2.stored}`);
  await p.reload({ waitUntil: 'load' });
  const s3 = await state();
  if (s3.size !== 'xlarge' || s3.body !== s2.body || s3.pressed !== 'xlarge') fail(`size switch: not remembered after reload: ${JSON.stringify(s3)}`);
  await load(tab, other.url);
  const s4 = await state();
  if (s4.size !== 'xlarge' || s4.pressed !== 'xlarge') fail(`size switch: not remembered on ${short(other.url)}: ${JSON.stringify(s4)}`);
  if (shots) await p.screenshot({ path: path.join(shots, 'xlarge-360.png') }).then(() => console.log(`screenshot ${path.join(shots, 'xlarge-360.png')}`));
  const s5 = await click('standard');
  await p.reload({ waitUntil: 'load' });
  const s6 = await state();
  if (s6.size !== 'standard' || s6.pressed !== 'standard' || s6.stored !== 'standard') fail(`size switch: back to 标准 not remembered: ${JSON.stringify(s6)}`);
  console.log(`size switch: remembered after reload (${s3.body}px) and on ${short(other.url)} (${s4.body}px); 标准 back to ${s5.body}px`);
  report(tab.log, 'size switch');
  await p.close();
}

// ---- 4. JavaScript off ----
async function noScript(browser, kinds) {
  for (const k of kinds) {
    const where = `JS off: ${k.name} ${short(k.url)}`;
    const tab = await openTab(browser, { width: 360, height: 800, js: false });
    await load(tab, k.url);
    const r = await tab.page.evaluate(() => {
      const main = document.querySelector('main');
      const box = document.getElementById('size-switch');
      const nojs = document.getElementById('pufa-search-nojs');
      const shown = e => !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden';
      return {
        main: !!main, mainShown: shown(main), text: main ? main.innerText.trim().length : 0,
        h1: !!document.querySelector('main h1'),
        switchShown: shown(box), nojs: nojs ? shown(nojs) : null,
      };
    });
    if (!r.main || !r.mainShown) fail(`${where}: <main> missing or not shown`);
    else if (r.text < 30) fail(`${where}: <main> has only ${r.text} characters of text`);
    if (!r.h1) fail(`${where}: no <h1> in <main>`);
    if (r.switchShown) fail(`${where}: the size switch shows although it cannot work without JavaScript`);
    if (r.nojs === false) fail(`${where}: the "search needs JavaScript" note is hidden`);
    console.log(`${where}: main ${r.text} chars${r.switchShown ? '' : ', size switch hidden'}${r.nojs ? ', no-JS note shown' : ''}`);
    report(tab.log, where);
    await tab.page.close();
  }
}

(async () => {
  const t0 = Date.now();
  if (shots) fs.mkdirSync(shots, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: false, // the flag below is passed as is
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--hide-scrollbars', '--mute-audio', '--lang=zh-CN'],
  });
  try {
    console.log(`checking ${base} with ${await browser.version()}`);
    const lap = what => console.log(`-- ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    const pages = await crawl(browser);
    lap('crawl done');
    const kinds = pickKinds(pages);
    await auditKinds(browser, kinds);
    lap('page kinds done');
    await sizeSwitch(browser, kinds);
    await noScript(browser, kinds);
  } catch (e) {
    fail(`check.js crashed: ${e.stack || e}`);
  } finally {
    await browser.close();
  }
  console.log(`axe-core ${require('axe-core/package.json').version}: ${axeRuns} audits`);
  console.log(`browser checks done in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${failures.length} failures, ${warnings.length} warnings`);
  process.exitCode = failures.length ? 1 : 0;
})();
