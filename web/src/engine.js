// The page's side of the worker protocol, and the only module that knows it (see worker.js).
// The worker is always started from a Blob URL made from its source text, because Chromium refuses
// `new Worker('file.js')` on a page opened from file://.
import { measure } from './perf.js';

/** An error answered by the worker or the core: {code, message, file?, row?, column?, report?}. */
export class EngineError extends Error {
  constructor(detail) {
    super(detail.message || detail.code);
    this.code = detail.code || 'internal_error';
    this.detail = detail;
  }
}

/**
 * Puts one answered call on the page's performance timeline (read by scripts/bench_browser.mjs):
 * "kexi:call:<label>" from sending to the answer, and the worker's own spans of it as
 * "kexi:worker:<name>" (handled = from the worker taking the message to its answer; the rest of
 * the call's time was spent queued behind earlier work or passing messages).
 */
function timeline(call, spans) {
  measure(`call:${call.label}`, call.sent);
  for (const [name, start, end] of spans || []) measure(`worker:${name}`, start - performance.timeOrigin, end - performance.timeOrigin);
}

export class Engine {
  /** @param {string} workerSource the worker's full classic-script source */
  /** `name`: the worker's name ('kexi' for the page's own, 'kexi-pool' for the pool's). */
  constructor(workerSource, name = 'kexi') {
    this.name = name;
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.nextId = 1;
    this.pending = new Map();
    this.onReset = null;  // called after cancel() restarted the worker: all handles are gone
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { name: this.name });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll({ code: 'worker_failed', message: event.message || 'The worker stopped.' });
    };
  }

  receive(message) {
    const call = this.pending.get(message.id);
    if (!call) return;
    if (message.progress) {
      if (call.onProgress) call.onProgress(message.progress);
      return;
    }
    this.pending.delete(message.id);
    timeline(call, message.spans);
    if (message.ok) call.resolve(message.result);
    else call.reject(new EngineError(message.error || {}));
  }

  failAll(detail) {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(new EngineError(detail));
  }

  /**
   * Sends one request. `transfer` lists ArrayBuffers to move (not copy) to the worker.
   * Returns {id, promise}; the promise resolves with the result or rejects with an EngineError.
   */
  send(type, payload, { transfer = [], onProgress = null } = {}) {
    const id = this.nextId++;
    const label = type === 'run' ? `run:${payload.request && payload.request.type}` : type;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, label, sent: performance.now() });
    });
    this.worker.postMessage({ id, type, payload }, transfer);
    return { id, promise };
  }

  /**
   * Loads a file: `file` (a File or Blob, cloned without copying its bytes; the worker reads it in
   * chunks) or `bytes` (an ArrayBuffer, moved to the worker). Resolves {handle, report, sheets?, sheet?}.
   */
  load({ name, bytes, file, format, sheet, options, onProgress }) {
    if (file) return this.send('load', { name, file, format, sheet, options }, { onProgress });
    return this.send('load', { name, bytes, format, sheet, options }, { transfer: [bytes], onProgress });
  }

  /**
   * Stops the load with this call id between two chunks, keeping the worker and its datasets; the
   * load's promise rejects with code "cancelled".
   */
  cancelLoad(id) {
    this.worker.postMessage({ id: this.nextId++, type: 'cancel', payload: { id } });
  }

  run(handle, request) {
    return this.send('run', { handle, request }).promise;
  }

  /** The .xlsx bytes (Uint8Array) of `sheets` [{name, rows}], written by the core. */
  xlsx(sheets) {
    return this.send('xlsx', { sheets }).promise;
  }

  /** Generates exercise data in the core (sample_options.hpp keys). Resolves {ok, csv, stats}. */
  sample(options) {
    return this.send('sample', { options }).promise;
  }

  release(handle) {
    return this.send('release', { handle }).promise.catch(() => {});
  }

  /**
   * Stops whatever the worker is doing. A load is one synchronous call inside the worker, so the
   * only way to stop it is to end the worker; a fresh one starts at once and every handle is gone.
   */
  cancel() {
    this.worker.terminate();
    this.failAll({ code: 'cancelled', message: 'Cancelled.' });
    this.start();
    if (this.onReset) this.onReset();
  }
}
