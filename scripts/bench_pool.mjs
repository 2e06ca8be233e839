// Times the Clusters view's k scan on the 1M-row benchmark file with one worker and with a pool
// (docs/PARALLEL.md), in Node worker_threads running the same wasm module the page runs: each
// thread has its own module instance and its own copy of the dataset, like the page's workers.
// The pool run splits the scan by k exactly as web/src/pool.js does (chunks of consecutive k,
// largest first, two chunks per worker, to whichever worker is free) and merges in the core ("k_scan_parts"); the merged JSON
// must equal the one-worker JSON byte for byte.
// Usage: node scripts/bench_pool.mjs [--module build/wasm/kexi-core.js] [--file F] [--workers 2]
//                                    [--k-range 2-10] [--repeat 3] [--kexi build/native/kexi]
//                                    [--chunks 2]   (chunks per worker; 0 = one k per part)
// Without --file it writes the file with `kexi sample --preset bench`. Prints a table, then one
// JSON line. Wall times are best of --repeat; loading the dataset into a worker is timed apart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { option, root } from './bench_args.mjs';

if (!isMainThread) {
  // ---- a worker: one module instance, one dataset ----
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const createKexiCore = createRequire(import.meta.url)(workerData.modulePath);
  const m = await createKexiCore();
  const t0 = performance.now();
  const out = JSON.parse(m.load(new Uint8Array(readFileSync(workerData.file)), '{}', 'bench.csv', undefined));
  if (out.handle === undefined) throw new Error('load failed: ' + JSON.stringify(out).slice(0, 300));
  parentPort.postMessage({ ready: true, loadSeconds: (performance.now() - t0) / 1000, customers: out.customers });
  parentPort.on('message', (msg) => {
    const t = performance.now();
    const text = m.run(out.handle, JSON.stringify(msg.request));
    parentPort.postMessage({ id: msg.id, text, seconds: (performance.now() - t) / 1000 });
  });
} else {
  const modulePath = path.resolve(option('--module', path.join(root, 'build/wasm/kexi-core.js')));
  const kexi = path.resolve(option('--kexi', path.join(root, 'build/native/kexi')));
  const workers = Math.max(2, Number(option('--workers', '2')));
  const repeats = Number(option('--repeat', '3'));
  const kRange = option('--k-range', '2-10');
  let file = option('--file', '');
  let tmp = '';
  if (!file) {
    tmp = mkdtempSync(path.join(tmpdir(), 'kexi-bench-pool-'));
    file = path.join(tmp, 'bench.csv');
    execFileSync(kexi, ['sample', '--preset', 'bench', '--out', file], { stdio: 'inherit' });
  }

  // The Clusters view's request (web/src/clusters_state.js fitRequest) with the scan's k range.
  const request = { type: 'cluster', features: 'recency,frequency,monetary', scale: 'zscore', log: 'auto',
    seed: 0, n_init: 10, k_range: kRange };
  const [lo, hi] = kRange.split('-').map(Number);
  const ks = [];
  for (let k = hi; k >= lo; --k) ks.push(k);

  const threads = [];
  for (let i = 0; i < workers; ++i) {
    const w = new Worker(new URL(import.meta.url), { workerData: { modulePath, file } });
    const pending = new Map();
    let nextId = 1;
    const ready = new Promise((resolve, reject) => {
      w.on('message', (msg) => {
        if (msg.ready) return resolve(msg);
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p(msg);
      });
      w.on('error', reject);
    });
    const run = (req) => new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      w.postMessage({ id, request: req });
    });
    threads.push({ w, ready, run });
  }
  // The workers load at the same time (each its own copy of the file), timed inside each worker.
  const loads = [];
  for (const t of threads) loads.push((await t.ready).loadSeconds);
  if (tmp) rmSync(tmp, { recursive: true, force: true });

  const parse = (msg) => {
    const v = JSON.parse(msg.text);
    if (v && v.ok === false) throw new Error(JSON.stringify(v.error));
    return v;
  };
  // CPU = user + system seconds of the whole process (all threads) during the job.
  const cpuSince = (c0) => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  async function single() {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const msg = await threads[0].run(request);
    return { seconds: (performance.now() - t0) / 1000, cpu: cpuSince(c0), text: msg.text };
  }
  async function pooled(n) {
    const t0 = performance.now();
    // As web/src/pool.js: chunks of consecutive k, largest first, 2 per worker (--chunks 0: one k each).
    const per = Number(option('--chunks', '2'));
    const count = per > 0 ? per * n : ks.length;
    const queue = [];
    for (let i = 0, start = 0; i < Math.min(count, ks.length); ++i) {
      const len = Math.floor(ks.length / Math.min(count, ks.length)) + (i < ks.length % Math.min(count, ks.length) ? 1 : 0);
      queue.push(ks.slice(start, start + len));
      start += len;
    }
    const parts = [];
    const c0 = process.cpuUsage();
    await Promise.all(threads.slice(0, n).map(async (t) => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        parts.push(parse(await t.run(Object.assign({}, request, { k_values: c }))));
      }
    }));
    const tm = performance.now();
    const msg = await threads[0].run(Object.assign({}, request, { k_scan_parts: parts }));
    const t1 = performance.now();
    return { seconds: (t1 - t0) / 1000, merge: (t1 - tm) / 1000, cpu: cpuSince(c0), text: msg.text };
  }

  // The pool's wall time on n otherwise idle cores, estimated: the parts run one after another in
  // one thread (each timed alone), then handed out in the same order to whichever of n simulated
  // workers is free first; plus the merge. On a machine shared with other work the measured pool
  // time cannot show what two free cores give; this estimate is as slow or fast as one core is.
  async function estimated(n) {
    const per = Number(option('--chunks', '2'));
    const count = Math.min(per > 0 ? per * n : ks.length, ks.length);
    const times = [];
    const parts = [];
    for (let i = 0, start = 0; i < count; ++i) {
      const len = Math.floor(ks.length / count) + (i < ks.length % count ? 1 : 0);
      const t0 = performance.now();
      parts.push(parse(await threads[0].run(Object.assign({}, request, { k_values: ks.slice(start, start + len) }))));
      times.push((performance.now() - t0) / 1000);
      start += len;
    }
    const t0 = performance.now();
    await threads[0].run(Object.assign({}, request, { k_scan_parts: parts }));
    const merge = (performance.now() - t0) / 1000;
    const free = new Array(n).fill(0);
    for (const t of times) {
      const i = free.indexOf(Math.min(...free));
      free[i] += t;
    }
    return { seconds: Math.max(...free) + merge, parts: times, merge, sum: times.reduce((a, b) => a + b, 0) + merge };
  }

  const best = (xs) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const one = [];
  const many = [];
  for (let r = 0; r < repeats; ++r) {
    one.push(await single());
    many.push(await pooled(workers));
  }
  const a = best(one);
  const b = best(many);
  parse({ text: a.text });
  const identical = one.concat(many).every((x) => x.text === a.text);
  const f = (x) => x.toFixed(2);
  console.log(`k scan ${kRange} (n_init 10, recency,frequency,monetary) on ${threads.length ? JSON.stringify((await threads[0].ready).customers) : '?'} customers, best of ${repeats}`);
  console.log(`dataset load per worker: ${loads.map(f).join(', ')} s (once per dataset and worker)`);
  console.log(`1 worker:            ${f(a.seconds)} s wall, ${f(a.cpu)} s CPU   (runs: ${one.map((x) => f(x.seconds)).join(', ')})`);
  console.log(`${workers} workers (pool):    ${f(b.seconds)} s wall, ${f(b.cpu)} s CPU   (runs: ${many.map((x) => f(x.seconds)).join(', ')}; merge ${f(b.merge)} s)`);
  console.log(`speed-up: ${(a.seconds / b.seconds).toFixed(2)}x; results identical: ${identical}`);
  const est = await estimated(workers);
  const oneMore = await single();
  console.log(`estimate on ${workers} free cores: parts one after another ${est.parts.map(f).join(' + ')} s, merge ${f(est.merge)} s ` +
    `-> critical path ${f(est.seconds)} s vs 1 worker ${f(oneMore.seconds)} s measured right after: ${(oneMore.seconds / est.seconds).toFixed(2)}x`);
  console.log(JSON.stringify({ bench: 'pool-k-scan', k_range: kRange, workers, repeats, load_seconds: loads,
    single_seconds: a.seconds, single_cpu: a.cpu, pool_seconds: b.seconds, pool_cpu: b.cpu, merge_seconds: b.merge,
    speedup: a.seconds / b.seconds, identical, estimate_seconds: est.seconds, estimate_parts: est.parts,
    estimate_single_seconds: oneMore.seconds, estimate_speedup: oneMore.seconds / est.seconds, single_runs: one.map((x) => x.seconds), pool_runs: many.map((x) => x.seconds) }));
  for (const t of threads) await t.w.terminate();
  if (!identical) process.exit(1);
}
