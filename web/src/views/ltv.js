// Lifetime value: the core's `ltv` request (docs/LTV.md) drawn for a shop owner. Settings live in
// the request itself (state.results.ltv.request), so the view keeps no state of its own: a changed
// control sends a new request and the page is drawn again from the answer.
import { h, newId } from '../dom.js';
import { t, has } from '../i18n.js';
import { formatInteger, formatAmount } from '../format.js';
import { chart, downloadText } from '../charts.js';
import * as actions from '../actions.js';
import { tableDownloads } from '../table_export.js';
import { saved } from '../settings.js';
import { fixed, sig, percent, histogramOption, heatmapOption, bucketsOption, trackingOption } from '../ltv_charts.js';

const KEY = 'ltv';
const CSV_KEY = 'ltv_csv';
const DEFAULTS = { period: 'day', horizon: '12m', discount_rate_annual: 0.1, margin: 1, model: 'bgnbd', calibration_end: '' };
const PERIODS = ['day', 'week', 'month'];
const HORIZON_UNITS = ['d', 'w', 'm', 'y'];
const MODELS = ['bgnbd', 'pareto', 'mbgnbd'];
const MODEL_NAMES = { bgnbd: 'BG/NBD', pareto_nbd: 'Pareto/NBD', pareto: 'Pareto/NBD', mbgnbd: 'MBG/NBD', gamma_gamma: 'Gamma-Gamma' };

// ---- settings <-> request ----

export function settingsOf(state) {
  const r = state.results[KEY] ? state.results[KEY].request : null;
  const s = Object.assign({}, DEFAULTS, saved('ltv'));  // the user's remembered settings (settings.js)
  if (r) for (const k of Object.keys(DEFAULTS)) if (r[k] !== undefined) s[k] = r[k];
  return s;
}

export function requestOf(s) {
  const r = { type: 'ltv', period: s.period, horizon: s.horizon, discount_rate_annual: s.discount_rate_annual, margin: s.margin, model: s.model };
  if (s.calibration_end) r.calibration_end = s.calibration_end;
  return r;
}

/** The same analysis on the command line, so an analyst can reproduce every number. */
function commandLine(s, fileName) {
  const name = /^[\w.\-/]+$/.test(fileName) ? fileName : JSON.stringify(fileName);
  const parts = ['kexi ltv', name, '--period', s.period, '--horizon', s.horizon,
    '--discount-rate-annual', String(s.discount_rate_annual), '--margin', String(s.margin), '--model', s.model];
  if (s.calibration_end) parts.push('--calibration-end', s.calibration_end);
  return parts.join(' ');
}

function run(s) {
  actions.analyse(KEY, requestOf(s));
}

function splitHorizon(text) {
  const m = /^(\d+(?:\.\d+)?)([dwmy])$/.exec(text || '');
  return m ? { amount: Number(m[1]), unit: m[2] } : { amount: 12, unit: 'm' };
}

// ---- small building blocks ----

function unitName(unit, n = 2) {
  return t(`ltv.unit.${unit}${n === 1 ? '' : 's'}`);
}

function money(x) {
  return formatAmount(x);
}

function stat(key, label, value, note) {
  return h('div', { class: 'stat', 'data-ltv-stat': key }, h('dt', null, label), h('dd', null, value),
    note ? h('p', { class: 'stat-note' }, note) : null);
}

function field(label, control, hint) {
  const id = newId('ltv');
  control.id = id;
  return h('div', { class: 'ltv-field' }, h('label', { for: id }, label), control, hint ? h('span', { class: 'ltv-unit' }, hint) : null);
}

function cardHead(id, title, hint) {
  return h('div', { class: 'card-head' }, h('h2', { id }, title), hint ? h('p', { class: 'hint' }, hint) : null);
}

function table(testid, columns, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data ltv-table', 'data-testid': testid },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, 'data-col': c.key }, c.label)))),
    h('tbody', null, rows.map((row) => h('tr', null, columns.map((c) => (c.key === 'customer_id'
      ? h('th', { scope: 'row' }, String(row[c.key]))
      : h('td', { class: c.num ? 'num' : null, 'data-col': c.key }, c.format(row[c.key], row)))))))));
}

// ---- sections ----

