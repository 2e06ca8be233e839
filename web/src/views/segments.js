// Segments: RFM scores as the recency x frequency grid (click a cell to list its customers), segment
// sizes, the segment table with its playbook action, lifecycle stages as a funnel, acquisition
// cohorts and attribute breakdowns (core requests `segment` and `cohorts`; docs/SEGMENTS.md).
import { h, newId } from '../dom.js';
import { t, language } from '../i18n.js';
import * as actions from '../actions.js';
import { chart, downloadText } from '../charts.js';
import { formatInteger, formatAmount } from '../format.js';
import { formatPercent, formatDecimal } from '../segments_format.js';
import { tableDownloads } from '../table_export.js';
import { settings, setSettings, resetSettings, segmentRequest, selectionRequest, cohortRequest, ensure, pick, selectCell, pageCell, customersCsv, selection, CELL_PAGE, KEYS } from '../segments_state.js';
import { gridOption, treemapOption, sharesOption, funnelOption, cohortOption, breakdownOption } from '../segments_charts.js';

const KEY = KEYS.segments;
const CELL_KEY = 'segments.cell';
const COHORT_KEY = KEYS.cohorts;

function intro() {
  return h('div', { class: 'view-intro' },
    h('h1', null, t('view.segments.title')),
    h('p', null, t('segments.what')),
    h('p', { class: 'todo' }, t('segments.todo')));
}

function select(label, key, value, options, onchange) {
  const id = newId(key);
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('select', { id, 'data-key': key, onchange: (e) => onchange(e.target.value) },
      options.map(([v, text]) => h('option', { value: String(v), selected: String(v) === String(value) }, text))));
}

function settingsCard(s, result) {
  const dateId = newId('as-of');
  return h('section', { class: 'card seg-settings', 'aria-label': t('segments.settings.heading') },
    select(t('segments.settings.bins'), 'seg-bins', s.bins, [3, 4, 5].map((n) => [n, t('segments.settings.binsN', { n })]),
      (v) => setSettings({ bins: Number(v) })),
    select(t('segments.settings.frequency'), 'seg-frequency', s.frequency,
      [['orders', t('segments.settings.freq.orders')], ['days', t('segments.settings.freq.days')]], (v) => setSettings({ frequency: v })),
    select(t('segments.settings.monetary'), 'seg-monetary', s.monetary,
      [['total', t('segments.settings.mon.total')], ['average', t('segments.settings.mon.average')]], (v) => setSettings({ monetary: v })),
    h('div', { class: 'field' }, h('label', { for: dateId }, t('segments.settings.asOf')),
      h('input', { id: dateId, type: 'date', 'data-key': 'seg-as-of', value: s.as_of || (result ? result.as_of : ''),
        onchange: (e) => setSettings({ as_of: e.target.value }) })),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'seg-reset', onclick: resetSettings }, t('segments.settings.reset')),
    result ? h('p', { class: 'period-note', 'data-testid': 'seg-summary' }, t('segments.summary', {
      as_of: result.as_of, customers: formatInteger(result.customers), buyers: formatInteger(result.buyers), prospects: formatInteger(result.prospects),
    })) : null);
}

function cellPicker(result, sel) {
  const scores = [...result.grid.f_scores].sort((a, b) => b - a);
  const rId = newId('cell-r');
  const fId = newId('cell-f');
  let rSel;
  let fSel;
  rSel = h('select', { id: rId, 'data-key': 'cell-r' }, scores.map((v) => h('option', { value: String(v), selected: sel ? sel.cell_r === v : v === scores[0] }, `R${v}`)));
  fSel = h('select', { id: fId, 'data-key': 'cell-f' }, scores.slice().reverse().map((v) => h('option', { value: String(v), selected: sel ? sel.cell_f === v : v === 1 }, `F${v}`)));
  return h('div', { class: 'cell-picker' },
    h('label', { for: rId }, t('segments.grid.pickR')), rSel,
    h('label', { for: fId }, t('segments.grid.pickF')), fSel,
    h('button', { type: 'button', class: 'secondary', 'data-key': 'cell-show', onclick: () => selectCell(Number(rSel.value), Number(fSel.value)) },
      t('segments.grid.show')));
}

