// Builds the page into web/dist/ (plain Node, no bundler):
//   index.html + styles.css + app.js + worker-source.js + samples.js   the static build
//   kexi.html                                                           everything inlined, for file://
//   kexi-core.js, vendor/                                               the wasm module and pinned libraries
// The worker's source (kexi-core.js + SheetJS + sheet_csv.js + warm_up.js + worker.js) reaches the page as a string
// (KEXI_WORKER_SOURCE) and is always started from a Blob URL: Chromium refuses a Worker from a file:// URL.
// The page's ES modules are joined into one classic script by a deliberately small transform that
// accepts only single-line `import {...}/* as/default from './x.js'` and `export function/class/const/default`
// and fails the build on anything else.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB, '..');
const DIST = join(WEB, 'dist');
const CORE_JS = join(ROOT, 'build', 'wasm', 'kexi-core.js');
const XLSX_JS = join(ROOT, 'node_modules', '@e965', 'xlsx', 'dist', 'xlsx.mini.min.js');
const ECHARTS_JS = join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js');
const SAMPLES = join(ROOT, 'samples');
const SAMPLE_EXTENSIONS = /\.(csv|tsv|txt|xlsx)$/i;

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(1);
}

function read(path) {
  if (!existsSync(path)) fail(`missing ${path}`);
  return readFileSync(path, 'utf8');
}

// ---- the worker's source ----

/** Moves the base64 wasm out of kexi-core.js so the worker can pass it as wasmBinary (TOOLCHAIN.md). */
function splitWasm(coreJs) {
  const re = /(["'])data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)\1/g;
  const found = [...coreJs.matchAll(re)];
  if (found.length !== 1) fail(`expected one inlined wasm data: URL in kexi-core.js (SINGLE_FILE), found ${found.length}`);
  return { js: coreJs.replace(re, '"kexi-core.wasm"'), base64: found[0][2] };
}

function workerSource() {
  const { js, base64 } = splitWasm(read(CORE_JS));
  return [
    `var KEXI_WASM_BASE64 = ${JSON.stringify(base64)};`,
    js,
    read(XLSX_JS),
    read(join(WEB, 'src', 'sheet_csv.js')),
    read(join(WEB, 'src', 'warm_up.js')),
    read(join(WEB, 'src', 'worker.js')),
  ].join('\n;\n');
}

// ---- the page's modules, joined ----

const IMPORT_NAMED = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?\s*$/;
const IMPORT_STAR = /^import\s*\*\s*as\s+(\w+)\s+from\s*'([^']+)';?\s*$/;
const IMPORT_DEFAULT = /^import\s+(\w+)\s+from\s*'([^']+)';?\s*$/;
const EXPORT_DECL = /^export\s+((?:async\s+)?function\*?|class|const|let)\s+(\w+)/;
const EXPORT_DEFAULT = /^export\s+default\s+/;