function settingsCard(state, s, result) {
  const change = (patch) => run(Object.assign({}, s, patch));
  const horizon = splitHorizon(s.horizon);
  const period = h('select', { 'data-key': 'ltv-period', onchange: (e) => change({ period: e.target.value }) },
    PERIODS.map((p) => h('option', { value: p, selected: p === s.period }, t(`ltv.period.${p}`))));
  const amount = h('input', {
    type: 'number', min: '1', max: '600', step: '1', value: String(horizon.amount), 'data-key': 'ltv-horizon', class: 'short',
    onchange: (e) => {
      const v = Number(e.target.value);
      if (Number.isFinite(v) && v > 0 && v <= 600) change({ horizon: `${v}${horizon.unit}` });
      else e.target.value = String(horizon.amount);
    },
  });
  const unit = h('select', { 'data-key': 'ltv-horizon-unit', 'aria-label': t('ltv.set.horizonUnit'), onchange: (e) => change({ horizon: `${horizon.amount}${e.target.value}` }) },
    HORIZON_UNITS.map((u) => h('option', { value: u, selected: u === horizon.unit }, t(`ltv.horizonUnit.${u}`))));
  const rate = h('input', {
    type: 'number', min: '0', max: '100', step: '0.5', value: String(+(s.discount_rate_annual * 100).toFixed(4)), 'data-key': 'ltv-discount', class: 'short',
    onchange: (e) => {
      const v = Number(e.target.value);
      if (e.target.value !== '' && Number.isFinite(v) && v >= 0 && v <= 100) change({ discount_rate_annual: +(v / 100).toFixed(6) });
      else e.target.value = String(s.discount_rate_annual * 100);
    },
  });
  const margin = h('input', {
    type: 'number', min: '0', max: '100', step: '1', value: String(+(s.margin * 100).toFixed(4)), 'data-key': 'ltv-margin', class: 'short',
    onchange: (e) => {
      const v = Number(e.target.value);
      if (e.target.value !== '' && Number.isFinite(v) && v >= 0 && v <= 100) change({ margin: +(v / 100).toFixed(6) });
      else e.target.value = String(s.margin * 100);
    },
  });
  const model = h('select', { 'data-key': 'ltv-model', onchange: (e) => change({ model: e.target.value }) },
    MODELS.map((m) => h('option', { value: m, selected: m === s.model }, `${MODEL_NAMES[m]} — ${t(`ltv.model.${m}`)}`)));
  const fromOrders = !result || !result.data || result.data.source === 'orders';
  const calib = h('input', {
    type: 'date', value: s.calibration_end || '', 'data-key': 'ltv-calibration', disabled: !fromOrders,
    min: result && result.data ? result.data.observation_start : null, max: result && result.data ? result.data.observation_end : null,
    onchange: (e) => change({ calibration_end: e.target.value || '' }),
  });
  const suggestion = result && result.data ? suggestCalibrationEnd(result.data) : null;
  const holdoutButtons = h('div', { class: 'ltv-inline-buttons' },
    suggestion && fromOrders && s.calibration_end !== suggestion
      ? h('button', { type: 'button', class: 'secondary small', 'data-key': 'ltv-suggest', onclick: () => change({ calibration_end: suggestion }) },
        t('ltv.set.suggest', { date: suggestion })) : null,
    s.calibration_end
      ? h('button', { type: 'button', class: 'secondary small', 'data-key': 'ltv-no-holdout', onclick: () => change({ calibration_end: '' }) }, t('ltv.set.noHoldout')) : null);

  const u = result && result.units;
  const unitLine = u ? h('p', { class: 'ltv-units', 'data-testid': 'ltv-units' }, t('ltv.units.line', {
    period: unitName(u.period, 1),
    text: horizonLabel(u.horizon.text), horizon: fixed(u.horizon.periods, 1), periods: unitName(u.period),
    days: u.period === 'day' ? '' : t('ltv.units.days', { n: fixed(u.horizon.days, 1) }),
    annual: percent(u.discount_rate.annual, 1), perPeriod: percent(u.discount_rate.per_period, 3), per: unitName(u.period, 1),
    margin: percent(u.margin, 0),
  })) : null;

  return h('section', { class: 'card ltv-settings', 'aria-labelledby': 'ltv-set-h', 'data-testid': 'ltv-settings' },
    cardHead('ltv-set-h', t('ltv.set.heading'), t('ltv.set.hint')),
    h('div', { class: 'ltv-fields' },
      field(t('ltv.set.period'), period, t('ltv.set.periodHint')),
      h('div', { class: 'ltv-field' }, h('label', { for: (amount.id = newId('ltv')) }, t('ltv.set.horizon')),
        h('span', { class: 'ltv-pair' }, amount, unit)),
      field(t('ltv.set.discount'), rate, t('ltv.set.perYear')),
      field(t('ltv.set.margin'), margin, t('ltv.set.ofRevenue')),
      field(t('ltv.set.model'), model),
      h('div', { class: 'ltv-field' }, h('label', { for: (calib.id = newId('ltv')) }, t('ltv.set.calibration')), calib,
        h('span', { class: 'ltv-unit' }, fromOrders ? t('ltv.set.calibrationHint') : t('ltv.set.calibrationSummary')), holdoutButtons)),
    unitLine,
    h('p', { class: 'ltv-cli' }, h('span', null, t('ltv.set.cli')), ' ', h('code', { 'data-testid': 'ltv-cli' }, commandLine(s, state.fileName))));
}

