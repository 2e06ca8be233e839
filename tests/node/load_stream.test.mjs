// The wasm streaming load (load_begin / load_feed / load_finish / load_abort) against the one-call
// load() on every bundled sample: the same report (counts, reasons, examples) and the same customer
// CSV, whatever the chunk size. load() is the reference: tests/node/wasm.test.mjs checks it against
// the native CLI, itself tested against hand-worked files in tests/core.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLES = join(ROOT, 'samples');
const require = createRequire(import.meta.url);
let core;

before(async () => {
  const modulePath = join(ROOT, 'build', 'wasm', 'kexi-core.js');
  assert.ok(existsSync(modulePath), `${modulePath} is missing: run scripts/build.sh first`);
  core = await require(modulePath)();
});

function streamLoad(bytes, chunk, options = {}, progress = undefined) {
  const session = core.load_begin(JSON.stringify(options), 'file.csv', bytes.length, progress);
  const feeds = [];
  for (let off = 0; off < bytes.length; off += chunk) {
    const answer = JSON.parse(core.load_feed(session, bytes.subarray(off, off + chunk)));
    feeds.push(answer);
    if (answer.ok === false) break;
  }
  return { answer: JSON.parse(core.load_finish(session)), feeds };
}

function customersCsv(handle) {
  return JSON.parse(core.run(handle, JSON.stringify({ type: 'customers', format: 'csv' }))).csv;
}

const samples = readdirSync(SAMPLES).filter((f) => /\.csv$/.test(f));

test('load_begin/feed/finish gives what load() gives on every sample, in chunks of 7, 1000 and 65536 bytes', () => {
  assert.ok(samples.length >= 3);
  for (const name of samples) {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, name)));
    const whole = JSON.parse(core.load(bytes, '{}', 'file.csv', undefined));
    assert.equal(whole.ok, true, name);
    const wholeCsv = whole.kind === 'orders' || whole.kind === 'customers' ? customersCsv(whole.handle) : null;
    for (const chunk of [7, 1000, 65536]) {
      const { answer } = streamLoad(bytes, chunk);
      assert.equal(answer.ok, true, `${name} in ${chunk}-byte chunks`);
      const strip = (r) => Object.assign({}, r, { handle: 0 });
      assert.deepEqual(strip(answer), strip(whole), `${name} in ${chunk}-byte chunks`);
      if (wholeCsv !== null) assert.equal(customersCsv(answer.handle), wholeCsv, name);
      core.release(answer.handle);
    }
    core.release(whole.handle);
  }
});

test('a streaming load reports progress per chunk and stops when progress answers false', () => {
  const lines = ['customer_id,order_date,amount'];
  for (let i = 0; i < 20000; ++i) lines.push(`C${i % 500},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 90}.5`);
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const seen = [];
  const ok = streamLoad(bytes, 64 * 1024, {}, (done, total) => { seen.push([done, total]); return true; });
  assert.equal(ok.answer.ok, true);
  assert.equal(ok.answer.rows.total, 20000);
  assert.ok(seen.length >= 4, 'progress more than once');
  assert.ok(seen.every(([, total]) => total === bytes.length));
  assert.deepEqual(seen[seen.length - 1], [bytes.length, bytes.length]);

  let calls = 0;
  const stopped = streamLoad(bytes, 64 * 1024, {}, () => ++calls < 2);
  assert.equal(stopped.answer.ok, false);
  assert.equal(stopped.answer.error.code, 'cancelled');
});

test('bad options and an aborted session come back as error values', () => {
  const bytes = new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-01,1\n');
  const { answer } = streamLoad(bytes, 10, { date_from: 'yesterday' });
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'options_invalid');
  const session = core.load_begin('{}', 'x.csv', bytes.length, undefined);
  core.load_feed(session, bytes.subarray(0, 5));
  core.load_abort(session);
  assert.equal(JSON.parse(core.load_finish(session)).error.code, 'bad_handle');
});
