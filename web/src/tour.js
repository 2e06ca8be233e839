// Workshop mode: a guided tour over a bundled sample (made by the core's generator with seed 42, so
// every participant sees the same numbers and pictures), explaining RFM, the segment map, k-means and
// P(alive) in plain words on real customers of that sample. The tour is a panel beside the views: each
// step opens the view it talks about (Segments heatmap, the Clusters view's Workshop mode, the LTV
// P(alive) matrix). Next/Back buttons, arrow keys and Esc; a projector layout (class "projector" on
// <body>) scales fonts and charts so the back of a room can read them at 1280x720.
// State lives in state.tour and state.projector; the shell calls mountTour() once and renderTour()
// after each view drawing.
import { h, clear } from './dom.js';
import { t, language } from './i18n.js';
import { state, changed } from './state.js';
import * as actions from './actions.js';
import { formatInteger, formatAmount } from './format.js';
import { settings as clusterSettings } from './clusters_state.js';
import { settings as segmentSettings, defaultSettings as segmentDefaults } from './segments_state.js';
import { csvObjects } from './csv_text.js';

/** The seed of the bundled samples (samples/README.md); said on screen at every step. */
export const TOUR_SEED = 42;
/** The sample the tour loads, by interface language at the start of the tour. */
export const TOUR_SAMPLES = { en: 'orders_en.csv', zh: 'orders_zh_gbk.csv' };
/** Seed, k and axes of the k-means animation the tour opens (the Clusters workshop's defaults). */
export const TOUR_KMEANS = { x: 'recency', y: 'monetary', k: 3, seed: 7 };

const STEPS = [
  { id: 'welcome', view: 'data', target: '[data-testid=mapping]' },
  { id: 'rfm', view: 'customers', target: null },
  { id: 'segments', view: 'segments', target: '[data-testid=segments-ready]' },
  { id: 'kmeans', view: 'clusters', target: null },
  { id: 'palive', view: 'ltv', target: '[data-testid=ltv-matrix]' },
  { id: 'actions', view: 'segments', target: '[data-testid=segment-table]' },
];
export const TOUR_STEPS = STEPS.map((s) => s.id);

const KEYS = { segment: 'tour.segment', summary: 'tour.summary', ltv: 'tour.ltv' };
// The LTV view's default request (views/ltv.js DEFAULTS), so the tour's numbers are the view's.
const LTV_REQUEST = { type: 'ltv', period: 'day', horizon: '12m', discount_rate_annual: 0.1, margin: 1, model: 'bgnbd', customers: true };
const SEGMENT_REQUEST = { type: 'segment', customers: true };
const SUMMARY_REQUEST = { type: 'segment' };

let panel = null;
let shellButton = null;
let scrollPending = false;
let focusPending = false;

function tour() {
  return state.tour && state.tour.active ? state.tour : null;
}

/** Starts the tour: loads the sample (unless it is already loaded) and opens step 1. */
export function startTour() {
  const sample = TOUR_SAMPLES[language()] || TOUR_SAMPLES.en;
  state.tour = { active: true, step: 0, sample };
  // The Segments view's scoring as the tour explains it (5 quintiles, orders, total spend, as of the
  // day after the data), whatever this browser remembered: the same map on every screen.
  const d = segmentDefaults();
  Object.assign(segmentSettings(), { bins: d.bins, frequency: d.frequency, monetary: d.monetary, as_of: '' });
  if (!state.dataset || state.fileName !== sample || (state.source && state.source.kind !== 'sample')) actions.loadSample(sample);
  goTo(0);
}

export function stopTour() {
  if (!state.tour) return;
  state.tour = Object.assign({}, state.tour, { active: false });
  changed();
  if (shellButton) shellButton.focus();
}

/** Opens step i (0-based): its view, and what the view needs for it (the k-means animation). */
export function goTo(i) {
  const tr = tour();
  if (!tr) return;
  tr.step = Math.max(0, Math.min(STEPS.length - 1, i));
  const step = STEPS[tr.step];
  if (step.id === 'kmeans') {
    const c = clusterSettings();
    c.mode = 'workshop';
    Object.assign(c.ws, TOUR_KMEANS, { step: 0, playing: false });
  }
  state.view = step.view;
  scrollPending = true;
  focusPending = true;
  changed();
}

