// Prints the benchmark suite's results (build/bench/results.jsonl, one JSON object per size and
// engine, written by scripts/bench_suite.sh) as one table.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] || 'build/bench/results.jsonl', 'utf8').split('\n').filter(Boolean);
const rows = lines.map((l) => JSON.parse(l));
const STAGES = ['load', 'segments', 'kmeans_fit', 'kmeans_scan', 'ltv', 'survey'];
const s = (x) => (x === undefined || x === null ? '-' : x.toFixed(2));
const pad = (v, n) => String(v).padEnd(n);

console.log('');
console.log('Per-stage wall seconds and peak memory (MB). load = load + aggregate; segments = segment + kpis +');
console.log('cohorts; kmeans_fit = k=5; kmeans_scan = k 2-10 with silhouettes; ltv = BG/NBD (+ Pareto/NBD when');
console.log('<= 100k customers) + Gamma-Gamma + CLV; survey = load the survey file + scores linked to the orders.');
console.log('');
console.log([pad('size', 6), pad('engine', 8), pad('rows', 10), ...STAGES.map((n) => pad(n, 12)), pad('peak MB', 8)].join(''));
for (const r of rows) {
  if (r.error) {
    console.log([pad(r.size, 6), pad(r.engine, 8), 'failed: ' + r.error].join(''));
    continue;
  }
  const v = r.result;
  if (v.bench === 'browser-e2e') {
    console.log([pad(r.size, 6), pad(r.engine, 8), pad('', 10),
      `drop->loaded ${s(v.load_s)} s, ->overview ${s(v.overview_s)} s, ->segment charts ${s(v.segments_s)} s; ` +
      `drop to charts ${s(v.total_s)} s; peak ${Math.round(v.peak_mb)} MB (Pss of Chromium)${v.peak_tab_mb ? `, ${Math.round(v.peak_tab_mb)} MB the tab` : ''}; outside requests ${v.outside_requests}`].join(''));
    continue;
  }
  const by = Object.fromEntries(v.stages.map((x) => [x.stage, x.seconds]));
  console.log([pad(r.size, 6), pad(r.engine, 8), pad(v.rows, 10), ...STAGES.map((n) => pad(s(by[n]), 12)),
    pad(Math.round(v.peak_mb), 8)].join(''));
}
