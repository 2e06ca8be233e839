// The built page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// the static build served on 127.0.0.1 and the single file opened from file://. Loads the samples the
// way a user does and compares what the page shows with the native CLI (build/native/kexi), the
// reference; checks that no request leaves the page and that file text is shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, DIST, SAMPLES, CLI, SHOTS, startBrowser, openPage, parseCsvText } from './harness.mjs';

const require = createRequire(import.meta.url);

let baseUrl;
let context;
let scratch;

let browser;
before(async () => {
  browser = await startBrowser({ needs: ['kexi.html'] });
  ({ baseUrl, context, scratch } = browser);
});

after(async () => {
  if (browser) await browser.close();
});

// Every page starts from the default settings (no saved column mapping).
const open = (url, { lang = 'en' } = {}) => openPage(context, url, { lang, defaultSettings: true });

async function loadThroughInput(page, path) {
  await page.setInputFiles('input[type=file]', path);
  await page.waitForSelector('[data-testid=mapping], [data-testid=load-error], [data-testid=date-order-question]', { timeout: 30000 });
}

function cliJson(args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

function cliCsv(args) {
  return parseCsvText(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** The stats the page shows, as numbers: {total, used, rejected, refunds, customers, orders}. */
async function shownStats(page) {
  return page.$$eval('[data-stat]', (els) => Object.fromEntries(els.map((el) => [
    el.dataset.stat, Number(el.querySelector('dd').textContent.replace(/[^\d]/g, ''))])));
}

async function shownRejections(page) {
  return page.$$eval('[data-testid=rejections-table] tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.dataset.reason, Number(r.querySelector('.count').textContent.replace(/[^\d]/g, ''))])));
}

/** The customers table as header texts and cell texts. */
async function shownCustomers(page) {
  await page.waitForSelector('[data-testid=customers-table][aria-busy=false] tbody tr');
  return page.$eval('[data-testid=customers-table]', (table) => ({
    header: [...table.querySelectorAll('thead th')].map((th) => th.dataset.col),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
  }));
}

/** Checks the page's stats and rejection counts against `kexi inspect`. */
async function assertMatchesInspect(page, reference) {
  assert.deepEqual(await shownStats(page), {
    total: reference.rows.total, used: reference.rows.used, rejected: reference.rows.rejected,
    refunds: reference.rows.refunds, customers: reference.customers, orders: reference.orders,
  });
  const expected = Object.fromEntries(reference.rejections.map((r) => [r.reason, r.count]));
  if (reference.rejections.length) assert.deepEqual(await shownRejections(page), expected);
  else assert.equal(await page.locator('[data-testid=rejections-table]').count(), 0);
  const roles = await page.$$eval('[data-testid=mapping] select', (s) => s.map((x) => `${x.dataset.column}=${x.value}`));
  assert.deepEqual(roles, reference.columns.map((c) => `${c.name}=${c.role}`));
}

/** Checks the first page of customers against the first rows of `kexi customers` (ids, dates, attributes). */
async function assertMatchesCustomers(page, csvRows) {
  await page.click('[data-key=to-customers]');
  const shown = await shownCustomers(page);
  const [header, ...data] = csvRows;
  assert.equal(shown.rows.length, Math.min(50, data.length));
  // Same columns in the same order as the CLI's CSV; text cells compared as they are.
  assert.deepEqual(shown.header, header);
  const numeric = new Set(['orders', 'purchase_days', 'gross_spend', 'refunds', 'net_spend']);
  for (let r = 0; r < shown.rows.length; ++r) {
    header.forEach((name, i) => {
      const expected = data[r][i];
      if (numeric.has(name)) {
        assert.equal(Number(shown.rows[r][i].replace(/,/g, '')), Number(expected), `customer row ${r + 1}, column ${name}`);
      } else if (!expected.startsWith("'")) {  // the CLI's CSV neutralises formula-like cells; the page shows them raw
        assert.equal(shown.rows[r][i], expected, `customer row ${r + 1}, column ${name}`);
      }
    });
  }
  return shown;
}

function assertNoForeignRequests(log, origin) {
  const foreign = log.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
}

test('orders_en.csv through the file input: mapping, rejected-row report and customers as the CLI reports them', async () => {
  const file = join(SAMPLES, 'orders_en.csv');
  const { page, log } = await open(`${baseUrl}index.html`);
  await page.screenshot({ path: join(SHOTS, 'start-en.png') });
  await loadThroughInput(page, file);
  await assertMatchesInspect(page, cliJson(['inspect', file]));
  await page.screenshot({ path: join(SHOTS, 'data-orders_en.png'), fullPage: true });
  await assertMatchesCustomers(page, cliCsv(['customers', file]));
  await page.screenshot({ path: join(SHOTS, 'customers-orders_en.png') });
  assertNoForeignRequests(log, baseUrl);
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
  // The CSP is what keeps data on the device: even a same-origin fetch is refused.
  assert.equal(await page.evaluate(() => fetch('samples.js').then(() => 'sent', () => 'refused')), 'refused');
  await page.close();
});

test('the GBK Chinese file shows correctly decoded Chinese customer data (interface in Chinese)', async () => {
  const file = join(SAMPLES, 'orders_zh_gbk.csv');
  const { page, log } = await open(`${baseUrl}index.html`, { lang: 'zh' });
  assert.equal(await page.textContent('[data-view=data]'), '数据');
  await loadThroughInput(page, file);
  const reference = cliJson(['inspect', file]);
  await assertMatchesInspect(page, reference);
  assert.ok(/[\u4e00-\u9fff]/.test((await page.$$eval('[data-testid=mapping] th label', (l) => l.map((x) => x.textContent))).join('')),
    'Chinese column names');
  await page.screenshot({ path: join(SHOTS, 'data-orders_zh_gbk.png'), fullPage: true });
  const shown = await assertMatchesCustomers(page, cliCsv(['customers', file]));
  const text = shown.rows.flat().join(' ');
  assert.ok(/[\u4e00-\u9fff]/.test(text), 'Chinese text in the customer table');
  assert.ok(!text.includes('\ufffd'), 'no replacement characters');
  await page.screenshot({ path: join(SHOTS, 'customers-orders_zh_gbk.png') });
  assertNoForeignRequests(log, baseUrl);
  assert.deepEqual(log.afterLoad, []);
  await page.close();
});

test('the .xlsx sample is read in the worker, offers its sheets and shows the customers', async () => {
  const file = join(SAMPLES, 'orders_en.xlsx');
  // Reference: the CLI on the same sheet converted to CSV (web/src/sheet_csv.js, as the worker does).
  const XLSX = require(join(ROOT, 'node_modules', '@e965', 'xlsx', 'dist', 'xlsx.mini.min.js'));
  const { sheetToCsv } = require(join(ROOT, 'web', 'src', 'sheet_csv.js'));
  const bytes = readFileSync(file);
  const converted = sheetToCsv(XLSX, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), '');
  const csvPath = join(scratch, 'orders_en_sheet.csv');
  writeFileSync(csvPath, converted.csv);

  const { page, log } = await open(`${baseUrl}index.html`);
  await loadThroughInput(page, file);
  const sheets = await page.$$eval('[data-testid=sheet-select] option', (o) => o.map((x) => x.value));
  assert.deepEqual(sheets, converted.sheets);
  await assertMatchesInspect(page, cliJson(['inspect', csvPath]));
  await page.screenshot({ path: join(SHOTS, 'data-orders_en_xlsx.png'), fullPage: true });
  await assertMatchesCustomers(page, cliCsv(['customers', csvPath]));
  assertNoForeignRequests(log, baseUrl);
  assert.deepEqual(log.afterLoad, []);
  await page.close();
});

test('the single file kexi.html works from file:// with one click on a sample and makes no request after load', async () => {
  const url = pathToFileURL(join(DIST, 'kexi.html')).href;
  const { page, log } = await open(url);
  await page.click('button[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await assertMatchesInspect(page, cliJson(['inspect', join(SAMPLES, 'orders_en.csv')]));
  await page.screenshot({ path: join(SHOTS, 'single-file-orders_en.png') });
  await assertMatchesCustomers(page, cliCsv(['customers', join(SAMPLES, 'orders_en.csv')]));
  // And a file through the input, from disk.
  await page.click('[data-view=data]');
  await loadThroughInput(page, join(SAMPLES, 'orders_zh_gbk.csv'));
  await assertMatchesInspect(page, cliJson(['inspect', join(SAMPLES, 'orders_zh_gbk.csv')]));
  assert.deepEqual(log.afterLoad, [], 'requests after load');
  assert.deepEqual(log.requests.filter((u) => u !== url && !u.startsWith('blob:null/')), []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
  await page.close();
});

test('file text that looks like HTML is shown as text: no element is created and no script runs', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const file = join(scratch, 'hostile_names.csv');
  writeFileSync(file, [
    'customer_id,order_date,amount,name',
    `${evil},2024-01-05,10.00,${evil}`,
    `C2,2024-01-06,oops ${evil},Bob`,
    `C3,2024-01-07,20.00,"<script>alert(2)</script>"`,
    '',
  ].join('\n'));
  for (const url of [`${baseUrl}index.html`, pathToFileURL(join(DIST, 'kexi.html')).href]) {
    const { page, log } = await open(url);
    await loadThroughInput(page, file);
    await page.click('[data-key=to-customers]');
    const shown = await shownCustomers(page);
    assert.ok(shown.rows.some((r) => r.includes(evil)), 'the value appears as text in the table');
    assert.equal(await page.locator('img').count(), 0, 'no <img> element');
    assert.equal(await page.locator('main script').count(), 0, 'no <script> element');
    await page.waitForTimeout(300);
    assert.deepEqual(log.dialogs, [], 'no dialog opened');
    if (url.startsWith('http')) await page.screenshot({ path: join(SHOTS, 'hostile-text.png') });
    await page.close();
  }
});

test('ambiguous day/month dates make the page ask, and the answer reloads the file', async () => {
  const file = join(scratch, 'ambiguous_dates.csv');
  // 03/04/2024 and 05/06/2024: every part is <= 12, so the file cannot say which is the day.
  writeFileSync(file, 'customer_id,order_date,amount\nC1,03/04/2024,10\nC2,05/06/2024,20\nC1,07/08/2024,5\n');
  const { page } = await open(`${baseUrl}index.html`);
  await loadThroughInput(page, file);
  await page.waitForSelector('[data-testid=date-order-question]');
  await page.screenshot({ path: join(SHOTS, 'date-order-question.png') });
  await page.click('[data-order=DMY]');
  await page.waitForSelector('[data-testid=mapping]');
  // Day first: 03/04/2024 is 3 April 2024 and 07/08/2024 is 7 August 2024, so C1 spans 2024-04-03..2024-08-07.
  await page.click('[data-key=to-customers]');
  const shown = await shownCustomers(page);
  const c1 = shown.rows.find((r) => r[0] === 'C1');
  assert.deepEqual(c1.slice(0, 3), ['C1', '2024-04-03', '2024-08-07']);
  await page.close();
});

test('a changed column role is sent to the core and the file is read again with it', async () => {
  const file = join(scratch, 'two_ids.csv');
  // Two candidate id columns: by member number there are 3 customers, by account 2.
  writeFileSync(file, 'customer_id,account,order_date,amount\nM1,A1,2024-01-05,10\nM2,A1,2024-01-06,20\nM3,A2,2024-01-07,30\n');
  const { page } = await open(`${baseUrl}index.html`);
  await loadThroughInput(page, file);
  assert.equal((await shownStats(page)).customers, 3);
  await page.selectOption('select[data-column=account]', 'customer_id');
  await page.click('[data-key=apply-mapping]');
  await page.waitForFunction(() => document.querySelector('select[data-column=account]')?.value === 'customer_id'
    && !document.querySelector('progress'));
  assert.equal((await shownStats(page)).customers, 2);
  assert.equal(await page.inputValue('select[data-column=customer_id]'), '');
  await page.close();
});

test('a long load shows progress and can be cancelled; the page then loads the next file', async () => {
  const file = join(scratch, 'big.csv');
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 1_500_000; ++i) lines.push(`C${i % 100000},2024-${String(1 + (i % 12)).padStart(2, '0')}-15,${(i % 997) + 0.5}`);
  writeFileSync(file, lines.join('\n') + '\n');
  const { page } = await open(`${baseUrl}index.html`);
  await page.setInputFiles('input[type=file]', file);
  // Cancel once the core is at work in the worker (the worker is then ended and started afresh).
  await page.waitForFunction(() => /Checking rows/.test(document.querySelector('.progress-label')?.textContent || ''));
  await page.click('[data-key=cancel]');
  await page.waitForSelector('.note[role=status]');
  assert.equal(await page.locator('progress').count(), 0);
  await loadThroughInput(page, join(SAMPLES, 'orders_en.csv'));
  assert.equal((await shownStats(page)).total, cliJson(['inspect', join(SAMPLES, 'orders_en.csv')]).rows.total);
  await page.close();
});

test('navigation keeps state and the language switch changes every label', async () => {
  const { page } = await open(`${baseUrl}index.html`, { lang: 'en' });
  await page.click('button[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]');
  await page.click('[data-view=customers]');
  await shownCustomers(page);
  const total = cliJson(['inspect', join(SAMPLES, 'orders_en.csv')]).customers;
  if (total > 50) {
    await page.click('[data-key=page-next]');
    await page.waitForFunction(() => /^Customers 51/.test(document.querySelector('[data-testid=pager-status]').textContent));
  }
  const before = await page.textContent('[data-testid=pager-status]');
  await page.click('[data-view=data]');
  await page.waitForSelector('[data-testid=mapping]');
  await page.click('[data-view=customers]');
  assert.equal(await page.textContent('[data-testid=pager-status]'), before);
  await page.click('button.lang-item[lang=zh-CN]');
  assert.equal(await page.textContent('[data-view=customers]'), '客户');
  assert.match(await page.textContent('[data-testid=pager-status]'), /^客户/);
  await page.screenshot({ path: join(SHOTS, 'customers-zh.png') });
  await page.keyboard.press('Tab');
  await page.close();
});

test('a dropped file is loaded, and a second sheet of a workbook can be chosen', async () => {
  // A two-sheet workbook made with the same SheetJS build: 2 customers on "Jan", 3 on "Feb".
  const XLSX = require(join(ROOT, 'node_modules', '@e965', 'xlsx', 'dist', 'xlsx.mini.min.js'));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['customer_id', 'order_date', 'amount'],
    ['A', '2024-01-02', 10], ['B', '2024-01-03', 20]]), 'Jan');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['customer_id', 'order_date', 'amount'],
    ['A', '2024-02-02', 10], ['C', '2024-02-03', 20], ['D', '2024-02-04', 30]]), 'Feb');
  const bytes = Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }));

  const { page } = await open(`${baseUrl}index.html`);
  await page.evaluate((b64) => {
    const bin = atob(b64);
    const data = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; ++i) data[i] = bin.charCodeAt(i);
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'two_sheets.xlsx'));
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes.toString('base64'));
  await page.waitForSelector('[data-testid=mapping]');
  assert.deepEqual(await page.$$eval('[data-testid=sheet-select] option', (o) => o.map((x) => x.value)), ['Jan', 'Feb']);
  assert.equal((await shownStats(page)).customers, 2);
  await page.selectOption('[data-testid=sheet-select]', 'Feb');
  await page.waitForFunction(() => document.querySelector('[data-testid=sheet-select]')?.value === 'Feb' && !document.querySelector('progress'));
  assert.equal((await shownStats(page)).customers, 3);
  await page.close();
});

