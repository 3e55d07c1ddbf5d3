// Runs queries against a Pagefind bundle in Node, serving its files from disk through a
// patched fetch that counts bytes, so "bytes a first query downloads" is measured exactly.
// Usage: node pagefind_query.mjs SITE_DIR QUERIES.json  → one JSON line per query.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const [site, queriesPath] = process.argv.slice(2);
const bundle = path.resolve(site, 'pagefind');
import zlib from 'node:zlib';
let bytes = 0, gz = 0;
// gz: as a server compressing text (.js, .json) sends them; Pagefind's index files are
// already compressed.
const gzSize = (p, buf) => /\.(js|json)$/.test(p) ? zlib.gzipSync(buf, { level: 6 }).length : buf.length;
const seen = new Set();
globalThis.fetch = async (url) => {
  const u = String(url);
  const p = u.startsWith('file:') ? fileURLToPath(u.split('?')[0]) : path.join(path.resolve(site), u.split('?')[0]);
  const buf = fs.readFileSync(p);
  if (!seen.has(p)) { seen.add(p); bytes += buf.length; gz += gzSize(p, buf); }
  return new Response(buf, { status: 200 });
};
globalThis.window = globalThis; globalThis.location = { href: pathToFileURL(bundle + '/').href };
const jsPath = path.join(bundle, 'pagefind.js');
bytes += fs.statSync(jsPath).size; gz += gzSize(jsPath, fs.readFileSync(jsPath)); seen.add(jsPath);
const pf = await import(pathToFileURL(jsPath).href);
await pf.options({ basePath: pathToFileURL(bundle + '/').href });
const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));
let first = true;
// What was fetched before the first query (pagefind.js; `options` fetches nothing).
const loadBytes = bytes, loadGz = gz;
for (const q of queries) {
  const before = bytes, gzBefore = gz;
  const t = performance.now();
  const res = await pf.search(q.q);
  const ms = performance.now() - t;
  const indexBytes = bytes - before, indexGz = gz - gzBefore;
  // Fragments (urls) of all results; bytes of the first 10 count as "results shown".
  const urls = [];
  let fragBytes = 0, fragGz = 0;
  for (let i = 0; i < res.results.length; i++) {
    const b0 = bytes, g0 = gz;
    const d = await res.results[i].data();
    if (i < 10) { fragBytes += bytes - b0; fragGz += gz - g0; }
    urls.push(d.url.replace(/^.*?\/site(?=\/)/, "").replace(/index\.html$/, ""));
  }
  const tp = urls.filter((u) => q.truth.includes(u)).length;
  console.log(JSON.stringify({ q: q.q, truth: q.truth.length, got: urls.length, tp, ms, first, index_bytes: indexBytes, fragment_bytes: fragBytes, index_gz: indexGz, fragment_gz: fragGz, load_bytes: first ? loadBytes : 0, load_gz: first ? loadGz : 0 }));
  first = false;
}
