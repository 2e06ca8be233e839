// The Kexi worker: the only place where heavy work runs (reading workbooks, the WebAssembly core).
// A classic script: build.mjs concatenates kexi-core.js (createKexiCore), the SheetJS build (XLSX),
// sheet_csv.js (sheetToCsv) and this file into one source that the page starts from a Blob URL.
//
// Protocol (web/src/engine.js is the only other code that knows it):
//   page -> worker  {id, type, payload}
//   worker -> page  {id, ok: true, result} | {id, ok: false, error: {code, message, ...}}
//                   {id, progress: {phase, done, total}}   (any number, before the answer)
// Types: "load" {name, bytes: ArrayBuffer (transferred) | file: File/Blob (cloned, not copied),
//                 format: "csv"|"xlsx", sheet, options}
//        "run" {handle, request}     "release" {handle}
//        "xlsx" {sheets: [{name, rows: [[string|number|null]]}]} -> Uint8Array (the .xlsx bytes)
//        "sample" {options}  -> {csv, stats}: the sample generator (options as `kexi sample`)
//        "cancel" {id}: stops the load with that id between two chunks (answered "cancelled")
// CSV text is read in chunks (file.slice) and fed to the core's streaming loader, so a 450 MB file
// is never held whole (docs/LARGE_FILES.md). A file of more than one chunk is read by a nested
// worker named "kexi-reader" (the page's worker keeps one started ahead; a load takes it and ends
// it, see readOnReader), which transfers the chunks here:
//   reader -> this {buffer (transferred), length, start, end} | {error: {name, message}};
//   this -> reader {file, chunkBytes, buffers} once, then {buffer} (transferred back) per chunk parsed.
// A read that fails (the file changed or vanished) answers code "file_unreadable", naming the file.
// Every answer also carries `spans` [[name, start, end], ...] (wall-clock ms since the epoch) of the
// work done for it here: engine.js turns them into performance measures on the page's timeline,
// which scripts/bench_browser.mjs reads to split the time from a drop to drawn charts. A load's
// spans include "read" per chunk and, when the reader thread delivered, "reader" (its life).
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

// (Slices growing from 1 MB, so the core could start sooner, made the core's feeding ~50 % slower
// in total on the 1M file: 1.3 s against 0.8 s.)
const CHUNK_BYTES = 16 * 1024 * 1024;

// Spans of one message's work (see the protocol note at the top). Messages interleave (a run can be
// handled while a load awaits its next chunk), so each message has its own list.
const clock = () => performance.timeOrigin + performance.now();
function timed(spans, name, fn) {
  const start = clock();
  try {
    return fn();
  } finally {
    spans.push([name, start, clock()]);
  }
}
// SheetJS holds the whole workbook and its cells (several times the file size): beyond this the
// tab would run out of memory, so such a workbook is refused with what to do instead.
const XLSX_MAX_BYTES = 64 * 1024 * 1024;
const cancelledLoads = new Set();

function cancelledError() {
  return { coreError: { code: 'cancelled', message: 'Loading was cancelled.' } };
}

// Slices are read on another thread than this one. Chromium delivers a Blob read's bytes on the
// thread that asked for them, so a read asked for here waits while the core parses the previous
// slice (load_feed is one long synchronous call). Measured on the 10M-line file (443 MB) in headless
// Chromium: a bare read in a worker 2.3 s; read + 6.1 s of simulated parse work on one thread 8.19 s
// (the reads serialized with it); the reads on another thread, each ArrayBuffer transferred to the
// busy one, 6.34 s. So a nested "reader" worker (READER_SOURCE) reads ahead and transfers the slices
// here, in READ_AHEAD + 1 buffers that come back once parsed (memory stays bounded: 48 MB).
// It fills the same buffers again and again from one byte stream (a BYOB reader): with a fresh
// `slice().arrayBuffer()` per slice the reading took as much CPU from the parse as the thread
// saved on the shared 2-core machine (fresh memory is slow to touch there: 150 MB read in 2.6-3.3 s,
// into reused buffers 0.46-0.67 s). The page's 10M load went from 9.95 to 8.79 s (docs/LARGE_FILES.md).
// Where no nested worker starts (no Worker in worker scope, it throws, it fails before its first
// slice, e.g. where a Blob's stream is not a byte stream) the slices are read here, one ahead.
const READ_AHEAD = 2;
const READER_SOURCE = `'use strict';
let file = null;
let reader = null;
let size = 0;
let at = 0;
let busy = false;
const free = [];
const clock = () => performance.timeOrigin + performance.now();
async function fill() {
  if (busy) return;
  busy = true;
  try {
    while (free.length && at < size) {
      let buffer = free.pop();
      let length = 0;
      const start = clock();
      while (length < buffer.byteLength && at + length < size) {
        const { value, done } = await reader.read(new Uint8Array(buffer, length));
        if (done) throw new Error('the file ended before its ' + size + ' bytes');
        buffer = value.buffer;
        length += value.byteLength;
      }
      // The stream checks the file only when opened; a slice read checks it again, so a file changed
      // while loading fails here (at its next slice) as it did with slice reads.
      await file.slice(0, 1).arrayBuffer();
      at += length;
      postMessage({ buffer, length, start, end: clock() }, [buffer]);
    }
  } catch (e) {
    postMessage({ error: { name: e && e.name, message: String((e && e.message) || e) } });
    free.length = 0;
  }
  busy = false;
}
onmessage = (event) => {
  const { chunkBytes, buffers, buffer } = event.data;
  if (event.data.file) {
    file = event.data.file;
    reader = file.stream().getReader({ mode: 'byob' });  // throws where Blob streams are not byte streams
    size = file.size;
    for (let i = 0; i < buffers; ++i) free.push(new ArrayBuffer(chunkBytes));
  } else {
    free.push(buffer);
  }
  fill();
};`;
let readerUrl = null;
// The page's own worker (not a pool worker, which loads no files and needs no warm heap).
const IS_PAGE_WORKER = self.name === 'kexi';
// The page's worker keeps one reader started ahead (a thread waiting for a file): starting one took
// 90-160 ms on this machine, time the first slice waited for.
let spareReader = null;