/** The last third of the observed span as holdout, as a calibration end date (YYYY-MM-DD). */
function suggestCalibrationEnd(data) {
  if (!data.observation_start || !data.observation_end) return null;
  const a = Date.parse(`${data.observation_start}T00:00:00Z`);
  const b = Date.parse(`${data.observation_end}T00:00:00Z`);
  if (!(b > a)) return null;
  const day = 86400000;
  const cut = a + Math.round(((b - a) / day) * (2 / 3)) * day;
  return new Date(cut).toISOString().slice(0, 10);
}

function explainCard() {
  const item = (key) => h('div', { class: 'ltv-explain-item' }, h('h3', null, t(`ltv.explain.${key}.title`)),
    h('p', null, t(`ltv.explain.${key}.text`)), h('p', { class: 'ltv-example' }, t(`ltv.explain.${key}.example`)));
  return h('section', { class: 'card ltv-explain', 'aria-labelledby': 'ltv-exp-h', 'data-testid': 'ltv-explain' },
    cardHead('ltv-exp-h', t('ltv.explain.heading')),
    h('div', { class: 'ltv-explain-grid' }, item('palive'), item('purchases'), item('clv')));
}

function summaryCard(r) {
  const u = r.units;
  const horizon = horizonLabel(r.units.horizon.text);
  const chosen = r.model;
  const methodText = r.method === 'model'
    ? t('ltv.method.model', { model: MODEL_NAMES[chosen] || chosen, customers: formatInteger(r.data.customers), repeat: formatInteger(r.data.repeat_customers) })
    : t('ltv.method.simple');
  return h('section', { class: 'card', 'aria-labelledby': 'ltv-sum-h', 'data-testid': 'ltv-summary' },
    cardHead('ltv-sum-h', t('ltv.summary.heading'), t('ltv.summary.hint', { horizon: horizonText(u) })),
    h('dl', { class: 'stats ltv-stats' },
      stat('customers', t('ltv.summary.customers'), formatInteger(r.data.customers),
        t('ltv.summary.repeat', { n: formatInteger(r.data.repeat_customers) })),
      stat('clv_total', t('ltv.summary.clvTotal', { horizon }), money(r.clv.total)),
      stat('clv_mean', t('ltv.summary.clvMean'), money(r.clv.mean), t('ltv.summary.median', { v: money(r.clv.quantiles.p50) })),
      stat('purchases_total', t('ltv.summary.purchases', { horizon }), fixed(r.expected_purchases.total, 1),
        t('ltv.summary.perCustomer', { v: fixed(r.expected_purchases.mean, 2) })),
      stat('historical', t('ltv.summary.historical'), money(r.historical.revenue_total),
        u.margin < 1 ? t('ltv.summary.historicalMargin', { v: money(r.historical.margin_total) }) : null),
      stat('at_risk', t('ltv.summary.atRisk'), r.at_risk ? formatInteger(r.at_risk.count) : '–')),
    h('div', { class: `ltv-method ${r.method}`, 'data-testid': 'ltv-method', 'data-method': r.method },
      h('strong', null, t(`ltv.method.name.${r.method}`)), ' ', methodText,
      r.method !== 'model' ? h('span', { class: 'core-message', lang: 'en' }, ` ${r.method_reason}`) : null),
    r.simple_formula ? h('p', { class: 'hint' }, t('ltv.method.simpleNumbers', {
      aov: money(r.simple_formula.aov), rate: fixed(r.simple_formula.rate_per_period, 4), churn: percent(r.simple_formula.churn_per_period, 2),
      life: fixed(r.simple_formula.expected_lifetime_periods, 1), unit: unitName(u.period),
    })) : null);
}

