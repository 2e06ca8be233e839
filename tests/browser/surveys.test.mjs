// The Surveys view in headless Chromium: the order file loaded as the main dataset, the survey file
// beside it, and what the view shows compared with the native CLI for the same files
// (`kexi survey samples/survey_zh.csv --orders samples/orders_zh_gbk.csv --period quarter`), the
// reference; the rejected-answer counts against the sample generator's own bookkeeping
// (samples/expected/survey_zh.json); comment search, the driver chart, the CSV export, both
// languages, comments shown as text, and no network request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, CLI, SHOTS, startBrowser, openPage } from './harness.mjs';

const ORDERS = join(SAMPLES, 'orders_zh_gbk.csv');
const SURVEY = join(SAMPLES, 'survey_zh.csv');

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

const open = (url, options) => openPage(context, url, options);

function cli(args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** The view's number formatting (Intl, as in the page) for comparing shown text with the CLI's. */
function fmt(x, digits, locale = 'en-US') {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

async function loadOrdersThenSurvey(page) {
  await page.setInputFiles('[data-testid=file-input]', ORDERS);
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await page.click('[data-view=surveys]');
  await page.setInputFiles('[data-testid=survey-file-input]', SURVEY);
  await waitForResults(page);
}

async function waitForResults(page) {
  await page.waitForSelector('[data-testid=survey-body][aria-busy=false]', { timeout: 30000 });
  await page.waitForSelector('[data-testid=survey-comment-list][aria-busy=false]', { timeout: 30000 });
}

const text = (page, sel) => page.$eval(sel, (el) => el.textContent.trim());
const num = (page, sel, attr = 'value') => page.$eval(sel, (el, a) => Number(el.dataset[a]), attr);

test('Surveys shows the CLI\'s NPS, CSAT, CES, intervals, targets, breakdowns, drivers and rejected answers', async () => {
  const ref = cli(['survey', SURVEY, '--orders', ORDERS, '--period', 'quarter', '--target-nps', '30', '--target-csat', '90']);
  const { page, log } = await open(`${baseUrl}index.html`);
  await loadOrdersThenSurvey(page);
  assert.match(await text(page, '[data-testid=survey-orders-linked]'), /orders_zh_gbk\.csv/);

  // NPS with its adjusted-Wald interval and the promoter / passive / detractor counts.
  const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: page ${a}, CLI ${b}`);
  close(await num(page, '[data-testid=nps-score]'), ref.nps.score, 'NPS');
  assert.equal(await text(page, '[data-testid=nps-score]'), fmt(ref.nps.score, 1));
  close(await num(page, '[data-testid=nps-ci]', 'low'), ref.nps.ci_low, 'NPS ci_low');
  close(await num(page, '[data-testid=nps-ci]', 'high'), ref.nps.ci_high, 'NPS ci_high');
  assert.equal(await text(page, '[data-testid=nps-ci]'), `${fmt(ref.nps.ci_low, 1)} – ${fmt(ref.nps.ci_high, 1)}`);
  const parts = await page.$$eval('[data-testid=nps-parts] li', (li) => Object.fromEntries(li.map((x) => [x.dataset.part, Number(x.dataset.count)])));
  assert.deepEqual(parts, { promoters: ref.nps.promoters, passives: ref.nps.passives, detractors: ref.nps.detractors });
  assert.equal(parts.promoters + parts.passives + parts.detractors, ref.nps.n);

  // CSAT (top-2-box with the Wilson interval, and the mean) and CES.
  close(await num(page, '[data-testid=csat-score]'), ref.csat.score, 'CSAT');
  assert.equal(await text(page, '[data-testid=csat-score]'), `${fmt(ref.csat.score, 1)}%`);
  assert.equal(await text(page, '[data-testid=csat-ci]'), `${fmt(ref.csat.ci_low, 1)}% – ${fmt(ref.csat.ci_high, 1)}%`);
  assert.equal(await text(page, '[data-testid=csat-mean]'), fmt(ref.csat.mean, 2));
  assert.equal(await text(page, '[data-testid=ces-mean]'), fmt(ref.ces.mean, 2));
  assert.equal(await text(page, '[data-testid=ces-ci]'), `${fmt(ref.ces.mean_ci_low, 2)} – ${fmt(ref.ces.mean_ci_high, 2)}`);
  close(await num(page, '[data-testid=ces-agree]'), ref.ces.agree_share, 'CES agree share');

  // Targets with their status.
  const targets = await page.$$eval('[data-testid=survey-targets] tbody tr', (rows) => rows.map((r) => [r.dataset.metric, r.dataset.status]));
  assert.deepEqual(targets, ref.targets.map((x) => [x.metric, x.status]));

  // The breakdowns: value tiers from the joined order file and the survey's own attributes.
  const shownGroups = await page.$$eval('table.survey-groups', (tables) => Object.fromEntries(tables.map((tb) => [tb.dataset.attribute,
    [...tb.querySelectorAll('tbody tr')].map((tr) => [tr.dataset.group, Number(tr.children[1].textContent.replace(/[^\d]/g, '')), tr.dataset.small])])));
  const pageSource = await page.evaluate(() => (document.querySelector('[data-testid=survey-segment-note]') ? 'linked' : 'none'));
  assert.equal(pageSource, ref.segment ? 'linked' : 'none');
  assert.deepEqual(Object.keys(shownGroups).sort(), ref.by_group.map((b) => b.attribute).sort(),
    'the page\'s breakdowns are the CLI\'s (if not: build/wasm/kexi-core.js is older than build/native/kexi, rebuild it)');
  const refGroups = Object.fromEntries(ref.by_group.map((b) => [b.attribute, b.groups.map((g) => [g.value, g.respondents, String(g.small_sample)])]));
  assert.deepEqual(shownGroups, refGroups);
  const linked = ref.by_group.find((b) => b.source !== 'column');
  assert.ok(linked && linked.attribute in shownGroups, 'a breakdown by the joined order file (RFM segments or value tiers)');
  // Segment names as the core gives them (names[id].en), value tiers through the view's texts.
  const firstLinkedName = await page.$eval(`table.survey-groups[data-attribute="${linked.attribute}"] tbody tr th`, (th) => th.firstChild.textContent.trim());
  if (linked.source === 'rfm') assert.equal(firstLinkedName, ref.segment.names[linked.groups[0].value].en);
  const sigShown = await page.$$eval('table.survey-groups', (tables) => Object.fromEntries(tables.map((tb) => [tb.dataset.attribute,
    [...tb.querySelectorAll('[data-significant]')].map((e) => e.dataset.significant)])));
  const sigRef = Object.fromEntries(ref.by_group.map((b) => [b.attribute,
    b.groups.flatMap((g) => ['nps', 'csat', 'ces'].filter((m) => g.vs_rest && g.vs_rest[m]).map((m) => String(g.vs_rest[m].significant)))]));
  assert.deepEqual(sigShown, sigRef);
  assert.ok(await page.locator('.survey-small').count() > 0, 'small groups are flagged');

  // Trend charts (NPS and CSAT) drawn, the period change as the CLI has it.
  assert.equal(await page.locator('[data-testid=survey-trend] canvas').count() >= 2, true);
  if (ref.by_period.change) assert.match(await text(page, '[data-testid=survey-period-change]'), new RegExp(`${ref.by_period.change.from}.*${ref.by_period.change.to}`));

  // Key drivers: the quadrant chart is drawn and the table has the CLI's items and quadrants.
  assert.ok(ref.drivers.ok, 'the CLI ranks drivers on the sample');
  assert.equal(await page.locator('[data-testid=survey-drivers-chart] canvas').count() > 0, true);
  const drivers = await page.$$eval('[data-testid=survey-drivers-table] tbody tr', (rows) => rows.map((r) => [r.dataset.item, r.dataset.quadrant]).sort());
  assert.deepEqual(drivers, ref.drivers.items.map((x) => [x.name, x.quadrant]).sort());
  const chartPoints = await page.evaluate(() => {
    const el = document.querySelector('[data-testid=survey-drivers-chart] .chart-canvas');
    const inst = globalThis.echarts.getInstanceByDom(el);
    return inst.getOption().series[0].data.map((d) => [d.name, d.value[0], d.value[1]]);
  });
  for (const x of ref.drivers.items) {
    const p = chartPoints.find((q) => q[0] === x.name);
    assert.ok(p && Math.abs(p[1] - x.importance) < 1e-9 && Math.abs(p[2] - x.performance) < 1e-9, `driver point ${x.name}`);
  }
  close(await num(page, '[data-testid=alpha-value]'), ref.alpha.value, 'Cronbach alpha');
  assert.equal(await text(page, '[data-testid=alpha-value]'), fmt(ref.alpha.value, 3));

  // Rejected answers: 1 missing, 1 out of range, 1 non-numeric per rated item (the generator's record).
  const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected', 'survey_zh.json'), 'utf8')).bad_answers;
  const rej = await page.$$eval('[data-testid=survey-rejections-table] tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.item, {
    out_of_range: Number(r.children[4].textContent), non_numeric: Number(r.children[5].textContent), missing: Number(r.children[6].textContent),
  }])));
  assert.deepEqual(rej, expected);
  assert.deepEqual(rej, Object.fromEntries(ref.rejections.map((x) => [x.column, { out_of_range: x.out_of_range, non_numeric: x.non_numeric, missing: x.missing }])));

  // Terms: promoters and detractors drawn side by side.
  assert.deepEqual(await page.$$eval('.survey-terms-box', (b) => b.map((x) => x.dataset.group)), ['promoters', 'detractors']);
  await page.screenshot({ path: join(SHOTS, 'surveys-en.png'), fullPage: true });
  await page.screenshot({ path: join(SHOTS, 'surveys-en-fold.png') });

  // Comment search: the page's matches are the CLI's for the same search.
  const searchRef = cli(['survey', SURVEY, '--search', '物流', '--comment-limit', '20']).comments;
  assert.ok(searchRef.matched > 0 && searchRef.matched < searchRef.total);
  await page.fill('[data-testid=survey-search]', '物流');
  await page.click('[data-testid=survey-search-go]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=survey-comments-status]')?.dataset.matched === String(n)
    && document.querySelector('[data-testid=survey-comment-list]')?.getAttribute('aria-busy') === 'false', searchRef.matched, { timeout: 20000 });
  const shownComments = await page.$$eval('.survey-comment', (li) => li.map((x) => [Number(x.dataset.row), x.querySelector('.survey-comment-text').textContent]));
  assert.deepEqual(shownComments, searchRef.items.map((x) => [x.row, x.text]));
  assert.ok(shownComments.every(([, c]) => c.includes('物流')));
  const detrRef = cli(['survey', SURVEY, '--comment-group', 'detractors']).comments;
  await page.fill('[data-testid=survey-search]', '');
  await page.selectOption('[data-testid=survey-comment-group]', 'detractors');
  await page.waitForFunction((n) => document.querySelector('[data-testid=survey-comments-status]')?.dataset.matched === String(n), detrRef.matched, { timeout: 20000 });
  assert.ok((await page.$$eval('.survey-comment', (li) => li.map((x) => x.dataset.class))).every((c) => c === 'detractors'));

  // The breakdown export: one line per group with the CLI's numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=survey-export]')]);
  assert.equal(download.suggestedFilename(), 'survey-breakdown.csv');
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split(/\r\n/).map((l) => l.split(','));
  assert.equal(csv[0][0], 'breakdown');
  assert.equal(csv.length - 1, ref.by_group.reduce((s, b) => s + b.groups.length, 0));
  const high = linked.groups[0];
  const highRow = csv.find((r) => r[0] === linked.attribute && r[1] === high.value);
  assert.equal(Number(highRow[2]), high.respondents);
  assert.ok(Math.abs(Number(highRow[4]) - high.nps.score) < 1e-5);

  // Settings: by month gives the CLI's monthly periods.
  const monthly = cli(['survey', SURVEY, '--orders', ORDERS, '--period', 'month']);
  await page.selectOption('[data-key=survey-period]', 'month');
  await page.waitForFunction(() => /month/.test(document.querySelector('[data-testid=survey-cli]')?.textContent || '')
    && document.querySelector('[data-testid=survey-body]')?.getAttribute('aria-busy') === 'false', null, { timeout: 20000 });
  const xCats = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('[data-testid=survey-trend] .chart-canvas')).getOption().xAxis[0].data);
  assert.deepEqual(xCats, monthly.by_period.periods.map((p) => p.period));

  // Chinese: the same numbers in the other language.
  await page.click('button.lang-item[lang=zh-CN]');
  await page.waitForSelector('h1');
  assert.equal(await text(page, 'h1'), '问卷');
  assert.equal(await text(page, '[data-testid=nps-score]'), fmt(ref.nps.score, 1, 'zh-CN'));
  assert.match(await text(page, '#survey-drivers-h'), /关键驱动因素/);
  assert.match(await text(page, '[data-testid=survey-rejections] th[scope=col]:nth-child(5)'), /超出范围/);
  await page.screenshot({ path: join(SHOTS, 'surveys-zh.png'), fullPage: true });

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
  await page.close();
});

test('the one-click sample survey works without an order file, and comments with markup are shown as text', async () => {
  const { page, log } = await open(`${baseUrl}index.html`, { lang: 'zh' });
  await page.click('[data-view=surveys]');
  await page.click('[data-testid=survey-sample]');
  await waitForResults(page);
  const ref = cli(['survey', SURVEY]);
  assert.equal(await text(page, '[data-testid=nps-score]'), fmt(ref.nps.score, 1, 'zh-CN'));
  assert.deepEqual(await page.$$eval('table.survey-groups', (t) => t.map((x) => x.dataset.attribute)), ref.by_group.map((b) => b.attribute));
  await page.screenshot({ path: join(SHOTS, 'surveys-zh-sample.png') });

  // A hostile comment must appear as the characters it is.
  const hostile = '<img src=x onerror="window.__xss=1">很好';
  const file = join(scratch, 'hostile_survey.csv');
  writeFileSync(file, `客户编号,回答日期,推荐意愿,满意度,意见\nA1,2024-01-05,9,5,"${hostile.replace(/"/g, '""')}"\nA2,2024-01-06,3,2,太慢了\nA3,2024-02-01,8,4,还行\n`);
  await page.setInputFiles('[data-testid=survey-file-input]', file);
  await page.waitForFunction(() => /hostile_survey/.test(document.querySelector('[data-testid=survey-file-name]')?.textContent || ''));
  await waitForResults(page);
  await page.waitForFunction(() => document.querySelectorAll('.survey-comment').length === 3);
  const texts = await page.$$eval('.survey-comment-text', (els) => els.map((e) => e.textContent));
  assert.ok(texts.includes(hostile));
  assert.equal(await page.locator('.survey-comment-list img').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // A survey loaded on the Data page as the main file is offered here with one click.
  await page.click('[data-view=data]');
  await page.click('button[data-sample="survey_zh.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  await page.click('[data-view=surveys]');
  await page.click('[data-testid=survey-use-main]');
  await page.waitForFunction(() => /survey_zh\.csv/.test(document.querySelector('[data-testid=survey-file-name]')?.textContent || ''));
  await waitForResults(page);
  assert.equal(await text(page, '[data-testid=nps-score]'), fmt(ref.nps.score, 1, 'zh-CN'));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.afterLoad, []);
  await page.close();
});
