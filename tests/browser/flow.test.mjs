// The whole flow of issue 7 in headless Chromium, as a user would walk it: every sample kind loaded
// (orders CSV, GBK Chinese CSV, .xlsx workbook, customer table, survey), every view visited in
// both languages, the report printed to PDF, a CSV downloaded and checked against the CLI, the
// single file web/dist/kexi.html opened from file://, no request after load, and file text that
// looks like HTML shown as text. The per-file checks of the Data page live in page.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, SAMPLES, CLI, SHOTS, startBrowser, openPage, downloadOf, parseCsvText } from './harness.mjs';
import { pdfText } from './pdf_text.mjs';

const EVIL = '<img src=x onerror=alert(1)>';

/** What tells that a view has drawn its results (views without an analysis: their heading). */
const READY = {
  data: '[data-testid=mapping]',
  customers: '[data-testid=customers-table][aria-busy=false] tbody tr',
  overview: '[data-testid=kpi-cards], [data-testid=kpi-error]',
  segments: '[data-testid=segments-ready][aria-busy=false], [data-testid=seg-error]',
  clusters: '[data-testid=cl-results][aria-busy=false], [data-testid=cl-error]',
  ltv: '[data-testid=ltv-body][aria-busy=false], [data-testid=ltv-error]',
  surveys: '.survey-load',
  report: '[data-testid=report][aria-busy=false]',
};

let browser;
before(async () => { browser = await startBrowser({ needs: ['kexi.html'] }); });
after(async () => { if (browser) await browser.close(); });

/** Clicks through every view in the navigation; returns [{id, title}] as shown. */
async function walkViews(page, { shots = '' } = {}) {
  const ids = await page.$$eval('[data-view]', (b) => b.map((x) => x.dataset.view));
  const seen = [];
  for (const id of ids) {
    await page.click(`[data-view=${id}]`);
    await page.waitForSelector(READY[id] || 'main h1', { timeout: 45000 });
    seen.push({ id, title: (await page.textContent('main h1')).trim(), nav: (await page.textContent(`[data-view=${id}]`)).trim() });
    if (shots) await page.screenshot({ path: join(SHOTS, `flow-${shots}-${id}.png`) });
  }
  return seen;
}

async function loadSample(page, name) {
  await page.click('[data-view=data]');
  await page.click(`button[data-sample="${name}"]`);
  await page.waitForSelector(`[data-testid=mapping]`, { timeout: 30000 });
  await page.waitForFunction((n) => document.querySelector('.file-name')?.textContent.includes(n), name);
}

function assertQuiet(log) {
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
  assert.deepEqual(log.dialogs, [], 'dialogs');
}