function horizonText(u) {
  return t('ltv.units.horizon', { text: horizonLabel(u.horizon.text), periods: fixed(u.horizon.periods, 1), unit: unitName(u.period) });
}

/** "12m" -> "12 months" in the interface language. */
function horizonLabel(text) {
  const m = /^(\d+(?:\.\d+)?)([dwmy])$/.exec(text || '');
  return m ? t('ltv.units.amount', { n: m[1], unit: t(`ltv.horizonUnit.${m[2]}`) }) : text;
}

function fitBlock(name, fit, chosen) {
  if (!fit) return null;
  if (fit.skipped || fit.error) {
    return h('div', { class: 'ltv-fit skipped', 'data-model': name },
      h('h3', null, MODEL_NAMES[name]), h('p', { class: 'hint' }, t(fit.skipped ? 'ltv.fit.skipped' : 'ltv.fit.failed')),
      h('p', { class: 'core-message', lang: 'en' }, fit.skipped || fit.error));
  }
  const params = Object.keys(fit.params);
  const badge = fit.converged
    ? h('span', { class: 'badge good', 'data-testid': 'converged' }, t('ltv.fit.converged'))
    : h('span', { class: 'badge warn', 'data-testid': 'not-converged' }, t('ltv.fit.notConverged'));
  return h('div', { class: `ltv-fit${chosen ? ' chosen' : ''}`, 'data-model': name },
    h('h3', null, MODEL_NAMES[name], ' ', badge, chosen ? h('span', { class: 'badge chosen' }, t('ltv.fit.used')) : null),
    h('table', { class: 'data ltv-params' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('ltv.fit.param')), h('th', { scope: 'col', class: 'num' }, t('ltv.fit.value')),
        h('th', { scope: 'col', class: 'num' }, t('ltv.fit.se')))),
      h('tbody', null, params.map((p) => h('tr', { 'data-param': p },
        h('th', { scope: 'row' }, p), h('td', { class: 'num value' }, sig(fit.params[p], 4)),
        h('td', { class: 'num' }, fit.std_errors[p] === null ? '–' : `± ${sig(fit.std_errors[p], 2, true)}`))))),
    h('dl', { class: 'facts ltv-fit-facts' },
      h('div', { 'data-fact': 'log_likelihood' }, h('dt', null, t('ltv.fit.ll')), h('dd', null, fixed(fit.log_likelihood, 2))),
      h('div', null, h('dt', null, t('ltv.fit.iterations')), h('dd', null, formatInteger(fit.iterations))),
      h('div', null, h('dt', null, t('ltv.fit.starts')), h('dd', null, `${fit.starts_converged}/${fit.starts_tried}`)),
      h('div', null, h('dt', null, t('ltv.fit.patterns')), h('dd', null, formatInteger(fit.patterns)))),
    fit.converged ? null : h('p', { class: 'ltv-fit-message', role: 'note' }, t('ltv.fit.notConvergedExplain'), ' ',
      h('span', { class: 'core-message', lang: 'en' }, fit.message)),
    (fit.warnings || []).length ? h('ul', { class: 'warnings', lang: 'en' }, fit.warnings.map((w) => h('li', null, w))) : null);
}

function fitCard(r) {
  const gg = r.gamma_gamma;
  const ggExtra = gg && !gg.error ? h('div', { class: 'ltv-gg-notes' },
    h('p', null, t('ltv.fit.ggUsed', { used: formatInteger(gg.customers_used), skipped: formatInteger(gg.customers_skipped) })),
    gg.population_mean_value !== null ? h('p', null, t('ltv.fit.ggMean', { v: money(gg.population_mean_value) })) : null,
    h('p', { class: Math.abs(gg.frequency_monetary_correlation) > 0.3 ? 'warn-text' : null, 'data-testid': 'ltv-gg-corr' },
      t(Math.abs(gg.frequency_monetary_correlation) > 0.3 ? 'ltv.fit.corrHigh' : 'ltv.fit.corrOk', { c: fixed(gg.frequency_monetary_correlation, 3) }))) : null;
  const chosen = r.model;
  return h('section', { class: 'card', 'aria-labelledby': 'ltv-fit-h', 'data-testid': 'ltv-fit' },
    cardHead('ltv-fit-h', t('ltv.fit.heading'), t('ltv.fit.hint', { unit: unitName(r.units.period) })),
    h('div', { class: 'ltv-fits' },
      ['bgnbd', 'pareto_nbd', 'mbgnbd'].filter((m) => r[m]).map((m) => fitBlock(m, r[m], m === chosen && r.method === 'model')),
      gg ? h('div', { class: 'ltv-fit-gg' }, fitBlock('gamma_gamma', gg, false), ggExtra) : null));
}

