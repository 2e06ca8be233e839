// The Overview and Segments views in headless Chromium (Debian's chromium driven by playwright-core),
// checked against the native CLI (build/native/kexi kpis / segment / cohorts) on the same file:
// KPI values and target status, the segment table, a clicked grid cell's customers, the exported
// segment CSV (and its neutralised formula-like cells), both languages, no network requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CLI, SHOTS, startBrowser, parseCsvText } from './harness.mjs';

const ORDERS = join(ROOT, 'samples', 'orders_en.csv');

let baseUrl;
let context;
let scratch;

let browser;
before(async () => {
  browser = await startBrowser();
  ({ baseUrl, context, scratch } = browser);
});

after(async () => {
  if (browser) await browser.close();
});

async function open(lang = 'en') {
  const page = await context.newPage();
  const log = { requests: [], afterLoad: [], errors: [], consoleErrors: [], loaded: false };
  page.on('request', (r) => {
    log.requests.push(r.url());
    if (log.loaded && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) log.afterLoad.push(r.url());
  });
  page.on('load', () => { log.loaded = true; });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  // Fresh settings for every page: language as asked, default segment settings and targets.
  await page.addInitScript((l) => {
    window.localStorage.setItem('kexi.lang', l);
    window.localStorage.removeItem('kexi.segments.settings');
    window.localStorage.removeItem('kexi.settings');  // settings.js keeps every setting here now
  }, lang);
  await page.goto(`${baseUrl}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log };
}

async function loadFile(page, path) {
  await page.setInputFiles('input[type=file]', path);
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
}

function cli(args) {
  return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** "1,234.56" -> 1234.56, "12.3%" -> 0.123 (en-US formats). */
function shownNumber(text) {
  const n = Number(text.replace(/[^\d.\-]/g, ''));
  return text.includes('%') ? n / 100 : n;
}

/** Saves the download started by clicking `selector` and returns its text (without the BOM). */
async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(scratch, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8').replace(/^\ufeff/, '') };
}

function assertNoNetwork(log) {
  const foreign = log.requests.filter((u) => !u.startsWith(baseUrl) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
}

async function assertKpisMatch(page, reference) {
  for (const k of reference.kpis) {
    const text = await page.textContent(`[data-testid=kpi-value-${k.id}]`);
    if (k.value === null) {
      assert.equal(text, '–', k.id);
      continue;
    }
    const tolerance = { ratio: 0.0005, money: 0.005, days: 0.05 }[k.unit] ?? 0.005;
    assert.ok(Math.abs(shownNumber(text) - k.value) <= tolerance + 1e-9, `${k.id}: page ${text}, CLI ${k.value}`);
    if (k.status !== 'no_target') assert.equal(await page.getAttribute(`[data-kpi=${k.id}].kpi-card`, 'data-status'), k.status, k.id);
  }
}

/** Clicks the heatmap where the cell (r, f) is drawn. */
async function clickGridCell(page, r, f) {
  const [x, y] = await page.evaluate(([r, f]) => {
    const el = document.querySelector('[data-testid=rf-grid] .chart-canvas');
    el.scrollIntoView({ block: 'center' });
    const inst = globalThis.echarts.getInstanceByDom(el);
    const opt = inst.getOption();
    const fi = opt.xAxis[0].data.indexOf(`F${f}`);
    const ri = opt.yAxis[0].data.indexOf(`R${r}`);
    const [px, py] = inst.convertToPixel({ seriesIndex: 0 }, [fi, ri]);
    const rect = el.getBoundingClientRect();
    return [rect.left + px, rect.top + py];
  }, [r, f]);
  await page.mouse.click(x, y);
}

test('Overview shows the CLI\'s KPIs with target status, what changed, and takes a new target', async () => {
  const { page, log } = await open('en');
  await loadFile(page, ORDERS);
  await page.click('[data-view=overview]');
  await page.waitForSelector('[data-testid=kpi-cards] [data-kpi]');
  const reference = JSON.parse(cli(['kpis', ORDERS, '--period-days', '30', '--targets', 'churn_rate<=0.05,repurchase_rate>=0.3']));
  assert.match(await page.textContent('[data-testid=kpi-period]'), new RegExp(`${reference.period.current.start}.*${reference.period.current.end}`));
  await assertKpisMatch(page, reference);
  assert.ok((await page.$$('[data-testid=what-changed] li')).length >= 1);
  assert.equal(await page.$$eval('main select, main input', (s) => s.filter((x) => !x.labels || x.labels.length === 0).length), 0);
  await page.screenshot({ path: join(SHOTS, 'overview-en.png'), fullPage: true });

  // Churn at most 99 % instead of 5 %, and a 90-day period: the page asks the core again.
  await page.fill('[data-key=target-value-churn_rate]', '99');
  await page.press('[data-key=target-value-churn_rate]', 'Enter');
  await page.selectOption('[data-key=kpi-period-days]', '90');
  const changed = JSON.parse(cli(['kpis', ORDERS, '--period-days', '90', '--targets', 'churn_rate<=0.99,repurchase_rate>=0.3']));
  await page.waitForFunction((start) => document.querySelector('[data-testid=kpi-period]')?.textContent.includes(start), changed.period.current.start);
  await assertKpisMatch(page, changed);

  const csv = parseCsvText((await download(page, '[data-testid=kpi-csv]')).text);
  assert.equal(csv[0][0], 'kpi');
  assert.deepEqual(csv.slice(1).map((r) => r[0]), changed.kpis.map((k) => k.id));
  assert.equal(Number(csv.find((r) => r[0] === 'revenue')[3]), changed.kpis.find((k) => k.id === 'revenue').value);

  await page.click('button.lang-item[lang=zh-CN]');
  assert.equal(await page.textContent('[data-view=overview]'), '概览');
  assert.equal(await page.textContent('[data-kpi=repurchase_rate] .kpi-name'), '复购率');
  await page.screenshot({ path: join(SHOTS, 'overview-zh.png'), fullPage: true });
  assertNoNetwork(log);
  await page.close();
});

test('Segments: table as the CLI, a clicked grid cell lists that cell\'s customers, a segment exports as the CLI\'s CSV, 中文', async () => {
  const { page, log } = await open('en');
  await loadFile(page, ORDERS);
  await page.click('[data-view=segments]');
  await page.waitForSelector('[data-testid=segment-table] tbody tr');
  const reference = JSON.parse(cli(['segment', ORDERS]));

  // Every control is labelled (keyboard and screen-reader users reach the same settings).
  assert.equal(await page.$$eval('main select, main input', (s) => s.filter((x) => !x.labels || x.labels.length === 0).length), 0);
  // The segment table: customers and revenue of every segment.
  for (const s of reference.segments) {
    const customers = await page.textContent(`[data-segment=${s.id}] [data-col=customers]`);
    const revenue = await page.textContent(`[data-segment=${s.id}] [data-col=revenue]`);
    assert.equal(shownNumber(customers), s.customers, `${s.id} customers`);
    assert.ok(Math.abs(shownNumber(revenue) - s.revenue) < 0.005, `${s.id} revenue ${revenue} vs ${s.revenue}`);
  }
  for (const st of reference.lifecycle.stages) {
    assert.equal(shownNumber(await page.textContent(`[data-testid=life-table] [data-stage=${st.id}] [data-col=customers]`)), st.customers, st.id);
  }
  await page.waitForSelector('[data-testid=cohort-chart] .chart-canvas');
  await page.screenshot({ path: join(SHOTS, 'segments-en.png'), fullPage: true });

  // Click the grid's fullest cell: the list shows exactly the CLI's customers of that cell.
  const cell = reference.grid.cells.slice().sort((a, b) => b.customers - a.customers)[0];
  await clickGridCell(page, cell.r, cell.f);
  await page.waitForSelector('[data-testid=cell-customers][aria-busy=false] tbody tr');
  assert.equal(Number(await page.getAttribute('[data-testid=cell-status]', 'data-total')), cell.customers);
  const cellCsv = parseCsvText(cli(['segment', ORDERS, '--customers', '--cell-r', String(cell.r), '--cell-f', String(cell.f)]));
  const shownIds = await page.$$eval('[data-testid=cell-customers] tbody tr', (rows) => rows.map((r) => r.dataset.customer));
  assert.deepEqual(shownIds, cellCsv.slice(1).map((r) => r[0]).slice(0, 50));
  const scores = await page.$$eval('[data-testid=cell-customers] tbody tr', (rows) => rows.map((r) =>
    `${r.querySelector('[data-col=r_score]').textContent}/${r.querySelector('[data-col=f_score]').textContent}`));
  assert.ok(scores.every((s) => s === `${cell.r}/${cell.f}`), 'every listed customer has the cell\'s R and F');
  await page.screenshot({ path: join(SHOTS, 'segments-cell-en.png') });

  // The cell's CSV and a segment's CSV are the core's per-customer CSV, byte for byte.
  const cellDl = await download(page, '[data-testid=cell-csv]');
  assert.equal(cellDl.text, cli(['segment', ORDERS, '--customers', '--cell-r', String(cell.r), '--cell-f', String(cell.f)]));
  const big = reference.segments.filter((s) => s.id !== 'prospect').sort((a, b) => b.customers - a.customers)[0];
  const segDl = await download(page, `[data-testid=seg-csv-${big.id}]`);
  assert.equal(segDl.name, `kexi-segment-${big.id}.csv`);
  const segRows = parseCsvText(segDl.text);
  assert.equal(segRows.length - 1, big.customers);
  assert.ok(segRows.slice(1).every((r) => r[segRows[0].indexOf('segment')] === big.id));
  assert.equal(segDl.text, cli(['segment', ORDERS, '--customers', '--segment', big.id]));
  const table = parseCsvText((await download(page, '[data-testid=segtable-csv]')).text);
  assert.deepEqual(table.slice(1).map((r) => [r[0], Number(r[3])]), reference.segments.map((s) => [s.id, s.customers]));

  // 中文: names from the core's Chinese texts, the same numbers.
  await page.click('button.lang-item[lang=zh-CN]');
  assert.equal(await page.textContent('[data-view=segments]'), '客户分群');
  for (const s of reference.segments) assert.equal(await page.textContent(`[data-segment=${s.id}] .seg-name`), s.name_zh);
  await page.waitForSelector('[data-testid=cell-customers] tbody tr');
  await page.screenshot({ path: join(SHOTS, 'segments-zh.png'), fullPage: true });

  // Settings: 3 levels and purchase days are sent to the core (same numbers as the CLI with those flags).
  await page.selectOption('[data-key=seg-bins]', '3');
  await page.selectOption('[data-key=seg-frequency]', 'days');
  const three = JSON.parse(cli(['segment', ORDERS, '--bins', '3', '--frequency', 'days']));
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=rf-grid] .chart-canvas');
    const inst = el && globalThis.echarts.getInstanceByDom(el);
    return inst && inst.getOption().xAxis[0].data.length === 3;
  });
  await page.waitForSelector('[data-testid=segments-ready][aria-busy=false]');
  for (const s of three.segments) assert.equal(shownNumber(await page.textContent(`[data-segment=${s.id}] [data-col=customers]`)), s.customers, `${s.id} (3 levels)`);
  assertNoNetwork(log);
  await page.close();
});

test('formula-like customer ids reach the exported CSV neutralised, and show as plain text', async () => {
  const file = join(scratch, 'formula_ids.csv');
  writeFileSync(file, [
    'customer_id,order_date,amount',
    '"=HYPERLINK(""http://x"")",2024-01-05,10.00',
    '+SUM(A1),2024-02-06,20.00',
    '@cmd,2024-03-07,30.00',
    '-x1,2024-03-08,40.00',
    'C5,2024-03-09,50.00',
    '',
  ].join('\n'));
  const { page, log } = await open('en');
  await loadFile(page, file);
  await page.click('[data-view=segments]');
  await page.waitForSelector('[data-testid=segment-table] tbody tr');
  const reference = JSON.parse(cli(['segment', file]));
  const texts = [];
  for (const s of reference.segments.filter((x) => x.customers > 0)) {
    const dl = await download(page, `[data-testid=seg-csv-${s.id}]`);
    assert.equal(dl.text, cli(['segment', file, '--customers', '--segment', s.id]));
    texts.push(dl.text);
  }
  const ids = parseCsvText(texts.join('')).filter((r) => r[0] !== 'customer_id').map((r) => r[0]).sort();
  assert.deepEqual(ids, ["'+SUM(A1)", "'-x1", "'=HYPERLINK(\"http://x\")", "'@cmd", 'C5']);
  for (const row of parseCsvText(texts.join(''))) for (const c of row) assert.ok(!/^[=+@]/.test(c) && !/^-[^\d]/.test(c), `cell ${c}`);
  // On the page the ids are text (the grid cell list shows them unchanged).
  const cell = reference.grid.cells.find((c) => c.customers > 0);
  await clickGridCell(page, cell.r, cell.f);
  await page.waitForSelector('[data-testid=cell-customers][aria-busy=false] tbody tr');
  const shown = await page.$$eval('[data-testid=cell-customers] tbody tr', (rows) => rows.map((r) => r.querySelector('[data-col=customer_id]').textContent));
  assert.ok(shown.length >= 1 && shown.every((x) => ['=HYPERLINK("http://x")', '+SUM(A1)', '@cmd', '-x1', 'C5'].includes(x)));
  assertNoNetwork(log);
  await page.close();
});
