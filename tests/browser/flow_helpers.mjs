// What the whole-flow tests (flow.test.mjs, flow_file.test.mjs) share: when a view is ready, a walk
// through every view, loading a bundled sample, and the checks that the page stayed quiet.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS } from './harness.mjs';

export const EVIL = '<img src=x onerror=alert(1)>';

/** What tells that a view has drawn its results (views without an analysis: their heading). */
export const READY = {
  data: '[data-testid=mapping]',
  customers: '[data-testid=customers-table][aria-busy=false] tbody tr',
  overview: '[data-testid=kpi-cards], [data-testid=kpi-error]',
  segments: '[data-testid=segments-ready][aria-busy=false], [data-testid=seg-error]',
  clusters: '[data-testid=cl-results][aria-busy=false], [data-testid=cl-error]',
  ltv: '[data-testid=ltv-body][aria-busy=false], [data-testid=ltv-error]',
  surveys: '.survey-load',
  report: '[data-testid=report][aria-busy=false]',
};

/** Clicks through every view in the navigation; returns [{id, title}] as shown. */
export async function walkViews(page, { shots = '' } = {}) {
  const ids = await page.$$eval('[data-view]', (b) => b.map((x) => x.dataset.view));
  const seen = [];
  for (const id of ids) {
    await page.click(`[data-view=${id}]`);
    await page.waitForSelector(READY[id] || 'main h1', { timeout: 45000 });
    seen.push({ id, title: (await page.textContent('main h1')).trim(), nav: (await page.textContent(`[data-view=${id}]`)).trim() });
    if (shots) await page.screenshot({ path: join(SHOTS, `flow-${shots}-${id}.png`) });
  }
  return seen;
}

export async function loadSample(page, name) {
  await page.click('[data-view=data]');
  await page.click(`button[data-sample="${name}"]`);
  await page.waitForSelector(`[data-testid=mapping]`, { timeout: 30000 });
  await page.waitForFunction((n) => document.querySelector('.file-name')?.textContent.includes(n), name);
}

export function assertQuiet(log) {
  assert.deepEqual(log.afterLoad, [], 'requests after the page loaded');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors (e.g. CSP violations)');
  assert.deepEqual(log.dialogs, [], 'dialogs');
}

