// Settings that last: one versioned schema of what the page remembers between visits (analysis
// date, period, targets, segment rules, LTV margin/discount/horizon, cluster options, language and
// column mappings), kept in localStorage under one key, written shortly after a change, applied at
// start-up, exported/imported as a JSON file and reset to the defaults. Customer data is NOT part of
// the settings (see remember.js for the opt-in that keeps a file).
//
// The settings still live where the views read them (state.segmentSettings, state.clusters, the
// LTV/survey requests, state.options); this module reads them from there after every change and
// writes them back at start-up, so a view needs no knowledge of storage.
import { state, changed } from './state.js';
import { language, setLanguage, LANGUAGES } from './i18n.js';
import { defaultSettings as segmentDefaults } from './segments_state.js';
import { settings as clusterSettings, FEATURES, SCALES, LOGS, K_MIN, K_MAX } from './clusters_state.js';
import * as actions from './actions.js';
import { sampleBytes } from './samples.js';

export const SCHEMA_VERSION = 1;
export const STORAGE_KEY = 'kexi.settings';
const LANG_KEY = 'kexi.lang';  // i18n.js keeps the language under its own key; it is a setting too
const WRITE_DELAY_MS = 300;
export const FILE_NAME = 'kexi-settings.json';

// ---- the schema: section -> key -> check(value) -> null (fine) or {key, params} (what is wrong) ----

const isDate = (v) => typeof v === 'string' && (v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v));
const oneOf = (list) => (v) => (list.includes(v) ? null : { key: 'settings.err.oneOf', params: { values: list.join(', ') } });
const integer = (min, max) => (v) => (Number.isInteger(v) && v >= min && v <= max ? null
  : { key: 'settings.err.integer', params: { min, max } });
const number = (min, max) => (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? null
  : { key: 'settings.err.number', params: { min, max } });
const date = (v) => (isDate(v) ? null : { key: 'settings.err.date', params: {} });
const text = (v) => (typeof v === 'string' && v.length <= 2000 ? null : { key: 'settings.err.text', params: {} });

/** KPI targets: {kpi_id: {min: x} | {max: x}} (the `targets` of the core's kpis request). */
function targets(v) {
  const bad = { key: 'settings.err.targets', params: {} };
  if (!v || typeof v !== 'object' || Array.isArray(v)) return bad;
  for (const [id, bound] of Object.entries(v)) {
    if (!/^\w{1,64}$/.test(id) || !bound || typeof bound !== 'object' || Array.isArray(bound)) return bad;
    const keys = Object.keys(bound);
    if (keys.length !== 1 || !['min', 'max'].includes(keys[0]) || typeof bound[keys[0]] !== 'number' || !Number.isFinite(bound[keys[0]])) return bad;
  }
  return null;
}

function features(v) {
  return Array.isArray(v) && v.length >= 1 && v.every((f) => FEATURES.includes(f)) && new Set(v).size === v.length ? null
    : { key: 'settings.err.features', params: { values: FEATURES.join(', ') } };
}

const SCHEMA = {
  overview: {
    period_days: integer(1, 3660), period_end: date, targets,
  },
  segments: {
    bins: integer(2, 10), frequency: oneOf(['orders', 'days']), monetary: oneOf(['total', 'average']), as_of: date,
    cohort_period: oneOf(['month', 'week']), breakdown_by: text, breakdown_metric: text,
  },
  clusters: {
    features, tableFeatures: text, scale: oneOf(SCALES), log: oneOf(LOGS), kChoice: oneOf(['recommended', 'fixed']),
    k: integer(K_MIN, K_MAX), kFrom: integer(K_MIN, K_MAX), kTo: integer(K_MIN, K_MAX), seed: integer(0, 2147483647), nInit: integer(1, 100),
  },
  ltv: {
    period: oneOf(['day', 'week', 'month']), horizon: (v) => (typeof v === 'string' && /^\d+(\.\d+)?[dwmy]$/.test(v) ? null : { key: 'settings.err.horizon', params: {} }),
    discount_rate_annual: number(0, 1), margin: number(0, 1), model: oneOf(['bgnbd', 'pareto', 'mbgnbd']), calibration_end: date,
  },
  surveys: {
    period: oneOf(['month', 'quarter']), target_nps: number(-100, 100), target_csat: number(0, 100),
    ces_direction: oneOf(['higher_is_easier', 'higher_is_harder']),
  },
};

/** Defaults of the sections the views do not define in a shared module (they match the views'). */
const LTV_DEFAULTS = { period: 'day', horizon: '12m', discount_rate_annual: 0.1, margin: 1, model: 'bgnbd', calibration_end: '' };
const SURVEY_DEFAULTS = { period: 'quarter', target_nps: 30, target_csat: 90, ces_direction: 'higher_is_easier' };

