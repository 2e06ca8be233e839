// The Kexi worker: the only place where heavy work runs (reading workbooks, the WebAssembly core).
// A classic script: build.mjs concatenates kexi-core.js (createKexiCore), the SheetJS build (XLSX),
// sheet_csv.js (sheetToCsv) and this file into one source that the page starts from a Blob URL.
//
// Protocol (web/src/engine.js is the only other code that knows it):
//   page -> worker  {id, type, payload}
//   worker -> page  {id, ok: true, result} | {id, ok: false, error: {code, message, ...}}
//                   {id, progress: {phase, done, total}}   (any number, before the answer)
// Types: "load" {name, bytes: ArrayBuffer (transferred), format: "csv"|"xlsx", sheet, options}
//        "run" {handle, request}     "release" {handle}
//        "xlsx" {sheets: [{name, rows: [[string|number|null]]}]} -> Uint8Array (the .xlsx bytes)
//        "sample" {options}  -> {csv, stats}: the sample generator (options as `kexi sample`)
/* global createKexiCore, XLSX, sheetToCsv, warmUp, KEXI_WASM_BASE64 */
'use strict';

let corePromise = null;

function core() {
  if (!corePromise) {
    const init = {
      // Output of the C++ side goes to the console, never to the page.
      print: (text) => console.log('[kexi-core]', text),
      printErr: (text) => console.warn('[kexi-core]', text),
    };
    // build.mjs moves the inlined wasm out of kexi-core.js into KEXI_WASM_BASE64; handing the bytes
    // over directly skips the loader's fetch() of a data: URL, which connect-src 'none' refuses.
    if (typeof KEXI_WASM_BASE64 === 'string') init.wasmBinary = base64ToBytes(KEXI_WASM_BASE64);
    corePromise = createKexiCore(init);
  }
  return corePromise;
}

function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
  return out;
}

/** A JSON answer of the core: {"ok": false, "error": {...}} becomes a thrown value. */
function parseCoreAnswer(text) {
  const value = JSON.parse(text);
  if (value && value.ok === false) throw { coreError: value.error, report: value.report };
  return value;
}

function progressReporter(id, phase) {
  let lastPercent = -1;
  return (done, total) => {
    const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
    if (percent !== lastPercent) {
      lastPercent = percent;
      self.postMessage({ id, progress: { phase, done, total } });
    }
    return true;  // cancelling is done by terminating the worker (the load is one synchronous call)
  };
}

async function load(id, payload) {
  const m = await core();
  let bytes = new Uint8Array(payload.bytes);
  const options = Object.assign({}, payload.options || {});
  let sheets;
  let sheet;
  if (payload.format === 'xlsx') {
    self.postMessage({ id, progress: { phase: 'workbook', done: 0, total: 1 } });
    let converted;
    try {
      converted = sheetToCsv(XLSX, payload.bytes, payload.sheet || '');
    } catch (e) {
      throw { coreError: { code: e.code || 'xlsx_unreadable', message: String(e.message), file: payload.name } };
    }
    sheets = converted.sheets;
    sheet = converted.sheet;
    bytes = new TextEncoder().encode(converted.csv);
    options.source_format = 'xlsx';
    options.sheet = sheet;
  }
  const text = m.load(bytes, JSON.stringify(options), payload.name || '', progressReporter(id, 'parse'));
  const report = parseCoreAnswer(text);
  const handle = report.handle;
  delete report.handle;
  return { handle, report, sheets, sheet };
}

async function handle(message) {
  const { type, payload } = message;
  if (type === 'load') return load(message.id, payload);
  const m = await core();
  if (type === 'run') return parseCoreAnswer(m.run(payload.handle, JSON.stringify(payload.request)));
  if (type === 'xlsx') {
    const out = m.xlsx(JSON.stringify(payload.sheets || []));
    if (typeof out === 'string') return parseCoreAnswer(out);  // only errors come back as JSON text
    return out;
  }
  if (type === 'sample') return parseCoreAnswer(m.sample(JSON.stringify(payload.options || {})));
  if (type === 'release') {
    m.release(payload.handle);
    return {};
  }
  throw { coreError: { code: 'bad_request', message: 'Unknown message type "' + type + '".' } };
}

// True once the page has sent anything: the warm-up then stops at its next step.
let pageIsWaiting = false;

self.onmessage = async (event) => {
  pageIsWaiting = true;
  const message = event.data || {};
  try {
    const result = await handle(message);
    self.postMessage({ id: message.id, ok: true, result });
  } catch (e) {
    let error;
    if (e && e.coreError) {
      error = Object.assign({}, e.coreError);
      if (e.report) error.report = e.report;
    } else {
      error = { code: 'internal_error', message: String((e && e.message) || e) };
    }
    self.postMessage({ id: message.id, ok: false, error });
  }
};

// Compile the module and warm its hot functions up (warm_up.js says why) while the user picks a file.
core().then((m) => warmUp(m, () => pageIsWaiting)).catch((e) => console.warn('[kexi] warm-up:', e));
