// web/src/warm_up.js on the WebAssembly build: the warm-up runs every step and gives its dataset
// back, stops at once when real work has arrived, and touchHeap leaves touched memory to the
// allocator (a later allocation of that size needs no growth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { warmUp, touchHeap } = require(join(ROOT, 'web', 'src', 'warm_up.js'));

async function freshCore() {
  const modulePath = join(ROOT, 'build', 'wasm', 'kexi-core.js');
  assert.ok(existsSync(modulePath), `${modulePath} is missing: run scripts/build.sh first`);
  return require(modulePath)();
}

const MB = 1048576;
const pause = () => Promise.resolve();

test('the warm-up loads, runs the six requests and stops early when asked', async () => {
  const m = await freshCore();
  assert.equal(await warmUp(m, () => true), 0);  // work already waiting: nothing done
  assert.equal(await warmUp(m, () => false, 2000), 7);  // the load, then six requests
  // It released its dataset (handle 1): asking it for anything says so.
  assert.equal(JSON.parse(m.run(1, JSON.stringify({ type: 'kpis' }))).error.code, 'bad_handle');
});

test('touchHeap grows the heap to the target and gives the memory back to the allocator', async () => {
  const m = await freshCore();
  const before = m.HEAPU8.length;
  assert.equal(await touchHeap(m, () => true, 96, pause), 0);
  assert.equal(m.HEAPU8.length, before);  // stopped before touching anything
  const blocks = await touchHeap(m, () => false, 96, pause);
  assert.ok(blocks > 0);
  const grown = m.HEAPU8.length;
  assert.ok(grown >= 96 * MB, `heap ${grown} bytes`);
  // The touched memory is free again: 48 MB fit without growing the heap.
  const p = m._malloc(48 * MB);
  assert.ok(p > 0);
  assert.equal(m.HEAPU8.length, grown);
  m._free(p);
  assert.equal(await touchHeap(m, () => false, 64, pause), 0);  // already that large: nothing to do
});