function gridCard(parent, result, sel) {
  const section = parent.appendChild(h('section', { class: 'card', 'aria-labelledby': 'grid-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'grid-heading' }, t('segments.grid.heading')),
      h('p', { class: 'hint' }, t('segments.grid.hint')))));
  const box = h('div', { 'data-testid': 'rf-grid' });
  section.appendChild(box);
  const instance = chart(box, gridOption(result, sel), { height: 380, label: t('segments.grid.heading'), name: 'kexi-rf-grid', reuse: true });
  // Later, not inside ECharts' own event handling: the redraw disposes this very chart.
  if (instance) instance.on('click', (p) => { if (p.data) setTimeout(() => selectCell(p.data.r, p.data.f), 0); });
  section.appendChild(cellPicker(result, sel));
  return section;
}

function nameMaps(result) {
  const stage = Object.fromEntries(result.lifecycle.stages.map((s) => [s.id, pick(s, 'name')]));
  const seg = Object.fromEntries(result.segments.map((s) => [s.id, pick(s, 'name')]));
  const tier = {};
  for (const kind of ['value', 'frequency', 'abc']) for (const x of result.tiers[kind].tiers) tier[`${kind}:${x.id}`] = pick(x, 'name');
  return { stage, seg, tier };
}

const CELL_COLUMNS = ['customer_id', 'recency', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'rfm_code',
  'segment', 'lifecycle', 'value_tier', 'orders', 'net_spend', 'first_order', 'last_order'];
const NUMERIC = new Set(['recency', 'frequency', 'r_score', 'f_score', 'm_score', 'orders']);
const MONEY = new Set(['monetary', 'net_spend']);

async function downloadCustomers(filter, name) {
  const csv = await customersCsv(filter);
  if (csv !== null) downloadText(name, csv);
}

function selectionCard(state, result) {
  const sel = selection();
  if (!sel) return null;
  ensure(CELL_KEY, selectionRequest());
  const entry = state.results[CELL_KEY];
  const head = h('div', { class: 'card-head' },
    h('h2', { id: 'cell-heading' }, t('segments.cell.heading', { r: sel.cell_r, f: sel.cell_f })),
    h('button', { type: 'button', class: 'link', 'data-key': 'cell-csv', 'data-testid': 'cell-csv',
      onclick: () => downloadCustomers({ cell_r: sel.cell_r, cell_f: sel.cell_f }, `kexi-cell-R${sel.cell_r}-F${sel.cell_f}.csv`) }, t('segments.cell.csv')));
  const section = h('section', { class: 'card', 'aria-labelledby': 'cell-heading', 'data-testid': 'cell-card' }, head);
  if (!entry || !entry.result || !entry.result.selection) {
    section.appendChild(entry && entry.status === 'error'
      ? h('p', { class: 'core-message', role: 'alert', lang: 'en' }, entry.error.message || '')
      : h('p', { role: 'status' }, t('segments.loading')));
    return section;
  }
  const page = entry.result.selection;
  const names = nameMaps(result);
  const shownValue = (k, row) => {
    const v = row[k];
    if (v === null || v === undefined) return '';
    if (k === 'segment') return names.seg[v] || v;
    if (k === 'lifecycle') return names.stage[v] || v;
    if (k === 'value_tier') return names.tier[`value:${v}`] || v;
    if (MONEY.has(k)) return formatAmount(v);
    if (NUMERIC.has(k)) return formatInteger(v);
    return String(v);
  };
  if (!page.total) {
    section.appendChild(h('p', { class: 'hint', role: 'status', 'data-testid': 'cell-status', 'data-total': '0' }, t('segments.cell.empty')));
    return section;
  }
  const first = page.offset + 1;
  const last = Math.min(page.offset + page.rows.length, page.total);
  section.appendChild(h('div', { class: 'pager' },
    h('p', { class: 'pager-status', role: 'status', 'data-testid': 'cell-status', 'data-total': String(page.total) },
      t('segments.cell.showing', { first: formatInteger(first), last: formatInteger(last), total: formatInteger(page.total) })),
    h('div', { class: 'pager-controls' },
      h('button', { type: 'button', class: 'secondary', 'data-key': 'cell-prev', disabled: page.offset === 0, onclick: () => pageCell(page.offset - CELL_PAGE) }, t('segments.prev')),
      h('button', { type: 'button', class: 'secondary', 'data-key': 'cell-next', disabled: page.offset + CELL_PAGE >= page.total, onclick: () => pageCell(page.offset + CELL_PAGE) }, t('segments.next')))));
  section.appendChild(h('div', { class: 'table-wrap tall' }, h('table', {
    class: 'data compact', 'data-testid': 'cell-customers', 'aria-busy': entry.status === 'loading' ? 'true' : 'false',
  },
  h('thead', null, h('tr', null, CELL_COLUMNS.map((k) => h('th', { scope: 'col', 'data-col': k, class: NUMERIC.has(k) || MONEY.has(k) ? 'num' : null }, t(`segments.col.${k}`))))),
  h('tbody', null, page.rows.map((row) => h('tr', { 'data-customer': row.customer_id },
    CELL_COLUMNS.map((k) => h('td', { class: NUMERIC.has(k) || MONEY.has(k) ? 'num' : null, 'data-col': k }, shownValue(k, row)))))))));
  return section;
}

