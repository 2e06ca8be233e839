// Charts: Apache ECharts (vendored from npm, loaded as a classic script, never from a CDN), with a
// colour-blind-safe palette (Okabe-Ito) and PNG download. Views call chart(); the shell disposes
// every chart before it redraws a view (retireCharts, then disposeRetired after the drawing), so
// instances never leak. A chart made with {later: true} is drawn after the page's next paint. A chart made with {reuse: true} is instead kept for the next drawing: the
// chart of the same name and height takes over its instance and canvas (new option, same canvas),
// which is much cheaper than a new instance when a view is drawn again as its results arrive.
import { h, afterPaint } from './dom.js';
import { t } from './i18n.js';
import { measure } from './perf.js';

/** Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const live = [];     // {instance, el, name, height, reuse, cancelled} of the charts on the page
let retired = [];    // the previous drawing's reusable charts, until disposeRetired()

/** A reusable chart of the previous drawing with this name and height (taken out of `retired`). */
function takeRetired(name, height) {
  const i = retired.findIndex((c) => c.name === name && c.height === height);
  return i < 0 ? null : retired.splice(i, 1)[0];
}

// Charts drawn later (chart(..., {later: true})): one per task, the first after the page has painted
// what was drawn at once, so the top of a long view shows without waiting for the charts below.
const queue = [];
let queueStarted = false;

function drawLater(job) {
  queue.push(job);
  if (queueStarted) return;
  queueStarted = true;
  afterPaint(drainOne, 100);
}

function drainOne() {
  const job = queue.shift();
  if (job) job();
  if (queue.length) setTimeout(drainOne, 0);
  else queueStarted = false;
}

/**
 * A chart in a new element appended to `container`; `option` is an ECharts option object.
 * reuse: the view draws this chart again on each redraw with nothing else holding the instance
 * (no timers, no handlers but a 'click' one it sets again), so the next drawing may reuse it.
 * later: the chart's box is laid out now but the chart is drawn in a task of its own after the
 * page's next paint (for charts below the first screen); chart() then returns null.
 */
export function chart(container, option, { height = 320, label = '', name = 'chart', reuse = false, later = false } = {}) {
  const box = h('figure', { class: 'chart' });
  const old = reuse ? takeRetired(name, height) : null;
  const el = old ? old.el : h('div', { class: 'chart-canvas', role: 'img' });
  el.setAttribute('aria-label', label);
  el.style.height = `${height}px`;  // through CSSOM: the page's CSP (style-src 'self') refuses style attributes
  box.appendChild(el);
  container.appendChild(box);
  const echarts = globalThis.echarts;
  if (!echarts) {
    el.textContent = t('chart.unavailable');
    return null;
  }
  const entry = { instance: old ? old.instance : null, el, name, height, reuse, cancelled: false };
  live.push(entry);
  box.appendChild(h('figcaption', { class: 'chart-tools' },
    h('button', { type: 'button', class: 'link', onclick: () => { if (entry.instance) downloadPng(entry.instance, name); } }, t('chart.png'))));
  const draw = () => {
    if (entry.cancelled) return;  // the view was drawn again meanwhile
    const start = performance.now();
    // The page's font by name: a canvas does not understand 'inherit' and falls back to 10px sans-serif.
    const fontFamily = getComputedStyle(el).fontFamily || 'sans-serif';
    const full = { color: PALETTE, animationDuration: 300, textStyle: { fontFamily }, ...option };
    if (entry.instance) {
      entry.instance.off('click');  // the view sets its click handler again (the only event views listen to)
      entry.instance.resize();  // only repaints if the box changed size
      entry.instance.setOption(full, { notMerge: true });
    } else {
      entry.instance = echarts.init(el, null, { renderer: 'canvas' });
      entry.instance.setOption(full);
    }
    if (document.body.classList.contains('projector')) entry.instance.setOption(projectorFonts(option));
    measure(`chart:${name}`, start);
  };
  if (later) {
    drawLater(draw);
    return null;
  }
  draw();
  return entry.instance;
}

/**
 * Called by the shell before a redraw: reusable charts are kept for it (see chart()), the others
 * are disposed. disposeRetired() after the drawing disposes the kept ones it did not take.
 */
export function retireCharts() {
  disposeRetired();
  for (const c of live) c.cancelled = true;  // a chart still to be drawn later is not drawn
  const made = live.filter((c) => c.instance);
  retired = made.filter((c) => c.reuse);
  dispose(made.filter((c) => !c.reuse));
  live.length = 0;
}

