// Overview: the customer KPIs of the latest period against the previous one, each with its
// definition, change and target status, and what changed said in plain words (core request `kpis`).
import { h, newId } from '../dom.js';
import { t } from '../i18n.js';
import * as actions from '../actions.js';
import { tableDownloads } from '../table_export.js';
import { settings, setSettings, defaultSettings, kpiRequest, ensure, pick, KEYS } from '../segments_state.js';
import { formatUnit, formatPercent, formatDecimal } from '../segments_format.js';

const KEY = KEYS.kpis;
const PERIODS = [7, 14, 30, 90, 180, 365];
/** Figures where a fall is the good direction. */
const LOWER_IS_BETTER = new Set(['churn_rate', 'median_interpurchase_days']);

function intro() {
  return h('div', { class: 'view-intro' },
    h('h1', null, t('view.overview.title')),
    h('p', null, t('overview.what')),
    h('p', { class: 'todo' }, t('overview.todo')));
}

/** The change as text: relative for counts and money, percentage points for ratios. */
function changeText(k) {
  if (k.change === null || k.change === undefined) return '';
  if (k.unit === 'ratio') return t('overview.pp', { value: `${k.change > 0 ? '+' : ''}${formatDecimal(100 * k.change, 1)}` });
  if (k.change_pct !== null && k.change_pct !== undefined) return `${k.change_pct > 0 ? '+' : ''}${formatPercent(k.change_pct)}`;
  return `${k.change > 0 ? '+' : ''}${formatUnit(k.change, k.unit)}`;
}

function direction(k) {
  if (k.change === null || k.change === undefined || k.change === 0) return 'same';
  return k.change > 0 ? 'up' : 'down';
}

function judgement(k) {
  const d = direction(k);
  if (d === 'same') return 'neutral';
  return (d === 'down') === LOWER_IS_BETTER.has(k.id) ? 'good' : 'bad';
}

function targetText(k) {
  if (!k.target) return '';
  const value = formatUnit(k.target.value, k.unit);
  return `${k.target.op === '<=' ? '≤' : '≥'} ${value}`;
}

function card(k) {
  const d = direction(k);
  return h('article', { class: `kpi-card status-${k.status}`, 'data-kpi': k.id, 'data-status': k.status },
    h('h3', { class: 'kpi-name' }, pick(k, 'name')),
    h('p', { class: 'kpi-value', 'data-testid': `kpi-value-${k.id}` }, formatUnit(k.value, k.unit)),
    h('p', { class: `kpi-change ${judgement(k)}` },
      k.change === null || k.change === undefined ? t('overview.change.none')
        : d === 'same' ? t('overview.change.same') : `${d === 'up' ? '▲' : '▼'} ${changeText(k)}`,
      h('span', { class: 'kpi-prev' }, ' · ', t('overview.previous', { value: formatUnit(k.previous, k.unit) }))),
    k.status === 'no_target' ? null
      : h('p', { class: `kpi-target ${k.status}`, 'data-testid': `kpi-status-${k.id}` },
        `${k.status === 'met' ? '✓' : k.status === 'missed' ? '✗' : '?'} ${t(`overview.status.${k.status}`, { target: targetText(k) })}`),
    h('details', { class: 'kpi-def' }, h('summary', null, t('overview.definition')), h('p', null, pick(k, 'definition'))));
}

/** Plain sentences: the biggest moves first, then the targets. */
function whatChanged(kpis) {
  const sentences = [];
  const comparable = kpis.filter((k) => k.change !== null && k.change !== undefined && k.previous !== null);
  if (!comparable.length) return [t('overview.changed.noPrevious')];
  const size = (k) => (k.unit === 'ratio' ? Math.abs(k.change) * 2 : Math.abs(k.change_pct || 0));
  const moved = comparable.filter((k) => k.change !== 0 && k.id !== 'retention_rate').sort((a, b) => size(b) - size(a)).slice(0, 5);
  for (const k of moved) {
    sentences.push(t(`overview.changed.${k.change > 0 ? 'rose' : 'fell'}`, {
      name: pick(k, 'name'), previous: formatUnit(k.previous, k.unit), value: formatUnit(k.value, k.unit), change: changeText(k),
    }) + t('overview.sentenceSep') + t(`overview.changed.${judgement(k)}`));
  }
  if (!moved.length) sentences.push(t('overview.changed.none'));
  const targeted = kpis.filter((k) => k.target);
  const missed = targeted.filter((k) => k.status === 'missed');
  if (targeted.length && !missed.length) sentences.push(t('overview.changed.targetsMet', { n: targeted.length }));
  if (missed.length) {
    sentences.push(t('overview.changed.targetsMissed', {
      list: missed.map((k) => `${pick(k, 'name')} ${formatUnit(k.value, k.unit)} (${targetText(k)})`).join(t('overview.listSep')),
    }));
  }
  return sentences;
}

function periodControls(s, result) {
  const lenId = newId('period-days');
  const endId = newId('period-end');
  const p = result ? result.period : null;
  return h('section', { class: 'card seg-settings', 'aria-label': t('overview.period.heading') },
    h('div', { class: 'field' }, h('label', { for: lenId }, t('overview.period.length')),
      h('select', { id: lenId, 'data-key': 'kpi-period-days', onchange: (e) => setSettings({ period_days: Number(e.target.value) }) },
        PERIODS.map((n) => h('option', { value: String(n), selected: Number(s.period_days) === n }, t('overview.period.days', { n }))))),
    h('div', { class: 'field' }, h('label', { for: endId }, t('overview.period.end')),
      h('input', { id: endId, type: 'date', value: s.period_end || '', 'data-key': 'kpi-period-end',
        onchange: (e) => setSettings({ period_end: e.target.value }) })),
    p ? h('p', { class: 'period-note', 'data-testid': 'kpi-period' },
      t('overview.period.current', { start: p.current.start, end: p.current.end }), ' · ',
      t('overview.period.previous', { start: p.previous.start, end: p.previous.end })) : null);
}

