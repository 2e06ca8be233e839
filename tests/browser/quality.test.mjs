// Quality of the page (issue 7), in headless Chromium with a sample loaded, on every view at
// 1280x720 in both languages: every control has an accessible name; every interactive element can
// be reached with Tab (no negative tabindex, no click handler on something that cannot take focus);
// no horizontal scrollbar; every view says in one sentence what it is and has a "what to do" line;
// no English leaks into the Chinese interface (beyond data, file names, units and brand words).
// Then the projector check: 1024x768 at 150 % zoom, screenshots of every view and no overlapping
// controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, SAMPLES, startBrowser } from './harness.mjs';

let browser;
let page;
let dataColumns = [];  // the loaded files' column names: data, allowed in any language
const errors = [];
const requests = [];

/** Views whose every control is reached by pressing Tab (the others get the structural checks, which are quicker). */
const TAB_WALK = ['data', 'overview', 'settings'];

/** Words that may stay in Latin letters in the Chinese interface: names, formats, units, standard metrics. */
const ALLOWED_LATIN = new Set(['kexi', 'pdf', 'vip', 'esc', 'csv', 'tsv', 'txt', 'excel', 'xlsx', 'json', 'png', 'utf', 'gbk', 'gb18030', 'nps', 'csat',
  'ces', 'rfm', 'ltv', 'clv', 'kpi', 'kpis', 'pca', 'nbd', 'mbg', 'pareto', 'gamma', 'bg', 'indexeddb', 'csp', 'connect', 'src',
  'none', 'network', 'yyyy', 'k-means', 'kmeans', 'means', 'echarts', 'aov', 'sql', 'javascript', 'cli', 'kexi_settings', 'zscore',
  'seed', 'max', 'min', 'ymd', 'dmy', 'mdy', 'tab', 'comma', 'connect-src', 'crm', 'pandas', 'calinski', 'harabasz', 'davies', 'bouldin',
  'n_init', 'silhouette', 'lloyd', 'log', 'wilson', 'shapley', 'lmg', 'cronbach', 'bins', 'frequency', 'recency']);

