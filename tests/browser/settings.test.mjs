// Settings that last, in headless Chromium: a KPI target and a segment rule survive a reload; the
// exported JSON file brings them back after a reset; a wrong file is refused with the reason next to
// the import button and changes nothing; "remember this data" keeps the file across a reload and
// "forget" wipes it; with the box off nothing but settings is in localStorage or IndexedDB; the
// privacy note shows the page's real connect-src 'none'; and the page makes no network request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, startBrowser } from './harness.mjs';

let browser;
let page;
const log = { afterLoad: [], errors: [] };

before(async () => {
  browser = await startBrowser();
  page = await browser.context.newPage();
  let loaded = false;
  page.on('load', () => { loaded = true; });
  page.on('request', (r) => {
    const u = r.url();
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loaded = false;  // a reload fetches the page itself again
    if (loaded && !u.startsWith('blob:') && !u.startsWith('data:')) log.afterLoad.push(u);
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.addInitScript(() => {
    // Only the first visit starts clean (the test reloads to see what lasts).
    if (!window.sessionStorage.getItem('kexi.test.started')) {
      window.sessionStorage.setItem('kexi.test.started', '1');
      window.localStorage.clear();
      window.localStorage.setItem('kexi.lang', 'en');
    }
  });
  await page.goto(`${browser.baseUrl}index.html`);
  await ready();
});

after(async () => {
  if (browser) await browser.close();
});

async function ready() {
  await page.waitForSelector('body[data-ready="true"][data-remembered="checked"]');
}

async function reload() {
  loadedOnce = false;
  await page.reload();
  await ready();
}
let loadedOnce = false;

async function loadSample() {
  await page.click('[data-key="nav-data"]');
  await page.click('[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  loadedOnce = true;
}

/** What the page keeps: localStorage keys and values, IndexedDB database names. */
function stored() {
  return page.evaluate(async () => ({
    local: Object.fromEntries(Object.keys(window.localStorage).map((k) => [k, window.localStorage.getItem(k)])),
    idb: (await indexedDB.databases()).map((d) => d.name),
  }));
}

async function settingsSaved() {
  // Writes are debounced (300 ms); wait until the stored JSON holds what the page shows.
  await page.waitForFunction(() => {
    const raw = window.localStorage.getItem('kexi.settings');
    const s = raw ? JSON.parse(raw) : null;
    return s && s.overview.targets.churn_rate && s.overview.targets.churn_rate.max === 0.07 && s.segments.bins === 4;
  });
}

async function openSettings() {
  await page.click('[data-key="open-settings"]');
  await page.waitForSelector('[data-testid=settings-kept]');
}

async function summary(key) {
  return page.textContent(`[data-setting="${key}"] dd`);
}

async function changeTargetAndRule() {
  await page.click('[data-key="nav-overview"]');
  await page.waitForSelector('[data-key="target-value-churn_rate"]', { timeout: 30000 });
  await page.fill('[data-key="target-value-churn_rate"]', '7');
  await page.press('[data-key="target-value-churn_rate"]', 'Tab');  // a real change event, as a user makes it
  await page.click('[data-key="nav-segments"]');
  await page.selectOption('[data-key="seg-bins"]', '4');
}

test('a changed target and segment rule are back after a reload; nothing but settings is stored', async () => {
  await loadSample();
  await changeTargetAndRule();
  await settingsSaved();
  const before = await stored();
  // The box is off: no IndexedDB database, and localStorage holds settings only (no customer ids,
  // no file name).
  assert.deepEqual(before.idb, []);
  assert.deepEqual(Object.keys(before.local).sort(), ['kexi.lang', 'kexi.settings']);
  assert.doesNotMatch(before.local['kexi.settings'], /orders_en|C0\d\d/);
  const saved = JSON.parse(before.local['kexi.settings']);
  assert.equal(saved.kexi_settings, 1);
  assert.equal(saved.segments.bins, 4);

  await reload();
  assert.equal(await page.$('[data-testid=mapping]'), null, 'no data comes back when the box is off');
  await loadSample();
  await page.click('[data-key="nav-overview"]');
  await page.waitForSelector('[data-key="target-value-churn_rate"]', { timeout: 30000 });
  assert.equal(await page.inputValue('[data-key="target-value-churn_rate"]'), '7');
  assert.equal(await page.getAttribute('[data-kpi="churn_rate"][data-status]', 'data-status') !== null, true);
  await page.click('[data-key="nav-segments"]');
  assert.equal(await page.inputValue('[data-key="seg-bins"]'), '4');
  await openSettings();
  assert.match(await summary('targets'), /Churn rate ≤ 7\.0%/);
  assert.match(await summary('segments'), /^4 score levels/);
  assert.match(await page.textContent('[data-testid=settings-saved]'), /saved settings were applied/);
  await page.screenshot({ path: join(SHOTS, 'settings-view.png'), fullPage: true });
});

test('export, reset, import: the settings are back; a wrong file is refused next to the control', async () => {
  await openSettings();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-key="settings-export"]')]);
  const file = join(browser.scratch, 'kexi-settings.json');
  await download.saveAs(file);
  assert.equal(download.suggestedFilename(), 'kexi-settings.json');
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(exported.kexi_settings, 1);
  assert.deepEqual(exported.overview.targets.churn_rate, { max: 0.07 });
  assert.equal(exported.segments.bins, 4);
  assert.equal(exported.language, 'en');
  assert.equal(exported.ltv.margin, 1);

  await page.click('[data-key="settings-reset"]');
  await page.waitForSelector('[data-testid=settings-reset-ok]');
  assert.match(await summary('targets'), /Churn rate ≤ 5\.0%/);
  assert.match(await summary('segments'), /^5 score levels/);
  assert.equal(await page.evaluate(() => window.localStorage.getItem('kexi.lang')), null, 'reset forgets the language choice too');

  await page.setInputFiles('[data-testid=settings-import-input]', file);
  await page.waitForSelector('[data-testid=settings-import-ok]');
  assert.match(await summary('targets'), /Churn rate ≤ 7\.0%/);
  assert.match(await summary('segments'), /^4 score levels/);
  await page.click('[data-key="nav-segments"]');
  assert.equal(await page.inputValue('[data-key="seg-bins"]'), '4');

  // A file with an unknown key and a wrong type: refused as a whole, the reasons next to the button.
  const bad = join(browser.scratch, 'bad.json');
  writeFileSync(bad, JSON.stringify(Object.assign({}, exported, {
    segments: Object.assign({}, exported.segments, { bins: 'five' }), overview: Object.assign({}, exported.overview, { period_days: 7 }), colour: 'red',
  })));
  await openSettings();
  await page.setInputFiles('[data-testid=settings-import-input]', bad);
  const error = await page.waitForSelector('[data-testid=settings-import-error]');
  const text = await error.textContent();
  assert.match(text, /segments\.bins: must be a whole number from 2 to 10/);
  assert.match(text, /colour: unknown setting/);
  assert.match(await summary('period'), /^30 days/, 'the valid part (period 7 days) was not applied either');
  // next to the control: the error block follows the import button in the same card, and is its description
  const near = await page.evaluate(() => {
    const button = document.querySelector('[data-key="settings-import"]');
    const err = document.querySelector('[data-testid=settings-import-error]');
    return button.closest('section') === err.closest('section') && button.getAttribute('aria-describedby') === err.id;
  });
  assert.ok(near);
  const broken = join(browser.scratch, 'broken.json');
  writeFileSync(broken, '{"kexi_settings": 1, ');
  await page.setInputFiles('[data-testid=settings-import-input]', broken);
  await page.waitForFunction(() => /not a valid JSON file/.test(document.querySelector('[data-testid=settings-import-error]').textContent));
  await page.screenshot({ path: join(SHOTS, 'settings-import-error.png'), fullPage: true });
});

test('a column mapping comes back for the next file with the same columns, and can be forgotten', async () => {
  await loadSample();
  assert.equal(await page.inputValue('select[data-column="region"]'), 'region');
  // The data view redraws once more when the first customer page arrives (and an unapplied choice
  // is lost with it), so choose again until the Apply button is on.
  for (let i = 0; i < 10 && !(await page.isEnabled('[data-key="apply-mapping"]')); ++i) {
    await page.selectOption('select[data-column="region"]', '');
    await page.waitForTimeout(200);
  }
  await page.click('[data-key="apply-mapping"]');
  await page.waitForFunction(() => {
    const sel = document.querySelector('select[data-column="region"]');
    return sel && sel.value === '' && !document.querySelector('progress');
  }, null, { timeout: 30000 });
  await page.waitForFunction(() => Object.values(JSON.parse(window.localStorage.getItem('kexi.settings')).mappings).some((m) => m.columns && m.columns.region === ''));
  // The same file loaded afresh (as next month's export with the same header would be).
  await page.click('[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping-applied]', { timeout: 30000 });
  await page.waitForFunction(() => {
    const sel = document.querySelector('select[data-column="region"]');
    return sel && sel.value === '' && !document.querySelector('progress');
  }, null, { timeout: 30000 });
  // Another file (other columns) is not touched.
  await page.click('[data-sample="customers_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  assert.equal(await page.$('[data-testid=mapping-applied]'), null);
  await page.click('[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping-applied]', { timeout: 30000 });
  await page.click('[data-key="mapping-forget"]');
  await page.waitForFunction(() => {
    const sel = document.querySelector('select[data-column="region"]');
    return sel && sel.value === 'region' && !document.querySelector('[data-testid=mapping-applied]');
  }, null, { timeout: 30000 });
  await page.waitForFunction(() => Object.keys(JSON.parse(window.localStorage.getItem('kexi.settings')).mappings).length === 0);
});

test('the answer to the date-order question is kept for the next file with the same header', async () => {
  // Every date fits day/month and month/day: the core asks (docs/OPTIONS.md, date_order).
  const file = join(browser.scratch, 'shop_export.csv');
  writeFileSync(file, 'customer_id,order_date,amount\nA,01/02/2024,10\nB,03/04/2024,20\nA,05/06/2024,5\n');
  await page.click('[data-key="nav-data"]');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.click('[data-testid=date-order-question] [data-order="DMY"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await page.waitForFunction(() => Object.values(JSON.parse(window.localStorage.getItem('kexi.settings')).mappings).some((m) => m.date_order === 'DMY'));
  // Next month's export with the same header: no question, loaded with day/month, and the page says why.
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=mapping-applied]', { timeout: 30000 });
  assert.equal(await page.$('[data-testid=date-order-question]'), null);
  assert.match(await page.textContent('[data-stat="dates"], .facts'), /2024-02-01/);
  await page.click('[data-key="mapping-forget"]');
  await page.waitForSelector('[data-testid=date-order-question]', { timeout: 30000 });
});

test('remember this data: on, reload, the file is back; forget wipes it', async () => {
  await loadSample();
  assert.equal(await page.isChecked('[data-key="remember-data"]'), false, 'off by default');
  await page.check('[data-key="remember-data"]');
  await page.waitForSelector('[data-testid=remembered-note]');
  assert.match(await page.textContent('[data-testid=remembered-note]'), /orders_en\.csv/);
  await reload();
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=remembered-note]'), /orders_en\.csv/);
  assert.ok(await page.isChecked('[data-key="remember-data"]'));
  assert.deepEqual((await stored()).idb, ['kexi-remembered-data']);
  await page.screenshot({ path: join(SHOTS, 'settings-remembered.png'), fullPage: true });

  await page.click('[data-key="remember-forget"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=remembered-note]'));
  const after = await stored();
  assert.deepEqual(after.idb, []);
  assert.equal(after.local['kexi.rememberData'], undefined);
  await reload();
  assert.equal(await page.$('[data-testid=mapping]'), null, 'the wiped file does not come back');
  assert.equal(await page.isChecked('[data-key="remember-data"]'), false);
});

test('the privacy note shows the page policy; no network request was made', async () => {
  await page.click('[data-testid=privacy-details] summary');
  const connect = await page.textContent('[data-testid=privacy-connect]');
  assert.equal(connect, "connect-src 'none'");
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(meta, /connect-src 'none'/);
  await page.click('[data-key="lang-zh"]');
  assert.match(await page.textContent('[data-testid=privacy-details]'), /内容安全策略/);
  await page.click('[data-key="lang-en"]');
  assert.deepEqual(log.afterLoad, []);
  assert.deepEqual(log.errors, []);
});
