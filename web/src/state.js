// The page's state: one plain object that views read, and a change signal the shell listens to.
// Views never keep state of their own, so navigating away and back shows the same thing.

export const state = {
  view: 'data',
  /** What was loaded last: {kind: 'file', file: File} or {kind: 'sample', name}. */
  source: null,
  fileName: '',
  fileBytes: 0,
  format: 'csv',          // 'csv' (any delimited text, sent as bytes) or 'xlsx'
  sheets: [],             // sheet names of the last workbook
  sheet: '',              // chosen sheet ('' = first)
  options: {},            // load options sent to the core (columns, date_order, ...)
  load: { status: 'idle', phase: '', percent: 0, error: null },
  dataset: null,          // {handle, report} of the loaded file
  customers: { offset: 0, limit: 50, total: 0, rows: [], status: 'idle', error: null },
  /** Analysis results by key (e.g. 'segments'): {status: 'loading'|'done'|'error', request, result, error}. */
  results: {},
  /** Further datasets some views need beside the main one (e.g. the survey file): slot -> {handle, report, fileName}. */
  extra: {},
  /** The workshop tour (tour.js): {active, step, sample}, or null. */
  tour: null,
  /** Projector layout (big fonts and charts for a room); a class on <body>. */
  projector: false,
  /** The last exercise data made in the page (actions.generateSample): {status, options, name, csv, stats, error}. */
  generated: null,
};

const listeners = new Set();
const progressListeners = new Set();

export function onChange(fn) {
  listeners.add(fn);
}

export function onProgress(fn) {
  progressListeners.add(fn);
}

/** Tells the shell that `state` changed so the current view is drawn again. */
export function changed() {
  for (const fn of listeners) fn(state);
}

/**
 * Tells the shell that only state.load.percent/phase changed. Views update that in place, so the
 * Cancel button is not rebuilt many times a second under the user's pointer.
 */
export function progressed() {
  for (const fn of progressListeners) fn(state);
}
