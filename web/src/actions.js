// What the user can do, as functions that update `state` and talk to the engine. Views call these;
// only this module sends requests.
import { state, changed, progressed } from './state.js';
import { sampleBytes } from './samples.js';
import { splitsScan } from './pool.js';

let engine = null;
let current = null;  // the load in progress: {cancelled, call}
let pool = null;     // extra workers for independent jobs (pool.js), optional
const afterLoadHooks = [];  // run after each successful main load (afterLoad)

export function init(theEngine, thePool = null) {
  engine = theEngine;
  pool = thePool;
  engine.onReset = () => {
    state.dataset = null;
    state.results = {};
    state.extra = {};
    state.customers = Object.assign({}, state.customers, { rows: [], total: 0, offset: 0, status: 'idle' });
  };
}

/**
 * Calls `fn()` after every successful load of the main file, once the Data view shows it (the
 * Overview and Segments requests are sent then, see segments_state.prefetch).
 */
export function afterLoad(fn) {
  afterLoadHooks.push(fn);
}

function formatOf(name) {
  return /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
}

async function readSource(source) {
  if (source.kind === 'sample') return sampleBytes(source.name);
  if (source.kind === 'generated') return source.bytes.slice(0);  // a copy: the load moves its bytes away
  return source.file.arrayBuffer();
}

/** Loads a new file picked or dropped by the user. */
export function loadFile(file) {
  return startLoad({ kind: 'file', file }, file.name, { fresh: true });
}

/** Loads one of the bundled samples by file name. */
export function loadSample(name) {
  return startLoad({ kind: 'sample', name }, name, { fresh: true });
}

/** Loads the same file again with changed options (mapping, date order) or another sheet. */
export function reload({ options, sheet } = {}) {
  if (!state.source) return Promise.resolve();
  if (options) state.options = options;
  if (sheet !== undefined) state.sheet = sheet;
  return startLoad(state.source, state.fileName, { fresh: false });
}

async function startLoad(source, name, { fresh }) {
  if (current) cancel();
  performance.mark('kexi:load-start');  // scripts/bench_browser.mjs
  const token = { cancelled: false, call: null };
  current = token;
  if (fresh) {
    state.options = {};
    state.sheet = '';
    state.sheets = [];
  }
  state.source = source;
  state.fileName = name;
  state.format = formatOf(name);
  state.load = { status: 'loading', phase: 'read', percent: 0, error: null };
  changed();
  try {
    // A picked file goes to the worker as the File itself (no copy): the worker reads it in chunks.
    const file = source.kind === 'file' && source.file instanceof Blob ? source.file : null;
    const bytes = file ? null : await readSource(source);
    if (token.cancelled) return;
    state.fileBytes = file ? file.size : bytes.byteLength;  // an .xlsx reaches the core as CSV
    if (state.dataset) {
      engine.release(state.dataset.handle);
      state.dataset = null;
    }
    token.call = engine.load({
      name, bytes, file, format: state.format, sheet: state.sheet, options: state.options,
      onProgress: (p) => {
        state.load = Object.assign({}, state.load, {
          phase: p.phase, percent: p.total > 0 ? Math.round((100 * p.done) / p.total) : 0,
        });
        progressed();
      },
    });
    const result = await token.call.promise;
    if (token.cancelled) {
      // The cancel reached the worker after the last chunk: the dataset was made; free it.
      engine.release(result.handle);
      return;
    }
    current = null;
    state.dataset = { handle: result.handle, report: result.report };
    state.results = {};  // results belong to the dataset they were computed on
    if (result.sheets) {
      state.sheets = result.sheets;
      state.sheet = result.sheet;
    }
    state.load = { status: 'done', phase: '', percent: 100, error: null };
    state.customers = Object.assign({}, state.customers, { offset: 0, rows: [], total: 0, status: 'idle' });
    changed();
    // The first page of the customer table first, then what the analysis views will ask for: the
    // worker answers in order, so those are ready (or under way) when the user opens the views.
    const customers = showCustomers(0);
    for (const fn of afterLoadHooks) fn();
    await customers;
  } catch (e) {
    if (token.cancelled) return;  // cancel() already updated the state
    current = null;
    state.load = { status: 'error', phase: '', percent: 0, error: e.detail || { code: 'internal_error', message: String(e.message) } };
    changed();
  }
}

