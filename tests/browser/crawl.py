# Crawls a built site over HTTP from its home page: broken links/assets, other hosts, lang, viewport, weights.
import re, sys, urllib.request, urllib.parse, statistics
start = sys.argv[1]
host = urllib.parse.urlparse(start).netloc
seen, queue, pages, broken, foreign, weights = set(), [start], 0, [], set(), {}
asset_size = {}
def fetch(u):
    try:
        with urllib.request.urlopen(u) as r:
            return r.status, r.headers.get('content-type', ''), r.read()
    except urllib.error.HTTPError as e:
        return e.code, '', b''
while queue:
    u = queue.pop()
    if u in seen: continue
    seen.add(u)
    st, ct, body = fetch(u)
    if st != 200:
        broken.append((st, u)); continue
    if 'html' not in ct:
        asset_size[u] = len(body); continue
    pages += 1
    import html as H
    html = body.decode('utf-8')
    if 'lang="zh-CN"' not in html: print('no zh-CN:', u)
    if re.search(r'user-scalable=no|maximum-scale=1', html): print('zoom blocked:', u)
    refs = [H.unescape(r) for r in re.findall(r'(?:href|src|data-index)="([^"#]*)', html)]
    w = len(body)
    for ref in refs:
        if not ref or ref.startswith(('mailto:', 'tel:', 'data:')): continue
        full = urllib.parse.urljoin(u, ref)
        p = urllib.parse.urlparse(full)
        if p.netloc != host: foreign.add(full); continue
        full = full.split('#')[0]
        if full not in seen: queue.append(full)
    weights[u] = w
css_js = sum(v for k, v in asset_size.items() if k.endswith(('.css', '.js')) and 'pufa-search' not in k)
tot = {u: w + css_js for u, w in weights.items() if '/search/' not in u}
vals = sorted(tot.values())
print(f'pages {pages}, assets {len(asset_size)}, broken {len(broken)}, foreign {len(foreign)}')
for b in broken[:20]: print('  broken', b)
for f in sorted(foreign)[:10]: print('  foreign', f)
print(f'median {statistics.median(vals)/1024:.1f} KiB, max {vals[-1]/1024:.1f} KiB', max(tot, key=tot.get))
