// The whole flow of issue 7, second half: the single file web/dist/kexi.html opened from file:// in
// Chinese loads every other sample kind (GBK CSV, .xlsx, customer table, survey) through the views
// and the report, then a file whose customer ids look like HTML: shown as text, no element made,
// no dialog, and not one request besides the file itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, SHOTS, startBrowser, openPage } from './harness.mjs';
import { EVIL, READY, loadSample, assertQuiet } from './flow_helpers.mjs';

let browser;
before(async () => { browser = await startBrowser({ needs: ['kexi.html'] }); });
after(async () => { if (browser) await browser.close(); });

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
