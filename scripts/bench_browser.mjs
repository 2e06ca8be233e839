// The benchmark suite's end-to-end figure: the built page (web/dist) in headless Chromium, from
// giving it the file (the file input, as a drop does) to drawn charts. Prints one JSON line.
//   load_s      file given (the file input's change event, when a drop would arrive) -> load
//               finished (mapping and rejected-row report shown)
//   overview_s  click "Overview" -> KPI cards drawn
//   segments_s  click "Segments" -> R×F heatmap canvas and segment table drawn
//   total_s     file given -> segment charts drawn (the "drop to charts"; the steps plus the
//               harness's own time between them)
//   harness_s   Playwright's setInputFiles before the page had the file (not in the figures above)
//   segments_all_s  click "Segments" -> every chart of the view drawn (the charts below the segment
//               table are drawn after the first paint)
// "Shown"/"drawn" = the page's frame after the elements appeared has been painted, timed in the page.
//   peak_mb     largest summed proportional set size (Pss) of Chromium's processes, sampled every 50 ms
//   peak_tab_mb largest Pss of the page's own renderer process (the page, its workers and their wasm
//               heaps: what Chrome's task manager shows for the tab), sampled with peak_mb
//   phases      where each of the three steps went, from the page's performance timeline: per name,
//               [count, total ms] of the measures that started within the step. worker:* = work in
//               the worker (read = a 16 MB slice read, feed/finish = the core's streaming load, run:X =
//               request X in the core, parse = JSON.parse of the core's answer, handled = a message from
//               taking it to answering it), call:X = a request from sending to its answer on the page,
//               render:V = drawing view V (chart:N included), chart:N = creating and drawing one chart.
//               The steps' own figures above stay the wall time the user waits.
// Usage: node scripts/bench_browser.mjs --file ORDERS.csv [--timeline]
//   --timeline also prints every mark and measure (ms from the file given, duration) to stderr.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--file');
if (i < 0 || !args[i + 1]) {
  console.error('usage: node scripts/bench_browser.mjs --file ORDERS.csv');
  process.exit(2);
}
const file = args[i + 1];

// Chromium's processes are the ones below this script in the process tree whose command line names
// the harness's profile folder (other sessions' test browsers have such a folder too): sum their
// proportional set size (Pss in /proc/PID/smaps_rollup: shared pages are split between the
// processes that share them, so the sum is not inflated), covering the renderer, the worker's wasm
// heap and the helper processes.
function chromiumPssMb() {
  const parent = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(join('/proc', pid, 'stat'), 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch { /* the process ended meanwhile */ }
  }
  const mine = (pid) => {
    for (let p = pid; p && p !== '0' && p !== '1'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let kb = 0;
  let rendererKb = 0;
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      const cmd = readFileSync(join('/proc', pid, 'cmdline'), 'utf8');
      if (!cmd.includes('kexi-chromium-')) continue;  // the harness's profile folder: only our browser
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(join('/proc', pid, 'smaps_rollup'), 'utf8'));
      if (!m) continue;
      kb += Number(m[1]);
      // The page's renderer is the largest one (the others are Chromium's spare and blank ones).
      if (cmd.includes('--type=renderer')) rendererKb = Math.max(rendererKb, Number(m[1]));
    } catch { /* the process ended meanwhile */ }
  }
  return { all: kb / 1024, tab: rendererKb / 1024 };
}

/**
 * Marks "bench:NAME" in the page, runs `act` and resolves once every selector matches and the frame
 * after that is painted: {start, end, step} in the page's milliseconds (step = end - start).
 */
async function step(page, name, selectors, act) {
  await page.evaluate(({ name, selectors }) => {
    const ready = () => selectors.every((s) => document.querySelector(s));
    // After the next frame's paint: requestAnimationFrame runs before it, a task queued there after it.
    const seen = () => requestAnimationFrame(() => setTimeout(() => performance.mark(`bench:${name}:painted`), 0));
    const watch = new MutationObserver(() => {
      if (!ready()) return;
      watch.disconnect();
      seen();
    });
    watch.observe(document.documentElement, { childList: true, subtree: true });
    performance.mark(`bench:${name}`);
  }, { name, selectors });
  await act();
  await page.waitForFunction((n) => performance.getEntriesByName(`bench:${n}:painted`).length > 0, name, { timeout: 600000, polling: 50 });
  return page.evaluate((n) => {
    const start = performance.getEntriesByName(`bench:${n}`)[0].startTime;
    const end = performance.getEntriesByName(`bench:${n}:painted`)[0].startTime;
    return { start, end, step: end - start };
  }, name);
}

