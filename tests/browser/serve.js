// `pufa serve` in real headless Chromium: live reload and the editor.
//
//   node serve.js BASE_URL SITE_DIR   BASE_URL is where `pufa serve` answers, SITE_DIR the
//                                     site it serves (a copy: this script writes into it)
//
// 1. One save, one reload: an article page and an unrelated page are open; the article's
//    file is saved once. The article page must reload exactly once (the fast path and the
//    full rebuild that follows both publish; only the first changes this page) and show the
//    new title; the unrelated page must not reload.
// 2. The editor: /_pufa/new?kind=case is typed into like a writer would (title, then a line
//    of body text key by key); the preview beside the form must show the typed title and
//    text in the site's theme; pressing the save button must land on the article list
//    saying what was saved, and the file must be on disk with the typed text, as a draft.
// 3. A picture dropped into an article's text is saved beside it with the alt text asked
//    for, and shows in the preview; saving keeps it.
// With SHOTS set, screenshots of the editor are written there.
// Prints what it checked and the preview time; exits 1 on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { untilShown, countDocuments } = require('./across_reloads');

if (!process.argv[3]) {
  console.error('usage: node serve.js BASE_URL SITE_DIR');
  process.exit(2);
}
const base = process.argv[2].replace(/\/?$/, '/');
const site = process.argv[3];
const failures = [];
function fail(msg) { failures.push(msg); console.log(`FAIL ${msg}`); }
setTimeout(() => { console.log('FAIL serve checks took over 3 minutes; giving up'); process.exit(1); }, 3 * 60 * 1000).unref();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ARTICLE = path.join(site, 'content/cases/li-hun-leng-jing-qi.md');
const ARTICLE_URL = base + 'cases/cooling-off/';
const OTHER_URL = base + 'guanyu/';

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // 1. One save, one reload.
    const article = await browser.newPage();
    const other = await browser.newPage();
    const articleLoads = await countDocuments(article), otherLoads = await countDocuments(other);
    await article.goto(ARTICLE_URL, { waitUntil: 'load' });
    await other.goto(OTHER_URL, { waitUntil: 'load' });
    // The event streams are open once the pages have loaded their script; give them a moment.
    await sleep(500);
    const [a0, o0] = [await articleLoads(), await otherLoads()];
    fs.writeFileSync(ARTICLE, '+++\ntitle = "浏览器里只刷新一次"\ndate = 2022-11-02\nslug = "cooling-off"\n+++\n离婚冷静期是三十日。\n');
    try {
      await untilShown(article, (t) => document.title.startsWith(t), '浏览器里只刷新一次');
    } catch (e) {
      fail(`the article page did not show the saved title: ${await article.title()}`);
    }
    // Let the full rebuild after the fast path finish and publish (the fixture takes well
    // under a second), then count.
    await sleep(3000);
    const reloads = (await articleLoads()) - a0, otherReloads = (await otherLoads()) - o0;
    if (reloads !== 1) fail(`the article page reloaded ${reloads} times for one save (expected 1)`);
    if (otherReloads !== 0) fail(`an unrelated page reloaded ${otherReloads} times`);
    console.log(`reload: one save → article page reloaded ${reloads}×, unrelated page ${otherReloads}×`);
    await article.close();
    await other.close();

    // 2. The editor.
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    await tab.goto(base + '_pufa/new?kind=case', { waitUntil: 'load' });
    for (const part of ['基本案情', '争议焦点', '裁判结果', '法官说法', '相关法条']) {
      const has = await tab.$eval('textarea[name="body"]', (t, p) => t.value.includes(p), part);
      if (!has) fail(`the case template has no ${part}`);
    }
    await tab.type('input[name="title"]', '高空抛物谁来赔');
    await tab.type('input[name="description"]', '楼上扔下的花盆砸坏了车。');
    // Body: the writer clicks at the end of the text and types a line.
    await tab.focus('textarea[name="body"]');
    await tab.$eval('textarea[name="body"]', (t) => { t.selectionStart = t.selectionEnd = t.value.length; });
    const typedAt = Date.now();
    await tab.keyboard.type('\n张某的车停在楼下，被**花盆**砸坏。\n');
    let previewMs = null;
    try {
      await tab.waitForFunction(() => {
        const f = document.getElementById('preview');
        return f && f.srcdoc.includes('高空抛物谁来赔') && f.srcdoc.includes('<strong>花盆</strong>');
      }, { timeout: 15000 });
      previewMs = Date.now() - typedAt;
    } catch (e) {
      fail('the preview did not show the typed title and text');
    }
    // The preview is the site's own page: its theme's title suffix and stylesheet.
    const frameTitle = await tab.$eval('#preview', (f) => {
      const m = f.srcdoc.match(/<title>([^<]*)<\/title>/);
      return m ? m[1] : '';
    });
    if (!frameTitle.startsWith('高空抛物谁来赔 - ')) fail(`preview title: ${frameTitle}`);
    console.log(`editor: preview shown ${previewMs} ms after the last key (120 ms of it is the typing pause)`);
    if (process.env.SHOTS) {
      fs.mkdirSync(process.env.SHOTS, { recursive: true });
      await tab.evaluate(() => window.scrollTo(0, 0));
      await sleep(300);
      await tab.screenshot({ path: path.join(process.env.SHOTS, 'editor-new-case.png') });
    }
    await Promise.all([
      tab.waitForNavigation({ waitUntil: 'load' }),
      tab.click('button[type="submit"]'),
    ]);
    const status = await tab.$eval('.ok', (e) => e.textContent).catch(() => '');
    if (!status.includes('content/cases/gao-kong-pao-wu-shui-lai-pei.md')) {
      fail(`after saving, the list does not say what was saved: ${status}`);
    }
    const file = path.join(site, 'content/cases/gao-kong-pao-wu-shui-lai-pei.md');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (!text.includes('title = "高空抛物谁来赔"')) fail(`saved file has no title: ${text}`);
    if (!text.includes('张某的车停在楼下，被**花盆**砸坏。')) fail(`saved file has no typed text: ${text}`);
    if (!text.includes('draft = true')) fail('a new article must be a draft');
    if (process.env.SHOTS) {
      await tab.screenshot({ path: path.join(process.env.SHOTS, 'editor-list.png') });
    }
    console.log('editor: typed, previewed, saved as a draft on disk');

    // 3. A picture dropped into the text of the saved article: alt text asked for, the
    //    picture saved beside the article (which becomes a folder), the Markdown inserted
    //    and shown in the preview; saving keeps it.
    tab.on('dialog', (d) => d.accept('花盆砸坏的车'));
    await tab.goto(base + '_pufa/edit?path=' + encodeURIComponent('content/cases/gao-kong-pao-wu-shui-lai-pei.md'), { waitUntil: 'load' });
    await tab.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 40; c.height = 30;
      c.getContext('2d').fillRect(0, 0, 40, 30);
      const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], '现场.png', { type: 'image/png' }));
      const area = document.querySelector('textarea[name="text"]');
      area.selectionStart = area.selectionEnd = area.value.length;
      area.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    try {
      await tab.waitForFunction(() => document.querySelector('textarea[name="text"]').value.includes('![花盆砸坏的车](xian-chang.png)'), { timeout: 15000 });
    } catch (e) {
      fail('the dropped picture was not inserted: ' + await tab.$eval('#preview-status', (e) => e.textContent));
    }
    const bundle = path.join(site, 'content/cases/gao-kong-pao-wu-shui-lai-pei');
    if (!fs.existsSync(path.join(bundle, 'xian-chang.png'))) fail('the picture is not beside the article');
    try {
      await tab.waitForFunction(() => /<img[^>]*alt="花盆砸坏的车"/.test(document.getElementById('preview').srcdoc), { timeout: 15000 });
    } catch (e) {
      fail('the preview does not show the picture');
    }
    if (process.env.SHOTS) {
      await tab.screenshot({ path: path.join(process.env.SHOTS, 'editor-edit-picture.png') });
    }
    await Promise.all([
      tab.waitForNavigation({ waitUntil: 'load' }),
      tab.click('#editor button[type="submit"]'),
    ]);
    const saved = fs.readFileSync(path.join(bundle, 'index.md'), 'utf8');
    if (!saved.includes('![花盆砸坏的车](xian-chang.png)')) fail(`the saved text lost the picture: ${saved}`);
    console.log('editor: picture dropped, alt text asked, saved beside the article, shown in the preview');
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`serve checks: ${failures.length} failed`);
    process.exit(1);
  }
  console.log('serve checks: all passed');
})().catch((e) => { console.log(`FAIL ${e.stack || e}`); process.exit(1); });