test('orders + survey in English then Chinese: every view, the report as PDF, a CSV as the CLI writes it', async () => {
  const { page, log } = await openPage(browser.context, `${browser.baseUrl}index.html`, { lang: 'en' });
  await loadSample(page, 'orders_en.csv');
  // The survey beside the orders (Surveys view), so the report has every part.
  await page.click('[data-view=surveys]');
  await page.click('[data-testid=survey-sample]');
  await page.waitForSelector('[data-testid=survey-body][aria-busy=false]', { timeout: 30000 });
  const en = await walkViews(page, { shots: 'en' });
  assert.deepEqual(en.map((v) => v.id), ['data', 'customers', 'overview', 'segments', 'clusters', 'ltv', 'surveys', 'report']);
  assert.equal(await page.locator('[data-testid=report-survey]').count(), 1, 'the survey is in the report');

  // A CSV download: the whole customer table, as `kexi customers` writes it.
  await page.click('[data-view=customers]');
  await page.waitForSelector(READY.customers);
  const csv = parseCsvText((await downloadOf(page, '[data-testid=customers-csv]', browser.scratch)).bytes.toString('utf8'));
  const ref = parseCsvText(execFileSync(CLI, ['customers', join(SAMPLES, 'orders_en.csv')], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  assert.deepEqual(csv[0], ref[0], 'same columns');
  assert.equal(csv.length, ref.length, 'every customer, not one page');
  const numeric = new Set(['orders', 'purchase_days', 'gross_spend', 'refunds', 'net_spend', 'age']);
  for (let r = 1; r < ref.length; ++r) {
    ref[0].forEach((name, i) => {
      if (numeric.has(name) && ref[r][i] !== '') assert.ok(Math.abs(Number(csv[r][i]) - Number(ref[r][i])) < 1e-9, `row ${r} ${name}`);
      else assert.equal(csv[r][i], ref[r][i], `row ${r} ${name}`);
    });
  }

  // 中文: the same walk; every heading and nav label changes language.
  await page.click('button.lang-item[lang=zh-CN]');
  const zh = await walkViews(page, { shots: 'zh' });
  for (const [i, v] of zh.entries()) {
    assert.ok(/[\u4e00-\u9fff]/.test(v.nav) && v.nav !== en[i].nav, `nav label of ${v.id} in Chinese: ${v.nav}`);
    assert.notEqual(v.title, en[i].title, `heading of ${v.id} changed`);
  }
  // The report, printed: several A4 pages, in Chinese, with the survey.
  const pdf = pdfText(await page.pdf({ format: 'A4' }));
  assert.ok(pdf.pages >= 4, `pages: ${pdf.pages}`);
  const text = pdf.texts.join('').normalize('NFKC').replace(/\s+/g, '');
  for (const label of ['客户分析报告', '关键指标', '客户满意度']) assert.ok(text.includes(label), `PDF has ${label}`);
  assertQuiet(log);
  await page.close();
});

test('the single file from file:// in Chinese: GBK CSV, .xlsx, customer table, survey, hostile names as text, no request', async () => {
  const url = pathToFileURL(join(DIST, 'kexi.html')).href;
  const { page, log } = await openPage(browser.context, url, { lang: 'zh' });
  for (const name of ['orders_zh_gbk.csv', 'orders_en.xlsx', 'customers_en.csv']) {
    await loadSample(page, name);
    // The GBK file through the analysis views; the others (same kinds of analysis) straight to the report.
    const views = name === 'orders_zh_gbk.csv' ? ['customers', 'overview', 'segments', 'ltv', 'report'] : ['customers', 'report'];
    for (const id of views) {
      await page.click(`[data-view=${id}]`);
      await page.waitForSelector(READY[id], { timeout: 45000 });
    }
    if (name === 'orders_zh_gbk.csv') {
      const rows = await page.$$eval('[data-testid=report-segment-table] tbody th', (th) => th.map((x) => x.textContent));
      assert.ok(rows.length > 0 && rows.every((x) => /[\u4e00-\u9fff]/.test(x)), 'Chinese segment names in the report');
      await page.screenshot({ path: join(SHOTS, 'flow-file-report-gbk.png'), fullPage: true });
    }
  }

  // A survey as the main file: the report is its satisfaction summary (no order analyses).
  await loadSample(page, 'survey_zh.csv');
  await page.click('[data-view=report]');
  await page.waitForSelector('[data-testid=report][aria-busy=false] [data-testid=report-survey-table] tbody tr', { timeout: 45000 });
  assert.equal(await page.locator('[data-testid=report-kpis]').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'flow-file-report-survey.png'), fullPage: true });

  // A file whose customer ids and names look like HTML: shown as text on the Customers view and in the report.
  const file = join(browser.scratch, 'hostile.csv');
  const lines = ['customer_id,order_date,amount,name'];
  const ids = [EVIL, 'C2', 'C3', 'C4', 'C5', 'C6'];
  ids.forEach((id, i) => {
    for (let k = 0; k <= i % 3; ++k) lines.push(`${id},2024-0${1 + k + (i % 4)}-1${i},${10 + 7 * i + k},${i === 0 ? EVIL : `Name ${i}`}`);
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  await page.click('[data-view=data]');
  await page.setInputFiles('input[type=file]', file);
  await page.waitForSelector('[data-testid=mapping]');
  await page.click('[data-view=customers]');
  await page.waitForSelector(READY.customers);
  const cells = await page.$$eval('[data-testid=customers-table] td', (td) => td.map((x) => x.textContent));
  assert.ok(cells.includes(EVIL), 'the id as text in the customer table');
  await page.click('[data-view=report]');
  await page.waitForSelector(READY.report, { timeout: 45000 });
  assert.ok((await page.textContent('[data-testid=report]')).includes(EVIL), 'the id as text in the report');
  assert.equal(await page.locator('main img:not(.print-chart)').count(), 0, 'no <img> made from file text');
  await page.waitForTimeout(200);
  assertQuiet(log);
  assert.deepEqual(log.requests.filter((u) => u !== url && !u.startsWith('blob:null/') && !u.startsWith('data:')), [], 'no request at all');
  await page.close();
});
