// The Workshop view and the guided tour in headless Chromium. Exercise data made in the page is
// checked against the native CLI (`kexi sample ... --stats`: the generator's own bookkeeping, and
// the same bytes); the tour is walked in both languages with the keyboard and its numbers compared
// with `kexi segment --customers` and `kexi ltv --customers`; the projector layout must enlarge the
// text; no request may leave the page.
// Screenshots of every view in both languages go to tests/browser/screenshots/; with
// KEXI_DOC_SHOTS=1 they go to docs/screenshots/ instead (the user guide's pictures, committed).
// One page for the whole file (the tests run in order and share it): each new page starts a worker
// that compiles the 2 MB WebAssembly module again, the slowest part on a busy machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLES, CLI, SHOTS, startBrowser } from './harness.mjs';

const DOC_SHOTS = process.env.KEXI_DOC_SHOTS === '1';
const SHOT_DIR = DOC_SHOTS ? join(ROOT, 'docs', 'screenshots') : SHOTS;

let browser;
let baseUrl;
let context;
let scratch;
let page;
let log;

before(async () => {
  browser = await startBrowser();
  ({ baseUrl, context, scratch } = browser);
  mkdirSync(SHOT_DIR, { recursive: true });
  ({ page, log } = await open('en', '?sample=orders_en.csv'));
});

after(async () => {
  if (browser) await browser.close();
});