function topTable(r, rows, testid, extraCols = [], caption = '') {
  const unit = unitName(r.units.period);
  const cols = [
    { key: 'rank', label: '#', num: true, format: (v, row) => formatInteger(rows.indexOf(row) + 1) },
    { key: 'customer_id', label: t('ltv.col.customer') },
    { key: 'clv', label: t('ltv.col.clv', { horizon: horizonLabel(r.units.horizon.text) }), num: true, format: money },
    { key: 'p_alive', label: t('ltv.col.palive'), num: true, format: (v) => (v === null ? '–' : percent(v, 1)) },
    ...extraCols,
    { key: 'expected_purchases', label: t('ltv.col.purchases', { horizon: horizonLabel(r.units.horizon.text) }), num: true, format: (v) => fixed(v, 2) },
    { key: 'expected_aov', label: t('ltv.col.aov'), num: true, format: money },
    { key: 'frequency', label: t('ltv.col.frequency'), num: true, format: (v) => formatInteger(v) },
    { key: 'recency', label: t('ltv.col.recency', { unit }), num: true, format: (v) => fixed(v, 0) },
    { key: 'T', label: t('ltv.col.T', { unit }), num: true, format: (v) => fixed(v, 0) },
    { key: 'historical_revenue', label: t('ltv.col.revenue'), num: true, format: money },
  ];
  return table(testid, cols, rows, caption);  // the caption is read by screen readers: a title, not the test id
}

const CUSTOMER_FIELDS = ['customer_id', 'clv', 'p_alive', 'expected_purchases', 'expected_aov', 'frequency', 'recency', 'T', 'historical_revenue'];

/** CSV and Excel downloads of a customer list (the raw numbers of the rows shown). */
function customerDownloads(name, rows, key, label, extra = []) {
  const fields = [...CUSTOMER_FIELDS, ...extra];
  return tableDownloads(name, fields, rows.map((row) => fields.map((f) => (f === 'customer_id' ? String(row[f]) : row[f]))), { key, label });
}

function distributionCard(container, r) {
  const q = r.clv.quantiles;
  const card = h('section', { class: 'card', 'aria-labelledby': 'ltv-dist-h', 'data-testid': 'ltv-distribution' },
    cardHead('ltv-dist-h', t('ltv.dist.heading', { horizon: horizonLabel(r.units.horizon.text) }), t('ltv.dist.hint')));
  container.appendChild(card);
  chart(card, histogramOption(r.clv.histogram, money), { height: 300, label: t('ltv.dist.heading', { horizon: horizonLabel(r.units.horizon.text) }), name: 'kexi-clv-distribution' });
  card.appendChild(h('p', { class: 'hint ltv-quantiles' }, t('ltv.dist.quantiles', {
    p25: money(q.p25), p50: money(q.p50), p75: money(q.p75), p90: money(q.p90), p99: money(q.p99), mean: money(r.clv.mean),
  })));
}

function matrixCard(container, r) {
  const m = r.p_alive_matrix;
  const unit = unitName(r.units.period);
  const card = h('section', { class: 'card', 'aria-labelledby': 'ltv-mat-h', 'data-testid': 'ltv-matrix' },
    cardHead('ltv-mat-h', t('ltv.matrix.heading'), t('ltv.matrix.hint', { T: fixed(m.T, 0), unit, horizon: horizonLabel(r.units.horizon.text) })));
  container.appendChild(card);
  const grid = h('div', { class: 'ltv-two' });
  card.appendChild(grid);
  const left = h('div', null, h('h3', { class: 'small-heading' }, t('ltv.matrix.palive')));
  const right = h('div', null, h('h3', { class: 'small-heading' }, t('ltv.matrix.purchases', { horizon: horizonLabel(r.units.horizon.text) })));
  grid.appendChild(left);
  grid.appendChild(right);
  chart(left, heatmapOption(m, m.p_alive, { unit, max: 1, valueText: (v) => percent(v, 0), title: t('ltv.col.palive') }),
    { height: 380, label: t('ltv.matrix.palive'), name: 'kexi-p-alive-matrix' });
  let maxE = 0;
  for (const row of m.expected_purchases) for (const v of row) maxE = Math.max(maxE, v);
  chart(right, heatmapOption(m, m.expected_purchases, { unit, max: maxE > 0 ? +maxE.toPrecision(2) : 1, valueText: (v) => fixed(v, 1), title: t('ltv.matrix.purchasesShort') }),
    { height: 380, label: t('ltv.matrix.purchases', { horizon: horizonLabel(r.units.horizon.text) }), name: 'kexi-expected-purchases-matrix' });
  card.appendChild(h('p', { class: 'hint' }, t('ltv.matrix.read')));
}

