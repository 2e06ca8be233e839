// The page's sample generator (wasm `sample(optionsJson)`, used by the "Make exercise data" panel)
// against the native `kexi sample` with the same options: the same CSV bytes and the same
// bookkeeping (--stats). Both read their options through core sample_options_from_json, so the
// option errors must agree too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'build', 'native', 'kexi');
const require = createRequire(import.meta.url);

let core;

before(async () => {
  const modulePath = join(ROOT, 'build', 'wasm', 'kexi-core.js');
  assert.ok(existsSync(modulePath), `${modulePath} is missing: run scripts/build.sh first`);
  assert.ok(existsSync(CLI), `${CLI} is missing: run scripts/build.sh first`);
  core = await require(modulePath)();
});

/** The same options as CLI flags: {bad_rows: 3} -> ['--bad-rows', '3']. */
function flags(options) {
  return Object.entries(options).flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, String(v)]);
}

const CASES = [
  {},  // the defaults: 300 customers, seed 42, 2023-2024, English orders
  { kind: 'orders', lang: 'zh', customers: 500, seed: 7, seasonality: 2.5, churn: 0.35, bad_rows: 9, start: '2022-06-01', end: '2024-05-31' },
  { kind: 'orders', lang: 'en', customers: 1200, seed: 123456789, seasonality: 0, churn: 0.05, bad_rows: 0, attributes: false },
  { kind: 'customers', lang: 'zh', customers: 250, seed: 3 },
  { kind: 'survey', lang: 'en', customers: 400, seed: 11, bad_rows: 14 },
];

test('the wasm sample equals `kexi sample` with the same options, byte for byte, with the same bookkeeping', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kexi-sample-options-'));
  try {
    for (const options of CASES) {
      const answer = JSON.parse(core.sample(JSON.stringify(options)));
      assert.equal(answer.ok, true, JSON.stringify(answer));
      const native = execFileSync(CLI, ['sample', ...flags(options), '--out', join(tmp, 'x.csv'), '--stats', join(tmp, 'x.json')]);
      assert.equal(native.length, 0);
      const nativeBytes = readFileSync(join(tmp, 'x.csv'));
      const wasmBytes = Buffer.from(answer.csv, 'utf8');
      assert.ok(wasmBytes.length > 100, JSON.stringify(options));
      assert.ok(wasmBytes.equals(nativeBytes), `different bytes for ${JSON.stringify(options)}`);
      assert.deepEqual(answer.stats, JSON.parse(readFileSync(join(tmp, 'x.json'), 'utf8')), JSON.stringify(options));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the committed orders_en.csv comes out of the wasm generator with its documented options', () => {
  const options = { kind: 'orders', lang: 'en', customers: 300, seed: 42, start: '2023-01-01', end: '2024-12-31', bad_rows: 12 };
  const answer = JSON.parse(core.sample(JSON.stringify(options)));
  assert.ok(Buffer.from(answer.csv, 'utf8').equals(readFileSync(join(ROOT, 'samples', 'orders_en.csv'))));
  assert.deepEqual(answer.stats, JSON.parse(readFileSync(join(ROOT, 'samples', 'expected', 'orders_en.json'), 'utf8')));
});

test('bad options come back as the same error value in wasm and as the same message from the CLI', () => {
  const bad = [
    [{ customers: 0 }, 'customers must be a whole number from 1 to 2,000,000, not 0'],
    [{ customers: 2000001 }, 'customers must be a whole number from 1 to 2,000,000'],
    [{ churn: 1 }, 'churn must be strictly between 0 and 1'],
    [{ seasonality: 12 }, 'seasonality must be from 0 to 10'],
    [{ start: '2024-02-30' }, 'start wants a date like 2023-01-01'],
    [{ lang: 'fr' }, 'lang must be "en" or "zh"'],
  ];
  for (const [options, message] of bad) {
    const answer = JSON.parse(core.sample(JSON.stringify(options)));
    assert.equal(answer.ok, false);
    assert.equal(answer.error.code, 'invalid_sample_options');
    assert.ok(answer.error.message.includes(message), answer.error.message);
    const r = spawnSync(CLI, ['sample', ...flags(options)], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.includes(message), r.stderr);
  }
  const typo = JSON.parse(core.sample('{"customer": 10}'));
  assert.equal(typo.ok, false);
  assert.match(typo.error.message, /unknown option "customer"/);
  assert.equal(JSON.parse(core.sample('{not json')).ok, false);
});