async function open(lang, query = '') {
  const page = await context.newPage();
  const log = { afterLoad: [], errors: [], loaded: false };
  page.on('request', (r) => {
    const u = r.url();
    if (log.loaded && !u.startsWith('blob:') && !u.startsWith('data:')) log.afterLoad.push(u);
  });
  page.on('load', () => { log.loaded = true; });
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.addInitScript((l) => {
    window.localStorage.setItem('kexi.lang', l);
    window.localStorage.removeItem('kexi.projector');
  }, lang);
  await page.goto(`${baseUrl}index.html${query}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log };
}

async function shot(page, name) {
  // JPEG at 1280x720: the guide's pictures stay small (about 100 KB each).
  await page.waitForTimeout(450);  // chart animations (300 ms) finish
  await page.screenshot({ path: join(SHOT_DIR, `${name}.jpg`), type: 'jpeg', quality: 62 });
}

function cli(args) {
  return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function parseCsv(text) {
  const lines = text.trim().split('\n').map((l) => l.replace(/\r$/, '').split(','));
  const [head, ...rows] = lines;
  return rows.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i]])));
}

/** "1,238" / "1,238" in either locale -> 1238. */
function int(text) {
  return Number(String(text).replace(/[^\d-]/g, ''));
}

const VIEWS = [
  ['data', '[data-testid=mapping]'],
  ['customers', '[data-testid=customers-table]'],
  ['overview', '[data-testid=kpi-cards]'],
  ['segments', '[data-testid=segments-ready][aria-busy=false] canvas'],
  ['clusters', '[data-testid=cl-results] canvas', '[data-testid=cl-scan]'],
  ['ltv', '[data-testid=ltv-body][aria-busy=false] [data-testid=ltv-summary]', '[data-testid=ltv-summary]'],
];

async function viewShots(lang) {
  await setLanguage(lang);
  await page.click('[data-view=data]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  assert.match(await page.textContent('.file-name'), new RegExp(TEXT[lang].sample.replace('.', '\\.')));
  for (const [view, ready, scrollTo] of VIEWS) {
    await page.click(`[data-view=${view}]`);
    if (view === 'clusters' && await page.$('[data-testid=cl-mode-analysis][aria-pressed=false]')) await page.click('[data-testid=cl-mode-analysis]');
    await page.waitForSelector(ready, { timeout: 30000 });
    // The part of the view worth a picture (its charts), just below the top bar.
    if (scrollTo) await page.$eval(scrollTo, (el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70));
    await shot(page, `${lang}-${view}`);
  }
}

test('every view of the English sample, pictured', { timeout: 60000 }, () => viewShots('en'));

test('the tour in English: six steps by keyboard, the CLI\'s numbers, the projector layout', { timeout: 60000 }, () => tour('en'));

const GEN = { kind: 'orders', lang: 'zh', customers: 500, seed: 7, seasonality: 2.5, churn: 0.35, start: '2022-06-01', end: '2024-05-31', bad_rows: 9 };

test('exercise data made in the page: the CLI\'s bookkeeping, the same bytes, loaded and checked', { timeout: 60000 }, async () => {
  await page.click('[data-view=workshop]');
  await page.selectOption('[data-testid=gen-kind]', GEN.kind);
  await page.selectOption('[data-testid=gen-lang]', GEN.lang);
  for (const key of ['customers', 'seed', 'seasonality', 'churn', 'start', 'end', 'bad_rows']) {
    await page.fill(`[data-testid=gen-${key}]`, String(GEN[key]));
  }
  await page.click('[data-testid=gen-make]');
  await page.waitForSelector('[data-testid=gen-loaded]', { timeout: 30000 });

  const flags = Object.entries(GEN).flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, String(v)]);
  const csvPath = join(scratch, 'native.csv');
  const statsPath = join(scratch, 'native.json');
  cli(['sample', ...flags, '--out', csvPath, '--stats', statsPath]);
  const stats = JSON.parse(readFileSync(statsPath, 'utf8'));

  // What the panel reports is the generator's bookkeeping, as the CLI wrote it.
  const stat = async (key) => int(await page.textContent(`[data-testid=gen-result] [data-stat=${key}] dd`));
  assert.equal(await stat('rows'), stats.data_rows);
  assert.equal(await stat('good'), stats.good_rows);
  assert.equal(await stat('badRows'), stats.bad_rows_total);
  assert.equal(stats.bad_rows_total, GEN.bad_rows);
  assert.equal(await stat('buyers'), stats.customers);
  assert.equal(await stat('orders'), stats.orders);
  assert.equal(await stat('refunds'), stats.refund_rows);
  assert.equal(await page.textContent('[data-testid=gen-cli]'),
    `kexi sample ${flags.join(' ')} --out kexi-exercise-orders-zh-seed7.csv`);

  // The download is the generator's exact bytes (no BOM added): the same file as the CLI's.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=gen-download]')]);
  assert.equal(dl.suggestedFilename(), 'kexi-exercise-orders-zh-seed7.csv');
  const downloaded = readFileSync(await dl.path());
  assert.ok(downloaded.equals(readFileSync(csvPath)), 'downloaded CSV differs from `kexi sample`');

  // Loaded as the main dataset: the data check counts what the generator booked (as `kexi inspect`).
  await page.$eval('[data-testid=ws-generator]', (el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'en-workshop');
  await page.click('[data-view=data]');
  await page.waitForSelector('[data-testid=mapping]');
  const fact = async (key) => int(await page.textContent(`[data-stat=${key}] dd`));
  assert.equal(await fact('total'), stats.data_rows);
  assert.equal(await fact('rejected'), stats.bad_rows_total);
  assert.equal(await fact('customers'), stats.customers);
  const inspect = JSON.parse(cli(['inspect', csvPath]));
  assert.equal(await fact('used'), inspect.rows.used);

  // Out-of-range settings: the core's message, naming the field and the allowed range.
  await page.click('[data-view=workshop]');
  await page.fill('[data-testid=gen-customers]', '0');
  await page.click('[data-testid=gen-make]');
  await page.waitForSelector('[data-testid=gen-error]');
  assert.match(await page.textContent('[data-testid=gen-error]'), /customers must be a whole number from 1 to 2,000,000, not 0/);
  await page.click('[data-key=gen-reset]');
  assert.equal(await page.inputValue('[data-testid=gen-customers]'), '300');
});

const TEXT = {
  en: { counter: (i) => `Step ${i} of 6`, seed: 'Sample orders_en.csv · seed 42', sample: 'orders_en.csv' },
  zh: { counter: (i) => `第 ${i} 步，共 6 步`, seed: '样例 orders_zh_gbk.csv · 随机种子 42', sample: 'orders_zh_gbk.csv' },
};
const STEP_VIEWS = ['data', 'customers', 'segments', 'clusters', 'ltv', 'segments'];


async function setLanguage(lang) {
  await page.click(`[data-key=lang-${lang}]`);
  await page.waitForSelector(`html[lang=${lang === 'zh' ? 'zh-CN' : 'en'}]`);
}

async function tour(lang) {
  await setLanguage(lang);
  {
    const T = TEXT[lang];
    await page.focus('[data-testid=tour-toggle]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=tour]:not([hidden])');
    await page.waitForSelector('[data-testid=tour-step-welcome] .tour-facts', { timeout: 30000 });
    assert.equal(await page.textContent('[data-testid=tour-seed]'), T.seed);
    const titles = new Set();
    const samplePath = join(SAMPLES, T.sample);
    const segRows = parseCsv(cli(['segment', samplePath, '--customers']));
    const ltvRows = parseCsv(cli(['ltv', samplePath, '--customers']));
    for (let i = 1; i <= 6; ++i) {
      assert.equal(await page.textContent('[data-testid=tour-counter]'), T.counter(i));
      assert.equal(await page.getAttribute('.nav-item[aria-current=page]', 'data-view'), STEP_VIEWS[i - 1]);
      titles.add(await page.textContent('[data-testid=tour-title]'));
      if (i === 2) {
        // The example customer's recency, frequency and spend are the core's (kexi segment --customers).
        await page.waitForSelector('[data-testid=tour-step-rfm] .tour-facts');
        const text = await page.textContent('[data-testid=tour-step-rfm]');
        const id = /C\d{5}/.exec(text)[0];
        const row = segRows.find((r) => r.customer_id === id);
        assert.ok(row, id);
        assert.ok(text.includes(`${row.recency} `), `${text} / recency ${row.recency}`);
        assert.ok(text.includes(`${row.frequency} `) || text.includes(` ${row.frequency}`), `frequency ${row.frequency}`);
        assert.ok(text.includes(`${row.last_order}`));
        await page.keyboard.press('ArrowRight');
        await page.waitForSelector('[data-testid=tour-step-segments] .tour-code');
        const code = await page.textContent('[data-testid=tour-step-segments] .tour-code');
        assert.ok(code.includes(`R${row.r_score} F${row.f_score} M${row.m_score}`), code);
        assert.ok(code.includes(lang === 'zh' ? row.segment_zh : row.segment_en), code);
        await page.waitForSelector('[data-testid=segments-ready]');
        if (lang === 'en' || DOC_SHOTS) await shot(page, `${lang}-tour-segments`);
        await page.keyboard.press('ArrowLeft');
        assert.equal(await page.textContent('[data-testid=tour-counter]'), T.counter(2));
      }
      if (i === 4) {
        // The Clusters view's workshop mode with the tour's seed, said on screen.
        await page.waitForSelector('[data-testid=workshop] [data-testid=ws-plot] canvas', { timeout: 30000 });
        assert.equal(await page.inputValue('[data-testid=ws-seed]'), '7');
        assert.match(await page.textContent('.tour-seed'), /7/);
      }
      if (i === 5) {
        // Two contrasting customers: P(alive) and expected orders as `kexi ltv --customers` gives them.
        await page.waitForSelector('[data-testid=tour-step-palive] .tour-customer', { timeout: 30000 });
        const ids = await page.$$eval('.tour-customer', (els) => els.map((e) => e.dataset.customer));
        assert.equal(ids.length, 2);
        const [a, b] = ids.map((id) => ltvRows.find((r) => r.customer_id === id));
        assert.ok(Number(a.T) - Number(a.recency) >= 270, 'A has been silent for long');
        assert.ok(Number(b.T) - Number(b.recency) <= 30, 'B bought recently');
        assert.ok(Number(b.p_alive) > Number(a.p_alive));
        const cards = await page.$$eval('.tour-customer', (els) => els.map((e) => e.textContent));
        for (const [k, r] of [[0, a], [1, b]]) assert.ok(cards[k].includes(`${Math.round(100 * Number(r.p_alive))}%`), `${cards[k]} / ${r.p_alive}`);
        await page.waitForSelector('[data-testid=ltv-matrix] canvas');
        await shot(page, `${lang}-tour-palive`);
      }
      if (i < 6) await page.keyboard.press('ArrowRight');
    }
    assert.equal(titles.size, 6, 'six different step titles');
    // Arrow right on the last step stays there; arrow left goes back.
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.textContent('[data-testid=tour-counter]'), T.counter(6));
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.textContent('[data-testid=tour-counter]'), T.counter(5));

    // Projector layout: a class on <body> that makes the text a third bigger.
    const size = () => page.$eval('[data-testid=tour-title]', (el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    await page.click('[data-testid=tour-projector]');
    assert.equal(await page.evaluate(() => document.body.classList.contains('projector')), true);
    const after = await size();
    assert.ok(after >= before * 1.3, `projector font ${before} -> ${after}`);
    // What the room sees: the k-means animation (step 4) in the projector layout.
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.textContent('[data-testid=tour-counter]'), T.counter(4));
    await page.waitForSelector('[data-testid=workshop] [data-testid=ws-plot] canvas');
    if (lang === 'en' || DOC_SHOTS) await shot(page, `${lang}-tour-projector`);
    await page.click('[data-testid=tour-projector]');
    assert.equal(await size(), before);

    // Esc ends the tour.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=tour]', { state: 'hidden' });
    assert.equal(await page.evaluate(() => document.body.classList.contains('tour-open')), false);
  }
}

// The guide's pictures: each view on the bundled sample, in both languages.
test('the tour in Chinese on the GBK sample, by keyboard', { timeout: 60000 }, () => tour('zh'));

test('every view of the Chinese sample, pictured', { timeout: 60000 }, async () => {
  await viewShots('zh');
  await page.click('[data-view=workshop]');
  await page.waitForSelector('[data-testid=ws-generator]');
  await page.click('[data-key=gen-reset]');  // the defaults in Chinese, and the earlier error gone
  assert.equal(await page.inputValue('[data-testid=gen-lang]'), 'zh');
  assert.equal(await page.$('[data-testid=gen-error]'), null);
  await page.$eval('[data-testid=ws-generator]', (el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'zh-workshop');
});

test('no errors in the page and no request after it loaded', () => {
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
});
