// The Report view in headless Chromium on the English orders sample: its numbers against the native
// CLI run with the requests the views send (the reference), the printed PDF (page count and the KPI
// labels in each language, read back with tests/browser/pdf_text.mjs), the .xlsx and CSV downloads
// (SheetJS reads the workbook; a formula-like cell stays text), and the "all results" JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, SAMPLES, CLI, SHOTS, startBrowser, openPage, downloadOf, parseCsvText } from './harness.mjs';
import { pdfText } from './pdf_text.mjs';

const require = createRequire(import.meta.url);
const XLSX = require(join(ROOT, 'node_modules', '@e965', 'xlsx'));
const ORDERS = join(SAMPLES, 'orders_en.csv');

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { if (browser) await browser.close(); });

function cli(args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** "1,234.56" -> 1234.56, "12.3%" -> 0.123 (en-US). */
function num(text) {
  const n = Number(String(text).replace(/[^\d.\-]/g, ''));
  return String(text).includes('%') ? n / 100 : n;
}

/** The table's body as [first cell, ...cells] text rows. */
function tableRows(page, testid) {
  return page.$$eval(`[data-testid=${testid}] tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
}

/** Text of a PDF page with the spacing Chromium's glyph positioning adds removed, ligatures unfolded. */
function squash(text) {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

async function openReport(page) {
  await page.click('[data-view=report]');
  await page.waitForSelector('[data-testid=report][aria-busy=false] [data-testid=report-clusters]', { timeout: 45000 });
}

test('Report on orders_en.csv: the CLI\'s numbers, a several-page PDF in English and Chinese, .xlsx/CSV/JSON downloads', async () => {
  const { page, log } = await openPage(browser.context, `${browser.baseUrl}index.html`);
  await page.click('button[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await openReport(page);
  await page.screenshot({ path: join(SHOTS, 'report-en.png'), fullPage: true });

  // Data facts: `kexi inspect`.
  const inspect = cli(['inspect', ORDERS]);
  const fact = (k) => page.textContent(`[data-testid=report-data] [data-fact=${k}] dd`);
  assert.equal(num(await fact('total')), inspect.rows.total);
  assert.equal(num(await fact('used')), inspect.rows.used);
  assert.equal(num(await fact('rejected')), inspect.rows.rejected);
  assert.equal(await fact('period'), `${inspect.date_range.first} – ${inspect.date_range.last}`);

  // Key figures: the Overview's request (30 days, the default targets).
  const kpis = cli(['kpis', ORDERS, '--period-days', '30', '--targets', 'churn_rate<=0.05,repurchase_rate>=0.3']);
  const kpiRows = await tableRows(page, 'report-kpi-table');
  assert.deepEqual(kpiRows.map((r) => r[0]), kpis.kpis.map((k) => k.name_en));
  for (const [i, k] of kpis.kpis.entries()) {
    const shown = num(kpiRows[i][1]);
    if (k.unit === 'ratio') assert.ok(Math.abs(shown - k.value) < 0.0005, `${k.id} ${kpiRows[i][1]} vs ${k.value}`);
    else assert.ok(Math.abs(shown - k.value) < 0.051, `${k.id} ${kpiRows[i][1]} vs ${k.value}`);
    const status = await page.getAttribute(`[data-testid=report-kpi-table] tbody tr:nth-child(${i + 1}) [data-status]`, 'data-status');
    assert.equal(status, k.status, `${k.id} status`);
  }

  // Segments: `kexi segment` (the Segments view's defaults); only segments with customers are listed.
  const seg = cli(['segment', ORDERS]);
  const segRows = await tableRows(page, 'report-segment-table');
  const live = seg.segments.filter((s) => s.customers > 0);
  assert.deepEqual(segRows.map((r) => Number(r[1].replace(/,/g, ''))), live.map((s) => s.customers));
  assert.ok(segRows[0][0].startsWith(live[0].name_en) && segRows[0][0].includes(live[0].action_en), 'name and action');

  // Lifetime value: the LTV view's default request.
  const ltv = cli(['ltv', ORDERS, '--period', 'day', '--horizon', '12m', '--discount-rate-annual', '0.1', '--margin', '1', '--model', 'bgnbd']);
  assert.ok(Math.abs(num(await page.textContent('[data-ltv=total] dd')) - ltv.clv.total) < 0.006, 'CLV total');
  assert.deepEqual((await tableRows(page, 'report-ltv-top')).map((r) => r[0]), ltv.top_customers.slice(0, 10).map((c) => c.customer_id));
  assert.deepEqual((await tableRows(page, 'report-ltv-risk')).map((r) => r[0]), ltv.at_risk.customers.slice(0, 10).map((c) => c.customer_id));
  assert.equal(await page.getAttribute('[data-testid=report-ltv-method]', 'data-converged'), String(ltv.bgnbd.converged));

  // Clusters: the Clusters view's defaults.
  const cl = cli(['cluster', ORDERS, '--k-range', '2-8', '--features', 'recency,frequency,monetary', '--scale', 'zscore', '--log', 'auto', '--seed', '0', '--n-init', '10']);
  assert.deepEqual((await tableRows(page, 'report-cluster-table')).map((r) => Number(r[2].replace(/,/g, ''))), cl.sizes);

  // What to do next: the playbook actions of the segments with the most revenue come first.
  const topRevenue = [...live].sort((a, b) => b.share_revenue - a.share_revenue)[0];
  assert.match(await page.textContent('[data-testid=report-next] li:first-child'), new RegExp(`^${topRevenue.name_en}`));

  // Charts: a PNG button on screen and a picture for paper.
  assert.ok(await page.locator('[data-testid=report] .chart-tools button').count() >= 3);
  assert.ok(await page.$$eval('[data-testid=report] img.print-chart', (imgs) => imgs.length >= 3 && imgs.every((i) => i.naturalWidth > 300)));

  const png = await downloadOf(page, '[data-testid=report-segments] .chart-tools button', browser.scratch);
  assert.equal(png.name, 'kexi-report-segment-shares.png');
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');

  // Print: A4 PDF, several pages, the key figure labels in the text.
  const pdfEn = pdfText(await page.pdf({ format: 'A4', printBackground: true }));
  assert.ok(pdfEn.pages >= 4, `pages: ${pdfEn.pages}`);
  const allEn = squash(pdfEn.texts.join(' '));
  for (const label of ['Customerreport', 'Keyfigures', 'Repurchaserate', 'Churnrate', 'Whattodonext', 'Customerlifetimevalue']) {
    assert.ok(allEn.includes(label), `PDF text has ${label}`);
  }
  assert.ok(!allEn.includes('PrintsaveasPDF') && !allEn.includes('DownloadPNG'), 'no buttons on paper');
  await page.setViewportSize({ width: 703, height: 1000 });  // A4 less the margins, at 96 dpi
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SHOTS, 'report-print-en.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Excel: the segment table as .xlsx, read with SheetJS: numbers are numbers.
  const xlsx = await downloadOf(page, '[data-testid=report-segment-table-csv-xlsx]', browser.scratch);
  assert.equal(xlsx.name, 'kexi-report-segments.xlsx');
  const wb = XLSX.read(xlsx.bytes, { type: 'buffer' });
  const sheet = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 });
  assert.deepEqual(sheet[0].slice(0, 3), ['segment', 'name', 'customers']);
  assert.equal(sheet[1][0], live[0].id);
  assert.equal(sheet[1][2], live[0].customers);
  assert.equal(typeof sheet[1][4], 'number');
  // CSV of the same table: same rows.
  const csv = parseCsvText((await downloadOf(page, '[data-testid=report-segment-table-csv]', browser.scratch)).bytes.toString('utf8'));
  assert.deepEqual(csv.slice(1).map((r) => [r[0], Number(r[2])]), live.map((s) => [s.id, s.customers]));

  // All results as JSON: the data report and every result with the request that made it.
  const json = JSON.parse((await downloadOf(page, '[data-testid=report-json]', browser.scratch)).bytes.toString('utf8'));
  assert.equal(json.data_report.rows.total, inspect.rows.total);
  assert.deepEqual(json.results['segments.main'].result.segments.map((s) => s.customers), seg.segments.map((s) => s.customers));
  assert.equal(json.results.ltv.request.horizon, '12m');
  assert.ok(json.results['overview.kpis'] && json.results['clusters.fit']);

  // 中文: the report and its PDF in Chinese.
  await page.click('button.lang-item[lang=zh-CN]');
  await page.waitForSelector('[data-testid=report][aria-busy=false]');
  assert.equal(await page.textContent('[data-testid=report-title] h1'), '客户分析报告');
  await page.screenshot({ path: join(SHOTS, 'report-zh.png'), fullPage: true });
  const pdfZh = pdfText(await page.pdf({ format: 'A4', printBackground: true }));
  assert.ok(pdfZh.pages >= 4);
  const allZh = squash(pdfZh.texts.join(' '));
  for (const label of ['客户分析报告', '关键指标', '复购率', '下一步行动', '客户终身价值']) assert.ok(allZh.includes(label), `PDF text has ${label}`);
  assert.ok(allZh.includes(squash(live[0].name_zh)), 'segment names in Chinese');

  assert.deepEqual(log.afterLoad, [], 'requests after load');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.consoleErrors, []);
  await page.close();
});

test('a formula-like customer id stays text in the .xlsx and is neutralised in the CSV', async () => {
  const file = join(browser.scratch, 'formula_ids.csv');
  writeFileSync(file, 'customer_id,order_date,amount\n=1+1,2024-01-05,10.00\n@cmd,2024-02-06,20.00\nC3,2024-03-07,30.00\n');
  const { page, log } = await openPage(browser.context, `${browser.baseUrl}index.html`);
  await page.setInputFiles('input[type=file]', file);
  await page.waitForSelector('[data-testid=mapping]');
  await page.click('[data-view=customers]');
  await page.waitForSelector('[data-testid=customers-table][aria-busy=false] tbody tr');
  const xlsx = await downloadOf(page, '[data-testid=customers-csv-xlsx]', browser.scratch);
  // The entries are stored uncompressed: the worksheet XML is in the bytes as it is.
  const raw = xlsx.bytes.toString('utf8');
  assert.ok(raw.includes('<is><t>=1+1</t></is>'), 'an inline string');
  assert.ok(!/<f>/.test(raw), 'no formula element');
  const wb = XLSX.read(xlsx.bytes, { type: 'buffer' });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const cells = Object.values(ws).filter((c) => c && c.v === '=1+1');
  assert.equal(cells.length, 1);
  assert.equal(cells[0].t, 's');
  assert.equal(cells[0].f, undefined);
  const csv = parseCsvText((await downloadOf(page, '[data-testid=customers-csv]', browser.scratch)).bytes.toString('utf8'));
  const ids = csv.slice(1).map((r) => r[0]).sort();
  assert.deepEqual(ids, ["'=1+1", "'@cmd", 'C3']);
  assert.deepEqual(log.errors, []);
  await page.close();
});