/** Load options a column mapping may carry (docs/OPTIONS.md); file-specific ones (sheet) are not kept. */
const MAPPING_OPTIONS = {
  columns: (v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, x]) => /^\w{1,40}$/.test(k) && (typeof x === 'string' || Number.isInteger(x)))
    ? null : { key: 'settings.err.columns', params: {} }),
  date_order: oneOf(['auto', 'YMD', 'DMY', 'MDY']),
  decimal: oneOf(['auto', '.', ',']),
  delimiter: oneOf(['auto', ',', ';', 'tab', '|']),
  encoding: text, header: oneOf(['auto', 'yes', 'no']), kind: oneOf(['auto', 'orders', 'customers', 'survey', 'table']),
};
const MAX_MAPPINGS = 50;

function pickKeys(obj, keys) {
  const out = {};
  for (const k of keys) if (obj && obj[k] !== undefined) out[k] = JSON.parse(JSON.stringify(obj[k]));
  return out;
}

/** The defaults of every section, as they would be exported. */
export function defaults() {
  const seg = segmentDefaults();
  const clusters = JSON.parse(JSON.stringify(clusterDefaults));
  return {
    kexi_settings: SCHEMA_VERSION,
    language: '',
    overview: pickKeys(seg, Object.keys(SCHEMA.overview)),
    segments: pickKeys(seg, Object.keys(SCHEMA.segments)),
    clusters,
    ltv: Object.assign({}, LTV_DEFAULTS),
    surveys: Object.assign({}, SURVEY_DEFAULTS),
    mappings: {},
  };
}

let clusterDefaults = null;  // captured once from clusters_state before anything changes it

// ---- validation ----

/**
 * Checks a settings object against the schema. Returns a list of problems, each {path, key, params}
 * (an i18n key saying what is wrong); an empty list means the whole object can be applied.
 */
export function validate(obj) {
  const problems = [];
  const add = (path, key, params = {}) => problems.push({ path, key, params });
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    add('', 'settings.err.notObject');
    return problems;
  }
  if (obj.kexi_settings !== SCHEMA_VERSION) add('kexi_settings', 'settings.err.version', { version: SCHEMA_VERSION });
  for (const [section, value] of Object.entries(obj)) {
    if (section === 'kexi_settings') continue;
    if (section === 'language') {
      if (value !== '' && !LANGUAGES.includes(value)) add('language', 'settings.err.oneOf', { values: LANGUAGES.join(', ') });
      continue;
    }
    if (section === 'mappings') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) { add('mappings', 'settings.err.section'); continue; }
      const shapes = Object.keys(value);
      if (shapes.length > MAX_MAPPINGS) add('mappings', 'settings.err.tooMany', { max: MAX_MAPPINGS });
      for (const shape of shapes) {
        const opts = value[shape];
        if (!opts || typeof opts !== 'object' || Array.isArray(opts)) { add(`mappings.${shape}`, 'settings.err.section'); continue; }
        for (const [k, v] of Object.entries(opts)) {
          if (!(k in MAPPING_OPTIONS)) { add(`mappings.${shape}.${k}`, 'settings.err.unknown'); continue; }
          const bad = MAPPING_OPTIONS[k](v);
          if (bad) add(`mappings.${shape}.${k}`, bad.key, bad.params);
        }
      }
      continue;
    }
    const schema = SCHEMA[section];
    if (!schema) { add(section, 'settings.err.unknown'); continue; }
    if (!value || typeof value !== 'object' || Array.isArray(value)) { add(section, 'settings.err.section'); continue; }
    for (const [k, v] of Object.entries(value)) {
      if (!(k in schema)) { add(`${section}.${k}`, 'settings.err.unknown'); continue; }
      const bad = schema[k](v);
      if (bad) add(`${section}.${k}`, bad.key, bad.params);
    }
  }
  return problems;
}

// ---- reading the settings from the page, and writing them into it ----

let stored = null;         // the last settings read or written (a full, valid object)
let timer = null;

/** The file "shape" a column mapping is kept for: its header names, in order. */
export function shapeOf(report) {
  const cols = report && report.columns ? report.columns.map((c) => String(c.name)) : [];
  return cols.length ? JSON.stringify(cols) : '';
}