function sizesCard(parent, result) {
  const section = parent.appendChild(h('section', { class: 'card', 'aria-labelledby': 'sizes-heading' },
    h('h2', { id: 'sizes-heading' }, t('segments.sizes.heading'))));
  const row = h('div', { class: 'chart-row' });
  section.appendChild(row);
  const left = h('div');
  const right = h('div');
  row.appendChild(left);
  row.appendChild(right);
  chart(left, treemapOption(result.segments), { height: 320, label: t('segments.sizes.treemap'), name: 'kexi-segment-sizes', reuse: true, later: true });
  chart(right, sharesOption(result.segments), { height: 320, label: t('segments.sizes.shares'), name: 'kexi-segment-shares', reuse: true, later: true });
  return section;
}

const SEG_COLUMNS = ['customers', 'share_customers', 'revenue', 'share_revenue', 'avg_recency', 'avg_frequency', 'avg_monetary'];

function segmentCell(k, s) {
  const v = s[k];
  if (v === null || v === undefined) return '–';
  if (k === 'customers') return formatInteger(v);
  if (k.startsWith('share_')) return formatPercent(v);
  if (k === 'revenue' || k === 'avg_monetary') return formatAmount(v);
  return v === null || v === undefined ? '–' : formatDecimal(v, 1);
}

/** The name in the other language, so a bilingual team talks about the same segment. */
function otherName(s) {
  return language() === 'zh' ? s.name_en : s.name_zh;
}

function segmentTableDownloads(result) {
  const rows = result.segments.map((s) => [s.id, s.name_en, s.name_zh, ...SEG_COLUMNS.map((k) => s[k]), s.action_en, s.action_zh]);
  return tableDownloads('kexi-segments.csv', ['segment', 'name_en', 'name_zh', ...SEG_COLUMNS, 'action_en', 'action_zh'], rows,
    { key: 'segtable-csv', label: t('segments.table.heading') });
}

function segmentTable(result) {
  const table = h('table', { class: 'data segments-table', 'data-testid': 'segment-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('segments.col.segment')),
      SEG_COLUMNS.map((k) => h('th', { scope: 'col', class: 'num', 'data-col': k }, t(`segments.col.${k}`))),
      h('th', { scope: 'col' }, t('segments.col.action')),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('segments.col.export'))))),
    h('tbody', null, result.segments.map((s) => h('tr', { 'data-segment': s.id },
      h('th', { scope: 'row' }, h('span', { class: 'seg-name' }, pick(s, 'name')), h('span', { class: 'seg-other', lang: language() === 'zh' ? 'en' : 'zh-CN' }, otherName(s))),
      SEG_COLUMNS.map((k) => h('td', { class: 'num', 'data-col': k }, segmentCell(k, s))),
      h('td', { class: 'action' }, pick(s, 'action')),
      h('td', null, h('button', {
        type: 'button', class: 'link', 'data-key': `seg-csv-${s.id}`, 'data-testid': `seg-csv-${s.id}`, disabled: s.customers === 0,
        'aria-label': t('segments.table.csvFor', { name: pick(s, 'name') }),
        onclick: () => downloadCustomers({ segment: s.id }, `kexi-segment-${s.id}.csv`),
      }, t('segments.table.csv')))))));
  return h('section', { class: 'card', 'aria-labelledby': 'segtable-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'segtable-heading' }, t('segments.table.heading')),
      segmentTableDownloads(result)),
    h('p', { class: 'hint' }, pick(result.rfm.definitions, 'scores')),
    h('div', { class: 'table-wrap' }, table),
    (result.warnings || []).length ? h('ul', { class: 'warnings', lang: 'en' }, result.warnings.map((w) => h('li', null, w))) : null);
}

