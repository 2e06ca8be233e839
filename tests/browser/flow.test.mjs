// The whole flow of issue 7 in headless Chromium, first half, as a user walks it on the served page:
// the orders sample and the survey beside it, every view visited in English and again in Chinese
// (every heading and nav label changes), the report printed to PDF and read back, and a CSV
// download checked against the CLI. The file:// single file, the other sample kinds and HTML-looking
// names are in flow_file.test.mjs; the per-file checks of the Data page in page.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SAMPLES, CLI, startBrowser, downloadOf, openPage, parseCsvText } from './harness.mjs';
import { pdfText } from './pdf_text.mjs';
import { READY, walkViews, loadSample, assertQuiet } from './flow_helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { if (browser) await browser.close(); });

test('orders + survey in English then Chinese: every view, the report as PDF, a CSV as the CLI writes it', async () => {
  const { page, log } = await openPage(browser.context, `${browser.baseUrl}index.html`, { lang: 'en' });
  await loadSample(page, 'orders_en.csv');
  // The survey beside the orders (Surveys view), so the report has every part.
  await page.click('[data-view=surveys]');
  await page.click('[data-testid=survey-sample]');
  await page.waitForSelector('[data-testid=survey-body][aria-busy=false]', { timeout: 30000 });
  const en = await walkViews(page, { shots: 'en' });
  assert.deepEqual(en.map((v) => v.id), ['data', 'customers', 'overview', 'segments', 'clusters', 'ltv', 'surveys', 'workshop', 'report']);
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
