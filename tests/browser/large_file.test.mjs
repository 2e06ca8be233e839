// A large CSV in the page: the worker reads it in 16 MB slices (docs/LARGE_FILES.md) on its nested
// "kexi-reader" thread, which ends with every load (finished or cancelled), the progress bar moves
// in several steps, the result matches the native CLI (the reference), a load can be cancelled and
// the next one works, the date range option gives the CLI's counts, nothing leaves the page, and a
// file changed after it was picked gives an error naming it. The single file opened from disk
// (file://, an opaque origin) starts its reader too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, DIST, ROOT, startBrowser } from './harness.mjs';

let browser;
let file;

before(async () => {
  browser = await startBrowser({ needs: ['kexi.html'] });
  // About 60 MB: 1.6M order lines for 40,000 customers, with one bad date every 100,000 lines.
  file = join(browser.scratch, 'large.csv');
  const out = createWriteStream(file);
  out.write('customer_id,order_id,order_date,amount\n');
  let buf = '';
  for (let i = 0; i < 1_600_000; ++i) {
    const date = i % 100000 === 7 ? 'not-a-date' : `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    buf += `CUST${i % 40000},ORD${String(i).padStart(9, '0')},${date},${(i % 997) + 0.25}\n`;
    if (buf.length > 1 << 20) {
      out.write(buf);
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((resolve) => out.end(resolve));
});

after(async () => {
  if (browser) await browser.close();
});

test('a 60 MB file loads in chunks with a moving progress bar, can be cancelled, and makes no request', async () => {
  const page = await browser.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  // Every worker the page starts, with its name and whether it has ended (the reader lives > 1 s here).
  const workers = [];
  page.on('worker', (w) => {
    const entry = { name: null, closed: false };
    workers.push(entry);
    w.on('close', () => { entry.closed = true; });
    w.evaluate(() => self.name).then((n) => { entry.name = n; }, () => {});
  });
  // The page's worker keeps one reader started ahead (the newest): every older one belonged to a
  // load and must have ended with it.
  const readers = () => workers.filter((w) => w.name === 'kexi-reader');
  // `count` readers started so far, all but the newest ended (which is reported, with the next
  // reader's start, a moment after the load's answer).
  const readersEnded = async (count) => {
    const settled = () => readers().length === count && readers().slice(0, -1).every((w) => w.closed) &&
      !readers().at(-1).closed;
    for (let i = 0; i < 50 && !settled(); ++i) await page.waitForTimeout(100);
    return settled();
  };
  await page.goto(`${browser.baseUrl}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const pageRequests = requests.length;

  // Collect every distinct percentage the bar shows while loading.
  await page.evaluate(() => {
    window.__percents = [];
    const seen = () => {
      const bar = document.querySelector('progress');
      if (bar && !window.__percents.includes(bar.value)) window.__percents.push(bar.value);
      if (!document.querySelector('[data-testid=mapping]')) requestAnimationFrame(seen);
    };
    requestAnimationFrame(seen);
  });
  await page.setInputFiles('input[type=file]', file);
  await page.waitForSelector('[data-testid=mapping], [data-testid=load-error]', { timeout: 45000 });
  const percents = await page.evaluate(() => window.__percents);
  assert.ok(percents.filter((p) => p > 0 && p < 100).length >= 3, `progress steps: ${percents}`);

  const reference = JSON.parse(execFileSync(CLI, ['inspect', file], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const stats = await page.$$eval('[data-stat]', (els) => Object.fromEntries(els.map((el) => [
    el.dataset.stat, Number(el.querySelector('dd').textContent.replace(/[^\d]/g, ''))])));
  assert.equal(stats.total, reference.rows.total);
  assert.equal(stats.used, reference.rows.used);
  assert.equal(stats.customers, reference.customers);
  assert.equal(reference.rows.rejected, 16);  // the bad dates written above
  // The slices were read by the reader thread (its span "reader"), not on the parsing thread: all
  // four (60 MB / 16 MB) of them; and the reader has ended.
  const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((e) => e.name));
  assert.equal(measures.filter((n) => n === 'kexi:worker:reader').length, 1, 'the reader thread was used');
  assert.equal(measures.filter((n) => n === 'kexi:worker:read').length, 4);
  // The one started ahead and used by this load (ended), and the next one.
  assert.ok(await readersEnded(2), 'the reader ended with the load');

  // Load it again and cancel while the core is at work: the page says so and loads the next file.
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction(() => (document.querySelector('progress')?.value || 0) > 0);
  await page.click('[data-key=cancel]');
  await page.waitForSelector('.note[role=status]');
  assert.equal(await page.locator('progress').count(), 0);
  // The cancelled load's reader ends too.
  assert.ok(await readersEnded(3), 'the cancelled load\'s reader ended');
  await page.click('button[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]');

  // The date range card: the counts equal the CLI's with --date-from/--date-to (the reference).
  await page.fill('[data-key=date-from]', '2024-01-01');
  await page.fill('[data-key=date-to]', '2024-06-30');
  await page.click('[data-key=apply-range]');
  await page.waitForSelector('[data-testid=rejections-table] tr[data-reason=outside_date_range]');
  const sample = join(ROOT, 'samples', 'orders_en.csv');
  const ranged = JSON.parse(execFileSync(CLI, ['inspect', sample, '--date-from', '2024-01-01', '--date-to', '2024-06-30'], { encoding: 'utf8' }));
  const outside = ranged.rejections.find((r) => r.reason === 'outside_date_range').count;
  assert.ok(outside > 0);
  assert.equal(Number((await page.textContent('tr[data-reason=outside_date_range] .count')).replace(/[^\d]/g, '')), outside);
  const used = await page.$eval('[data-stat=used] dd', (el) => Number(el.textContent.replace(/[^\d]/g, '')));
  assert.equal(used, ranged.rows.used);
  assert.deepEqual(requests.slice(pageRequests).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), [],
    'requests after the page loaded');
  await page.close();
});

test('a file changed after it was picked, before or while it loads: an error naming it, not a hang', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${browser.baseUrl}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  for (const when of ['before', 'while']) {
    const changed = join(browser.scratch, `changed-${when}.csv`);
    copyFileSync(file, changed);
    await page.setInputFiles('input[type=file]', changed);
    // "while": the core is parsing the first of the four slices; the last is read after it.
    if (when === 'while') await page.waitForFunction(() => (document.querySelector('progress')?.value || 0) > 0, null, { polling: 'raf' });
    appendFileSync(changed, 'CUST1,ORD999999999,2024-01-01,1\n');  // Chromium then refuses to read the old File
    await page.waitForSelector('[data-testid=load-error]', { timeout: 45000 });
    const text = await page.textContent('[data-testid=load-error]');
    assert.match(text, /could not be read/, when);
    assert.ok(text.includes(`changed-${when}.csv`), when);
  }
  await page.close();
});

test('the single file from file:// reads a large file on its reader thread too', async () => {
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(join(DIST, 'kexi.html')).href);
  await page.waitForSelector('body[data-ready="true"]');
  await page.setInputFiles('input[type=file]', file);
  await page.waitForSelector('[data-testid=mapping], [data-testid=load-error]', { timeout: 45000 });
  const reference = JSON.parse(execFileSync(CLI, ['inspect', file], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  assert.equal(await page.$eval('[data-stat=used] dd', (el) => Number(el.textContent.replace(/[^\d]/g, ''))), reference.rows.used);
  const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((e) => e.name));
  assert.equal(measures.filter((n) => n === 'kexi:worker:reader').length, 1, 'the reader thread was used');
  await page.close();
});