/** The settings as the page holds them now. */
export function current() {
  const base = stored || defaults();
  const seg = state.segmentSettings ? state.segmentSettings : Object.assign(segmentDefaults(), base.overview, base.segments);
  const out = {
    kexi_settings: SCHEMA_VERSION,
    language: readLanguage(),
    overview: pickKeys(seg, Object.keys(SCHEMA.overview)),
    segments: pickKeys(seg, Object.keys(SCHEMA.segments)),
    clusters: state.clusters ? pickKeys(state.clusters, Object.keys(SCHEMA.clusters)) : base.clusters,
    ltv: requestSettings('ltv', LTV_DEFAULTS, base.ltv),
    surveys: requestSettings('survey', SURVEY_DEFAULTS, base.surveys),
    mappings: Object.assign({}, base.mappings),
  };
  // A mapping or date order the user chose for the loaded file is kept for files of the same shape.
  const shape = state.dataset && state.load.status === 'done' ? shapeOf(state.dataset.report) : '';
  if (shape) {
    const opts = pickKeys(state.options, Object.keys(MAPPING_OPTIONS));
    if (Object.keys(opts).length) out.mappings[shape] = opts;
  }
  const shapes = Object.keys(out.mappings);
  for (const s of shapes.slice(0, Math.max(0, shapes.length - MAX_MAPPINGS))) delete out.mappings[s];
  return out;
}

function requestSettings(key, keysFrom, fallback) {
  const r = state.results[key] ? state.results[key].request : null;
  if (!r) return Object.assign({}, fallback);
  const out = {};
  for (const k of Object.keys(keysFrom)) out[k] = r[k] !== undefined ? r[k] : fallback[k];
  if (out.calibration_end === undefined && 'calibration_end' in keysFrom) out.calibration_end = '';
  return out;
}

function readLanguage() {
  try {
    const saved = window.localStorage.getItem(LANG_KEY);
    return LANGUAGES.includes(saved) ? saved : '';
  } catch (e) {
    return '';
  }
}

/** What the LTV or survey view starts from when it has not sent a request yet (its stored settings). */
export function saved(section) {
  const base = stored || defaults();
  return Object.assign({}, base[section] || {});
}

/**
 * Puts a full, valid settings object into the page (views draw from it on the next render). The
 * language is applied only from an imported file: at start-up i18n.js has already read it from its
 * own key (kexi.lang), which stays the one place the language choice lives.
 */
function apply(s, { language: withLanguage = false } = {}) {
  stored = s;
  state.segmentSettings = Object.assign(segmentDefaults(), s.overview, s.segments);
  state.segmentSelection = null;
  const clusters = clusterSettings();
  Object.assign(clusters, JSON.parse(JSON.stringify(s.clusters)));
  // The LTV and survey views read their settings from their last request: drop those, so they ask
  // again with the settings applied here.
  for (const key of ['ltv', 'ltv_csv', 'survey', 'survey_comments']) delete state.results[key];
  if (withLanguage && s.language) setLanguage(s.language, true);
}

/** Fills the gaps of a valid partial object from the defaults. */
function complete(partial) {
  const d = defaults();
  const out = Object.assign({}, d, { kexi_settings: SCHEMA_VERSION });
  for (const section of Object.keys(SCHEMA)) out[section] = Object.assign({}, d[section], partial[section] || {});
  out.mappings = Object.assign({}, partial.mappings || {});
  out.language = partial.language || '';
  return out;
}

function write(s) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    status.lastSaved = Date.now();
    status.storageError = false;
  } catch (e) {
    status.storageError = true;  // storage full or blocked: the settings still apply to this visit
  }
}

/** Saving state shown by the settings panel. */
export const status = { lastSaved: 0, storageError: false, restored: false, importErrors: null, importOk: false, resetDone: false, appliedMapping: '' };

function schedule() {
  const next = current();
  if (stored && JSON.stringify(next) === JSON.stringify(stored)) return;
  stored = next;
  clearTimeout(timer);
  timer = setTimeout(() => write(stored), WRITE_DELAY_MS);
}

/** Writes any pending change now (used before leaving the page and by tests). */
export function flush() {
  if (timer) {
    clearTimeout(timer);
    timer = null;
    write(stored);
  }
}

// A stored mapping is applied once per loaded file: after a fresh load of a file whose header matches.
let checkedHandle = null;

function applyStoredMapping() {
  const ds = state.dataset;
  if (!ds || state.load.status !== 'done' || ds.handle === checkedHandle) return;
  checkedHandle = ds.handle;
  const shape = shapeOf(ds.report);
  const mapping = shape && stored && stored.mappings[shape];
  if (!mapping) return;
  const have = pickKeys(state.options, Object.keys(MAPPING_OPTIONS));
  if (JSON.stringify(have) === JSON.stringify(mapping)) return;
  if (Object.keys(have).length) return;  // the user already chose options for this file
  status.appliedMapping = shape;
  queueMicrotask(() => actions.reload({ options: Object.assign({}, state.options, JSON.parse(JSON.stringify(mapping))) }));
}

