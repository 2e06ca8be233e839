// The Workshop view's "Make exercise data" form: its fields, defaults, and the generator options
// (the keys of `kexi sample`, read by core sample_options_from_json) and CLI line built from it.

/** Fields in form order. Ranges mirror the core's checks (core/include/kexi/sample_options.hpp). */
export const FORM_FIELDS = [
  { key: 'kind', choices: ['orders', 'customers', 'survey'] },
  { key: 'lang', choices: ['en', 'zh'] },
  { key: 'customers', type: 'number', min: '1', max: '2000000', step: '1', hint: true },
  { key: 'seed', type: 'number', min: '0', max: '9007199254740992', step: '1', hint: true },
  { key: 'seasonality', type: 'number', min: '0', max: '10', step: '0.1', hint: true },
  { key: 'churn', type: 'number', min: '0.01', max: '0.99', step: '0.01', hint: true },
  { key: 'start', type: 'date', min: '1900-01-01', max: '2100-12-31' },
  { key: 'end', type: 'date', min: '1900-01-01', max: '2100-12-31' },
  { key: 'bad_rows', type: 'number', min: '0', max: '100000', step: '1', hint: true },
];

/** The generator's defaults (the committed samples' settings), in the interface language. */
export function formDefaults(lang) {
  return {
    kind: 'orders', lang: lang === 'zh' ? 'zh' : 'en', customers: '300', seed: '42', seasonality: '1',
    churn: '0.2', start: '2023-01-01', end: '2024-12-31', bad_rows: '12',
  };
}

/**
 * The options sent to the core. Numbers go as numbers when they read as one, otherwise as the text
 * typed, so the core's message names the field and the value ("customers must be a number ...").
 */
export function optionsOf(values) {
  const out = {};
  for (const f of FORM_FIELDS) {
    const v = String(values[f.key] === undefined ? '' : values[f.key]).trim();
    if (f.choices || f.type === 'date') out[f.key] = v;
    else out[f.key] = v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

/** The same file from the command line: `kexi sample --kind orders ... --out NAME`. */
export function commandOf(options, name) {
  const parts = ['kexi sample'];
  for (const [k, v] of Object.entries(options)) parts.push(`--${k.replace(/_/g, '-')}`, String(v));
  if (name) parts.push('--out', name);
  return parts.join(' ');
}
