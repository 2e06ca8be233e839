// Streaming load of one file in Node on the wasm build, the way the page's worker does it:
// load_begin, then load_feed with 16 MB chunks read from disk, then load_finish.
// Prints one JSON line: {file, bytes, rows, seconds, cpu_seconds, peak_rss_mb, wasm_memory_mb, ok}.
// Usage: node scripts/bench_stream.mjs FILE [--chunk-mb 16]
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const file = process.argv[2];
const chunkArg = process.argv.indexOf('--chunk-mb');
const chunkBytes = (chunkArg > 0 ? Number(process.argv[chunkArg + 1]) : 16) * 1024 * 1024;
if (!file) {
  console.error('usage: node scripts/bench_stream.mjs FILE [--chunk-mb 16]');
  process.exit(2);
}

const modulePath = join(ROOT, 'build', 'wasm', 'kexi-core.js');
const m = await require(modulePath)();
let peakRss = process.memoryUsage().rss;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const buffer = new Uint8Array(chunkBytes);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const session = m.load_begin('{}', file, size, () => { sample(); return true; });
let failed = null;
for (let offset = 0; offset < size;) {
  const n = readSync(fd, buffer, 0, Math.min(chunkBytes, size - offset), offset);
  offset += n;
  const answer = JSON.parse(m.load_feed(session, buffer.subarray(0, n)));
  sample();
  if (answer.ok === false) {
    failed = answer.error;
    break;
  }
}
const result = JSON.parse(m.load_finish(session));
sample();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
closeSync(fd);
const wasmMemory = m.HEAPU8 ? m.HEAPU8.buffer.byteLength : (m.wasmMemory ? m.wasmMemory.buffer.byteLength : 0);
console.log(JSON.stringify({
  file, bytes: size, rows: result.rows ? result.rows.total : null, customers: result.customers,
  seconds: Number(seconds.toFixed(3)), cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
  peak_rss_mb: Math.round(peakRss / 1048576), wasm_memory_mb: Math.round(wasmMemory / 1048576),
  ok: result.ok === true, error: failed || result.error || null,
}));