before(async () => {
  browser = await startBrowser();
  page = await browser.context.newPage();
  let loaded = false;
  page.on('load', () => { loaded = true; });
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loaded = false;
    if (loaded && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // Record which elements get click/key handlers (the page adds every handler with addEventListener).
  await page.addInitScript(() => {
    window.localStorage.clear();
    window.localStorage.setItem('kexi.lang', 'en');
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, fn, opts) {
      if (this instanceof Element && ['click', 'keydown', 'keyup', 'mousedown', 'dblclick'].includes(type)) this.dataset.qaHandler = type;
      return add.call(this, type, fn, opts);
    };
  });
  await page.goto(`${browser.baseUrl}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('[data-sample="orders_en.csv"]');
  await page.waitForSelector('[data-testid=mapping]', { timeout: 30000 });
  dataColumns = await page.$$eval('[data-column]', (els) => els.map((e) => e.dataset.column));
  await page.click('[data-key="nav-surveys"]');
  await page.click('[data-key="survey-sample"]');
  await page.waitForSelector('[data-testid=survey-body]', { timeout: 30000 });
});

after(async () => {
  if (browser) await browser.close();
});

async function viewIds() {
  const nav = await page.$$eval('[data-view]', (els) => els.map((e) => e.dataset.view));
  // The clusters workshop (shown on a projector in class) is checked like a view of its own.
  return [...nav.flatMap((id) => (id === 'clusters' ? ['clusters', 'clusters-workshop'] : [id])), 'settings'];
}

async function show(id) {
  await page.click(id === 'settings' ? '[data-key="open-settings"]' : `[data-key="nav-${id.replace('-workshop', '')}"]`);
  if (id.startsWith('clusters')) await page.click(`[data-key="cl-mode-${id === 'clusters' ? 'analysis' : 'workshop'}"]`);
  await page.waitForTimeout(150);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .ltv-busy, [data-testid=survey-busy], .cl-busy, progress'),
    null, { timeout: 30000 });
  // Let deferred requests start and charts draw.
  await page.waitForTimeout(200);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .ltv-busy, [data-testid=survey-busy], .cl-busy, progress'),
    null, { timeout: 30000 });
}

/** Everything checked inside the page; returns lists of problems (empty = fine). */
function audit(lang) {
  return page.evaluate(({ lang, allowed, columns }) => {
    const visible = (el) => !el.closest('[aria-hidden="true"]') && el.checkVisibility({ visibilityProperty: true });
    const describe = (el) => `${el.tagName.toLowerCase()}${el.dataset.key ? `[data-key=${el.dataset.key}]` : ''}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent || '').trim().slice(0, 30)}"`;
    const nameOf = (el) => {
      const aria = (el.getAttribute('aria-label') || '').trim();
      if (aria) return aria;
      const by = el.getAttribute('aria-labelledby');
      if (by) {
        const text = by.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
        if (text) return text;
      }
      if (el.labels && el.labels.length) {
        const text = [...el.labels].map((l) => l.textContent).join(' ').trim();
        if (text) return text;
      }
      if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY' || el.tagName === 'A') {
        const text = el.textContent.trim();
        if (text) return text;
      }
      return (el.getAttribute('title') || '').trim();
    };
    const out = { unnamed: [], untabbable: [], clickNotFocusable: [], overflow: null, intro: [], english: [] };
    const main = document.getElementById('main');
    const controls = [...document.querySelectorAll('input, select, textarea, button, summary, a[href]')].filter((el) => !el.closest('[aria-hidden="true"]'));
    for (const el of controls) {
      if (!nameOf(el)) out.unnamed.push(describe(el));
      const ti = el.getAttribute('tabindex');
      // Hidden file inputs are opened by a visible button; they are out of the tab order on purpose.
      const proxy = el.type === 'file' && el.classList.contains('visually-hidden');
      if (ti !== null && Number(ti) < 0 && !proxy) out.untabbable.push(describe(el));
      if (proxy && ti !== '-1') out.untabbable.push(`${describe(el)} (invisible tab stop)`);
    }
    const focusable = 'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll('[data-qa-handler]')) {
      if (!visible(el) || el.closest('.chart-canvas')) continue;  // ECharts' own canvas handlers (charts have PNG/CSV exports)
      if (!el.matches(focusable) && el !== main) out.clickNotFocusable.push(`${describe(el)} (${el.dataset.qaHandler})`);
    }
    const scroller = document.scrollingElement;
    if (scroller.scrollWidth > window.innerWidth) {
      const wide = [...main.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && visible(el) && !el.closest('.table-wrap'));
      out.overflow = { width: scroller.scrollWidth, wide: wide.slice(0, 5).map(describe) };
    }
    const intro = main.querySelector('.view-intro');
    if (!intro) out.intro.push('no .view-intro');
    else {
      const what = [...intro.querySelectorAll('p:not(.todo)')].map((p) => p.textContent.trim()).filter(Boolean);
      const todo = intro.querySelector('.todo');
      if (!intro.querySelector('h1') || !intro.querySelector('h1').textContent.trim()) out.intro.push('no title');
      if (!what.length) out.intro.push('no one-sentence explanation');
      if (!todo || todo.textContent.trim().length < 10) out.intro.push('no what-to-do line');
    }
    if (lang === 'zh') {
      // Data values, file names and code are not interface text: tables' body cells, file names,
      // <code>, core messages marked lang="en", and the user's own inputs.
      const skip = 'td, tbody th, code, pre, kbd, option, [lang="en"], .file-name, .sample-file, .ex-value, .survey-comment-list, .brand, .chart-canvas, script, style, noscript, .policy-text';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const found = new Set();
      // Code quoted in a sentence (e.g. pandas qcut(x.rank(...))) and the file's own column names are not interface text.
      // So are file names and command-line flags; hyphenated names count as their parts (Gamma-Gamma).
      const words = (text) => [...text.replace(/[A-Za-z_][\w.]*\((?:[^()]|\([^()]*\))*\)/g, ' ')
        .replace(/[^\s,，、:：()（）]+\.(csv|tsv|txt|xlsx|json|png)\b/gi, ' ').replace(/--[\w-]+/g, ' ')
        .matchAll(/[A-Za-z][A-Za-z_]*(?:[-–][A-Za-z_]+)*/g)]
        .map((m) => m[0]).filter((w) => !columns.includes(w) && w.split(/[-–]/).some((part) => part.length >= 3 && !allowed.includes(part.toLowerCase())));
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(skip) || !visible(parent)) continue;
        for (const w of words(node.textContent)) found.add(`"${w}" in ${describe(parent)}`);
      }
      // Labels of controls and charts count too.
      for (const el of document.querySelectorAll('[aria-label]')) {
        if (el.closest(skip.replace('.chart-canvas, ', ''))) continue;
        for (const w of words(el.getAttribute('aria-label'))) found.add(`"${w}" in aria-label of ${describe(el)}`);
      }
      out.english = [...found];
    }
    return out;
  }, { lang, allowed: [...ALLOWED_LATIN], columns: dataColumns });
}