function atRiskCard(r) {
  const a = r.at_risk;
  const m = /(>=\s*)([\d.]+)/.exec(a.rule || '');
  const unit = unitName(r.units.period);
  const extra = [
    { key: 'p_alive_after_last_purchase', label: t('ltv.col.paliveThen'), num: true, format: (v) => percent(v, 1) },
    { key: 'periods_since_last_purchase', label: t('ltv.col.since', { unit }), num: true, format: (v) => fixed(v, 0) },
  ];
  const shown = a.customers || [];
  return h('section', { class: 'card', 'aria-labelledby': 'ltv-risk-h', 'data-testid': 'ltv-at-risk' },
    cardHead('ltv-risk-h', t('ltv.risk.heading'), t('ltv.risk.hint', { cut: m ? money(Number(m[2])) : '' })),
    shown.length ? customerDownloads('kexi-ltv-at-risk.csv', shown, 'ltv-risk-csv', t('ltv.risk.heading'), ['p_alive_after_last_purchase', 'periods_since_last_purchase']) : null,
    h('p', { class: 'ltv-todo' }, t('ltv.risk.todo')),
    shown.length === 0 ? h('p', { class: 'ok-note' }, t('ltv.risk.none'))
      : h('div', null, h('p', { class: 'hint' }, t('ltv.risk.count', { shown: formatInteger(shown.length), total: formatInteger(a.count) })),
        h('div', { class: 'table-wrap ltv-scroll' }, topTable(r, shown, 'ltv-risk-table', extra, t('ltv.risk.heading')))));
}

function holdoutCard(container, r, s) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'ltv-ho-h', 'data-testid': 'ltv-holdout' },
    cardHead('ltv-ho-h', t('ltv.holdout.heading'), t('ltv.holdout.hint')));
  container.appendChild(card);
  const ho = r.holdout;
  if (!ho) {
    const suggestion = suggestCalibrationEnd(r.data);
    card.appendChild(h('p', null, r.data.source === 'orders' ? t('ltv.holdout.none') : t('ltv.set.calibrationSummary')));
    if (suggestion && r.data.source === 'orders') {
      card.appendChild(h('div', { class: 'button-row' }, h('button', {
        type: 'button', class: 'primary', 'data-key': 'ltv-holdout-start',
        onclick: () => run(Object.assign({}, s, { calibration_end: suggestion })),
      }, t('ltv.set.suggest', { date: suggestion }))));
    }
    return;
  }
  const unit = unitName(ho.unit);
  const diff = ho.total_actual > 0 ? (ho.total_predicted - ho.total_actual) / ho.total_actual : NaN;
  card.appendChild(h('p', { class: 'ltv-units' }, t('ltv.holdout.split', {
    start: ho.calibration_start, end: ho.calibration_end, last: ho.observation_end,
    periods: fixed(ho.holdout_periods, 0), unit, customers: formatInteger(ho.customers), model: MODEL_NAMES[ho.model] || ho.model,
  })));
  card.appendChild(h('dl', { class: 'stats ltv-stats', 'data-testid': 'ltv-holdout-numbers' },
    stat('total_actual', t('ltv.holdout.totalActual'), fixed(ho.total_actual, 0)),
    stat('total_predicted', t('ltv.holdout.totalPredicted'), fixed(ho.total_predicted, 1),
      Number.isFinite(diff) ? t('ltv.holdout.diff', { v: percent(diff, 1) }) : null),
    stat('mae', t('ltv.holdout.mae'), fixed(ho.mae, 3), t('ltv.holdout.perCustomer')),
    stat('rmse', t('ltv.holdout.rmse'), fixed(ho.rmse, 3), t('ltv.holdout.perCustomer')),
    stat('correlation', t('ltv.holdout.correlation'), fixed(ho.correlation, 3)),
    stat('fit', t('ltv.holdout.fit'), ho.fit.converged ? t('ltv.fit.converged') : t('ltv.fit.notConverged'),
      Object.entries(ho.fit.params).map(([k, v]) => `${k} ${sig(v, 3)}`).join(' · '))));
  card.appendChild(h('p', { class: 'hint' }, t('ltv.holdout.read')));
  const grid = h('div', { class: 'ltv-two' });
  card.appendChild(grid);
  const left = h('div', null, h('h3', { class: 'small-heading' }, t('ltv.holdout.byFrequency')));
  const right = h('div', null, h('h3', { class: 'small-heading' }, t('ltv.holdout.tracking')));
  grid.appendChild(left);
  grid.appendChild(right);
  chart(left, bucketsOption(ho, unit), { height: 300, label: t('ltv.holdout.byFrequency'), name: 'kexi-holdout-by-frequency' });
  chart(right, trackingOption(ho), { height: 300, label: t('ltv.holdout.tracking'), name: 'kexi-holdout-tracking' });
  left.appendChild(tableDownloads('kexi-ltv-holdout-by-frequency.csv', ['frequency', 'customers', 'actual_mean', 'predicted_mean'],
    ho.by_calibration_frequency.map((b) => [b.frequency, b.customers, b.actual_mean, b.predicted_mean]), { key: 'ltv-holdout-csv', label: t('ltv.holdout.byFrequency') }));
  left.appendChild(table('ltv-holdout-buckets', [
    { key: 'frequency', label: t('ltv.holdout.bucket'), format: (v) => v },
    { key: 'customers', label: t('ltv.holdout.customersInBucket'), num: true, format: (v) => formatInteger(v) },
    { key: 'actual_mean', label: t('ltv.holdout.actual'), num: true, format: (v) => fixed(v, 3) },
    { key: 'predicted_mean', label: t('ltv.holdout.predicted'), num: true, format: (v) => fixed(v, 3) },
  ], ho.by_calibration_frequency, t('ltv.holdout.byFrequency')));
  if ((ho.warnings || []).length) card.appendChild(h('ul', { class: 'warnings', lang: 'en' }, ho.warnings.map((w) => h('li', null, w))));
}

