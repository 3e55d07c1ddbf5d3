// Query time of the search page in headless Chromium with the CPU throttled 4× (DevTools'
// mid-tier phone), on an index built by `search_bench index` (run_bench.py's pufa folder).
//   node chromium_query.js OUT_DIR QUERIES.json      (needs tests/browser's node_modules)
// Serves OUT_DIR on 127.0.0.1 with a minimal search page, types every query four times: the first
// time its shards and text chunks are fetched, then three times with them in. Prints the time
// from submit to results drawn (warm: the median of three runs per query), and the load
// average before and after.
'use strict';
const fs = require('fs'), path = require('path'), http = require('http');
const puppeteer = require(path.join(__dirname, '../../tests/browser/node_modules/puppeteer-core'));
const root = path.resolve(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')).map(q => q.q);
const page = '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>search</title>' +
  '<form id="pufa-search" data-index="/search/"><input id="pufa-search-input"><button>搜索</button></form>' +
  '<div id="pufa-search-results"></div><script src="/search/pufa-search.js"></script></html>';
const server = http.createServer((req, res) => {
  const u = decodeURIComponent(req.url.split('?')[0]);
  if (u === '/' || u === '/index.html') { res.setHeader('content-type', 'text/html; charset=utf-8'); res.end(page); return; }
  fs.readFile(path.join(root, u), (e, b) => { if (e) { res.statusCode = 404; res.end(); } else { res.end(b); } });
}).listen(0, '127.0.0.1', async () => {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
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
  const cold = [], warm = [];
  // Warm: the median of three runs of the query once its shards are in, so that a moment
  // when other jobs take the CPU does not count as the query's own time.
  const load0 = require('os').loadavg()[0];
  for (const q of queries) {
    cold.push(await time(q));
    const w = [await time(q), await time(q), await time(q)].sort((x, y) => x - y);
    warm.push(w[1]);
  }
  const s = a => [...a].sort((x, y) => x - y);
  const fmt = a => `median ${s(a)[a.length >> 1].toFixed(1)} p90 ${s(a)[Math.floor(a.length * 0.9)].toFixed(1)} max ${s(a)[a.length - 1].toFixed(1)}`;
  const slowest = queries.map((q, i) => [q, warm[i]]).sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([q, t]) => `${q} ${t.toFixed(1)}`).join(', ');
  console.log(JSON.stringify({ queries: queries.length, cold: fmt(cold), warm: fmt(warm), slowest_warm: slowest, load: [load0, require('os').loadavg()[0]].map(x => x.toFixed(1)).join(' → ') }));
  await browser.close(); server.close();
});
