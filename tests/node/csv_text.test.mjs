// The page's one reader of the core's CSV answers (web/src/csv_text.js), on hand-written text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, csvObjects } from '../../web/src/csv_text.js';

test('quoted fields keep commas, doubled quotes and line ends; a BOM and CRLF are dropped', () => {
  const text = '\ufeffid,name,note\r\nC1,"Li, Wei","said ""hi""\nthen left"\r\nC2,王芳,\r\n';
  assert.deepEqual(parseCsv(text), [
    ['id', 'name', 'note'],
    ['C1', 'Li, Wei', 'said "hi"\nthen left'],
    ['C2', '王芳', ''],
  ]);
});

test('rows become objects keyed by the header; a last line without a line end counts', () => {
  assert.deepEqual(csvObjects('segment,customers\nChampions,12\n"At risk",3'), [
    { segment: 'Champions', customers: '12' },
    { segment: 'At risk', customers: '3' },
  ]);
  assert.deepEqual(csvObjects(''), []);
});