export function setProjector(on) {
  state.projector = Boolean(on);
  // Before the redraw: charts read the class when they are made (charts.js projectorFonts).
  document.body.classList.toggle('projector', state.projector);
  try {
    window.localStorage.setItem('kexi.projector', state.projector ? '1' : '0');
  } catch (e) {
    // Not remembered; the layout still changes now.
  }
  changed();  // charts are drawn again with the projector's font sizes
}

// ---- the data the explanations quote (the core's own answers on the loaded sample) ----

function csvRows(key) {
  const entry = state.results[key];
  if (!entry || entry.status !== 'done' || !entry.result || typeof entry.result.csv !== 'string') return null;
  if (!entry.rows || entry.rowsOf !== entry.result) {
    entry.rows = csvObjects(entry.result.csv);
    entry.rowsOf = entry.result;
  }
  return entry.rows;
}

function tourDataReady() {
  const tr = tour();
  return Boolean(tr && state.dataset && state.fileName === tr.sample && state.load.status === 'done');
}

function ensureRequests() {
  if (!tourDataReady()) return;
  for (const [key, request] of [[KEYS.segment, SEGMENT_REQUEST], [KEYS.summary, SUMMARY_REQUEST], [KEYS.ltv, LTV_REQUEST]]) {
    const previous = state.results[key];
    if (previous && JSON.stringify(previous.request) === JSON.stringify(request)) continue;
    // Deferred: analyse() signals a change at once, and this runs while the shell draws.
    Promise.resolve().then(() => {
      const again = state.results[key];
      if (!again || JSON.stringify(again.request) !== JSON.stringify(request)) actions.analyse(key, request);
    });
  }
}

/**
 * The customer step 1 and 2 talk about: a recent repeat buyer (bought within 90 days, 3+ orders),
 * the one with the median spend among them, so the example is typical rather than extreme.
 */
export function exampleCustomer(rows) {
  if (!rows || !rows.length) return null;
  const pool = rows.filter((r) => Number(r.recency) <= 90 && Number(r.frequency) >= 3)
    .sort((a, b) => Number(a.monetary) - Number(b.monetary) || a.customer_id.localeCompare(b.customer_id));
  return pool.length ? pool[Math.floor(pool.length / 2)] : rows[0];
}

/**
 * Two contrasting customers for P(alive): A bought the most often of those silent for at least
 * 270 days; B bought within the last 30 days (the one of those with A's number of purchases or
 * fewer and the most purchases, so the difference is recency, not frequency).
 */
export function contrastingCustomers(rows) {
  if (!rows || !rows.length) return null;
  const silence = (r) => Number(r.T) - Number(r.recency);
  const byId = (a, b) => a.customer_id.localeCompare(b.customer_id);
  const old = rows.filter((r) => silence(r) >= 270).sort((a, b) => Number(b.frequency) - Number(a.frequency) || byId(a, b));
  if (!old.length) return null;
  const a = old[0];
  const recent = rows.filter((r) => silence(r) <= 30 && Number(r.frequency) <= Number(a.frequency))
    .sort((x, y) => Number(y.frequency) - Number(x.frequency) || byId(x, y));
  if (!recent.length) return null;
  return { a, b: recent[0] };
}

function percentText(p) {
  return `${formatInteger(Math.round(100 * Number(p)))}%`;
}

function segmentName(row) {
  return language() === 'zh' ? row.segment_zh : row.segment_en;
}

// ---- the panel ----

function loadingNote() {
  return h('p', { class: 'tour-loading', role: 'status' }, t('tour.loading'));
}