// A file whose dates are ambiguous fails to load before the core reports its columns, so the shape
// is read here from the first line of a delimited text file (an .xlsx keeps asking): when a mapping
// with a date order is stored for exactly that header, the file is loaded again with it.
let checkedSource = null;

async function headerShape(source) {
  const blob = source.kind === 'sample' ? new Blob([sampleBytes(source.name)]) : source.file;
  const head = (await blob.slice(0, 65536).text()).replace(/^\ufeff/, '').split(/\r?\n/)[0] || '';
  const shapes = [',', ';', '\t', '|'].filter((d) => head.includes(d))
    .map((d) => JSON.stringify(head.split(d).map((x) => x.trim().replace(/^"(.*)"$/, '$1'))));
  return shapes;
}

async function applyStoredDateOrder() {
  const source = state.source;
  const error = state.load.error;
  if (state.load.status !== 'error' || !error || error.code !== 'ambiguous_date_order' || !source || source === checkedSource) return;
  checkedSource = source;
  if (state.format === 'xlsx' || (state.options && state.options.date_order)) return;
  const shapes = await headerShape(source).catch(() => []);
  const shape = shapes.find((s) => stored && stored.mappings[s] && stored.mappings[s].date_order);
  if (!shape || state.source !== source) return;
  status.appliedMapping = shape;
  actions.reload({ options: Object.assign({}, state.options, JSON.parse(JSON.stringify(stored.mappings[shape]))) });
}

/** The stored mapping applied to the loaded file, if any (its shape), so the data view can say so. */
export function appliedMapping() {
  const shape = state.dataset ? shapeOf(state.dataset.report) : '';
  return shape && shape === status.appliedMapping && stored && stored.mappings[shape] ? shape : '';
}

/** Forgets the stored mapping of the loaded file's shape and loads the file again as detected. */
export function forgetMapping() {
  const shape = appliedMapping();
  if (!shape) return;
  delete stored.mappings[shape];
  status.appliedMapping = '';
  const options = Object.assign({}, state.options);
  for (const k of Object.keys(MAPPING_OPTIONS)) delete options[k];
  write(stored);
  actions.reload({ options });
}

/** Reads the stored settings and applies them; then keeps them up to date. Call once, before the first render. */
export function initSettings(onChange) {
  clusterDefaults = pickKeys(clusterSettings(), Object.keys(SCHEMA.clusters));
  state.clusters = null;  // created again (with the defaults) by apply()
  let saved = null;
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (raw) saved = JSON.parse(raw);
  } catch (e) {
    saved = null;  // damaged or unavailable: start from the defaults
  }
  if (saved && validate(saved).length === 0) {
    apply(complete(saved));
    status.restored = true;
  } else {
    apply(defaults());
  }
  stored = current();
  onChange(() => {
    applyStoredMapping();
    applyStoredDateOrder();
    schedule();
  });
  window.addEventListener('pagehide', flush);
}

// ---- export, import, reset ----

/** The settings as the text of a JSON file. */
export function exportText() {
  return `${JSON.stringify(current(), null, 2)}\n`;
}

/**
 * Applies settings from the text of a JSON file, all or nothing. Returns the problems found (then
 * nothing was applied); each has a path and an i18n key.
 */
export function importText(textValue) {
  let obj;
  try {
    obj = JSON.parse(textValue);
  } catch (e) {
    return [{ path: '', key: 'settings.err.json', params: { message: String(e.message) } }];
  }
  const problems = validate(obj);
  if (problems.length) return problems;
  apply(complete(obj), { language: true });
  stored = current();
  write(stored);
  return [];
}

export async function importFile(file) {
  status.importOk = false;
  status.resetDone = false;
  if (file.size > 1024 * 1024) status.importErrors = [{ path: '', key: 'settings.err.tooBig', params: {} }];
  else {
    const problems = importText(await file.text());
    status.importErrors = problems.length ? problems : null;
    status.importOk = problems.length === 0;
  }
  changed();
}

/** Back to the defaults (the language goes back to the browser's). */
export function resetAll() {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
    window.localStorage.removeItem(LANG_KEY);
  } catch (e) {
    // nothing stored
  }
  const d = defaults();
  apply(d);
  stored = current();
  clearTimeout(timer);
  timer = null;
  status.importErrors = null;
  status.importOk = false;
  status.resetDone = true;
  changed();
}

export function currentLanguage() {
  return language();
}