/** Tabs through the page once and returns the visible controls that never got focus. */
async function unreachableByTab() {
  // Count the Tab stops needed (a date input has three), listen for focus, then press Tab that often.
  const presses = await page.evaluate(() => {
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    window.__qaFocused = new Set();
    window.__qaName = (el) => `${el.tagName.toLowerCase()}[data-key=${el.dataset.key || ''}] "${(el.textContent || el.value || '').trim().slice(0, 30)}"`;
    if (!window.__qaListening) {
      // By description, not identity: a view may redraw (same controls, new nodes) while we tab.
      document.addEventListener('focusin', (e) => window.__qaFocused.add(window.__qaName(e.target)));
      window.__qaListening = true;
    }
    document.querySelector('.skip-link').focus();  // start at the top of the page
    window.__qaFocused.add(window.__qaName(document.activeElement));
    const all = [...document.querySelectorAll('button, input, select, textarea, summary, a[href]')];
    // Scrollable tables are Tab stops too in current Chromium: a margin over the controls' count.
    return Math.ceil(1.2 * all.length) + 2 * all.filter((el) => el.type === 'date').length + 8;
  });
  for (let i = 0; i < presses; ++i) await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const visible = (el) => !el.closest('[aria-hidden="true"]') && el.checkVisibility({ visibilityProperty: true });
    return [...document.querySelectorAll('button, input, select, textarea, summary, a[href]')]
      .filter((el) => visible(el) && !el.disabled && !el.classList.contains('visually-hidden') && !window.__qaFocused.has(window.__qaName(el)) && !(el.type === 'radio' && !el.checked))
      .map(window.__qaName);
  });
}

test('every view at 1280x720, in English and in Chinese: names, keyboard, width, intro, no English in Chinese', async () => {
  const ids = await viewIds();
  assert.ok(ids.length >= 9, `views: ${ids.join(' ')}`);
  const problems = [];
  for (const lang of ['en', 'zh']) {
    await page.click(`[data-key="lang-${lang}"]`);
    for (const id of ids) {
      const t0 = Date.now();
      await show(id);
      const t1 = Date.now();
      const a = await audit(lang);
      const where = `${lang}/${id}`;
      for (const x of a.unnamed) problems.push(`${where}: control without a name: ${x}`);
      for (const x of a.untabbable) problems.push(`${where}: taken out of the tab order: ${x}`);
      for (const x of a.clickNotFocusable) problems.push(`${where}: click handler on an element that cannot take focus: ${x}`);
      if (a.overflow) problems.push(`${where}: horizontal scrollbar (${a.overflow.width}px): ${a.overflow.wide.join(', ')}`);
      for (const x of a.intro) problems.push(`${where}: ${x}`);
      for (const x of a.english) problems.push(`${where}: English in the Chinese page: ${x}`);
      if (lang === 'en' && TAB_WALK.includes(id)) {
        for (const x of await unreachableByTab()) problems.push(`${where}: not reached by Tab: ${x}`);
      }
      if (lang === 'zh' || id === 'data') await page.screenshot({ path: join(SHOTS, `quality-${lang}-${id}.png`) });
      if (process.env.KEXI_QA_TIMES) console.log(`${lang}/${id}: shown in ${t1 - t0} ms, checked in ${Date.now() - t1} ms`);
    }
  }
  if (problems.length) console.log(problems.join('\n'));
  assert.deepEqual(problems, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
});

test('projector: 1024x768 at 150 % zoom, no controls overlap and no sideways scrolling', async () => {
  // 150 % zoom of a 1024x768 screen: a 683x512 CSS-pixel viewport drawn at 1.5 device pixels per pixel.
  await page.setViewportSize({ width: 683, height: 512 });
  await page.click('[data-key="lang-zh"]');
  const problems = [];
  for (const id of await viewIds()) {
    await show(id);
    const found = await page.evaluate(() => {
      const visible = (el) => el.checkVisibility({ visibilityProperty: true }) && !el.classList.contains('visually-hidden');
      const els = [...document.querySelectorAll('button, input, select, textarea, summary, h1, h2, .kpi-value, .stat dd')].filter(visible);
      const boxes = els.map((el) => ({ el, r: el.getBoundingClientRect() }));
      const out = [];
      const name = (el) => `${el.tagName.toLowerCase()}[data-key=${el.dataset.key || ''}] "${(el.textContent || '').trim().slice(0, 20)}"`;
      for (let i = 0; i < boxes.length; ++i) {
        for (let j = i + 1; j < boxes.length; ++j) {
          const a = boxes[i];
          const b = boxes[j];
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const hgt = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (w > 2 && hgt > 2) out.push(`${name(a.el)} overlaps ${name(b.el)}`);
        }
      }
      // A button squeezed into a narrow column (text wrapped to a letter per line) is as bad as an overlap.
      for (const { el, r } of boxes) if (el.tagName === 'BUTTON' && r.height > 3.2 * (parseFloat(getComputedStyle(el).lineHeight) || 20)) out.push(`${name(el)} is squeezed (${Math.round(r.width)}x${Math.round(r.height)})`);
      if (document.scrollingElement.scrollWidth > window.innerWidth + 1) {
        const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap')).slice(0, 4).map(name);
        out.push(`page is ${document.scrollingElement.scrollWidth}px wide: ${wide.join(', ')}`);
      }
      return out;
    });
    for (const x of found) problems.push(`${id}: ${x}`);
    await page.screenshot({ path: join(SHOTS, `projector-${id}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  if (problems.length) console.log(problems.join('\n'));
  assert.deepEqual(problems, []);
});
