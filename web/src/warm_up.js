// Warms the WebAssembly core up while the page waits for a file (a classic script: build.mjs puts it
// into the worker's source; Node's benchmark requires it).
//
// Why: V8 first runs a wasm function as quickly compiled baseline code (Liftoff) and swaps in
// optimised code (TurboFan) only for later calls of functions that ran hot; wasm has no on-stack
// replacement, so a long loop inside one call stays on baseline code to its end. The first load
// and the first analyses of a large file therefore ran 3-9x slower than the same calls repeated
// (100k order lines in Node: load 0.47 s vs 0.17 s CPU, segment 0.14 s vs 0.02 s, k-means fit
// 1.2 s vs 0.27 s). Running the same functions once on a small synthetic order file makes the
// user's first load and analyses run optimised code.
'use strict';

/** A deterministic synthetic order file: `rows` lines over rows/7 customers, two years, with order lines. */
function warmUpCsv(rows) {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const customers = Math.max(50, Math.floor(rows / 7));
  const lines = ['customer_id,order_id,order_date,amount,quantity,unit_price,region,channel'];
  const regions = ['North', 'South', 'East', 'West'];
  const channels = ['Online', 'Store', 'App'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; ++i) {
    const c = Math.floor(Math.pow(next(), 1.5) * customers);
    const day = new Date(start + Math.floor(next() * 730) * 86400000).toISOString().slice(0, 10);
    const qty = 1 + Math.floor(next() * 3);
    const price = (5 + next() * 200).toFixed(2);
    lines.push(`C${String(c).padStart(6, '0')},O${i >> 1},${day},${(qty * price).toFixed(2)},${qty},${price},` +
               `${regions[c % 4]},${channels[c % 3]}`);
  }
  return lines.join('\n') + '\n';
}

const WARM_UP_REQUESTS = [
  { type: 'segment' }, { type: 'kpis' }, { type: 'cohorts' },
  { type: 'cluster', k: 4 }, { type: 'cluster', k_range: '2-4' }, { type: 'ltv' },
];

/**
 * Grows the wasm heap to `targetMb` and touches every new page once (malloc, fill, free in 8 MB
 * steps), then gives it back to the allocator. Why: a page of fresh memory costs a page fault the
 * first time it is written, and on a virtual machine that is tens of µs per 4 KB page: in Node, a
 * first 1M-line load took 0.90 s CPU in a fresh module and 0.42 s after its heap had been touched
 * (the same load repeated: 0.47 s). The load reuses the touched pages, so the memory is the
 * first load's own, paid while the user picks a file. Stops between steps when `shouldStop()`.
 */
async function touchHeap(m, shouldStop, targetMb, pause) {
  if (typeof m._malloc !== 'function' || !(targetMb > 0)) return 0;
  const step = 8 << 20;
  const blocks = [];
  try {
    while (m.HEAPU8.length < targetMb * 1048576) {
      await pause();
      if (shouldStop()) break;
      const p = m._malloc(step);
      if (!p) break;
      m.HEAPU8.fill(0, p, p + step);  // HEAPU8 is read after the malloc: growth replaces the view
      blocks.push(p);
    }
  } finally {
    for (const p of blocks) m._free(p);
  }
  return blocks.length;
}

/**
 * Runs the warm-up in small steps, yielding to the event loop between them, and stops as soon as
 * `shouldStop()` says real work has arrived. With `heapMb`, then touches the heap up to that size
 * (touchHeap). Resolves to the number of steps done.
 */
async function warmUp(m, shouldStop, rows = 10000, heapMb = 0) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
  await pause();
  if (shouldStop()) return 0;
  const loaded = JSON.parse(m.load(new TextEncoder().encode(warmUpCsv(rows)), '{}', 'warm-up.csv', undefined));
  if (loaded.handle === undefined) return 0;
  let done = 1;
  try {
    for (const request of WARM_UP_REQUESTS) {
      await pause();
      if (shouldStop()) break;
      m.run(loaded.handle, JSON.stringify(request));
      ++done;
    }
  } finally {
    m.release(loaded.handle);
  }
  return done + await touchHeap(m, shouldStop, heapMb, pause);
}

if (typeof module !== 'undefined' && module.exports) module.exports = { warmUp, warmUpCsv, touchHeap };
