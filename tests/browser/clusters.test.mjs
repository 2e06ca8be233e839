// The Clusters view in headless Chromium: the figures it shows (k, inertia, sizes, names, the
// assignments CSV, the crosstab with the RFM segments, the workshop steps) against the native CLI
// (build/native/kexi) run with the same options, the charts drawn, both languages, no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CLI, SHOTS, startBrowser, parseCsvText } from './harness.mjs';

const SAMPLE = join(ROOT, 'samples', 'orders_en.csv');

let baseUrl;
let context;

let browser;
before(async () => {
  browser = await startBrowser();
  ({ baseUrl, context } = browser);
});

after(async () => {
  if (browser) await browser.close();
});

async function open(url, { lang = 'en' } = {}) {
  const page = await context.newPage();
  const log = { requests: [], afterLoad: [], errors: [], consoleErrors: [], loaded: false };
  page.on('request', (r) => {
    log.requests.push(r.url());
    if (log.loaded) log.afterLoad.push(r.url());
  });
  page.on('load', () => { log.loaded = true; });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  await page.addInitScript((l) => window.localStorage.setItem('kexi.lang', l), lang);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log };
}

function cli(args) {
  return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** "1,234.56" / "1,234.56" (zh-CN uses the same separators) -> 1234.56 */
const num = (s) => Number(String(s).replace(/[^\d.\-−]/g, '').replace('−', '-'));

/** Sets a number input and commits it the way a user does (change fires on Enter). */
async function setNumber(page, key, value) {
  const input = page.locator(`[data-key="${key}"]`);
  await input.fill(String(value));
  await input.press('Enter');
}

/** Waits until the fit for the current options is shown (not busy) and the assignments are ready. */
async function settled(page) {
  await page.waitForSelector('[data-testid=cl-results][aria-busy=false]', { timeout: 30000 });
  await page.waitForSelector('[data-testid=cl-export]:not([disabled])', { timeout: 30000 });
}

async function shown(page) {
  return page.evaluate(() => ({
    k: document.querySelector('[data-testid=cl-stat-k]').textContent,
    inertia: document.querySelector('[data-testid=cl-stat-inertia]').textContent,
    silhouette: document.querySelector('[data-testid=cl-stat-silhouette]').textContent,
    rows: [...document.querySelectorAll('[data-testid=cl-profiles-table] tbody tr')].map((tr) => ({
      cluster: tr.dataset.cluster,
      name: tr.querySelector('.cl-name').textContent,
      size: tr.querySelector('[data-col=size]').textContent,
      share: tr.querySelector('[data-col=share]').textContent,
    })),
    recommendation: document.querySelector('[data-testid=cl-recommendation]')?.textContent || '',
  }));
}

function assertMatches(view, ref) {
  assert.equal(Number(view.k), ref.k, 'k');
  assert.ok(Math.abs(num(view.inertia) - ref.inertia) < 0.006, `inertia shown ${view.inertia}, CLI ${ref.inertia}`);
  assert.ok(Math.abs(num(view.silhouette) - ref.quality.silhouette) < 0.0006, `silhouette ${view.silhouette} vs ${ref.quality.silhouette}`);
  assert.deepEqual(view.rows.map((r) => Number(r.cluster)), ref.profiles.map((p) => p.cluster));
  assert.deepEqual(view.rows.map((r) => num(r.size)), ref.sizes, 'cluster sizes');
  view.rows.forEach((r, i) => assert.ok(Math.abs(num(r.share) - 100 * ref.profiles[i].share) < 0.051, `share of cluster ${i + 1}`));
}

/** True when the chart's canvas has something drawn on it (not one flat colour). */
async function canvasDrawn(page, selector) {
  return page.$eval(selector, (box) => {
    const c = box.querySelector('canvas');
    if (!c || c.width < 50 || c.height < 50) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) inked += 1;
    return inked > 200;
  });
}

