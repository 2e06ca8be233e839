// Timing marks on the page's performance timeline, read by scripts/bench_browser.mjs (docs/PAGE_SPEED.md).

/** Measures "kexi:<name>" from `start` (performance.now()) to now; nothing where the browser cannot. */
export function measure(name, start, end = performance.now()) {
  try {
    performance.measure(`kexi:${name}`, { start, end });
  } catch (e) {
    // A browser without measure options: timing is only for the benchmark.
  }
}