/** A small bar for a share 0..1 (width set through CSSOM: the CSP refuses inline style attributes). */
function shareBar(share) {
  const bar = h('span', { class: 'ltv-bar', 'aria-hidden': 'true' });
  bar.style.width = `${(4 * Math.min(1, Math.max(0, share))).toFixed(2)}rem`;
  return bar;
}

function segmentsCard(r) {
  const groups = r.by_attribute || [];
  if (!groups.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'ltv-seg-h', 'data-testid': 'ltv-segments' },
    cardHead('ltv-seg-h', t('ltv.seg.heading'), t('ltv.seg.hint')),
    h('div', { class: 'ltv-seg-grid' }, groups.map((g) => {
      const total = g.groups.reduce((a, x) => a + x.clv_total, 0);
      // Numeric groups (age, ...) in their own order, named ones by total CLV.
      const numeric = g.groups.every((x) => x.value !== '' && Number.isFinite(Number(x.value)));
      const rows = g.groups.slice().sort((a, b) => (numeric ? Number(a.value) - Number(b.value) : b.clv_total - a.clv_total));
      return h('div', { class: 'ltv-seg', 'data-attribute': g.attribute },
        h('h3', { class: 'small-heading' }, g.attribute),
        tableDownloads(`kexi-ltv-by-${g.attribute}.csv`, ['attribute', 'value', 'customers', 'clv_total', 'clv_mean', 'p_alive_mean', 'revenue_total'],
          rows.map((x) => [g.attribute, x.value, x.customers, x.clv_total, x.clv_mean, x.p_alive_mean, x.revenue_total]), { key: `ltv-seg-${g.attribute}-csv`, label: g.attribute }),
        h('div', { class: 'ltv-seg-scroll' }, table(`ltv-seg-${g.attribute}`, [
          { key: 'value', label: g.attribute, format: (v) => (v === '' ? h('em', { class: 'ltv-blank' }, t('ltv.seg.blank')) : v) },
          { key: 'customers', label: t('ltv.seg.customers'), num: true, format: (v) => formatInteger(v) },
          { key: 'clv_total', label: t('ltv.seg.clvTotal'), num: true, format: (v) => h('span', { class: 'ltv-barcell' }, shareBar(total > 0 ? v / total : 0), h('span', null, money(v))) },
          { key: 'clv_mean', label: t('ltv.seg.clvMean'), num: true, format: money },
          { key: 'p_alive_mean', label: t('ltv.seg.palive'), num: true, format: (v) => (v === null ? '–' : percent(v, 0)) },
          { key: 'revenue_total', label: t('ltv.seg.revenue'), num: true, format: money },
        ], rows, g.attribute)));
    })));
}