test('Clusters: k, inertia, sizes, charts, export, crosstab and workshop steps as the CLI computes them, in both languages', async () => {
  const common = ['--features', 'recency,frequency,monetary', '--scale', 'zscore', '--log', 'auto', '--seed', '7', '--n-init', '10'];
  const refScan = JSON.parse(cli(['cluster', SAMPLE, '--k-range', '2-8', ...common]));
  const refK4 = JSON.parse(cli(['cluster', SAMPLE, '--k-range', '2-8', '--k', '4', ...common]));
  const refAssign4 = parseCsvText(cli(['cluster', SAMPLE, '--k', '4', '--assignments', ...common]));
  const refSegments = parseCsvText(cli(['segment', SAMPLE, '--customers']));
  const refSteps = JSON.parse(cli(['cluster', SAMPLE, '--mode', 'steps', '--features', 'recency,monetary', '--k', '3', '--seed', '11',
    '--scale', 'zscore', '--log', 'auto', '--max-steps', '60']));

  const { page, log } = await open(`${baseUrl}index.html`);
  await page.click('button[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await page.click('[data-view=clusters]');
  await page.waitForSelector('[data-testid=cl-results]', { timeout: 30000 });
  await setNumber(page, 'cl-seed', 7);
  await settled(page);
  assertMatches(await shown(page), refScan);
  const view = await shown(page);
  assert.match(view.recommendation, new RegExp(`k = ${refScan.recommended_k}\\b`));
  assert.deepEqual(view.rows.map((r) => r.name), refScan.profiles.map((p) => p.name_en), 'English cluster names');

  // The four scan charts and the PCA map are drawn.
  for (const metric of ['inertia', 'silhouette', 'calinski_harabasz', 'davies_bouldin']) {
    assert.ok(await canvasDrawn(page, `.cl-scan-chart[data-metric=${metric}]`), `${metric} chart drawn`);
  }
  assert.ok(await canvasDrawn(page, '[data-testid=cl-pca] .chart'), 'PCA scatter drawn');
  const axes = await page.textContent('[data-testid=cl-pca-axes]');
  const shares = [...axes.matchAll(/PC\d \(([\d.]+)%/g)].map((m) => Number(m[1]));
  assert.equal(shares.length, 2, axes);
  shares.forEach((s, i) => assert.ok(Math.abs(s - 100 * refScan.pca.explained_variance_ratio[i]) < 0.051, `explained variance of PC${i + 1}`));
  await page.screenshot({ path: join(SHOTS, 'clusters-en.png'), fullPage: true });

  const unlabelled = () => page.$$eval('main select, main input', (els) => els.filter((x) => !x.labels || x.labels.length === 0).map((x) => x.dataset.key));
  assert.deepEqual(await unlabelled(), [], 'every control of the analysis mode has a label');

  // A fixed k: the page's figures follow, still equal to the CLI's.
  await page.check('[data-key=cl-k-fixed]');
  await setNumber(page, 'cl-k', 4);
  await page.waitForFunction(() => document.querySelector('[data-testid=cl-stat-k]')?.textContent === '4');
  await settled(page);
  assertMatches(await shown(page), refK4);

  // Assignments CSV: the download is the CLI's --assignments output (after the BOM added for Excel).
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cl-export]')]);
  const file = readFileSync(await download.path(), 'utf8');
  assert.equal(file.charCodeAt(0), 0xfeff, 'BOM for Excel');
  const rows = parseCsvText(file);
  assert.deepEqual(rows[0], ['customer_id', 'cluster']);
  assert.deepEqual(rows, refAssign4);
  const counts = [1, 2, 3, 4].map((c) => rows.slice(1).filter((r) => r[1] === String(c)).length);
  assert.deepEqual(counts, refK4.sizes, 'the exported assignments have the cluster sizes shown');

  // Crosstab: clusters × RFM segments, counted here from the two CLI CSVs.
  await page.waitForSelector('[data-testid=cl-crosstab-table]', { timeout: 30000 });
  const header = refSegments[0];
  const segOf = new Map(refSegments.slice(1).map((r) => [r[header.indexOf('customer_id')], r[header.indexOf('segment')]]));
  const expected = {};
  for (const [id, c] of rows.slice(1)) {
    const key = `${c}|${segOf.get(id)}`;
    expected[key] = (expected[key] || 0) + 1;
  }
  const crosstab = await page.$$eval('[data-testid=cl-crosstab-table] tbody td.cl-heat', (cells) => {
    const out = {};
    for (const td of cells) {
      const n = Number(td.firstChild.textContent.replace(/[^\d]/g, ''));
      if (n) out[`${td.dataset.cluster}|${td.closest('tr').dataset.segment}`] = n;
    }
    return out;
  });
  assert.deepEqual(crosstab, expected);
  await page.locator('[data-testid=cl-crosstab]').screenshot({ path: join(SHOTS, 'clusters-crosstab-en.png') });

  // Workshop: recency × monetary, k = 3, seed 11; each step's inertia is the CLI's and never rises.
  await page.click('[data-testid=cl-mode-workshop]');
  await page.waitForSelector('[data-testid=ws-plot]');
  await page.selectOption('[data-key=ws-x]', 'recency');
  await page.selectOption('[data-key=ws-y]', 'monetary');
  await page.selectOption('[data-key=ws-k]', '3');
  await setNumber(page, 'ws-seed', 11);
  await page.waitForFunction(() => /Seed 11\b/.test(document.querySelector('.ws-seedline')?.textContent || ''));
  await page.waitForSelector('[data-testid=ws-step][data-step="0"]');
  const inertias = [];
  const last = refSteps.steps.length - 1;
  assert.ok(last >= 2, 'the sample needs at least two Lloyd steps to animate');
  for (let i = 0; i <= Math.min(last, 5); ++i) {
    await page.waitForSelector(`[data-testid=ws-step][data-step="${i}"]`);
    const text = await page.textContent('[data-testid=ws-inertia]');
    inertias.push(num(text));
    assert.ok(Math.abs(num(text) - refSteps.steps[i].inertia) < 0.006, `step ${i}: inertia ${text}, CLI ${refSteps.steps[i].inertia}`);
    if (i === 1) await page.screenshot({ path: join(SHOTS, 'clusters-workshop-en.png') });
    if (i < Math.min(last, 5)) await page.click('[data-testid=ws-next]');
  }
  assert.deepEqual(await unlabelled(), [], 'every control of the workshop has a label');
  for (let i = 1; i < inertias.length; ++i) assert.ok(inertias[i] <= inertias[i - 1], `inertia rose at step ${i}: ${inertias}`);
  assert.ok(await canvasDrawn(page, '[data-testid=ws-plot] .chart'), 'workshop scatter drawn');
  // Play runs to the end by itself; Reset goes back to step 0.
  await page.selectOption('[data-key=ws-speed]', 'fast');
  await page.click('[data-testid=ws-play]');
  await page.waitForSelector(`[data-testid=ws-step][data-step="${last}"]`, { timeout: 30000 });
  await page.waitForFunction(() => /Play/.test(document.querySelector('[data-testid=ws-play]').textContent));
  assert.ok(Math.abs(num(await page.textContent('[data-testid=ws-inertia]')) - refSteps.steps[last].inertia) < 0.006);
  await page.click('[data-testid=ws-reset]');
  await page.waitForSelector('[data-testid=ws-step][data-step="0"]');

  // 中文: the view, the names and the workshop in Chinese.
  await page.click('button.lang-item[lang=zh-CN]');
  assert.equal(await page.textContent('[data-view=clusters]'), '聚类分群');
  assert.match(await page.textContent('[data-testid=ws-step]'), /^第 0 步/);
  await page.click('[data-testid=ws-next]');
  await page.waitForSelector('[data-testid=ws-step][data-step="1"]');
  assert.match(await page.textContent('[data-testid=ws-explain]'), /第 1 步/);
  await page.screenshot({ path: join(SHOTS, 'clusters-workshop-zh.png') });
  await page.click('[data-testid=cl-mode-analysis]');
  await settled(page);
  const zh = await shown(page);
  assert.deepEqual(zh.rows.map((r) => r.name), refK4.profiles.map((p) => p.name_zh), 'Chinese cluster names');
  assert.match(await page.textContent('[data-testid=cl-summary]'), /分群数/);
  await page.screenshot({ path: join(SHOTS, 'clusters-zh.png'), fullPage: true });

  assert.deepEqual(log.afterLoad.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), [], 'requests after the page loaded');
  assert.deepEqual(log.requests.filter((u) => !u.startsWith(baseUrl) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
  await page.close();
});