test('the page works from the keyboard: a sample button and the navigation respond to Enter', async () => {
  const { page } = await open(`${baseUrl}index.html`);
  await page.focus('button[data-sample="orders_en.csv"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=mapping]');
  const unlabelledOnData = await page.$$eval('select, input:not([type=file])', (s) => s.filter((x) => !x.labels || x.labels.length === 0).length);
  assert.equal(unlabelledOnData, 0);
  await page.focus('[data-key=to-customers]');
  await page.keyboard.press('Enter');
  await shownCustomers(page);
  const unlabelled = await page.$$eval('select', (s) => s.filter((x) => !x.labels || x.labels.length === 0).length);
  assert.equal(unlabelled, 0);
  await page.close();
});

test('unreadable files show an error next to the load panel, in the interface language, and the page goes on', async () => {
  const empty = join(scratch, 'empty.csv');
  const garbage = join(scratch, 'garbage.csv');
  const notXlsx = join(scratch, 'not_really.xlsx');
  writeFileSync(empty, '');
  writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  writeFileSync(notXlsx, 'customer_id,date,amount\nC1,2024-01-02,10\n');
  const { page, log } = await open(`${baseUrl}index.html`, { lang: 'zh' });
  await loadThroughInput(page, empty);
  assert.equal(await page.textContent('[data-testid=load-error] h2'), '文件是空的');
  await loadThroughInput(page, garbage);
  await page.waitForFunction(() => document.querySelector('[data-testid=load-error] .core-message')?.textContent.length > 0);
  await loadThroughInput(page, notXlsx);
  assert.equal(await page.textContent('[data-testid=load-error] h2'), '无法读取此 Excel 文件');
  await page.screenshot({ path: join(SHOTS, 'error-zh.png') });
  await loadThroughInput(page, join(SAMPLES, 'orders_en.csv'));
  assert.equal(await page.locator('[data-testid=load-error]').count(), 0);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('?sample=orders_en (the URL scripts/demo.sh prints) opens the page with that sample loaded', async () => {
  const { page, log } = await open(`${baseUrl}index.html?sample=orders_en`);
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  assert.equal((await shownStats(page)).total, cliJson(['inspect', join(SAMPLES, 'orders_en.csv')]).rows.total);
  assert.deepEqual(log.afterLoad, []);
  await page.close();
});
