// The editor of `pufa serve` walked as a new member of staff would, on the demo site, in
// real headless Chromium.
//
//   node editor.js BASE_URL SITE_DIR FIXTURES_DIR BOMB_DOCX
//
//   BASE_URL      where `pufa serve` answers (127.0.0.1), SITE_DIR the site it serves (a
//                 copy: this script writes into it), FIXTURES_DIR tests/fixtures/wechat,
//                 BOMB_DOCX a small .docx that unpacks to 80 MB.
//
// 1. New case: /_pufa/new?kind=case is filled in (title, summary), a line with a phone
//    number is typed into the body key by key; the preview shows the text in the site's
//    theme and the finding stands beside that line of the text area (its note is level
//    with the line) and in the list, in Chinese. The time from the last keystroke to the
//    findings shown is measured over several edits (reported, not asserted).
// 2. Never lose text: the tab is closed before saving; reopened, the editor offers
//    "恢复未保存的内容" and restores the typed text.
// 3. A picture is pasted (a ClipboardEvent with a PNG): the new article is saved as a draft
//    with the picture beside it and in its text at the cursor; the editor opens it; the
//    preview shows the picture.
// 4. The phone number is corrected and saved; the file on disk has the text; publishing
//    makes the page live; with the live page open in another tab, one more save reloads it
//    and shows the new sentence.
// 5. A WeChat article saved as .mhtml is chosen in the import box: it opens as a draft with
//    its title, headings and pictures; so does the saved .html dropped with its pictures.
// 6. Hostile requests, from a page of another origin and from the editor's own page without
//    its token: cross-origin POST, missing token, `../` paths, an oversized upload, a zip
//    bomb as .docx chosen in the import box; all refused, the site's files unchanged.
// With SHOTS set, a screenshot of the editor is written there (editor.png).
// Prints what it checked and the latency figures; exits 1 on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { untilShown } = require('./across_reloads');