function transformModule(rel, source) {
  const deps = [];
  const exported = [];
  const resolve = (spec) => {
    if (!spec.startsWith('./') && !spec.startsWith('../')) fail(`${rel}: only relative imports are supported (${spec})`);
    const target = posix.normalize(posix.join(posix.dirname(rel), spec));
    deps.push(target);
    return `__kexiModules[${JSON.stringify(target)}]`;
  };
  const lines = source.split('\n').map((line, i) => {
    let m;
    if ((m = IMPORT_NAMED.exec(line))) {
      const names = m[1].split(',').map((s) => s.trim()).filter(Boolean)
        .map((s) => s.replace(/^(\w+)\s+as\s+(\w+)$/, '$1: $2'));
      return `const { ${names.join(', ')} } = ${resolve(m[2])};`;
    }
    if ((m = IMPORT_STAR.exec(line))) return `const ${m[1]} = ${resolve(m[2])};`;
    if ((m = IMPORT_DEFAULT.exec(line))) return `const ${m[1]} = ${resolve(m[2])}.default;`;
    if ((m = EXPORT_DECL.exec(line))) {
      exported.push(m[2]);
      return line.replace(/^export\s+/, '');
    }
    if (EXPORT_DEFAULT.test(line)) {
      exported.push('default: __default');
      return line.replace(EXPORT_DEFAULT, 'const __default = ');
    }
    if (/^\s*(import|export)\b/.test(line) || /\bimport\s*\(/.test(line)) {
      fail(`${rel}:${i + 1}: unsupported module syntax: ${line.trim()}`);
    }
    return line;
  });
  const code = `__kexiModules[${JSON.stringify(rel)}] = (() => {\n${lines.join('\n')}\nreturn { ${exported.join(', ')} };\n})();`;
  return { code, deps };
}

function bundle(entry, virtual) {
  const state = new Map();  // rel -> 'visiting' | 'done'
  const parts = [];
  const visit = (rel, from) => {
    if (state.get(rel) === 'done') return;
    if (state.get(rel) === 'visiting') fail(`import cycle through ${rel} (from ${from})`);
    state.set(rel, 'visiting');
    const source = rel in virtual ? virtual[rel] : read(join(WEB, rel));
    const { code, deps } = transformModule(rel, source);
    for (const dep of deps) visit(dep, rel);
    state.set(rel, 'done');
    parts.push(code);
  };
  visit(entry, '(entry)');
  return `(() => {\n'use strict';\nconst __kexiModules = Object.create(null);\n${parts.join('\n')}\n})();\n`;
}

function viewRegistry() {
  const files = readdirSync(join(WEB, 'src', 'views')).filter((f) => f.endsWith('.js') && f !== 'registry.js').sort();
  const names = files.map((f) => `view_${f.replace(/\.js$/, '').replace(/\W/g, '_')}`);
  return [
    ...files.map((f, i) => `import ${names[i]} from './${f}';`),
    `export const views = [${names.join(', ')}].sort((a, b) => a.order - b.order);`,
  ].join('\n');
}

function messages() {
  // en.json / zh.json hold the shell's texts; each view may keep its own in <view>.en.json and
  // <view>.zh.json, so views can be added without touching one shared file.
  const load = (lang) => {
    const dict = JSON.parse(read(join(WEB, 'i18n', `${lang}.json`)));
    for (const f of readdirSync(join(WEB, 'i18n')).filter((x) => x.endsWith(`.${lang}.json`)).sort()) {
      const part = JSON.parse(read(join(WEB, 'i18n', f)));
      for (const key of Object.keys(part)) if (key in dict) fail(`i18n/${f}: key ${key} is defined twice`);
      Object.assign(dict, part);
    }
    return dict;
  };
  const en = load('en');
  const zh = load('zh');
  const onlyEn = Object.keys(en).filter((k) => !(k in zh));
  const onlyZh = Object.keys(zh).filter((k) => !(k in en));
  if (onlyEn.length || onlyZh.length) fail(`i18n keys differ: only in en: ${onlyEn.join(' ')}; only in zh: ${onlyZh.join(' ')}`);
  return { en, zh };
}

/** Fails the build when a literal t('key') in the sources has no text. */
function checkLiteralKeys(dict) {
  const dirs = [join(WEB, 'src'), join(WEB, 'src', 'views')];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/\bt\('([^']+)'/g)) if (!(m[1] in dict.en)) fail(`${f}: unknown i18n key ${m[1]}`);
    }
  }
  const html = read(join(WEB, 'index.html'));
  for (const m of html.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)) if (!(m[1] in dict.en)) fail(`index.html: unknown i18n key ${m[1]}`);
}

// ---- samples: inlined as base64 because fetching them would be a network request ----

function samplesScript() {
  const list = existsSync(SAMPLES)
    ? readdirSync(SAMPLES).filter((f) => SAMPLE_EXTENSIONS.test(f)).sort()
    : [];
  const samples = list.map((name) => ({ name, base64: readFileSync(join(SAMPLES, name)).toString('base64') }));
  return `globalThis.KEXI_SAMPLES = ${JSON.stringify(samples)};\n`;
}