function lifecycleCard(parent, result) {
  const life = result.lifecycle;
  const rows = life.stages.map((s) => [s.id, s.name_en, s.name_zh, s.customers, s.share_customers, s.revenue, s.action_en, s.action_zh]);
  const section = parent.appendChild(h('section', { class: 'card', 'aria-labelledby': 'life-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'life-heading' }, t('segments.life.heading')),
      tableDownloads('kexi-lifecycle.csv', ['stage', 'name_en', 'name_zh', 'customers', 'share_customers', 'revenue', 'action_en', 'action_zh'], rows,
        { key: 'life-csv', label: t('segments.life.heading') })),
    h('p', { class: 'hint', 'data-testid': 'life-rule' }, pick(life, 'rule'))));
  const row = h('div', { class: 'chart-row' });
  section.appendChild(row);
  const left = h('div');
  row.appendChild(left);
  chart(left, funnelOption(life.stages), { height: 300, label: t('segments.life.heading'), name: 'kexi-lifecycle', reuse: true, later: true });
  row.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'life-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('segments.life.stage')), h('th', { scope: 'col', class: 'num' }, t('segments.col.customers')),
      h('th', { scope: 'col', class: 'num' }, t('segments.col.share_customers')), h('th', { scope: 'col' }, t('segments.col.action')),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('segments.col.export'))))),
    h('tbody', null, life.stages.map((s) => h('tr', { 'data-stage': s.id },
      h('th', { scope: 'row' }, pick(s, 'name')),
      h('td', { class: 'num', 'data-col': 'customers' }, formatInteger(s.customers)),
      h('td', { class: 'num' }, formatPercent(s.share_customers)),
      h('td', { class: 'action' }, pick(s, 'action')),
      h('td', null, h('button', {
        type: 'button', class: 'link', 'data-key': `life-csv-${s.id}`, disabled: s.customers === 0,
        'aria-label': t('segments.table.csvFor', { name: pick(s, 'name') }),
        onclick: () => downloadCustomers({ lifecycle: s.id }, `kexi-lifecycle-${s.id}.csv`),
      }, t('segments.table.csv')))))))));
  return section;
}

const COHORT_HEADER = ['cohort', 'start', 'size', 'offset', 'customers', 'share', 'cum_revenue_per_customer', 'complete'];

function cohortRows(c) {
  const rows = [];
  for (const x of c.overall) rows.push(['overall', '', x.base, x.offset, x.customers, x.share, x.cum_revenue_per_customer, x.complete]);
  for (const k of c.cohorts) for (const x of k.cells) rows.push([k.cohort, k.start, k.size, x.offset, x.customers, x.share, x.cum_revenue_per_customer, x.complete]);
  return rows;
}

function cohortCard(parent, state, s) {
  ensure(COHORT_KEY, cohortRequest());
  const entry = state.results[COHORT_KEY];
  const section = parent.appendChild(h('section', { class: 'card', 'aria-labelledby': 'cohort-heading' }));
  const c = entry && entry.result;
  section.appendChild(h('div', { class: 'card-head' }, h('h2', { id: 'cohort-heading' }, t('segments.cohorts.heading')),
    select(t('segments.cohorts.periodLabel'), 'cohort-period', s.cohort_period,
      [['month', t('segments.cohorts.month')], ['week', t('segments.cohorts.week')]], (v) => setSettings({ cohort_period: v })),
    c ? tableDownloads('kexi-cohorts.csv', COHORT_HEADER, cohortRows(c), { key: 'cohort-csv', label: t('segments.cohorts.heading') }) : null));
  if (entry && entry.status === 'error') {
    section.appendChild(h('p', { class: 'core-message', role: 'alert', lang: 'en' }, entry.error.message || ''));
    return section;
  }
  if (!c) {
    section.appendChild(h('p', { role: 'status' }, t('segments.loading')));
    return section;
  }
  section.appendChild(h('p', { class: 'hint' }, t('segments.cohorts.hint', { end: c.data_end })));
  const box = h('div', { 'data-testid': 'cohort-chart' });
  section.appendChild(box);
  chart(box, cohortOption(c), { height: Math.min(900, 70 + 22 * (c.cohorts.length + 1)), label: t('segments.cohorts.heading'), name: 'kexi-cohorts', reuse: true, later: true });
  return section;
}

