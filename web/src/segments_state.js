// Settings and requests of the Overview and Segments views. Views hold no state of their own, so
// the settings live on `state` (state.segmentSettings, state.segmentSelection); the choices that do
// not depend on one file (bins, measures, period, targets) are remembered in localStorage.
import { state, changed } from './state.js';
import { language } from './i18n.js';
import * as actions from './actions.js';
import { afterPaint } from './dom.js';

const STORAGE_KEY = 'kexi.segments.settings';
const REMEMBERED = ['bins', 'frequency', 'monetary', 'cohort_period', 'breakdown_by', 'breakdown_metric', 'period_days', 'targets'];

/** Default settings; churn <= 5 % and repurchase >= 30 % are the usual first targets of a CRM team. */
export function defaultSettings() {
  return {
    bins: 5, frequency: 'orders', monetary: 'total', as_of: '',
    cohort_period: 'month', breakdown_by: 'segment', breakdown_metric: 'customers',
    period_days: 30, period_end: '',
    targets: { churn_rate: { max: 0.05 }, repurchase_rate: { min: 0.3 } },
  };
}

function loadRemembered() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || '{}');
    const out = {};
    for (const k of REMEMBERED) if (saved && k in saved) out[k] = saved[k];
    return out;
  } catch (e) {
    return {};  // storage unavailable or damaged: the defaults apply
  }
}

function remember() {
  // settings.js keeps every lasting setting under one versioned key (kexi.settings) and reads these
  // from state.segmentSettings after each change; it also sets them at start-up.
}

/** The current settings (created on first use). */
export function settings() {
  if (!state.segmentSettings) state.segmentSettings = Object.assign(defaultSettings(), loadRemembered());
  return state.segmentSettings;
}

/** Changes settings and redraws; a change of scoring drops the listed grid cell (it may not exist any more). */
export function setSettings(patch) {
  const s = settings();
  Object.assign(s, patch);
  remember(s);
  if (['bins', 'frequency', 'monetary', 'as_of'].some((k) => k in patch)) state.segmentSelection = null;
  changed();
}

export function resetSettings() {
  state.segmentSettings = defaultSettings();
  state.segmentSelection = null;
  remember(state.segmentSettings);
  changed();
}

/** The scoring part of every segment request (same keys as the CLI flags). */
export function scoringRequest() {
  const s = settings();
  const r = { type: 'segment', bins: Number(s.bins), frequency: s.frequency, monetary: s.monetary };
  if (s.as_of) r.as_of = s.as_of;
  return r;
}

export function segmentRequest() {
  const r = scoringRequest();
  if (settings().breakdown_by !== 'segment') r.breakdown_by = settings().breakdown_by;
  return r;
}

export const CELL_PAGE = 50;

/** The listed grid cell, if it belongs to the dataset loaded now. */
export function selection() {
  const sel = state.segmentSelection;
  return sel && state.dataset && sel.handle === state.dataset.handle ? sel : null;
}

export function selectionRequest() {
  const sel = selection();
  if (!sel) return null;
  return Object.assign(scoringRequest(), { cell_r: sel.cell_r, cell_f: sel.cell_f, offset: sel.offset || 0, limit: CELL_PAGE });
}

export function selectCell(r, f) {
  state.segmentSelection = { cell_r: r, cell_f: f, offset: 0, handle: state.dataset ? state.dataset.handle : null };
  changed();
}

export function pageCell(offset) {
  if (!state.segmentSelection) return;
  state.segmentSelection = Object.assign({}, state.segmentSelection, { offset: Math.max(0, offset) });
  changed();
}

export function kpiRequest() {
  const s = settings();
  const r = { type: 'kpis', period_days: Number(s.period_days) };
  if (s.period_end) r.period_end = s.period_end;
  if (s.targets && Object.keys(s.targets).length) r.targets = s.targets;
  return r;
}

export function cohortRequest() {
  return { type: 'cohorts', period: settings().cohort_period };
}

/**
 * Asks for `request` under `key` unless that exact request was already made (also when it failed:
 * asking again would only fail again). Deferred, because analyse() announces the change at once
 * and the view is still drawing.
 */
export function ensure(key, request) {
  if (!state.dataset || !request) return;
  const previous = state.results[key];
  if (previous && JSON.stringify(previous.request) === JSON.stringify(request)) {
    previous.quiet = false;  // sent ahead (prefetch) and now shown: its answer redraws the view
    return;
  }
  queueMicrotask(() => actions.analyse(key, request));
}

/** The state.results keys of the Overview's and the Segments view's main results. */
export const KEYS = { kpis: 'overview.kpis', segments: 'segments.main', cohorts: 'segments.cohorts' };

/**
 * Sends the Overview's and the Segments view's requests as soon as an order file is loaded
 * (actions.afterLoad), with the settings those views will use, so they are computed while the user
 * looks at the Data view; the views then find them under the same keys and requests (ensure() does
 * not ask again). Quiet (actions.analyse): the page is not drawn again for them until a view shows
 * them. Sent once the Data view has painted, so the load's own drawing comes first.
 */
export function prefetch() {
  const report = state.dataset && state.dataset.report;
  if (!report || report.kind !== 'orders') return;
  const dataset = state.dataset;
  afterPaint(() => {
    if (state.dataset !== dataset) return;  // another file since
    // analyse() sends nothing for a request whose answer is current.
    for (const [key, request] of [[KEYS.kpis, kpiRequest()], [KEYS.segments, segmentRequest()], [KEYS.cohorts, cohortRequest()]]) {
      actions.analyse(key, request, { quiet: true });
    }
  }, 1000);
}

/** The text of a bilingual pair from the core, e.g. pick(segment, 'name') -> name_zh in Chinese. */
export function pick(obj, base) {
  if (!obj) return '';
  const mine = obj[`${base}_${language()}`];
  return mine !== undefined && mine !== null && mine !== '' ? mine : obj[`${base}_en`] || '';
}

/** The per-customer CSV from the core for a segment, a lifecycle stage or a grid cell. */
export async function customersCsv(filter) {
  const result = await actions.analyse('segments.export', Object.assign(scoringRequest(), filter, { customers: true }));
  return result && typeof result.csv === 'string' ? result.csv : null;
}
