// Times the wasm module's m.load() (ingestion + per-customer aggregation) on the ingestion
// benchmark file in Node: best of N, printed as one JSON line (scripts/bench.sh reads it).
// Usage: node scripts/bench_wasm.mjs [--module build/wasm/kexi-core.js] [--file F]
//                                    [--kexi build/native/kexi] [--repeat 3]
// Without --file it writes the file with `kexi sample --preset bench` (the same bytes the native
// `kexi_bench ingest` generates in memory).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { option, flag, root } from './bench_args.mjs';

const modulePath = path.resolve(option('--module', path.join(root, 'build/wasm/kexi-core.js')));
const kexi = path.resolve(option('--kexi', path.join(root, 'build/native/kexi')));
const repeats = Number(option('--repeat', '3'));

let file = option('--file', '');
let tmp = '';
if (!file) {
  tmp = mkdtempSync(path.join(tmpdir(), 'kexi-bench-'));
  file = path.join(tmp, 'bench.csv');
  execFileSync(kexi, ['sample', '--preset', 'bench', '--out', file], { stdio: 'inherit' });
}
const bytes = new Uint8Array(readFileSync(file));
if (tmp) rmSync(tmp, { recursive: true, force: true });

const createKexiCore = createRequire(import.meta.url)(modulePath);
const m = await createKexiCore();
let best = Infinity;
let bestCpu = Infinity;  // user + system CPU of the process: on a loaded machine closer to the work done
let last = null;
for (let i = 0; i < repeats; ++i) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = JSON.parse(m.load(bytes, '{}', 'bench.csv', undefined));
  const c = process.cpuUsage(c0);
  const t = (performance.now() - t0) / 1000;
  if (out.handle !== undefined) m.release(out.handle);
  best = Math.min(best, t);
  bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  last = out;
}
// Analyses on the loaded file (best of N each): the k-means fit and the k scan of the Clusters
// view (web/src/clusters_state.js defaults; the scan with the CLI's default range 2-10) and the
// LTV request (BG/NBD, plus Pareto/NBD and Gamma-Gamma as the request fits them by default).
// --no-analyses skips them (ingestion only).
const analyses = {};
if (!flag('--no-analyses') && last && last.handle !== undefined) {
  const loaded = JSON.parse(m.load(bytes, '{}', 'bench.csv', undefined));
  const base = { type: 'cluster', features: 'recency,frequency,monetary', scale: 'zscore', log: 'auto', seed: 0, n_init: 10 };
  const jobs = {
    kmeans_fit: Object.assign({}, base, { k: 5 }),
    k_scan: Object.assign({}, base, { k_range: '2-10' }),
    ltv: { type: 'ltv' },
  };
  for (const [name, request] of Object.entries(jobs)) {
    let bestJob = Infinity;
    for (let i = 0; i < repeats; ++i) {
      const t0 = performance.now();
      const out = JSON.parse(m.run(loaded.handle, JSON.stringify(request)));
      const t = (performance.now() - t0) / 1000;
      if (out && out.ok === false) throw new Error(`${name}: ${JSON.stringify(out.error)}`);
      bestJob = Math.min(bestJob, t);
    }
    analyses[name] = bestJob;
  }
  m.release(loaded.handle);
}
const mb = bytes.length / 1e6;
const ok = last && last.handle !== undefined;
// On success load() returns the inspect JSON (rows.total, ...) plus "handle"; on failure an error
// object with the report as far as it got.
const report = (ok ? last : last && last.report) || {};
const rows = (report.rows && report.rows.total) ?? null;
console.log(JSON.stringify({
  bench: 'ingest-wasm', rows, bytes: bytes.length, mb, seconds: best, cpu_seconds: bestCpu, mb_per_s: mb / best, repeats, ok, analyses,
  note: ok ? '' : `load failed: ${(last && (last.error?.message || last.message)) || JSON.stringify(last).slice(0, 200)}`,
}));
