'use strict';
const fs = require('fs'), path = require('path'), http = require('http');
const puppeteer = require(path.join(__dirname, '../../tests/browser/node_modules/puppeteer-core'));
const root = path.resolve(process.argv[2]);
const queries = process.argv.slice(3);
const page = '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>search</title>' +
  '<form id="pufa-search" data-index="/search/"><input id="pufa-search-input"><button>搜索</button></form>' +
  '<div id="pufa-search-results"></div><script src="/search/pufa-search.js"></script></html>';
const server = http.createServer((req, res) => {
  const u = decodeURIComponent(req.url.split('?')[0]);
  if (u === '/' || u === '/index.html') { res.setHeader('content-type', 'text/html; charset=utf-8'); res.end(page); return; }
  fs.readFile(path.join(root, u), (e, b) => { if (e) { res.statusCode = 404; res.end(); } else { res.end(b); } });
}).listen(0, '127.0.0.1', async () => {
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'networkidle0' });
  const cdp = await tab.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const time = q => tab.evaluate(q => new Promise(done => {
    const out = document.getElementById('pufa-search-results'), input = document.getElementById('pufa-search-input');
    out.removeAttribute('data-q'); input.value = q;
    const t0 = performance.now();
    const obs = new MutationObserver(() => { if (out.getAttribute('data-q') === q) { obs.disconnect(); done(performance.now() - t0); } });
    obs.observe(out, { attributes: true, childList: true, subtree: true });
    document.getElementById('pufa-search').dispatchEvent(new Event('submit', { cancelable: true }));
  }), q);
  for (const q of queries) await time(q);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  let tot = 0;
  for (let i = 0; i < 5; i++) for (const q of queries) tot += await time(q);
  const { profile } = await cdp.send('Profiler.stop');
  const self = {};
  const dt = profile.timeDeltas; const byId = {};
  profile.nodes.forEach(n => byId[n.id] = n);
  const cnt = {};
  profile.samples.forEach((s, i) => { cnt[s] = (cnt[s] || 0) + (dt[i] || 0); });
  for (const id in cnt) { const n = byId[id]; const k = n.callFrame.functionName + ':' + n.callFrame.lineNumber; self[k] = (self[k] || 0) + cnt[id]; }
  const all = Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('mean ms per query', (tot / 5 / queries.length).toFixed(1));
  for (const [k, v] of all) console.log((v / 1000).toFixed(1).padStart(8), k);
  await browser.close(); server.close();
});