/** Stops the load in progress (while the file is read, or in the worker). */
export function cancel() {
  if (!current) return;
  const token = current;
  current = null;
  token.cancelled = true;
  // A load stops between two chunks and the worker keeps its datasets (engine.cancel() would end
  // the worker); the load's answer "cancelled" is then ignored.
  if (token.call) engine.cancelLoad(token.call.id);
  state.load = { status: 'cancelled', phase: '', percent: 0, error: null };
  changed();
}

/** Fetches one page of the customer table. */
export async function showCustomers(offset, limit) {
  if (!state.dataset) return;
  const c = state.customers;
  const size = limit || c.limit;
  state.customers = Object.assign({}, c, { offset: Math.max(0, offset), limit: size, status: 'loading' });
  // Only the Customers view shows the table: another view (the Data view after a load, which asks
  // for the first page ahead) is not drawn again for it; showing the Customers view draws it.
  const shown = () => state.view === 'customers';
  if (shown()) changed();
  try {
    const page = await engine.run(state.dataset.handle, { type: 'customers', offset: state.customers.offset, limit: size });
    state.customers = Object.assign({}, state.customers, { rows: page.rows, total: page.total, status: 'done', error: null });
  } catch (e) {
    state.customers = Object.assign({}, state.customers, { status: 'error', error: e.detail || { message: String(e.message) } });
  }
  if (shown()) changed();
}

export function showView(id) {
  state.view = id;
  changed();
}

/**
 * Runs one analysis request on the main dataset (or on the dataset in `state.extra[on]`) and keeps
 * the answer in state.results[key]. Views call this and draw from state.results[key]; the same
 * request is not sent again while its result is current. `linked` names an extra slot whose handle
 * goes along as request.linked (e.g. a survey joined with the order file).
 * quiet: a request sent ahead of any view that shows it (segments_state.prefetch): neither its start
 * nor its answer redraws the page, until a view asks for the same request (the entry's `quiet` is
 * then cleared, so the answer is announced).
 */
export async function analyse(key, request, { on = null, linked = null, force = false, quiet = false } = {}) {
  const target = on ? state.extra[on] : state.dataset;
  if (!target) return null;
  const full = Object.assign({}, request);
  if (linked && state.extra[linked]) full.linked = state.extra[linked].handle;
  if (linked === 'main' && state.dataset) full.linked = state.dataset.handle;
  const previous = state.results[key];
  const same = previous && JSON.stringify(previous.request) === JSON.stringify(full) && previous.status !== 'error';
  if (same && !force) {
    if (!quiet) previous.quiet = false;
    return previous.result;
  }
  state.results[key] = { status: 'loading', request: full, result: previous ? previous.result : null, error: null, quiet };
  if (!quiet) changed();
  // Still quiet when answered: nothing on the page shows it yet (a view drawn later reads it).
  const announce = () => {
    const entry = state.results[key];
    return !(entry && entry.request === full && entry.quiet);
  };
  try {
    const result = await runRequest(target, full, on);
    const loud = announce();
    if (state.results[key] && state.results[key].request === full) state.results[key] = { status: 'done', request: full, result, error: null };
    if (loud) changed();
    return result;
  } catch (e) {
    const loud = announce();
    // Only if this request is still the current one (not a request for a dataset since replaced).
    if (state.results[key] && state.results[key].request === full) {
      state.results[key] = { status: 'error', request: full, result: null, error: e.detail || { message: String(e.message) } };
    }
    if (loud) changed();
    return null;
  }
}

