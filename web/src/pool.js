// A pool of extra workers for independent jobs (docs/PARALLEL.md). Each pool worker is a full
// Kexi worker (same source, its own WebAssembly module instance, started from a Blob URL like the
// main one) and gets its own copy of the dataset through the ordinary 'load' message, so nothing
// here depends on how a worker loads. No SharedArrayBuffer: a static host or file:// cannot send
// the COOP/COEP headers it needs, and independent jobs do not need shared memory.
//
// The k scan of the Clusters view is split by k: every worker runs the cluster request with
// "k_values" (its share) and the main worker merges the parts with "k_scan_parts"; the merge is
// in the core (cluster_scan.cpp) and gives bit for bit the one-worker answer.
import { Engine } from './engine.js';

/** Extra workers at most (memory: each holds its own copy of the dataset). */
export const MAX_EXTRA_WORKERS = 3;
/**
 * Rows (customers) from which a scan is split. Measured (docs/PARALLEL.md): below this the scan
 * takes well under a second in one worker and loading the dataset again in a pool worker costs
 * more than the split saves.
 */
export const MIN_SPLIT_ROWS = 20000;

/** The page's pool setting from the address: ?pool=off (never split) or ?pool=always (any size). */
export function poolMode() {
  try {
    const v = new URLSearchParams(globalThis.location ? globalThis.location.search : '').get('pool');
    return v === 'off' || v === 'always' ? v : 'auto';
  } catch (e) {
    return 'auto';
  }
}

/** Cluster counts a scan request covers: its k_range ("2-10", [2, 10], 4) or the default 2-10. */
export function scanKs(request) {
  let lo = 2;
  let hi = 10;
  const r = request.k_range;
  if (typeof r === 'number') lo = hi = r;
  else if (Array.isArray(r) && r.length === 2) [lo, hi] = r.map(Number);
  else if (typeof r === 'string' && /^\s*\d+\s*-\s*\d+\s*$/.test(r)) [lo, hi] = r.split('-').map(Number);
  else if (r !== undefined && r !== null) return [];
  const ks = [];
  for (let k = lo; k <= hi; ++k) ks.push(k);
  return ks;
}

/** `ks` (largest first) cut into `count` runs of consecutive k, as even in length as possible. */
export function chunks(ks, count) {
  const n = Math.max(1, Math.min(count, ks.length));
  const out = [];
  for (let i = 0, start = 0; i < n; ++i) {
    const len = Math.floor(ks.length / n) + (i < ks.length % n ? 1 : 0);
    out.push(ks.slice(start, start + len));
    start += len;
  }
  return out.filter((c) => c.length);
}

export class Pool {
  /**
   * @param {string} workerSource the same classic-script source the main worker runs
   * @param {{size?: number}} [options] extra workers; default hardwareConcurrency - 1, 1..3
   */
  constructor(workerSource, { size } = {}) {
    this.workerSource = workerSource;
    const cores = (globalThis.navigator && navigator.hardwareConcurrency) || 2;
    this.size = size || Math.max(1, Math.min(MAX_EXTRA_WORKERS, cores - 1));
    this.members = null;  // [{engine, key, handle: Promise<number>}], created on the first job
    this.last = null;     // what the last job did: {job, workers, parts, ms}
  }

  start() {
    if (this.members) return this.members;
    this.members = [];
    for (let i = 0; i < this.size; ++i) this.members.push({ engine: new Engine(this.workerSource, 'kexi-pool'), key: null, handle: null });
    return this.members;
  }

  /**
   * The dataset's handle in pool member `m`, loading it there once per dataset. `dataset.key`
   * identifies the dataset (any object), `dataset.loadArgs()` resolves the arguments of
   * Engine.load (fresh bytes every time: they are moved to the worker).
   */
  handleIn(m, dataset) {
    if (m.key !== dataset.key || !m.handle) {
      if (m.handle) {
        const old = m.handle;
        old.then((h) => m.engine.release(h), () => {});
      }
      m.key = dataset.key;
      m.handle = dataset.loadArgs().then((args) => m.engine.load(args).promise).then((r) => r.handle);
      m.handle.catch(() => { if (m.key === dataset.key) m.handle = null; });
    }
    return m.handle;
  }

  /** Ends the pool's workers (their datasets go with them); the next job starts new ones. */
  stop() {
    if (!this.members) return;
    for (const m of this.members) m.engine.worker.terminate();
    this.members = null;
  }

  /**
   * Runs a cluster request with a k scan over the main worker and the pool. Work is handed out
   * in chunks of consecutive k, largest first (they take longest), to whichever worker is free,
   * so a pool worker still loading the dataset simply starts later. Then the main worker merges.
   * Chunks, not single k: each part computes the pair distances of the silhouette sample once,
   * so fewer parts waste less (measured: one k per part cost 17 % more CPU than one worker).
   * Resolves the same JSON engine.run(handle, request) gives; rejects like it.
   */
  async clusterScan(main, handle, request, dataset) {
    const t0 = performance.now();
    const ks = scanKs(request).sort((a, b) => b - a);
    const queue = chunks(ks, 2 * (1 + this.size));
    const parts = [];
    const counts = [];
    const runner = async (index, run) => {
      counts[index] = counts[index] || 0;
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        try {
          parts.push(await run(Object.assign({}, request, { k_values: c })));
          counts[index] += c.length;
        } catch (e) {
          queue.unshift(c);  // another worker takes it
          throw e;
        }
      }
    };
    const members = this.start();
    const poolRuns = members.map((m, i) => runner(i + 1, async (req) => m.engine.run(await this.handleIn(m, dataset), req))
      .catch((e) => {
        // A pool worker that cannot load or run is dropped from this job; the others finish it.
        console.warn('[kexi pool]', e && e.message);
      }));
    try {
      await runner(0, (req) => main.run(handle, req));  // the main worker's errors are the request's
    } catch (e) {
      queue.length = 0;  // the pool stops after its current k
      throw e;
    }
    await Promise.all(poolRuns);
    if (queue.length) await runner(0, (req) => main.run(handle, req));
    const merged = await main.run(handle, Object.assign({}, request, { k_scan_parts: parts }));
    this.last = { job: 'cluster-scan', workers: 1 + counts.slice(1).filter((c) => c > 0).length, parts: counts,
      ms: Math.round(performance.now() - t0) };
    if (globalThis.document && document.documentElement) document.documentElement.dataset.poolLast = JSON.stringify(this.last);
    return merged;
  }
}

/**
 * Whether `request` on a dataset of `rows` rows should go through the pool: a cluster fit with a k
 * scan (not steps, not assignments), more than one k, and a large enough dataset (or ?pool=always).
 */
export function splitsScan(request, rows, mode = poolMode()) {
  if (mode === 'off' || !request || request.type !== 'cluster') return false;
  if ((request.mode && request.mode !== 'fit') || request.assignments || request.k_values || request.k_scan_parts) return false;
  const scans = request.k_range !== undefined || request.k === undefined || request.scan === true;
  if (!scans || scanKs(request).length < 2) return false;
  return mode === 'always' || rows >= MIN_SPLIT_ROWS;
}