/** Disposes the reusable charts of the previous drawing that this drawing did not take over. */
export function disposeRetired() {
  dispose(retired);
  retired = [];
}

function dispose(charts) {
  for (const { instance } of charts) {
    // A paint that zrender split over animation frames (slow machine) would resume on the disposed
    // chart and throw "Cannot read properties of null (reading 'layerStack')". An immediate empty
    // repaint first gives the painter a new redraw id, so the pending frame finds itself stale.
    try {
      instance.clear();
      instance.getZr().refreshImmediately(true);
    } catch (e) {
      // Already disposed: nothing is pending.
    }
    instance.dispose();
  }
}

/**
 * Draws a small heatmap and bar chart with labels, off the page, and throws them away: the first
 * chart of a page visit ran ECharts' code for the first time and took twice as long (~100 ms for
 * the R×F grid here). Called once while the page waits for a file, like the worker's warm-up.
 */
export function warmUpCharts() {
  const echarts = globalThis.echarts;
  if (!echarts) return;
  try {
    const el = document.createElement('div');
    const instance = echarts.init(el, null, { renderer: 'canvas', width: 240, height: 160 });
    instance.setOption({
      color: PALETTE, animation: false,
      grid: [{ left: 30, top: 5, width: 90, bottom: 20 }, { left: 150, top: 5, right: 5, bottom: 20 }],
      xAxis: [{ type: 'category', data: ['a', 'b'], gridIndex: 0 }, { type: 'value', gridIndex: 1 }],
      yAxis: [{ type: 'category', data: ['c', 'd'], gridIndex: 0 }, { type: 'category', data: ['e', 'f'], gridIndex: 1 }],
      visualMap: { min: 0, max: 4, show: false },
      series: [
        { type: 'heatmap', data: [[0, 0, 1], [0, 1, 2], [1, 0, 3], [1, 1, 4]], label: { show: true }, xAxisIndex: 0, yAxisIndex: 0 },
        { type: 'bar', data: [1, 2], label: { show: true }, xAxisIndex: 1, yAxisIndex: 1 },
        { type: 'treemap', data: [{ name: 'g', value: 1 }, { name: 'h', value: 2 }], left: 0, top: 0, width: 40, height: 40 },
      ],
    });
    instance.dispose();
  } catch (e) {
    // Only a warm-up: a failure here changes nothing for the real charts.
  }
}

/** Saves the chart as a PNG file (made in the page: no network). */
export function downloadPng(instance, name) {
  const url = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  const a = h('a', { href: url, download: `${name}.png` });
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Saves text (CSV, JSON) as a file; CSV gets a BOM so Excel reads UTF-8 Chinese correctly. */
export function downloadText(name, text, mime = 'text/csv') {
  const bom = mime === 'text/csv' && !text.startsWith('\ufeff') ? '\ufeff' : '';
  const blob = new Blob([bom + text], { type: `${mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Larger chart text for the projector layout (class "projector" on <body>, see tour.js): every
 * axis, legend, tooltip and series label at least 1.35 times its size (ECharts' default is 12px),
 * as a patch merged over the view's own option.
 */
export function projectorFonts(option) {
  const big = (size) => Math.round(Math.max(17, 1.35 * (size || 12)));
  const list = (x) => (Array.isArray(x) ? x : x ? [x] : []);
  const axis = (a) => ({
    axisLabel: { fontSize: big(a.axisLabel && a.axisLabel.fontSize) },
    nameTextStyle: { fontSize: big(a.nameTextStyle && a.nameTextStyle.fontSize) },
  });
  const patch = {
    textStyle: { fontSize: 17 },
    tooltip: { textStyle: { fontSize: 17 } },
  };
  for (const key of ['xAxis', 'yAxis', 'radiusAxis', 'angleAxis']) if (option[key]) patch[key] = list(option[key]).map(axis);
  if (option.legend) patch.legend = list(option.legend).map((l) => ({ textStyle: { fontSize: big(l.textStyle && l.textStyle.fontSize) } }));
  if (option.visualMap) patch.visualMap = list(option.visualMap).map((v) => ({ textStyle: { fontSize: big(v.textStyle && v.textStyle.fontSize) } }));
  if (option.series) {
    patch.series = list(option.series).map((s) => ({
      label: { fontSize: big(s.label && s.label.fontSize) },
    }));
  }
  return patch;
}