function newReader() {
  if (!readerUrl) readerUrl = URL.createObjectURL(new Blob([READER_SOURCE], { type: 'text/javascript' }));
  return new Worker(readerUrl, { name: 'kexi-reader' });
}

function startSpareReader() {
  if (!IS_PAGE_WORKER || spareReader || typeof Worker !== 'function') return;
  try {
    spareReader = newReader();
  } catch (e) {
    console.warn('[kexi] no reader thread:', e && e.message);
  }
}

/**
 * The slices of `blob` in order, read by a nested reader worker: {next(): Promise<Uint8Array|null>
 * (null after the last), close()}. next() rejects if the reader cannot start or a read fails. The
 * slice next() gave before is done with when it is called again: its buffer goes back to the reader.
 */
function readOnReader(blob, spans) {
  const started = clock();
  const arrived = [];  // {buffer, length, start, end} | {error}, in order
  let wake = null;     // next()'s resolve while it waits
  let taken = 0;
  let lent = null;     // the buffer of the slice given out last
  let worker = null;
  const push = (item) => {
    arrived.push(item);
    if (wake) wake();
  };
  try {
    worker = spareReader || newReader();
    spareReader = null;
    worker.onmessage = (event) => push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      push({ error: { name: 'ReaderError', message: event.message || 'the reader thread stopped' } });
    };
    // The slices waiting here plus the one the core is parsing.
    worker.postMessage({ file: blob, chunkBytes: CHUNK_BYTES, buffers: READ_AHEAD + 1 });
  } catch (e) {
    push({ error: { name: e && e.name, message: String((e && e.message) || e) } });
  }
  return {
    async next() {
      if (lent) worker.postMessage({ buffer: lent }, [lent]);
      lent = null;
      if (taken >= blob.size) return null;
      while (!arrived.length) await new Promise((resolve) => { wake = resolve; });
      wake = null;
      const item = arrived.shift();
      if (item.error) throw item.error;
      taken += item.length;
      lent = item.buffer;
      spans.push(['read', item.start, item.end]);  // timed on the reader's thread
      return new Uint8Array(item.buffer, 0, item.length);
    },
    close() {
      if (!worker) return;
      worker.terminate();
      worker = null;
      if (taken === 0) return;  // the reader never delivered: no span, and no spare where readers fail
      // Its span is the reader's life: tests look for it to know this path was taken.
      spans.push(['reader', started, clock()]);
      startSpareReader();  // for the next load
    },
  };
}

/** The same as readOnReader, read on this thread: the next slice is asked for before this one is fed. */
function readHere(blob, spans) {
  let readAt = 0;
  const readNext = () => {
    if (readAt >= blob.size) return Promise.resolve(null);
    const start = clock();
    // (Its end is when this thread saw the slice ready: after the parse of the previous one at the latest.)
    const reading = blob.slice(readAt, Math.min(blob.size, readAt + CHUNK_BYTES)).arrayBuffer().then((buffer) => {
      spans.push(['read', start, clock()]);
      return new Uint8Array(buffer);
    });
    readAt += CHUNK_BYTES;
    reading.catch(() => {});  // a read ahead that is never taken is no unhandled rejection
    return reading;
  };
  let ahead = readNext();
  return {
    next() {
      const slice = ahead;
      ahead = readNext();
      return slice;
    },
    close() {},
  };
}

/** A failed slice read: the file was changed, moved or deleted since it was picked. */
function readError(name, e) {
  return { coreError: { code: 'file_unreadable', file: name,
    message: 'The file "' + name + '" could not be read (' + ((e && e.message) || e) + '). It may have been ' +
      'changed, moved or deleted while loading: pick it again.' } };
}

