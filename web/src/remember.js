// "Remember this data on this device": an explicit opt-in (off by default). When on, the loaded
// file's bytes, name and load options are kept in IndexedDB and loaded again on the next visit;
// "Forget" deletes the database. With the box off the page opens no IndexedDB database at all, so
// nothing about customers is stored (the only trace of the choice is one localStorage flag).
import { state, changed } from './state.js';
import { sampleBytes } from './samples.js';
import * as actions from './actions.js';

const FLAG_KEY = 'kexi.rememberData';
export const DB_NAME = 'kexi-remembered-data';
const STORE = 'files';
const RECORD = 'last';

/** What the data view shows: {on, record: {name, size, savedAt} | null, busy, error}. */
export const remembered = { on: false, record: null, busy: false, error: '' };

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function flag(on) {
  try {
    if (on) window.localStorage.setItem(FLAG_KEY, '1');
    else window.localStorage.removeItem(FLAG_KEY);
  } catch (e) {
    // Without storage nothing can be remembered; the box still turns off.
  }
}

function flagged() {
  try {
    return window.localStorage.getItem(FLAG_KEY) === '1';
  } catch (e) {
    return false;
  }
}

let savedHandle = null;  // the dataset whose file is in the database now

async function save() {
  const ds = state.dataset;
  if (!remembered.on || !ds || state.load.status !== 'done' || !state.source) return;
  savedHandle = ds.handle;
  const source = state.source;
  const bytes = source.kind === 'sample' ? sampleBytes(source.name) : await source.file.arrayBuffer();
  const record = {
    name: state.fileName, bytes, size: bytes.byteLength, savedAt: Date.now(),
    options: JSON.parse(JSON.stringify(state.options || {})), sheet: state.sheet || '',
  };
  try {
    await withStore('readwrite', (store) => store.put(record, RECORD));
    remembered.record = { name: record.name, size: record.size, savedAt: record.savedAt };
    remembered.error = '';
  } catch (e) {
    remembered.error = 'remember.error.save';
  }
  changed();
}

/** Turns the opt-in on (and keeps the file loaded now) or off (and wipes what was kept). */
export async function setRemember(on) {
  if (!on) return forget();
  remembered.on = true;
  flag(true);
  changed();
  return save();
}

/** Deletes the remembered file (the whole database) and turns the opt-in off. */
export async function forget() {
  remembered.on = false;
  remembered.record = null;
  remembered.error = '';
  savedHandle = null;
  flag(false);
  remembered.busy = true;
  changed();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = resolve;
    req.onerror = resolve;
    req.onblocked = resolve;
  });
  remembered.busy = false;
  changed();
}

/** Reads the opt-in; when on, loads the remembered file again. Then keeps the database up to date. */
export async function initRemember(onChange) {
  remembered.on = flagged();
  onChange(() => {
    if (remembered.on && state.dataset && state.load.status === 'done' && state.dataset.handle !== savedHandle) save();
  });
  if (!remembered.on) return;
  try {
    const record = await withStore('readonly', (store) => store.get(RECORD));
    if (!record || !record.bytes) return;
    remembered.record = { name: record.name, size: record.size, savedAt: record.savedAt };
    if (state.source) return;  // the user (or ?sample=) already loaded something
    state.source = { kind: 'file', file: new File([record.bytes], record.name) };
    state.fileName = record.name;
    await actions.reload({ options: record.options || {}, sheet: record.sheet || '' });
  } catch (e) {
    remembered.error = 'remember.error.read';
    changed();
  }
}