function facts(pairs) {
  return h('dl', { class: 'tour-facts' }, pairs.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
}

function stepBody(id) {
  const seg = csvRows(KEYS.segment);
  const summary = state.results[KEYS.summary];
  const asOf = summary && summary.status === 'done' && summary.result ? summary.result.as_of : '';
  const ex = exampleCustomer(seg);
  switch (id) {
    case 'welcome': {
      const report = state.dataset && tourDataReady() ? state.dataset.report : null;
      return [
        h('p', null, t('tour.welcome.p1', { file: tour().sample, seed: String(TOUR_SEED) })),
        report ? facts([
          [t('tour.welcome.rows'), formatInteger(report.rows ? report.rows.total : 0)],
          [t('tour.welcome.rejected'), formatInteger(report.rows ? report.rows.rejected : 0)],
          [t('tour.welcome.customers'), formatInteger(report.customers)],
        ]) : loadingNote(),
        h('p', null, t('tour.welcome.p2')),
      ];
    }
    case 'rfm': {
      if (!ex || !asOf) return [loadingNote()];
      return [
        h('p', null, t('tour.rfm.p1', { id: ex.customer_id })),
        facts([
          [t('tour.rfm.r'), t('tour.rfm.rValue', { days: formatInteger(Number(ex.recency)), last: ex.last_order, asOf })],
          [t('tour.rfm.f'), t('tour.rfm.fValue', { n: formatInteger(Number(ex.frequency)), first: ex.first_order })],
          [t('tour.rfm.m'), t('tour.rfm.mValue', { amount: formatAmount(Number(ex.monetary)) })],
        ]),
        h('p', null, t('tour.rfm.p2')),
      ];
    }
    case 'segments': {
      if (!ex) return [loadingNote()];
      return [
        h('p', null, t('tour.segments.p1')),
        h('p', { class: 'tour-code' }, t('tour.segments.code', {
          id: ex.customer_id, r: ex.r_score, f: ex.f_score, m: ex.m_score, segment: segmentName(ex),
        })),
        h('p', null, t('tour.segments.p2')),
      ];
    }
    case 'kmeans':
      return [
        h('p', null, t('tour.kmeans.p1')),
        h('p', null, t('tour.kmeans.p2')),
        h('p', { class: 'tour-seed' }, t('tour.kmeans.seed', { seed: String(TOUR_KMEANS.seed), k: String(TOUR_KMEANS.k) })),
        h('p', null, t('tour.kmeans.p3')),
      ];
    case 'palive': {
      const pair = contrastingCustomers(csvRows(KEYS.ltv));
      if (!pair) return [loadingNote()];
      const who = (r, key) => h('div', { class: 'tour-customer', 'data-customer': r.customer_id },
        h('h3', null, t(`tour.palive.${key}`, { id: r.customer_id })),
        facts([
          [t('tour.palive.orders'), formatInteger(Number(r.frequency) + 1)],
          [t('tour.palive.silent'), t('tour.palive.days', { days: formatInteger(Number(r.T) - Number(r.recency)) })],
          [t('tour.palive.alive'), percentText(r.p_alive)],
          [t('tour.palive.expected'), formatAmount(Number(r.expected_purchases_12m))],
        ]));
      return [
        h('p', null, t('tour.palive.p1')),
        who(pair.a, 'a'),
        who(pair.b, 'b'),
        h('p', null, t('tour.palive.p2')),
      ];
    }
    case 'actions': {
      const segments = summary && summary.status === 'done' && summary.result && summary.result.segments;
      if (!segments) return [loadingNote()];
      const top = segments.filter((s) => s.customers > 0).sort((a, b) => b.customers - a.customers).slice(0, 3);
      return [
        h('p', null, t('tour.actions.p1')),
        h('ul', { class: 'tour-actions' }, top.map((s) => h('li', null,
          h('strong', null, language() === 'zh' ? s.name_zh : s.name_en),
          ` (${formatInteger(s.customers)}) `,
          language() === 'zh' ? s.action_zh : s.action_en))),
        h('p', null, t('tour.actions.p2')),
      ];
    }
    default:
      return [];
  }
}

function buildPanel(tr) {
  const step = STEPS[tr.step];
  const last = STEPS.length - 1;
  const headingId = 'tour-heading';
  return [
    h('div', { class: 'tour-top' },
      h('p', { class: 'tour-counter', 'data-testid': 'tour-counter', 'data-step': String(tr.step + 1) },
        t('tour.counter', { step: String(tr.step + 1), total: String(STEPS.length) })),
      h('button', { type: 'button', class: 'link tour-close', 'data-key': 'tour-close', 'aria-label': t('tour.closeLabel'), onclick: stopTour }, t('tour.close'))),
    h('p', { class: 'tour-sample', 'data-testid': 'tour-seed' }, t('tour.sampleLine', { file: tr.sample, seed: String(TOUR_SEED) })),
    h('h2', { id: headingId, tabindex: '-1', 'data-testid': 'tour-title' }, t(`tour.${step.id}.title`)),
    h('div', { class: 'tour-body', 'data-testid': `tour-step-${step.id}` }, stepBody(step.id)),
    h('div', { class: 'tour-nav' },
      h('button', { type: 'button', class: 'secondary', 'data-key': 'tour-back', 'data-testid': 'tour-back', disabled: tr.step === 0, onclick: () => goTo(tr.step - 1) }, t('tour.back')),
      tr.step < last
        ? h('button', { type: 'button', class: 'primary', 'data-key': 'tour-next', 'data-testid': 'tour-next', onclick: () => goTo(tr.step + 1) }, t('tour.next'))
        : h('button', { type: 'button', class: 'primary', 'data-key': 'tour-finish', 'data-testid': 'tour-finish', onclick: stopTour }, t('tour.finish'))),
    h('div', { class: 'tour-foot' },
      projectorToggle('tour-projector'),
      h('p', { class: 'tour-keys' }, t('tour.keys'))),
  ];
}

/** The projector layout switch (also on the Workshop view). */
export function projectorToggle(key) {
  return h('button', {
    type: 'button', class: 'secondary projector-toggle', 'data-key': key, 'data-testid': key,
    'aria-pressed': state.projector ? 'true' : 'false', onclick: () => setProjector(!state.projector),
  }, t('tour.projector'));
}

function onKey(e) {
  if (!tour() || e.altKey || e.ctrlKey || e.metaKey) return;
  const el = e.target;
  const typing = el && (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) || el.isContentEditable);
  if (e.key === 'Escape') {
    e.preventDefault();
    stopTour();
  } else if (typing) {
    // Arrow keys belong to the field being edited.
  } else if (e.key === 'ArrowRight' || e.key === 'PageDown') {
    e.preventDefault();
    goTo(state.tour.step + 1);
  } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
    e.preventDefault();
    goTo(state.tour.step - 1);
  }
}

