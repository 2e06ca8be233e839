// The worker pool (web/src/pool.js, docs/PARALLEL.md) in headless Chromium: the Clusters view's k
// scan split over the main worker and a pool worker shows bit for bit the one-worker numbers and,
// within 1e-12 (native and wasm may round a last bit differently), those of the native CLI
// (build/native/kexi cluster ... run with the same options), a second worker really runs, nothing
// goes to the network, and the same holds for the single file kexi.html opened from file://.
// ?pool=always splits even the small sample (the page's threshold is for large files).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, CLI, DIST, startBrowser } from './harness.mjs';

const SAMPLE = join(ROOT, 'samples', 'orders_en.csv');
// The Clusters view's defaults (web/src/clusters_state.js) as CLI flags.
const FLAGS = ['--features', 'recency,frequency,monetary', '--scale', 'zscore', '--log', 'auto', '--seed', '0',
  '--n-init', '10', '--k-range', '2-8'];

let browser;
before(async () => {
  browser = await startBrowser({ needs: ['kexi.html'] });
});

after(async () => {
  if (browser) await browser.close();
});

async function open(url) {
  const page = await browser.context.newPage();
  // Engine workers: the page's and the pool's (not the page worker's file reader, kept started ahead).
  const log = { requests: [], workers: 0, errors: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('worker', (w) => {
    w.evaluate(() => self.name).then((name) => { if (name !== 'kexi-reader') log.workers += 1; },
      () => { log.workers += 1; });
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.addInitScript(() => window.localStorage.setItem('kexi.lang', 'en'));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log };
}

/** The k scan as the page's four charts hold it (ECharts' own data), and what the pool did. */
async function shownScan(page) {
  await page.waitForSelector('[data-testid=cl-results][aria-busy=false]', { timeout: 45000 });
  await page.waitForSelector('.cl-scan-chart[data-metric=davies_bouldin] canvas', { timeout: 45000 });
  return page.evaluate(() => {
    const out = { pool: JSON.parse(document.documentElement.dataset.poolLast || 'null'), k: null, metrics: {} };
    for (const el of document.querySelectorAll('.cl-scan-chart')) {
      const canvas = el.querySelector('.chart-canvas');
      const option = canvas && globalThis.echarts.getInstanceByDom(canvas)?.getOption();
      if (!option) continue;
      out.k = option.xAxis[0].data.map(Number);
      out.metrics[el.dataset.metric] = option.series[0].data.map((d) => (typeof d === 'object' ? d.value : d));
    }
    out.shownK = document.querySelector('[data-testid=cl-stat-k]').textContent;
    return out;
  });
}

/** Native and wasm round the last bit of a sum differently now and then (x86 SSE vs wasm): 1e-12. */
function assertNearCli(shown, ref) {
  assert.deepEqual(shown.k, ref.k_scan.map((e) => e.k), 'scanned k');
  for (const m of ['inertia', 'silhouette', 'calinski_harabasz', 'davies_bouldin']) {
    ref.k_scan.forEach((e, i) => {
      const got = shown.metrics[m][i];
      assert.ok(Math.abs(got - e[m]) <= 1e-12 * Math.max(1, Math.abs(e[m])), `${m} at k = ${e.k}: page ${got}, CLI ${e[m]}`);
    });
  }
  assert.equal(Number(shown.shownK), ref.k, 'k shown');
}

test('Clusters with the pool: the k scan equals one worker exactly and the CLI, no network, served and from file://', async () => {
  const ref = JSON.parse(execFileSync(CLI, ['cluster', SAMPLE, ...FLAGS], { encoding: 'utf8', maxBuffer: 64 << 20 }));

  // One worker (?pool=off): the reference the pool must reproduce bit for bit.
  const alone = await open(`${browser.baseUrl}index.html?pool=off&sample=orders_en.csv`);
  await alone.page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await alone.page.click('[data-view=clusters]');
  const single = await shownScan(alone.page);
  assert.equal(single.pool, null, 'no pool job with ?pool=off');
  assert.equal(alone.log.workers, 1, 'only the main worker with ?pool=off');
  assertNearCli(single, ref);
  await alone.page.close();

  const served = `${browser.baseUrl}index.html?pool=always&sample=orders_en.csv`;
  const file = `${pathToFileURL(join(DIST, 'kexi.html')).href}?pool=always&sample=orders_en.csv`;
  for (const url of [served, file]) {
    const { page, log } = await open(url);
    await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
    await page.click('[data-view=clusters]');
    const shown = await shownScan(page);
    assert.deepEqual(shown.metrics, single.metrics, 'the pool\'s scan is the one-worker scan, bit for bit');
    assert.equal(shown.shownK, single.shownK);
    assertNearCli(shown, ref);
    assert.ok(shown.pool, 'the pool ran the scan');
    assert.equal(shown.pool.workers, 2, `two workers took part: ${JSON.stringify(shown.pool)}`);
    assert.equal(shown.pool.parts.reduce((a, b) => a + b, 0), ref.k_scan.length, 'every k computed once');
    assert.ok(log.workers >= 2, `a pool worker started (${log.workers} workers)`);
    const local = url.startsWith('file:') ? /^(file|blob|data):/ : new RegExp(`^(${browser.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|blob:|data:)`);
    assert.deepEqual(log.requests.filter((u) => !local.test(u)), [], 'no request leaves the machine');
    assert.deepEqual(log.errors, []);
    await page.close();
  }
});
