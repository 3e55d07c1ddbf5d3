// Theme checks in headless Chromium: axe-core audit at 360 px and 1280 px, requests to other
// hosts, text-size switch persistence, JavaScript-off reading, screenshots.
const puppeteer = require('puppeteer-core');
const fs = require('fs');
const axeSrc = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Usage: node check.js BASE_URL [PATH ...]   (BASE_URL ends with '/'; default: one page per kind)
const base = process.argv[2];
const DEFAULT = ['', 'cases/', 'cases/gaokong-paowu/', 'qa/fuqi-zhaiwu/', 'campaigns/2026-xianfa-xuanchuanzhou/',
  'lectures/laonianren-fangpian/', 'boards/', 'boards/03-jicheng/', 'zeren-qingdan/', 'notices/2025-guwen-tiaozheng/',
  'topics/', 'audiences/lao-nian-ren/', 'map/', 'accessibility/', 'search/', 'laws/', '404.html'];
const pages = process.argv.length > 3 ? process.argv.slice(3) : DEFAULT;
const shots = process.env.SHOTS || '/tmp/shots';
fs.mkdirSync(shots, { recursive: true });
(async () => {
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const host = new URL(base).host;
  let bad = 0;
  for (const p of pages) {
    for (const width of [360, 1280]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      const foreign = [];
      page.on('request', r => { if (!r.url().startsWith('data:') && new URL(r.url()).host !== host) foreign.push(r.url()); });
      const resp = await page.goto(base + p, { waitUntil: 'networkidle0' });
      await page.addScriptTag({ content: axeSrc });
      const res = await page.evaluate(async () => await axe.run(document));
      const name = (p || 'home').replace(/\//g, '_');
      const tall = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: width === 360 && tall < 12000 });
      const lang = await page.evaluate(() => document.documentElement.lang);
      const vp = await page.evaluate(() => document.querySelector('meta[name=viewport]').content);
      console.log(`${resp.status()} ${p || '/'} @${width}: ${res.violations.length} violations, lang=${lang}${foreign.length ? ' FOREIGN ' + foreign.join(' ') : ''}`);
      if (/user-scalable=no|maximum-scale=1/.test(vp)) console.log('  zoom blocked!');
      for (const v of res.violations) {
        bad++;
        console.log(`  - ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) console.log(`      ${n.target.join(' ')} :: ${n.failureSummary.split('\n').slice(1, 2).join(' ')}`);
      }
      await page.close();
    }
  }
  // text-size switch: click 特大, reload, still 特大
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 800 });
  await page.goto(base + (pages[0] || ''), { waitUntil: 'networkidle0' });
  const before = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  await page.click('#size-switch button[data-size="xlarge"]');
  const after = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  await page.reload({ waitUntil: 'networkidle0' });
  const kept = await page.evaluate(() => [document.documentElement.dataset.size, getComputedStyle(document.body).fontSize, document.querySelector('#size-switch button[data-size="xlarge"]').getAttribute('aria-pressed')]);
  console.log(`size switch: ${before} -> ${after}; after reload ${kept.join(' ')}`);
  await page.screenshot({ path: `${shots}/xlarge-360.png` });
  // JavaScript off
  const nojs = await browser.newPage();
  await nojs.setJavaScriptEnabled(false);
  await nojs.setViewport({ width: 360, height: 800 });
  await nojs.goto(base + (pages[1] || ''), { waitUntil: 'networkidle0' });
  const txt = await nojs.evaluate(() => [document.querySelector('main').innerText.length, document.getElementById('size-switch').hidden]);
  console.log(`JS off: main text ${txt[0]} chars, switch hidden=${txt[1]}`);
  await browser.close();
  console.log(bad ? `${bad} violation groups` : 'axe: no violations');
  process.exitCode = bad ? 1 : 0;
})();