/** Called once by the shell: the panel, the "Tour" button in the top bar and the keyboard. */
export function mountTour() {
  panel = h('aside', { id: 'tour', class: 'tour', 'aria-labelledby': 'tour-heading', 'data-testid': 'tour', hidden: true });
  document.body.appendChild(panel);
  shellButton = h('button', {
    type: 'button', class: 'tour-shell', 'data-key': 'tour-toggle', 'data-testid': 'tour-toggle',
    onclick: () => (tour() ? stopTour() : startTour()),
  });
  const lang = document.getElementById('lang');
  if (lang && lang.parentNode) lang.parentNode.insertBefore(shellButton, lang);
  try {
    state.projector = window.localStorage.getItem('kexi.projector') === '1';
  } catch (e) {
    state.projector = false;
  }
  document.body.classList.toggle('projector', state.projector);
  document.addEventListener('keydown', onKey);
}

/** Called by the shell after each view drawing: the panel for the current step, the body classes. */
export function renderTour() {
  if (!panel) return;
  const tr = tour();
  document.body.classList.toggle('projector', Boolean(state.projector));
  document.body.classList.toggle('tour-open', Boolean(tr));
  shellButton.textContent = tr ? t('tour.shellStop') : t('tour.shellStart');
  shellButton.setAttribute('aria-pressed', tr ? 'true' : 'false');
  clear(panel);
  panel.hidden = !tr;
  if (!tr) return;
  // Below the top bar, so the navigation and the "End tour" button stay in sight. (Only during a
  // tour: reading offsetHeight lays the page out at once, which cost ~45 ms on every drawing.)
  const topbar = document.querySelector('.topbar');
  panel.style.top = `${topbar ? topbar.offsetHeight : 0}px`;  // CSSOM: the CSP refuses style attributes
  ensureRequests();
  for (const node of buildPanel(tr)) panel.appendChild(node);
  if (focusPending) {
    focusPending = false;
    const heading = document.getElementById('tour-heading');
    if (heading && !panel.contains(document.activeElement)) heading.focus({ preventScroll: true });
  }
  // Scroll to what the step talks about once it is drawn (the view may still wait for the core).
  if (scrollPending) {
    const step = STEPS[tr.step];
    const target = step.target ? document.querySelector(step.target) : null;
    // Only once nothing is computing any more: each answer redraws the view, which empties the page
    // for a moment and so loses the scroll position.
    // (A result computed ahead that no view shows yet does not count: its answer redraws nothing.)
    const busy = state.load.status === 'loading' || Object.values(state.results).some((r) => r && r.status === 'loading' && !r.quiet);
    if (!busy && (!step.target || target)) {
      scrollPending = false;
      // After the shell has put the keyboard focus back (focusing a control in the top bar would
      // scroll the page back up).
      Promise.resolve().then(() => {
        const again = step.target ? document.querySelector(step.target) : null;
        // The top bar stays in sight during the tour (sticky): the target goes just below it.
        const bar = document.querySelector('.topbar');
        const top = again ? again.getBoundingClientRect().top + window.scrollY - (bar ? bar.offsetHeight : 0) - 8 : 0;
        window.scrollTo(0, Math.max(0, top));
      });
    }
  }
}
