// What every page test shares: the repository paths, the built page served on a free loopback port,
// and one headless Chromium (Debian's, with the launch flags of shared/TOOLCHAIN.md) with a fresh profile.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'web', 'dist');
export const SAMPLES = join(ROOT, 'samples');
export const CLI = join(ROOT, 'build', 'native', 'kexi');
export const SHOTS = join(ROOT, 'tests', 'browser', 'screenshots');
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Checks the build exists, serves web/dist and launches Chromium at 1280x720.
 * Resolves {server, baseUrl, context, scratch, close()}; `scratch` is a temporary folder for test files.
 */
export async function startBrowser({ needs = [] } = {}) {
  for (const f of ['index.html', 'app.js', 'worker-source.js', ...needs]) {
    assert.ok(existsSync(join(DIST, f)), `web/dist/${f} is missing: run scripts/build.sh first`);
  }
  assert.ok(existsSync(CLI), `${CLI} is missing: run scripts/build.sh first`);
  mkdirSync(SHOTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'kexi-test-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'kexi-chromium-'));
  const { server, url: baseUrl } = await startServer(DIST, 0);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS,
    viewport: { width: 1280, height: 720 }, locale: 'en-US', acceptDownloads: true,
  });
  const close = async () => {
    await context.close();
    server.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  return { server, baseUrl, context, scratch, close };
}

/**
 * Opens `url` in a new page of `context` with the interface language `lang` and records every request
 * (and whether it came after the load event), dialogs, page errors and console errors in `log`.
 * `defaultSettings`: forget saved settings first (no column mapping remembered from another page).
 */
export async function openPage(context, url, { lang = 'en', defaultSettings = false } = {}) {
  const page = await context.newPage();
  const log = { requests: [], afterLoad: [], dialogs: [], errors: [], consoleErrors: [], loaded: false };
  page.on('request', (r) => {
    log.requests.push(r.url());
    // blob: and data: URLs are the page's own memory (its worker scripts), not the network.
    if (log.loaded && !/^(blob|data):/.test(r.url())) log.afterLoad.push(r.url());
  });
  page.on('load', () => { log.loaded = true; });
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  await page.addInitScript(([l, forget]) => {
    window.localStorage.setItem('kexi.lang', l);
    if (forget) window.localStorage.removeItem('kexi.settings');
  }, [lang, defaultSettings]);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, log };
}

/** Saves the download that clicking `selector` starts into `dir`; resolves {name, path, bytes}. */
export async function downloadOf(page, selector, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path, bytes: readFileSync(path) };
}

/** RFC 4180 CSV text (quotes, doubled quotes, embedded newlines; a leading BOM dropped) -> rows. */
export function parseCsvText(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; ++i) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