if (!process.argv[5]) {
  console.error('usage: node editor.js BASE_URL SITE_DIR FIXTURES_DIR BOMB_DOCX');
  process.exit(2);
}
const base = process.argv[2].replace(/\/?$/, '/');
const site = process.argv[3];
const fixtures = process.argv[4];
const bomb = process.argv[5];
const failures = [];
function fail(msg) { failures.push(msg); console.log(`FAIL ${msg}`); }
setTimeout(() => { console.log('FAIL editor checks took over 5 minutes; giving up'); process.exit(1); }, 5 * 60 * 1000).unref();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function listFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (!e.name.startsWith('.pufa-watch-probe')) out.push(p);
  }
  return out;
}
const axeSrc = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let axeRuns = 0;
async function axeAudit(page, where) {
  await page.addScriptTag({ content: axeSrc });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of res.violations) {
    fail(`${where}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  axeRuns++;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

// Waits until the preview answered an edit made after `since` (a counter kept by the page).
async function previewedAfter(tab, before, timeout = 15000) {
  await tab.waitForFunction((b) => Number(document.getElementById('editor').dataset.previewed || 0) > b,
    { timeout, polling: 20 }, before);
}
const previewCount = (tab) => tab.$eval('#editor', (f) => Number(f.dataset.previewed || 0));

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 860 });
    const alts = [];
    tab.on('dialog', (d) => { alts.push(d.message()); d.accept('楼下被砸坏的汽车'); });

    // 1. A new case, typed into.
    await tab.goto(base + '_pufa/new?kind=case', { waitUntil: 'load' });
    const labelled = await tab.$$eval('input:not([type=hidden]), textarea, select', (els) =>
      els.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.name || e.id));
    if (labelled.length) fail(`fields without a label: ${labelled.join(', ')}`);
    const small = await tab.$$eval('button, a.button, input:not([type=hidden]), select', (els) =>
      els.filter((e) => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 60)));
    if (small.length) fail(`targets under 44 px: ${small.join(' | ')}`);
    await tab.type('input[name="title"]', '楼上花盆砸坏了车');
    await tab.type('input[name="description"]', '高空抛物找不到人，整栋楼一起补偿。');
    await tab.focus('textarea[name="body"]');
    // After the template's first heading (基本案情).
    const caret = await tab.$eval('textarea[name="body"]', (t) => {
      const i = t.value.indexOf('## 基本案情');
      t.selectionStart = t.selectionEnd = t.value.indexOf('\n', i) + 1;
      return t.selectionStart;
    });
    if (caret <= 0) fail('the case template has no 基本案情 heading');
    let before = await previewCount(tab);
    await tab.keyboard.type('\n车主张某，电话13800138000，车停在楼下。\n');
    await previewedAfter(tab, before).catch(() => fail('the preview did not answer the typing'));
    const phoneLine = await tab.$eval('textarea[name="body"]', (t) =>
      t.value.split('\n').findIndex((l) => l.includes('13800138000')) + 1);
    try {
      await tab.waitForFunction((n) => [...document.querySelectorAll('.notes .note')]
        .some((e) => e.textContent.includes(`第 ${n} 行`) && e.textContent.includes('手机号码')), { timeout: 10000, polling: 100 }, phoneLine);
    } catch (e) {
      fail(`no note beside line ${phoneLine}: ${await tab.$eval('.notes', (n) => n.textContent)}`);
    }
    // Level with its line: the note's top is where the line is drawn in the text area.
    const offset = await tab.evaluate((n) => {
      const area = document.querySelector('textarea[name="body"]');
      const note = [...document.querySelectorAll('.notes .note')].find((e) => e.textContent.includes(`第 ${n} 行`));
      if (!note) return null;
      // Put the caret at the start of the line and measure where it is drawn with a copy.
      const cs = getComputedStyle(area);
      const m = document.createElement('div');
      for (const k of ['fontFamily', 'fontSize', 'lineHeight', 'paddingTop', 'paddingLeft', 'paddingRight', 'letterSpacing']) m.style[k] = cs[k];
      Object.assign(m.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', boxSizing: 'border-box', width: area.clientWidth + 'px', border: '0' });
      const lines = area.value.split('\n');
      m.textContent = lines.slice(0, n - 1).join('\n') + '\n';
      const s = document.createElement('span'); s.textContent = 'x'; m.appendChild(s);
      document.body.appendChild(m);
      const y = area.getBoundingClientRect().top + area.clientTop + s.offsetTop - area.scrollTop;
      m.remove();
      return Math.round(note.getBoundingClientRect().top - y);
    }, phoneLine);
    if (offset === null || Math.abs(offset) > 12) fail(`the note is ${offset} px away from its line`);
    const listed = await tab.$eval('#findings', (e) => e.textContent);
    if (!listed.includes(`第 ${phoneLine} 行`) || !listed.includes('手机号码')) fail(`the list of findings: ${listed}`);
    const frame = await tab.$eval('#preview', (f) => f.srcdoc);
    if (!frame.includes('车主张某') || !/<title>楼上花盆砸坏了车/.test(frame)) fail('the preview does not show the typed title and text');
    console.log(`editor: finding "手机号码" shown beside body line ${phoneLine} (${offset} px from it) and in the list`);
    if ((await tab.$eval('html', (h) => h.lang)) !== 'zh') fail('the editor page is not marked as Chinese');
    await axeAudit(tab, 'new case @1280px');
    if (process.env.SHOTS) {
      fs.mkdirSync(process.env.SHOTS, { recursive: true });
      await tab.$eval('textarea[name="body"]', (t) => { t.scrollTop = 0; });
      await tab.evaluate(() => window.scrollTo(0, document.querySelector('label[for=area]').getBoundingClientRect().top + window.scrollY - 60));
      await sleep(300);
      await tab.screenshot({ path: path.join(process.env.SHOTS, 'editor.png') });
    }

    // Latency, as the page sees it: from the input event of the last keystroke to the
    // preview answer applied (findings drawn, the preview's new HTML handed to its frame).
    await tab.evaluate(() => {
      const form = document.getElementById('editor');
      form.addEventListener('input', () => { window.lastInput = performance.now(); }, true);
      new MutationObserver(() => { window.shownAt = performance.now(); })
        .observe(form, { attributes: true, attributeFilter: ['data-previewed'] });
    });
    const samples = [];
    for (let i = 0; i < 12; i++) {
      before = await previewCount(tab);
      await tab.keyboard.type(i % 3 === 0 ? '好' : 'ab');
      try {
        await previewedAfter(tab, before);
        samples.push(Math.round(await tab.evaluate(() => window.shownAt - window.lastInput)));
      } catch (e) { fail('a keystroke got no preview'); }
      await sleep(400);
    }
    console.log(`editor latency (last keystroke → preview and findings shown, ${samples.length} edits): median ${median(samples)} ms, max ${Math.max(...samples)} ms; samples ${samples.join(' ')}`);

    // 2. The tab is closed before saving; the text is offered back.
    try {
      await tab.waitForFunction(() => document.getElementById('editor').dataset.autosaved === 'true', { timeout: 10000, polling: 100 });
    } catch (e) { fail('the unsaved text was not kept'); }
    await tab.close();
    const tab2 = await browser.newPage();
    await tab2.setViewport({ width: 1280, height: 860 });
    tab2.on('dialog', (d) => { alts.push(d.message()); d.accept('楼下被砸坏的汽车'); });
    await tab2.goto(base + '_pufa/new?kind=case', { waitUntil: 'load' });
    const offer = await tab2.$('#kept-restore');
    if (!offer || !(await tab2.$eval('#kept-restore', (b) => b.textContent)).includes('恢复未保存的内容')) {
      fail('reopened, the editor does not offer 恢复未保存的内容');
    } else {
      await tab2.click('#kept-restore');
      const back = await tab2.$eval('textarea[name="body"]', (t) => t.value);
      const title = await tab2.$eval('input[name="title"]', (t) => t.value);
      if (!back.includes('13800138000') || title !== '楼上花盆砸坏了车') fail(`restored: ${title} / ${back.slice(0, 80)}`);
      else console.log('editor: the tab was closed unsaved; reopened, 恢复未保存的内容 brought the text back');
    }

    // 3. A picture pasted into the body of the (still new) article.
    await tab2.focus('textarea[name="body"]');
    await tab2.$eval('textarea[name="body"]', (t) => {
      const i = t.value.indexOf('13800138000');
      t.selectionStart = t.selectionEnd = t.value.indexOf('\n', i) + 1;
    });
    await Promise.all([
      tab2.waitForNavigation({ waitUntil: 'load', timeout: 20000 }).catch(() => fail('pasting a picture did not open the saved article')),
      tab2.evaluate(async () => {
        const c = document.createElement('canvas');
        c.width = 64; c.height = 48;
        const x = c.getContext('2d');
        x.fillStyle = '#3a6ea5'; x.fillRect(0, 0, 64, 48);
        const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
        const dt = new DataTransfer();
        dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
        const area = document.querySelector('textarea[name="body"]');
        area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }),
    ]);
    if (!alts.some((m) => m.includes('这张图片上是什么'))) fail('the alt text was not asked for');
    const editUrl = tab2.url();
    const rel = decodeURIComponent((editUrl.match(/path=([^&]+)/) || [])[1] || '');
    const bundle = path.join(site, path.dirname(rel));
    if (!rel.endsWith('/index.md') || !fs.existsSync(path.join(bundle, 'image.png'))) {
      fail(`the picture is not beside the article: ${rel}`);
    }
    const onDisk = fs.existsSync(path.join(site, rel)) ? fs.readFileSync(path.join(site, rel), 'utf8') : '';
    if (!/车停在楼下。\n\n?!\[楼下被砸坏的汽车\]\(image\.png\)/.test(onDisk) || !onDisk.includes('draft = true')) {
      fail(`the saved draft lacks the picture at the cursor: ${onDisk}`);
    }
    try {
      await tab2.waitForFunction(() => /<img[^>]*alt="楼下被砸坏的汽车"/.test(document.getElementById('preview').srcdoc), { timeout: 15000, polling: 100 });
    } catch (e) { fail('the preview does not show the pasted picture'); }
    await axeAudit(tab2, 'edit @1280px');
    await tab2.setViewport({ width: 360, height: 740 });
    await axeAudit(tab2, 'edit @360px');
    const sideways = await tab2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (sideways > 0) fail(`the editor scrolls sideways at 360 px by ${sideways} px`);
    await tab2.setViewport({ width: 1280, height: 860 });
    console.log(`editor: picture pasted → draft ${rel} with image.png beside it, in the text at the cursor, in the preview`);

    // 4. Correct the phone number, save; publish; one more save reloads the live page.
    await tab2.$eval('textarea[name="text"]', (t) => { t.value = t.value.replace('，电话13800138000', ''); });
    before = await previewCount(tab2);
    await tab2.type('textarea[name="text"]', ' ');
    await previewedAfter(tab2, before).catch(() => fail('no preview after the correction'));
    const left = await tab2.$eval('#findings', (e) => e.textContent);
    if (left.includes('手机号码')) fail(`the corrected text still has the finding: ${left}`);
    await Promise.all([tab2.waitForNavigation({ waitUntil: 'load' }), tab2.click('#editor button[type="submit"]')]);
    const saved = fs.readFileSync(path.join(site, rel), 'utf8');
    if (saved.includes('13800138000') || !saved.includes('车主张某，车停在楼下。')) fail(`saved text: ${saved}`);
    await Promise.all([tab2.waitForNavigation({ waitUntil: 'load' }), tab2.click('form[action="/_pufa/publish"] button')]);
    if (fs.readFileSync(path.join(site, rel), 'utf8').includes('draft = true')) fail('publish left the draft mark');
    // The page's address, from the list.
    let live = null;
    const list = await browser.newPage();
    for (let i = 0; i < 60 && !live; i++) {
      await list.goto(base + '_pufa/', { waitUntil: 'load' });
      live = await list.evaluate((r) => {
        const row = [...document.querySelectorAll('tr')].find((tr) => tr.textContent.includes(r));
        const a = row && [...row.querySelectorAll('a')].find((x) => x.textContent === '查看');
        return a ? a.href : null;
      }, rel);
      if (!live) await sleep(500);
    }
    if (!live) {
      fail('the published article has no live page');
    } else {
      const page = list;
      // For the failure message: every live-reload event this tab hears, with its time.
      await page.evaluateOnNewDocument(() => {
        const Real = window.EventSource;
        window.EventSource = function (url, init) {
          const es = new Real(url, init);
          const log = (window.__heard = window.__heard || []);
          const t0 = performance.timeOrigin;
          es.addEventListener('open', () => log.push(`${Math.round(t0 + performance.now())} open ${url}`));
          es.addEventListener('message', (e) => log.push(`${Math.round(t0 + performance.now())} ${String(e.data).slice(0, 400)}`));
          es.addEventListener('error', () => log.push(`${Math.round(t0 + performance.now())} error ${es.readyState}`));
          return es;
        };
      });
      await page.goto(live, { waitUntil: 'load' });
      await sleep(800);
      // The site version the page was served at (`livereload.js?v=`): a reload raises it.
      const servedAt = () => page.evaluate(() => {
        const s = document.querySelector('script[src*="/__pufa/livereload.js"]');
        return s ? Number((/[?&]v=(\d+)/.exec(s.src) || [])[1]) : null;
      }).catch(() => null);
      const v0 = await servedAt();
      // The writer goes back to the editor's tab and saves once more.
      await tab2.bringToFront();
      await tab2.$eval('textarea[name="text"]', (t) => { t.value = t.value.trimEnd() + '\n\n物业公司也要承担补充责任。\n'; });
      const saveAt = Date.now();
      await Promise.all([tab2.waitForNavigation({ waitUntil: 'load' }), tab2.click('#editor button[type="submit"]')]);
      await page.bringToFront();
      try {
        // Generous: under load the full rebuild after publishing (seconds in a debug build)
        // may still run when the save comes, and the save's rebuild waits for it.
        await untilShown(page, (t) => document.body.textContent.includes(t), '物业公司也要承担补充责任', { timeout: 60000 });
        console.log(`editor: saved → file on disk; published; the open live page ${live} reloaded (site version ${v0} → ${await servedAt()}) with the new text`);
      } catch (e) {
        // What the tab shows against what the server serves now, and what it heard.
        const seen = await page.evaluate(async () => {
          const served = await fetch(location.href, { cache: 'no-store' }).then((r) => r.text());
          return {
            shownHasText: document.body.textContent.includes('物业公司也要承担补充责任'),
            served: Number((/livereload\.js\?v=(\d+)/.exec(served) || [])[1]),
            servedHasText: served.includes('物业公司也要承担补充责任'),
            servedBodyHasText: (served.split('<body')[1] || '').includes('物业公司也要承担补充责任'),
            heard: window.__heard || [],
          };
        });
        const onDisk = fs.readFileSync(path.join(site, rel), 'utf8');
        fail(`the live page did not reload with the saved text (version ${v0} before the save, ${await servedAt()} now; saved at ${saveAt}; ` +
          `file has it: ${onDisk.includes('物业公司也要承担补充责任')}; ${JSON.stringify(seen)})`);
      }
    }

    // 5. A WeChat article saved as .mhtml, chosen in the import box.
    await list.goto(base + '_pufa/', { waitUntil: 'load' });
    await axeAudit(list, 'article list @1280px');
    await list.select('#import-kind', 'case');
    const chooser = await list.$('#import');
    await Promise.all([
      list.waitForNavigation({ waitUntil: 'load', timeout: 20000 }).catch(() => fail('the .mhtml import did not open the draft')),
      chooser.uploadFile(path.join(fixtures, '高空抛物伤人，谁来担责.mhtml')),
    ]);
    const imported = await list.$eval('textarea[name="text"]', (t) => t.value).catch(() => '');
    if (!imported.includes('title = "高空抛物伤人，谁来担责？"') || !imported.includes('## 基本案情') ||
        !imported.includes('![被花盆砸坏的车辆](tu-1.jpg)') || imported.includes('关注')) {
      fail(`the imported WeChat article: ${imported.slice(0, 300)}`);
    } else {
      console.log('editor: WeChat .mhtml imported as a draft with its title, headings and pictures');
    }

    // 5b. The saved .html and its pictures dropped together on the import box.
    await list.goto(base + '_pufa/', { waitUntil: 'load' });
    await list.select('#import-kind', 'case');
    const page = '高空抛物伤人，谁来担责';
    const dropped = [[`${page}.html`, 'text/html', fs.readFileSync(path.join(fixtures, `${page}.html`)).toString('base64')]];
    for (const f of ['640.png', '640.jpeg', '640(1).jpeg', 'qrcode.png']) {
      dropped.push([f, f.endsWith('png') ? 'image/png' : 'image/jpeg', fs.readFileSync(path.join(fixtures, `${page}_files`, f)).toString('base64')]);
    }
    await Promise.all([
      list.waitForNavigation({ waitUntil: 'load', timeout: 20000 }).catch(() => fail('dropping the .html and its pictures did not open a draft')),
      list.evaluate((files) => {
        const dt = new DataTransfer();
        for (const [name, type, b64] of files) {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          dt.items.add(new File([bytes], name, { type }));
        }
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, dropped),
    ]);
    const droppedText = await list.$eval('textarea[name="text"]', (t) => t.value).catch(() => '');
    if (!droppedText.includes('![被花盆砸坏的车辆](tu-1.jpg)') || !droppedText.includes('## 法官说法')) {
      fail(`the dropped page and pictures: ${droppedText.slice(0, 300)}`);
    } else {
      console.log('editor: the saved .html and its pictures dropped together became a draft with the pictures');
    }

    // 6. Hostile requests; the site must stay as it is.
    const token = await list.$eval('input[name="token"]', (e) => e.value);
    const siteBefore = listFiles(site).filter((f) => !f.includes(`${path.sep}.pufa${path.sep}`)).sort();
    const config = fs.readFileSync(path.join(site, 'config.toml'), 'utf8');
    // From another origin (the same server under another name): even with the token.
    const other = await browser.newPage();
    await other.goto(base.replace('127.0.0.1', 'localhost'), { waitUntil: 'load' });
    const cross = await other.evaluate(async (url, t) => {
      const out = [];
      for (const [p, body] of [['_pufa/new', `token=${t}&kind=case&title=evil`],
                               ['_pufa/save', `token=${t}&path=content/_index.md&base=x&text=evil`]]) {
        try {
          const r = await fetch(url + p, { method: 'POST', mode: 'no-cors', credentials: 'include', body,
            headers: { 'content-type': 'application/x-www-form-urlencoded' } });
          out.push(r.type);
        } catch (e) { out.push('blocked'); }
      }
      return out;
    }, base, token);
    // From the editor's own page: no token, paths out of content/, too big.
    const own = await list.evaluate(async (t) => {
      const post = (p, body, headers) => fetch(p, { method: 'POST', body, headers }).then((r) => r.status);
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      return {
        noToken: await post('/_pufa/new', 'kind=case&title=x', form),
        up: await post('/_pufa/save', `token=${t}&path=${encodeURIComponent('content/../config.toml')}&base=x&text=x`, form),
        upAutosave: await post('/_pufa/autosave', `token=${t}&path=${encodeURIComponent('../../etc/x.md')}&text=x`, form),
        upPicture: await post(`/_pufa/upload?path=${encodeURIComponent('../config.toml')}&name=a.png`,
          new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])]), { 'x-pufa-token': t, 'content-type': 'image/png' }),
        huge: await post(`/_pufa/upload?path=${encodeURIComponent('content/_index.md')}&name=a.png`,
          new Blob([new Uint8Array(21 * 1024 * 1024)]), { 'x-pufa-token': t, 'content-type': 'image/png' }).catch(() => 'closed'),
      };
    }, token);
    if (own.noToken !== 403) fail(`no token: ${own.noToken}`);
    if (own.up !== 400 || own.upAutosave !== 400 || own.upPicture !== 400) fail(`../ paths: ${JSON.stringify(own)}`);
    if (own.huge !== 413 && own.huge !== 'closed') fail(`oversized upload: ${own.huge}`);
    // A zip bomb as .docx, chosen in the import box.
    await list.goto(base + '_pufa/', { waitUntil: 'load' });
    await (await list.$('#import')).uploadFile(bomb);
    try {
      await list.waitForFunction(() => document.getElementById('import-status').textContent.includes('压缩炸弹'), { timeout: 20000, polling: 100 });
    } catch (e) { fail(`zip bomb: ${await list.$eval('#import-status', (e) => e.textContent)}`); }
    await sleep(500);
    const siteAfter = listFiles(site).filter((f) => !f.includes(`${path.sep}.pufa${path.sep}`)).sort();
    if (JSON.stringify(siteAfter) !== JSON.stringify(siteBefore)) {
      fail(`hostile requests changed the site: ${siteAfter.filter((f) => !siteBefore.includes(f)).join(', ')}`);
    }
    if (fs.readFileSync(path.join(site, 'config.toml'), 'utf8') !== config) fail('config.toml changed');
    const home = await other.goto(base, { waitUntil: 'load' });
    if (home.status() !== 200) fail(`the site answers ${home.status()} after the hostile requests`);
    console.log(`editor: refused — cross-origin POST (${cross.join(', ')}), no token ${own.noToken}, ../ paths ${own.up}/${own.upAutosave}/${own.upPicture}, 21 MB upload ${own.huge}, zip bomb .docx; site files unchanged`);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`editor checks: ${failures.length} failed`);
    process.exit(1);
  }
  console.log(`editor checks: all passed (${axeRuns} axe-core audits without violations)`);
})().catch((e) => { console.log(`FAIL ${e.stack || e}`); process.exit(1); });