const { baseUrl, context, close } = await startBrowser();
let peak = 0;
let peakTab = 0;
const sample = () => {
  const pss = chromiumPssMb();
  peak = Math.max(peak, pss.all);
  peakTab = Math.max(peakTab, pss.tab);
};
const sampler = setInterval(sample, 50);
const requests = [];
try {
  // One tab, as a person has: the browser's own first page (a second one kept a blank tab's renderer).
  const page = context.pages()[0] || await context.newPage();
  page.on('request', (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.addInitScript(() => window.localStorage.setItem('kexi.lang', 'en'));
  await page.goto(`${baseUrl}index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  // A person takes a few seconds to pick a file; meanwhile the worker warms the core up
  // (web/src/warm_up.js). --no-wait drops the file at once, warm-up unfinished.
  if (!args.includes('--no-wait')) await page.waitForTimeout(5000);
  // Each step's time is taken in the page, not by polling from here (Playwright's waitForSelector polls
  // less and less often, up to every 500 ms, which added up to half a second to a step): from a mark
  // just before the step's action to the frame painted after the awaited elements appeared.
  // The file counts as given when the page's file input fires "change", as a drop would: Playwright's
  // setInputFiles takes 0.1-0.7 s of its own before that (protocol round trips), which a person
  // dropping a file does not wait for. That time is reported apart as harness_s.
  await page.evaluate(() => document.addEventListener('change', () => performance.mark('bench:given'), { capture: true, once: true }));
  const tLoad = await step(page, 'load', ['[data-testid=mapping], [data-testid=load-error]'],
    () => page.setInputFiles('input[type=file]', file));
  if (await page.$('[data-testid=load-error]')) throw new Error(await page.textContent('[data-testid=load-error]'));
  const tGiven = await page.evaluate(() => performance.getEntriesByName('bench:given')[0].startTime);
  const tOverview = await step(page, 'overview', ['[data-testid=kpi-cards] [data-kpi]'], () => page.click('[data-view=overview]'));
  const tSegments = await step(page, 'segments', ['[data-testid=rf-grid] canvas', '[data-testid=segment-table] tbody tr'],
    () => page.click('[data-view=segments]'));
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('#main .chart-canvas')];
    return document.querySelector('[data-testid=cohort-chart]') && boxes.every((b) => b.querySelector('canvas'));
  }, null, { timeout: 600000, polling: 'raf' });
  const tAll = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
  sample();
  if (args.includes('--timeline')) {
    console.error((await page.evaluate(() => {
      const t0 = performance.getEntriesByName('bench:load')[0].startTime;
      return performance.getEntries().filter((e) => (e.entryType === 'mark' || e.entryType === 'measure') && e.startTime >= t0)
        .map((e) => `${(e.startTime - t0).toFixed(0).padStart(6)} ${e.duration.toFixed(0).padStart(6)}  ${e.name}`);
    })).join('\n'));
  }
  const phases = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    const bounds = [['load', at('bench:load')], ['overview', at('bench:overview')], ['segments', at('bench:segments')], ['', Infinity]];
    const out = {};
    for (const e of performance.getEntriesByType('measure')) {
      if (!e.name.startsWith('kexi:')) continue;
      const k = bounds.slice(0, 3).findIndex(([, t], j) => e.startTime >= t && e.startTime < bounds[j + 1][1]);
      if (k < 0) continue;
      const step = (out[bounds[k][0]] = out[bounds[k][0]] || {});
      const name = e.name.slice(5);
      const [n, ms] = step[name] || [0, 0];
      step[name] = [n + 1, Math.round(ms + e.duration)];
    }
    return out;
  });
  console.log(JSON.stringify({
    bench: 'browser-e2e', file,
    load_s: (tLoad.end - tGiven) / 1000,
    overview_s: tOverview.step / 1000,
    segments_s: tSegments.step / 1000,
    total_s: (tSegments.end - tGiven) / 1000,
    harness_s: (tGiven - tLoad.start) / 1000,
    segments_all_s: (tAll - tSegments.start) / 1000,
    peak_mb: peak,
    peak_tab_mb: peakTab,
    outside_requests: requests.length,
    phases,
  }));
} finally {
  clearInterval(sampler);
  await close();
}
