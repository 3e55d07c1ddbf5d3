// Waiting for what a page shows after it reloads itself (live reload).
//
// `page.waitForFunction` is not used for this: when the page navigates while the wait is
// being evaluated, the wait can miss the new document and run into its timeout although the
// page shows what it waited for. Each try here is a fresh evaluation in the document the
// page has now; a try that a navigation cuts short is simply made again.

'use strict';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `test(arg)` is true in the page's current document; rejects after `timeout` ms. */
async function untilShown(page, test, arg, { timeout = 15000, every = 200 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      if (await page.evaluate(test, arg)) return;
    } catch (e) {
      // The document went away during the evaluation (a reload): try the new one.
    }
    if (Date.now() > end) throw new Error(`not shown within ${timeout} ms`);
    await sleep(every);
  }
}

/**
 * Counts the documents a tab opens on the site, in its own sessionStorage (kept across
 * reloads of the tab, apart for each tab). Puppeteer's `load` events are not used for this:
 * a reload's event can come too late to be counted, or not at all.
 */
async function countDocuments(page) {
  await page.evaluateOnNewDocument(() => {
    try {
      sessionStorage.setItem('pufa-test-documents', String(Number(sessionStorage.getItem('pufa-test-documents') || 0) + 1));
    } catch (e) {
      // about:blank has no storage.
    }
  });
  return async () => {
    for (let i = 0; i < 50; i++) {
      try {
        return await page.evaluate(() => Number(sessionStorage.getItem('pufa-test-documents') || 0));
      } catch (e) {
        await sleep(100);
      }
    }
    return NaN;
  };
}

module.exports = { untilShown, countDocuments };