// ---- HTML ----

/** Makes a script/style body safe to inline: no "</script", "</style" or "<!--" may appear. */
function checkInline(name, text) {
  if (/<\/script|<\/style|<!--/i.test(text)) fail(`${name} cannot be inlined: it contains </script, </style or <!--`);
  return text;
}

/** JSON string literal with every "<" escaped, so it can sit inside a <script> element. */
function jsString(text) {
  return JSON.stringify(text).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function csp({ scriptHashes = [], styleHashes = [] } = {}) {
  return [
    "default-src 'none'",
    "connect-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
    'worker-src blob:',
    ["style-src 'self'", ...styleHashes].join(' '),
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function page(template, { cspText, styles, scripts }) {
  const replaceOnce = (text, marker, value) => {
    if (text.split(marker).length !== 2) fail(`index.html must contain ${marker} exactly once`);
    return text.replace(marker, () => value);
  };
  let html = replaceOnce(template, '<!-- kexi:csp -->', `<meta http-equiv="Content-Security-Policy" content="${cspText}">`);
  html = replaceOnce(html, '<!-- kexi:styles -->', styles);
  return replaceOnce(html, '<!-- kexi:scripts -->', scripts);
}

function main() {
  const dict = messages();
  checkLiteralKeys(dict);
  const app = bundle('src/app.js', {
    'src/messages.js': `export default ${JSON.stringify(dict)};`,
    'src/views/registry.js': viewRegistry(),
  });
  const worker = `globalThis.KEXI_WORKER_SOURCE = ${jsString(workerSource())};\n`;
  const samples = samplesScript();
  const styles = read(join(WEB, 'styles.css'));
  const template = read(join(WEB, 'index.html'));

  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(join(DIST, 'vendor'), { recursive: true });
  writeFileSync(join(DIST, 'app.js'), app);
  writeFileSync(join(DIST, 'worker-source.js'), worker);
  writeFileSync(join(DIST, 'samples.js'), samples);
  writeFileSync(join(DIST, 'styles.css'), styles);
  copyFileSync(CORE_JS, join(DIST, 'kexi-core.js'));
  copyFileSync(XLSX_JS, join(DIST, 'vendor', 'xlsx.mini.min.js'));
  copyFileSync(join(ROOT, 'node_modules', '@e965', 'xlsx', 'LICENSE'), join(DIST, 'vendor', 'xlsx.LICENSE'));
  copyFileSync(ECHARTS_JS, join(DIST, 'vendor', 'echarts.min.js'));
  copyFileSync(join(ROOT, 'node_modules', 'echarts', 'LICENSE'), join(DIST, 'vendor', 'echarts.LICENSE'));

  const echarts = read(ECHARTS_JS);
  const scriptNames = ['samples.js', 'worker-source.js', 'vendor/echarts.min.js', 'app.js'];
  writeFileSync(join(DIST, 'index.html'), page(template, {
    cspText: csp(),
    styles: '<link rel="stylesheet" href="styles.css">',
    scripts: scriptNames.map((n) => `<script src="${n}"></script>`).join('\n'),
  }));

  const inlineScripts = [samples, worker, echarts, app].map((text, i) => checkInline(scriptNames[i], text));
  const inlineStyle = checkInline('styles.css', styles);
  const single = page(template, {
    cspText: csp({ scriptHashes: inlineScripts.map(sha256), styleHashes: [sha256(inlineStyle)] }),
    styles: `<style>${inlineStyle}</style>`,
    scripts: inlineScripts.map((s) => `<script>${s}</script>`).join('\n'),
  });
  writeFileSync(join(DIST, 'kexi.html'), single);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`web/dist: index.html + app.js (${kb(app.length)}), worker-source.js (${kb(worker.length)}), ` +
              `samples.js (${kb(samples.length)}); kexi.html ${kb(Buffer.byteLength(single))} (single file)`);
}

main();