function setTarget(id, op, raw, unit) {
  const targets = Object.assign({}, settings().targets);
  const value = Number(raw);
  if (!op || raw === '' || !Number.isFinite(value)) delete targets[id];
  else targets[id] = { [op]: unit === 'ratio' ? value / 100 : value };
  setSettings({ targets });
}

function targetsCard(kpis) {
  const targets = settings().targets || {};
  const rows = kpis.map((k) => {
    const current = targets[k.id];
    const op = current ? (current.max !== undefined ? 'max' : 'min') : '';
    const bound = current ? (current.max !== undefined ? current.max : current.min) : null;
    const shown = bound === null ? '' : String(k.unit === 'ratio' ? Math.round(bound * 100000) / 1000 : bound);
    const opId = newId('target-op');
    const valId = newId('target-value');
    let opSel;
    let valIn;
    const apply = () => setTarget(k.id, opSel.value, valIn.value, k.unit);
    opSel = h('select', { id: opId, 'data-key': `target-op-${k.id}`, onchange: apply },
      h('option', { value: '', selected: op === '' }, t('overview.targets.none')),
      h('option', { value: 'max', selected: op === 'max' }, t('overview.targets.max')),
      h('option', { value: 'min', selected: op === 'min' }, t('overview.targets.min')));
    valIn = h('input', { id: valId, type: 'number', step: 'any', value: shown, class: 'target-input', 'data-key': `target-value-${k.id}`, onchange: apply });
    return h('tr', { 'data-kpi': k.id },
      h('th', { scope: 'row' }, pick(k, 'name')),
      h('td', null, h('label', { for: opId, class: 'visually-hidden' }, t('overview.targets.condition')), opSel),
      h('td', null, h('label', { for: valId, class: 'visually-hidden' }, t('overview.targets.value')), valIn,
        k.unit === 'ratio' ? h('span', { class: 'unit' }, ' %') : null),
      h('td', { class: `kpi-target ${k.status}` }, k.status === 'no_target' ? '' : t(`overview.statusShort.${k.status}`)));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'targets-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'targets-heading' }, t('overview.targets.heading')),
      h('p', { class: 'hint' }, t('overview.targets.hint'))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data targets', 'data-testid': 'targets-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('overview.targets.kpi')), h('th', { scope: 'col' }, t('overview.targets.condition')),
        h('th', { scope: 'col' }, t('overview.targets.value')), h('th', { scope: 'col' }, t('overview.targets.status')))),
      h('tbody', null, rows))),
    h('div', { class: 'button-row' }, h('button', {
      type: 'button', class: 'secondary', 'data-key': 'targets-reset', onclick: () => setSettings({ targets: defaultSettings().targets }),
    }, t('overview.targets.reset'))));
}

const KPI_HEADER = ['kpi', 'name', 'unit', 'value', 'previous', 'change', 'change_pct', 'target', 'status', 'definition',
  'period_start', 'period_end', 'previous_start', 'previous_end'];

function kpiRows(result) {
  const p = result.period;
  return result.kpis.map((k) => [k.id, pick(k, 'name'), k.unit, k.value, k.previous, k.change, k.change_pct,
    k.target ? `${k.target.op}${k.target.value}` : '', k.status, pick(k, 'definition'),
    p.current.start, p.current.end, p.previous.start, p.previous.end]);
}

function render(container, state) {
  container.appendChild(intro());
  if (!state.dataset) {
    container.appendChild(h('section', { class: 'card empty' }, h('p', null, t('overview.empty')),
      h('button', { type: 'button', class: 'primary', 'data-key': 'to-data', onclick: () => actions.showView('data') }, t('overview.toData'))));
    return;
  }
  const s = settings();
  ensure(KEY, kpiRequest());
  const entry = state.results[KEY];
  const result = entry && entry.result;
  container.appendChild(periodControls(s, result));
  if (entry && entry.status === 'error') {
    container.appendChild(h('section', { class: 'card error', role: 'alert', 'data-testid': 'kpi-error' },
      h('h2', null, t('overview.error')), h('p', { class: 'core-message', lang: 'en' }, entry.error.message || '')));
    return;
  }
  if (!result) {
    container.appendChild(h('section', { class: 'card', 'aria-busy': 'true' }, h('p', { role: 'status' }, t('overview.loading'))));
    return;
  }
  const busy = entry.status === 'loading' ? 'true' : 'false';
  container.appendChild(h('section', { class: 'card', 'aria-labelledby': 'changed-heading', 'data-testid': 'what-changed' },
    h('h2', { id: 'changed-heading' }, t('overview.changed.heading')),
    h('ul', { class: 'changed-list' }, whatChanged(result.kpis).map((x) => h('li', null, x)))));
  container.appendChild(h('section', { class: 'card', 'aria-labelledby': 'kpi-heading', 'aria-busy': busy },
    h('div', { class: 'card-head' }, h('h2', { id: 'kpi-heading' }, t('overview.kpis.heading')),
      tableDownloads('kexi-kpis.csv', KPI_HEADER, kpiRows(result), { key: 'kpi-csv', label: t('overview.kpis.heading') })),
    h('div', { class: 'kpi-grid', 'data-testid': 'kpi-cards' }, result.kpis.map(card)),
    (result.warnings || []).length ? h('ul', { class: 'warnings', lang: 'en' }, result.warnings.map((w) => h('li', null, w))) : null));
  container.appendChild(targetsCard(result.kpis));
}

export default { id: 'overview', titleKey: 'view.overview.title', order: 30, render };
