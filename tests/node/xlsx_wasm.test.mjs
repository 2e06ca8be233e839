// The page's .xlsx exports: the wasm binding xlsx(sheets JSON) -> Uint8Array over the core's
// write_xlsx, read back with SheetJS (an independent reader of the format).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const require = createRequire(import.meta.url);
const createKexiCore = require(path.join(root, 'build/wasm/kexi-core.js'));
const XLSX = require(path.join(root, 'node_modules/@e965/xlsx'));

test('xlsx() writes numbers as numbers and text as inline strings that are never formulas', async () => {
  const m = await createKexiCore();
  const bytes = m.xlsx(JSON.stringify([
    { name: 'Segments: a/b', rows: [['segment', 'customers', 'share'], ['=1+1', 31, 0.1127], ['重要价值客户', null, -0.5], ['@cmd', 1e-7, 12345678.9]] },
    { name: 'Second', rows: [['x']] },
  ]));
  assert.ok(bytes instanceof Uint8Array);
  const wb = XLSX.read(bytes, { type: 'array' });
  // ':' and '/' are not allowed in an Excel sheet name; the writer replaces them with '_'.
  assert.deepEqual(wb.SheetNames, ['Segments_ a_b', 'Second']);
  const ws = wb.Sheets['Segments_ a_b'];
  assert.deepEqual({ t: ws.A2.t, v: ws.A2.v, f: ws.A2.f }, { t: 's', v: '=1+1', f: undefined });
  assert.deepEqual({ t: ws.A4.t, v: ws.A4.v, f: ws.A4.f }, { t: 's', v: '@cmd', f: undefined });
  assert.deepEqual([ws.B2.t, ws.B2.v, ws.C2.v, ws.C3.v, ws.B4.v, ws.C4.v], ['n', 31, 0.1127, -0.5, 1e-7, 12345678.9]);
  assert.equal(ws.A3.v, '重要价值客户');
  assert.equal(ws.B3, undefined, 'null is an empty cell');
});

test('xlsx() answers a JSON error, not an abort, for input that is not a list of sheets', async () => {
  const m = await createKexiCore();
  const out = JSON.parse(m.xlsx('{"name": "not a list"}'));
  assert.equal(out.ok, false);
  assert.equal(out.error.code, 'bad_request');
});
