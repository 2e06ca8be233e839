// The benchmark suite's stages on the wasm build in Node: the same requests as
// `kexi_bench stages` (core/bench/stages_bench.cpp), printed as one JSON line.
// Usage: node scripts/bench_stages_wasm.mjs --file ORDERS.csv [--survey SURVEY.csv]
//                                           [--module build/wasm/kexi-core.js] [--cold]
// Like the page's worker, it first runs web/src/warm_up.js (V8 tiers wasm code up only for later
// calls, see there); --cold skips that and times first calls on baseline code.
// Peak memory: the largest resident set size of this Node process (process.resourceUsage().maxRSS),
// which includes the wasm heap, the file's bytes on the JS side and Node itself (~45 MB).
import { createRequire } from 'node:module';
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { option, flag, root } from './bench_args.mjs';

const modulePath = path.resolve(option('--module', path.join(root, 'build/wasm/kexi-core.js')));
const ordersPath = option('--file', '');
const surveyPath = option('--survey', '');
const CHUNK = 16 << 20;

const createKexiCore = createRequire(import.meta.url)(modulePath);
const m = await createKexiCore();
if (!flag('--cold')) await createRequire(import.meta.url)(path.join(root, 'web/src/warm_up.js')).warmUp(m, () => false);

function answer(text, what) {
  const v = JSON.parse(text);
  if (v && v.ok === false) throw new Error(`${what}: ${v.error && v.error.message}`);
  return v;
}

/** Loads a file the way the page's worker does: in chunks when the module can, else whole. */
function load(file) {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  try {
    if (typeof m.load_begin === 'function') {
      const session = m.load_begin('{}', path.basename(file), size, undefined);
      const buf = new Uint8Array(Math.min(CHUNK, Math.max(size, 1)));
      for (let pos = 0; pos < size;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        answer(m.load_feed(session, buf.subarray(0, n)), file);
        pos += n;
      }
      return answer(m.load_finish(session), file);
    }
    const bytes = new Uint8Array(size);
    readSync(fd, bytes, 0, size, 0);
    return answer(m.load(bytes, '{}', path.basename(file), undefined), file);
  } finally {
    closeSync(fd);
  }
}

const stages = [];
const peakMb = () => process.resourceUsage().maxRSS / 1024;
function timed(stage, f) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  stages.push({ stage, seconds: (performance.now() - t0) / 1000, cpu_seconds: (c.user + c.system) / 1e6, peak_mb: peakMb() });
  return value;
}
const run = (handle, request, linked) =>
  answer(m.run(handle, JSON.stringify(linked ? Object.assign({ linked }, request) : request)), request.type);

const report = timed('load', () => load(ordersPath));
const h = report.handle;
timed('segments', () => { run(h, { type: 'segment' }); run(h, { type: 'kpis' }); run(h, { type: 'cohorts' }); });
timed('kmeans_fit', () => run(h, { type: 'cluster', k: 5 }));
timed('kmeans_scan', () => run(h, { type: 'cluster', k_range: '2-10' }));
timed('ltv', () => run(h, { type: 'ltv' }));
if (surveyPath) {
  timed('survey', () => {
    const s = load(surveyPath);
    run(s.handle, { type: 'survey' }, h);
    m.release(s.handle);
  });
}
console.log(JSON.stringify({
  bench: 'stages-wasm', file: ordersPath, rows: report.rows && report.rows.total,
  wasm_heap_mb: (m.HEAP8 ? m.HEAP8.length : 0) / 1048576, stages, peak_mb: peakMb(),
}));