function breakdownCard(parent, result, s) {
  const names = nameMaps(result);
  const by = s.breakdown_by;
  const groupName = (g) => (by === 'segment' ? names.seg[g] : by === 'lifecycle' ? names.stage[g] : names.tier[`${by.replace('_tier', '')}:${g}`]) || g;
  const rows = [];
  for (const b of result.breakdowns) for (const c of b.cells) rows.push([b.attribute, c.value, c.group, c.customers, c.orders, c.revenue, c.aov]);
  const section = parent.appendChild(h('section', { class: 'card', 'aria-labelledby': 'bd-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'bd-heading' }, t('segments.bd.heading')),
      select(t('segments.bd.by'), 'bd-by', by, ['segment', 'lifecycle', 'value_tier', 'frequency_tier', 'abc'].map((v) => [v, t(`segments.bd.by.${v}`)]),
        (v) => setSettings({ breakdown_by: v })),
      select(t('segments.bd.metric'), 'bd-metric', s.breakdown_metric, ['customers', 'revenue', 'orders'].map((v) => [v, t(`segments.col.${v}`)]),
        (v) => setSettings({ breakdown_metric: v })),
      tableDownloads('kexi-breakdowns.csv', ['attribute', 'value', 'group', 'customers', 'orders', 'revenue', 'aov'], rows,
        { key: 'bd-csv', label: t('segments.bd.heading') }))));
  if (!result.breakdowns.length) {
    section.appendChild(h('p', { class: 'hint' }, t('segments.bd.none')));
    return section;
  }
  const grid = h('div', { class: 'chart-grid' });
  section.appendChild(grid);
  for (const b of result.breakdowns) {
    const cell = h('div', { class: 'bd-chart', 'data-attribute': b.attribute });
    cell.appendChild(h('h3', { class: 'small-heading' }, b.derived === 'age_band' ? t('segments.bd.ageBand', { name: b.attribute }) : b.attribute));
    grid.appendChild(cell);
    chart(cell, breakdownOption(b, s.breakdown_metric, groupName), { height: 280, label: b.attribute, name: `kexi-breakdown-${b.attribute}`, reuse: true, later: true });
  }
  return section;
}

function render(container, state) {
  container.appendChild(intro());
  if (!state.dataset) {
    container.appendChild(h('section', { class: 'card empty' }, h('p', null, t('segments.empty')),
      h('button', { type: 'button', class: 'primary', 'data-key': 'to-data', onclick: () => actions.showView('data') }, t('segments.toData'))));
    return;
  }
  const s = settings();
  ensure(KEY, segmentRequest());
  const entry = state.results[KEY];
  const result = entry && entry.result;
  container.appendChild(settingsCard(s, result));
  if (entry && entry.status === 'error') {
    container.appendChild(h('section', { class: 'card error', role: 'alert', 'data-testid': 'seg-error' },
      h('h2', null, t('segments.error')), h('p', { class: 'core-message', lang: 'en' }, entry.error.message || '')));
    return;
  }
  if (!result) {
    container.appendChild(h('section', { class: 'card', 'aria-busy': 'true' }, h('p', { role: 'status' }, t('segments.loading'))));
    return;
  }
  const wrap = h('div', { 'data-testid': 'segments-ready', 'aria-busy': entry.status === 'loading' ? 'true' : 'false' });
  container.appendChild(wrap);
  // Cards that hold charts are in the document before their chart is made (ECharts measures its box).
  // The grid is drawn at once; the charts below the segment table after the page has painted (later).
  gridCard(wrap, result, selection());
  const cell = selectionCard(state, result);
  if (cell) wrap.appendChild(cell);
  wrap.appendChild(segmentTable(result));
  sizesCard(wrap, result);
  lifecycleCard(wrap, result);
  cohortCard(wrap, state, s);
  breakdownCard(wrap, result, s);
}

export default { id: 'segments', titleKey: 'view.segments.title', order: 40, render };