/** Loads a further file into state.extra[slot] (the main dataset stays), e.g. a survey beside orders. */
export async function loadExtra(slot, file, options = {}) {
  state.extra[slot] = { status: 'loading', fileName: file.name || String(slot), handle: null, report: null, error: null };
  changed();
  try {
    const bytes = file.arrayBuffer ? await file.arrayBuffer() : file.bytes;
    if (state.extra[slot] && state.extra[slot].handle) engine.release(state.extra[slot].handle);
    const call = engine.load({ name: file.name, bytes, format: formatOf(file.name), sheet: '', options });
    const result = await call.promise;
    state.extra[slot] = { status: 'done', fileName: file.name, handle: result.handle, report: result.report, error: null };
  } catch (e) {
    state.extra[slot] = { status: 'error', fileName: file.name, handle: null, report: null, error: e.detail || { message: String(e.message) } };
  }
  changed();
}

/** Loads a bundled sample into state.extra[slot]. */
export async function loadExtraSample(slot, name, options = {}) {
  return loadExtra(slot, { name, bytes: await sampleBytes(name) }, options);
}

/** The .xlsx bytes of `sheets` ([{name, rows: [[text|number|null]]}]), written by the core in the worker. */
export function xlsx(sheets) {
  return engine.xlsx(sheets);
}

/** Every row of the customer table (for the downloads), or null without a dataset. */
export async function customerRows() {
  if (!state.dataset) return null;
  const handle = state.dataset.handle;
  const rows = [];
  // The core answers at most 10,000 rows a request (core/src/customers_request.cpp).
  for (let offset = 0; ; offset += 10000) {
    const page = await engine.run(handle, { type: 'customers', offset, limit: 10000 });
    rows.push(...page.rows);
    if (!page.rows.length || rows.length >= page.total) return rows;
  }
}

/**
 * Makes exercise data with the core's sample generator (the options of `kexi sample`, e.g.
 * {kind, customers, seed, seasonality, churn, start, end, lang, bad_rows}) and loads it as the main
 * dataset. state.generated keeps the options, the CSV text (for "download this CSV") and the
 * generator's bookkeeping (what the file holds, bad rows included).
 */
export async function generateSample(options) {
  state.generated = { status: 'working', options, name: '', csv: '', stats: null, error: null };
  changed();
  let answer;
  try {
    answer = await engine.sample(options);
  } catch (e) {
    state.generated = { status: 'error', options, name: '', csv: '', stats: null, error: e.detail || { message: String(e.message) } };
    changed();
    return null;
  }
  const name = `kexi-exercise-${options.kind || 'orders'}-${options.lang || 'en'}-seed${options.seed === undefined ? 42 : options.seed}.csv`;
  state.generated = { status: 'done', options, name, csv: answer.csv, stats: answer.stats, error: null };
  const bytes = new TextEncoder().encode(answer.csv).buffer;
  await startLoad({ kind: 'generated', name, bytes }, name, { fresh: true });
  return state.generated;
}

/**
 * One request on `target`: a cluster k scan on a large main dataset is split over the worker pool
 * (pool.js; same answer), anything else goes to the main worker. If the split fails for any
 * reason the request runs again in the main worker alone, which then reports the real error.
 */
async function runRequest(target, request, on) {
  const rows = target.report ? (target.report.customers || (target.report.rows && target.report.rows.used) || 0) : 0;
  if (!pool || on || !splitsScan(request, rows)) return engine.run(target.handle, request);
  const source = state.source;
  const load = { name: state.fileName, format: state.format, sheet: state.sheet, options: state.options };
  try {
    return await pool.clusterScan(engine, target.handle, request, {
      key: target,  // state.dataset: a new object for every load
      // A picked file goes to the pool worker as the File itself (read in chunks there, never copied whole).
      loadArgs: async () => Object.assign({}, load, source.kind === 'file' ? { file: source.file } : { bytes: await readSource(source) }),
    });
  } catch (e) {
    if (target !== state.dataset) throw e;
    return engine.run(target.handle, request);
  }
}