function exportCard(state, s, r) {
  const csv = state.results[CSV_KEY];
  const busy = csv && csv.status === 'loading';
  const download = async () => {
    const result = await actions.analyse(CSV_KEY, Object.assign(requestOf(s), { customers: true }));
    if (result && typeof result.csv === 'string') {
      const base = (state.fileName || 'data').replace(/\.[^.]+$/, '');
      downloadText(`kexi-ltv-${base}-${s.period}-${s.horizon}.csv`, result.csv);
    }
  };
  return h('section', { class: 'card ltv-export', 'aria-labelledby': 'ltv-exp-csv-h' },
    cardHead('ltv-exp-csv-h', t('ltv.export.heading'), t('ltv.export.hint', { horizon: horizonLabel(r.units.horizon.text) })),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', 'data-key': 'ltv-csv', disabled: busy, onclick: download }, t('ltv.export.button'))),
    csv && csv.status === 'error' ? h('p', { class: 'warn-text', role: 'alert' }, csv.error.message || '') : null);
}

function errorCard(error) {
  const code = error.code || 'internal_error';
  return h('section', { class: 'card error', role: 'alert', 'data-testid': 'ltv-error' },
    h('h2', null, has(`ltv.error.${code}`) ? t(`ltv.error.${code}`) : t('ltv.error.generic')),
    h('p', { class: 'core-message', lang: 'en' }, error.message || ''),
    h('p', null, t('ltv.error.todo')));
}

// ---- the view ----

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.ltv.title')),
    h('p', null, t('view.ltv.what')),
    h('p', { class: 'todo' }, t('view.ltv.todo'))));
  if (!state.dataset) {
    container.appendChild(h('section', { class: 'card empty' },
      h('p', null, t('ltv.empty')),
      h('button', { type: 'button', class: 'primary', 'data-key': 'to-data', onclick: () => actions.showView('data') }, t('ltv.toData'))));
    return;
  }
  const entry = state.results[KEY];
  const s = settingsOf(state);
  // Ask for the analysis after this drawing (analyse() redraws at once and must not nest in render).
  if (!entry) Promise.resolve().then(() => actions.analyse(KEY, requestOf(s)));
  const r = entry && entry.result;
  container.appendChild(settingsCard(state, s, r));
  const loading = !entry || entry.status === 'loading';
  if (loading) {
    container.appendChild(h('p', { class: 'card note ltv-busy', role: 'status', 'data-testid': 'ltv-busy' }, t('ltv.busy')));
  }
  if (entry && entry.status === 'error') {
    container.appendChild(errorCard(entry.error || {}));
    return;
  }
  if (!r) return;
  const body = h('div', { class: 'ltv-body', 'aria-busy': loading ? 'true' : 'false', 'data-testid': 'ltv-body' });
  container.appendChild(body);
  body.appendChild(summaryCard(r));
  body.appendChild(explainCard());
  body.appendChild(fitCard(r));
  distributionCard(body, r);
  body.appendChild(h('section', { class: 'card', 'aria-labelledby': 'ltv-top-h', 'data-testid': 'ltv-top' },
    cardHead('ltv-top-h', t('ltv.top.heading', { n: formatInteger((r.top_customers || []).length) }), t('ltv.top.hint')),
    customerDownloads('kexi-ltv-top.csv', r.top_customers || [], 'ltv-top-csv', t('ltv.top.heading', { n: formatInteger((r.top_customers || []).length) })),
    h('div', { class: 'table-wrap ltv-scroll' }, topTable(r, r.top_customers || [], 'ltv-top-table', [], t('ltv.top.heading', { n: formatInteger((r.top_customers || []).length) })))));
  if (r.p_alive_matrix) matrixCard(body, r);
  if (r.at_risk) body.appendChild(atRiskCard(r));
  holdoutCard(body, r, s);
  const seg = segmentsCard(r);
  if (seg) body.appendChild(seg);
  body.appendChild(exportCard(state, s, r));
  if ((r.warnings || []).length) {
    body.appendChild(h('section', { class: 'card', 'aria-labelledby': 'ltv-warn-h' },
      h('h2', { id: 'ltv-warn-h' }, t('ltv.warnings')),
      h('ul', { class: 'warnings', lang: 'en' }, r.warnings.map((w) => h('li', null, w)))));
  }
}

export default { id: 'ltv', titleKey: 'view.ltv.title', order: 60, render };