/** Feeds a Blob to the core chunk by chunk; resolves with the core's load answer (JSON text). */
async function streamLoad(m, id, blob, options, name, spans) {
  const session = m.load_begin(JSON.stringify(options), name, blob.size, progressReporter(id, 'parse'));
  // A file of one slice has nothing to read while the core parses: no reader is started for it.
  const onReader = blob.size > CHUNK_BYTES && typeof Worker === 'function';
  let slices = onReader ? readOnReader(blob, spans) : readHere(blob, spans);
  const take = () => slices.next().catch((e) => { throw readError(name, e); });
  // False when the core answered with an error: load_finish then gives it, with the report so far.
  const feed = (chunk) => {
    // The cancel message is handled while a slice is awaited.
    if (cancelledLoads.has(id)) throw cancelledError();
    return JSON.parse(timed(spans, 'feed', () => m.load_feed(session, chunk))).ok !== false;
  };
  try {
    let chunk = await slices.next().catch((e) => {
      if (!onReader) throw readError(name, e);
      console.warn('[kexi] the reader thread gave no slice; reading on this thread:', e.message);
      slices.close();
      slices = readHere(blob, spans);
      return take();
    });
    while (chunk && feed(chunk)) chunk = await take();
  } catch (e) {
    m.load_abort(session);
    throw e;
  } finally {
    slices.close();
    cancelledLoads.delete(id);
  }
  return timed(spans, 'finish', () => m.load_finish(session));
}

async function load(id, payload, spans) {
  const m = await core();
  let blob = payload.file || new Blob([payload.bytes || new ArrayBuffer(0)]);
  const options = Object.assign({}, payload.options || {});
  let sheets;
  let sheet;
  if (payload.format === 'xlsx') {
    if (blob.size > XLSX_MAX_BYTES) {
      throw { coreError: { code: 'xlsx_too_large', file: payload.name,
        message: 'This workbook is ' + Math.round(blob.size / 1048576) + ' MB; workbooks over ' +
          Math.round(XLSX_MAX_BYTES / 1048576) + ' MB cannot be read in the page. Save the sheet as CSV ' +
          '(UTF-8) and load that: CSV files are read in pieces and can be much larger.' } };
    }
    self.postMessage({ id, progress: { phase: 'workbook', done: 0, total: 1 } });
    const workbook = payload.bytes || await blob.arrayBuffer();
    let converted;
    try {
      converted = sheetToCsv(XLSX, workbook, payload.sheet || '');
    } catch (e) {
      throw { coreError: { code: e.code || 'xlsx_unreadable', message: String(e.message), file: payload.name } };
    }
    sheets = converted.sheets;
    sheet = converted.sheet;
    blob = new Blob([new TextEncoder().encode(converted.csv)]);
    options.source_format = 'xlsx';
    options.sheet = sheet;
  }
  // CSV text (and a converted sheet) goes through the core's streaming loader, chunk by chunk.
  const answer = await streamLoad(m, id, blob, options, payload.name || '', spans);
  const report = timed(spans, 'parse', () => parseCoreAnswer(answer));
  const handle = report.handle;
  delete report.handle;
  return sheets ? { handle, report, sheets, sheet } : { handle, report };
}

async function handle(message, spans) {
  const { type, payload } = message;
  if (type === 'load') return load(message.id, payload, spans);
  if (type === 'cancel') {
    cancelledLoads.add(payload.id);
    return {};
  }
  const m = await core();
  if (type === 'run') {
    const request = payload.request || {};
    const text = timed(spans, `run:${request.type}`, () => m.run(payload.handle, JSON.stringify(request)));
    return timed(spans, 'parse', () => parseCoreAnswer(text));
  }
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
  const spans = [['handled', clock(), 0]];  // its end is set below
  const answer = (fields) => {
    spans[0][2] = clock();
    self.postMessage(Object.assign({ id: message.id, spans }, fields));
  };
  try {
    answer({ ok: true, result: await handle(message, spans) });
  } catch (e) {
    let error;
    if (e && e.coreError) {
      error = Object.assign({}, e.coreError);
      if (e.report) error.report = e.report;
    } else {
      error = { code: 'internal_error', message: String((e && e.message) || e) };
    }
    answer({ ok: false, error });
  }
};

// Compile the module and warm its hot functions up (warm_up.js says why) while the user picks a file.
// The page's own worker also touches 128 MB of heap, enough for a first load of about a million
// order lines, unless the device says it has under 4 GB of memory; the pool's workers do not.
const heapMb = IS_PAGE_WORKER && !(self.navigator && self.navigator.deviceMemory < 4) ? 128 : 0;
core().then((m) => warmUp(m, () => pageIsWaiting, undefined, heapMb)).catch((e) => console.warn('[kexi] warm-up:', e));
startSpareReader();
