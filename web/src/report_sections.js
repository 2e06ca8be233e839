// The Report's sections, each drawn from one result of the core (the same the other views show).
// Every table carries CSV and Excel downloads (hidden on paper); every chart a PNG download and,
// for paper, a picture of itself (a canvas prints at screen resolution and size, an image scales).
import { h } from './dom.js';
import { t, has, language } from './i18n.js';
import { formatInteger, formatAmount } from './format.js';
import { chart } from './charts.js';
import { tableDownloads } from './table_export.js';
import { formatUnit, formatPercent, formatDecimal } from './segments_format.js';
import { pick } from './segments_state.js';
import { sharesOption, funnelOption } from './segments_charts.js';
import { histogramOption } from './ltv_charts.js';
import { featureLabel } from './clusters_analysis.js';

const MODEL_NAMES = { bgnbd: 'BG/NBD', pareto_nbd: 'Pareto/NBD', pareto: 'Pareto/NBD', mbgnbd: 'MBG/NBD' };
const TOP_ROWS = 10;

/** A section of the report: heading, optional hint line, then the given children. */
export function section(id, title, hint, ...children) {
  return h('section', { class: 'card report-section', 'aria-labelledby': `report-${id}-h`, 'data-testid': `report-${id}` },
    h('h2', { id: `report-${id}-h` }, title), hint ? h('p', { class: 'hint' }, hint) : null, ...children);
}

/** A part that is still computing or failed, in place of its section. */
export function placeholder(id, title, p) {
  const el = section(id, title, null, p.status === 'error'
    ? h('p', { class: 'core-message', role: 'alert' }, t('report.error', { message: (p.error && p.error.message) || '' }))
    : h('p', { role: 'status' }, t('report.loading')));
  el.classList.add('no-print');  // paper shows what was computed, not what could not be
  return el;
}

/**
 * A table: columns [{label, num, cell(row) -> shown text/node}], with downloads of the same rows as
 * raw values (exportHeader + exportRow(row)), so a spreadsheet gets numbers, not formatted text.
 */
function table(testid, caption, columns, rows, { file, exportHeader, exportRow }) {
  return h('div', { class: 'report-table' },
    h('div', { class: 'table-wrap' }, h('table', { class: 'data report-data', 'data-testid': testid },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', null, rows.map((row) => h('tr', { 'data-row': row.id !== undefined ? row.id : row.customer_id || row.metric || row.cluster },
        columns.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c.cell(row)) : h('td', { class: c.num ? 'num' : null }, c.cell(row))))))))),
    h('div', { class: 'report-tools no-print' }, tableDownloads(file, exportHeader, rows.map(exportRow), { key: `${testid}-csv`, label: caption })));
}

/** A chart for screen (with its PNG button) and its picture for paper. */
function reportChart(container, option, { height, label, name }) {
  const box = h('div', { class: 'report-chart' });
  container.appendChild(box);
  const instance = chart(box, Object.assign({}, option, { animation: false }), { height, label, name });
  if (instance) {
    const url = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    box.appendChild(h('img', { class: 'print-chart', src: url, alt: label }));
  }
  return box;
}

function horizonLabel(text) {
  const m = /^(\d+(?:\.\d+)?)([dwmy])$/.exec(text || '');
  return m ? t('ltv.units.amount', { n: m[1], unit: t(`ltv.horizonUnit.${m[2]}`) }) : text || '';
}

// ---- title, at a glance, what next, data ----

export function titleBlock(state) {
  const r = state.dataset.report;
  const date = new Date().toISOString().slice(0, 10);
  const range = r.date_range && r.date_range.first;
  const file = (r.file && r.file.name) || state.fileName;
  return h('header', { class: 'report-title', 'data-testid': 'report-title' },
    h('p', { class: 'report-brand' }, h('span', { lang: 'zh-CN' }, '客析'), ' Kexi'),
    h('h1', null, t('report.heading')),
    h('p', { class: 'report-subtitle' }, range
      ? t('report.subtitle', { file, first: r.date_range.first, last: r.date_range.last, date })
      : t('report.subtitleNoDates', { file, date })));
}

function kpi(result, id) {
  return result ? (result.kpis || []).find((k) => k.id === id) : null;
}

export function glance(parts) {
  const items = [];
  const add = (key, label, value, note) => items.push(h('div', { class: 'stat', 'data-glance': key },
    h('dt', null, label), h('dd', null, value), note ? h('p', { class: 'stat-note' }, note) : null));
  const seg = parts.segments.result;
  const k = parts.kpis.result;
  const ltv = parts.ltv.result;
  const sv = parts.survey.result;
  const customers = kpi(k, 'customers');
  if (customers) add('customers', t('report.glance.customers'), formatUnit(customers.value, customers.unit));
  else if (seg) add('customers', t('report.glance.customers'), formatInteger(seg.customers));
  if (ltv && ltv.historical) add('revenue', t('report.glance.revenue'), formatAmount(ltv.historical.revenue_total));
  if (ltv && ltv.data) {
    add('repeat', t('report.glance.repurchase'), formatInteger(ltv.data.repeat_customers),
      ltv.data.customers ? formatPercent(ltv.data.repeat_customers / ltv.data.customers) : null);
    add('clv', t('report.glance.clv', { horizon: horizonLabel(ltv.units.horizon.text) }), formatAmount(ltv.clv.total));
    if (ltv.at_risk) add('at_risk', t('report.glance.atRisk'), formatInteger(ltv.at_risk.count));
  }
  if (sv && sv.nps && sv.nps.n) add('nps', t('report.glance.nps'), formatDecimal(sv.nps.score, 1));
  if (!items.length) return null;
  return section('glance', t('report.glance.heading'), null, h('dl', { class: 'stats report-glance' }, items));
}

/** "What to do next": the playbook actions of the segments with the most revenue at stake, then alarms. */
export function nextSteps(parts) {
  const items = [];
  const seg = parts.segments.result;
  if (seg) {
    // Revenue at stake: the segments holding most revenue, plus those that hold revenue and are slipping.
    const slipping = new Set(['cant_lose', 'at_risk', 'about_to_sleep', 'need_attention']);
    const live = seg.segments.filter((s) => s.customers > 0);
    const chosen = [...live].sort((a, b) => b.share_revenue - a.share_revenue).slice(0, 2);
    for (const s of [...live].filter((x) => slipping.has(x.id)).sort((a, b) => b.share_revenue - a.share_revenue)) {
      if (chosen.length >= 4) break;
      if (!chosen.includes(s)) chosen.push(s);
    }
    for (const s of chosen.sort((a, b) => b.share_revenue - a.share_revenue)) {
      items.push(h('li', { 'data-next': s.id }, t('report.next.segment', {
        name: pick(s, 'name'), customers: formatInteger(s.customers), share: formatPercent(s.share_revenue), action: pick(s, 'action'),
      })));
    }
  }
  const ltv = parts.ltv.result;
  if (ltv && ltv.at_risk && ltv.at_risk.count > 0) items.push(h('li', { 'data-next': 'ltv_at_risk' }, t('report.next.atRisk', { n: formatInteger(ltv.at_risk.count) })));
  const k = parts.kpis.result;
  for (const x of (k && k.kpis) || []) {
    if (x.status !== 'missed') continue;
    items.push(h('li', { 'data-next': `kpi_${x.id}` }, t('report.next.kpiMissed', {
      name: pick(x, 'name'), value: formatUnit(x.value, x.unit), target: `${x.target.op === '<=' ? '≤' : '≥'} ${formatUnit(x.target.value, x.unit)}`,
    })));
  }
  const sv = parts.survey.result;
  for (const x of (sv && sv.targets) || []) {
    if (x.status !== 'missed') continue;
    const unit = x.metric === 'csat' ? '%' : '';
    items.push(h('li', { 'data-next': `survey_${x.metric}` }, t('report.next.surveyMissed', {
      metric: t(`survey.metric.${x.metric}`), score: `${formatDecimal(x.score, x.metric === 'ces' ? 2 : 1)}${unit}`, target: `≥ ${formatDecimal(x.target, x.metric === 'ces' ? 1 : 0)}${unit}`,
    })));
  }
  if (!items.length && (seg || ltv || k)) items.push(h('li', null, t('report.next.none')));
  if (!items.length) return null;
  return section('next', t('report.next.heading'), seg ? t('report.next.hint') : null, h('ol', { class: 'report-next' }, items));
}

export function dataFacts(state, surveyFile) {
  const r = state.dataset.report;
  const rows = r.rows || {};
  const fact = (key, label, value) => h('div', { 'data-fact': key }, h('dt', null, label), h('dd', null, value));
  return section('data', t('report.facts.heading'), rows.rejected ? t('report.facts.rejectedNote') : null,
    h('dl', { class: 'facts report-facts' },
      fact('file', t('report.facts.file'), (r.file && r.file.name) || state.fileName),
      fact('kind', t('report.facts.kind'), has(`kind.${r.kind}`) ? t(`kind.${r.kind}`) : r.kind || ''),
      r.date_range && r.date_range.first ? fact('period', t('report.facts.period'), `${r.date_range.first} – ${r.date_range.last}`) : null,
      fact('total', t('report.facts.rows'), formatInteger(rows.total)),
      fact('used', t('report.facts.used'), formatInteger(rows.used)),
      fact('rejected', t('report.facts.rejected'), formatInteger(rows.rejected)),
      r.kind === 'orders' ? fact('refunds', t('report.facts.refunds'), formatInteger(rows.refunds)) : null,
      Number.isFinite(r.customers) && r.kind !== 'survey' ? fact('customers', t('report.facts.customers'), formatInteger(r.customers)) : null,
      Number.isFinite(r.orders) && r.kind === 'orders' ? fact('orders', t('report.facts.orders'), formatInteger(r.orders)) : null,
      surveyFile ? fact('survey', t('report.facts.survey'), surveyFile) : null));
}

// ---- key figures ----

function changeText(k) {
  if (k.change === null || k.change === undefined) return '–';
  const sign = k.change > 0 ? '+' : '';
  if (k.unit === 'ratio') return t('report.kpi.pp', { value: `${sign}${formatDecimal(100 * k.change, 1)}` });
  if (k.change_pct !== null && k.change_pct !== undefined) return `${k.change_pct > 0 ? '+' : ''}${formatPercent(k.change_pct)}`;
  return `${sign}${formatUnit(k.change, k.unit)}`;
}

function targetText(k) {
  return k.target ? `${k.target.op === '<=' ? '≤' : '≥'} ${formatUnit(k.target.value, k.unit)}` : '–';
}

export function kpiSection(result) {
  const p = result.period;
  const columns = [
    { label: t('report.kpi.col.kpi'), cell: (k) => pick(k, 'name') },
    { label: t('report.kpi.col.value'), num: true, cell: (k) => formatUnit(k.value, k.unit) },
    { label: t('report.kpi.col.previous'), num: true, cell: (k) => formatUnit(k.previous, k.unit) },
    { label: t('report.kpi.col.change'), num: true, cell: (k) => changeText(k) },
    { label: t('report.kpi.col.target'), num: true, cell: (k) => targetText(k) },
    { label: t('report.kpi.col.status'), cell: (k) => h('span', { class: `report-status ${k.status}`, 'data-status': k.status }, t(`report.status.${k.status}`)) },
  ];
  return section('kpis', t('report.kpi.heading'), t('report.kpi.hint', {
    days: p.days, start: p.current.start, end: p.current.end, pstart: p.previous.start, pend: p.previous.end,
  }), table('report-kpi-table', t('report.kpi.heading'), columns, result.kpis, {
    file: 'kexi-report-kpis.csv',
    exportHeader: ['kpi', 'name', 'unit', 'value', 'previous', 'change', 'change_pct', 'target', 'status'],
    exportRow: (k) => [k.id, pick(k, 'name'), k.unit, k.value, k.previous, k.change, k.change_pct, k.target ? `${k.target.op}${k.target.value}` : '', k.status],
  }));
}

// ---- segments ----

export function segmentSection(result) {
  const live = result.segments.filter((s) => s.customers > 0);
  const dash = (v, f) => (v === null || v === undefined ? '–' : f(v));
  const columns = [
    // The action under the name: the table stays narrow enough for A4 and each row reads as a to-do.
    { label: t('report.seg.col.segment'), cell: (s) => [h('span', { class: 'report-seg-name' }, pick(s, 'name')), h('span', { class: 'report-action' }, pick(s, 'action'))] },
    { label: t('report.seg.col.customers'), num: true, cell: (s) => formatInteger(s.customers) },
    { label: t('report.seg.col.shareCustomers'), num: true, cell: (s) => formatPercent(s.share_customers) },
    { label: t('report.seg.col.shareRevenue'), num: true, cell: (s) => formatPercent(s.share_revenue) },
    { label: t('report.seg.col.recency'), num: true, cell: (s) => dash(s.avg_recency, (v) => formatDecimal(v, 0)) },
    { label: t('report.seg.col.frequency'), num: true, cell: (s) => dash(s.avg_frequency, (v) => formatDecimal(v, 1)) },
    { label: t('report.seg.col.monetary'), num: true, cell: (s) => dash(s.avg_monetary, formatAmount) },
  ];
  const body = section('segments', t('report.seg.heading'), t('report.seg.hint', { date: result.as_of, buyers: formatInteger(result.buyers) }),
    table('report-segment-table', t('report.seg.heading'), columns, live, {
      file: 'kexi-report-segments.csv',
      exportHeader: ['segment', 'name', 'customers', 'share_customers', 'revenue', 'share_revenue', 'avg_recency', 'avg_frequency', 'avg_monetary', 'action'],
      exportRow: (s) => [s.id, pick(s, 'name'), s.customers, s.share_customers, s.revenue, s.share_revenue, s.avg_recency, s.avg_frequency, s.avg_monetary, pick(s, 'action')],
    }));
  return body;
}

/** The segment charts; drawn after the section is in the document (ECharts measures its box). */
export function segmentCharts(sectionEl, result) {
  const row = h('div', { class: 'report-charts' });
  sectionEl.appendChild(row);
  reportChart(row, sharesOption(result.segments), { height: 340, label: t('report.seg.chartShares'), name: 'kexi-report-segment-shares' });
  reportChart(row, funnelOption(result.lifecycle.stages), { height: 340, label: t('report.seg.chartLife'), name: 'kexi-report-lifecycle' });
  const stages = result.lifecycle.stages;
  sectionEl.appendChild(table('report-life-table', t('report.seg.chartLife'), [
    { label: t('report.life.col.stage'), cell: (s) => pick(s, 'name') },
    { label: t('report.seg.col.customers'), num: true, cell: (s) => formatInteger(s.customers) },
    { label: t('report.seg.col.shareCustomers'), num: true, cell: (s) => formatPercent(s.share_customers) },
    { label: t('report.seg.col.action'), cell: (s) => h('span', { class: 'report-action' }, pick(s, 'action')) },
  ], stages, {
    file: 'kexi-report-lifecycle.csv',
    exportHeader: ['stage', 'name', 'customers', 'share_customers', 'revenue', 'action'],
    exportRow: (s) => [s.id, pick(s, 'name'), s.customers, s.share_customers, s.revenue, pick(s, 'action')],
  }));
}

// ---- lifetime value ----

function customerTable(testid, caption, rows, file) {
  return table(testid, caption, [
    { label: t('report.ltv.col.customer'), cell: (c) => String(c.customer_id) },
    { label: t('report.ltv.col.clv'), num: true, cell: (c) => formatAmount(c.clv) },
    { label: t('report.ltv.col.palive'), num: true, cell: (c) => (c.p_alive === null || c.p_alive === undefined ? '–' : formatPercent(c.p_alive)) },
    { label: t('report.ltv.col.purchases'), num: true, cell: (c) => formatDecimal(c.expected_purchases, 1) },
    { label: t('report.ltv.col.revenue'), num: true, cell: (c) => formatAmount(c.historical_revenue) },
  ], rows, {
    file,
    exportHeader: ['customer_id', 'clv', 'p_alive', 'expected_purchases', 'historical_revenue'],
    exportRow: (c) => [String(c.customer_id), c.clv, c.p_alive, c.expected_purchases, c.historical_revenue],
  });
}

export function ltvSection(r) {
  const u = r.units;
  const horizon = horizonLabel(u.horizon.text);
  const fit = r.method === 'model' ? r[r.model === 'pareto' ? 'pareto_nbd' : r.model] : null;
  const method = r.method === 'model'
    ? t('report.ltv.model', {
      model: MODEL_NAMES[r.model] || r.model, customers: formatInteger(r.data.customers), repeat: formatInteger(r.data.repeat_customers),
      converged: fit && fit.converged ? t('report.ltv.converged') : t('report.ltv.notConverged'),
    })
    : t('report.ltv.simple');
  const stat = (key, label, value) => h('div', { class: 'stat', 'data-ltv': key }, h('dt', null, label), h('dd', null, value));
  const top = (r.top_customers || []).slice(0, TOP_ROWS);
  const risk = r.at_risk ? (r.at_risk.customers || []).slice(0, TOP_ROWS) : [];
  return section('ltv', t('report.ltv.heading'), t('report.ltv.hint', { horizon, rate: formatPercent(u.discount_rate.annual, 0), margin: formatPercent(u.margin, 0) }),
    h('p', { class: 'report-method', 'data-testid': 'report-ltv-method', 'data-converged': fit ? String(Boolean(fit.converged)) : null }, method),
    h('dl', { class: 'stats report-ltv-stats' },
      stat('total', t('report.ltv.total'), formatAmount(r.clv.total)),
      stat('mean', t('report.ltv.mean'), formatAmount(r.clv.mean)),
      stat('median', t('report.ltv.median'), formatAmount(r.clv.quantiles.p50)),
      stat('historical', t('report.ltv.historical'), formatAmount(r.historical.revenue_total))),
    h('div', { class: 'report-ltv-chart' }),
    h('h3', { class: 'small-heading' }, t('report.ltv.top', { n: formatInteger(top.length) })),
    customerTable('report-ltv-top', t('report.ltv.top', { n: formatInteger(top.length) }), top, 'kexi-report-ltv-top.csv'),
    r.at_risk ? h('div', { class: 'report-risk' },
      h('h3', { class: 'small-heading' }, t('report.ltv.risk', { n: formatInteger(r.at_risk.count) })),
      h('p', { class: 'hint' }, t('report.ltv.riskRule')),
      risk.length ? customerTable('report-ltv-risk', t('report.ltv.risk', { n: formatInteger(r.at_risk.count) }), risk, 'kexi-report-ltv-at-risk.csv')
        : h('p', { class: 'ok-note' }, t('report.ltv.riskNone'))) : null);
}

export function ltvChart(sectionEl, r) {
  const holder = sectionEl.querySelector('.report-ltv-chart');
  const label = t('report.ltv.chart');
  holder.appendChild(h('h3', { class: 'small-heading' }, label));
  reportChart(holder, histogramOption(r.clv.histogram, formatAmount), { height: 260, label, name: 'kexi-report-clv-distribution' });
}

// ---- clusters ----

export function clusterSection(r) {
  if (!r || r.mode !== 'fit' || !r.profiles) return null;
  const name = (p) => (language() === 'zh' ? p.name_zh : p.name_en) || p.name || '';
  const features = (r.features || []).map((f) => featureLabel(f.name || f)).join(language() === 'zh' ? '、' : ', ');
  return section('clusters', t('report.cl.heading'), t('report.cl.hint', { k: r.k, features }),
    table('report-cluster-table', t('report.cl.heading'), [
      { label: t('report.cl.col.cluster'), cell: (p) => String(p.cluster) },
      { label: t('report.cl.col.name'), cell: name },
      { label: t('report.cl.col.size'), num: true, cell: (p) => formatInteger(p.size) },
      { label: t('report.cl.col.share'), num: true, cell: (p) => formatPercent(p.share) },
      { label: t('report.cl.col.revenue'), num: true, cell: (p) => (p.revenue_share === null || p.revenue_share === undefined ? '–' : formatPercent(p.revenue_share)) },
    ], r.profiles, {
      file: 'kexi-report-clusters.csv',
      exportHeader: ['cluster', 'name', 'customers', 'share_customers', 'share_revenue'],
      exportRow: (p) => [p.cluster, name(p), p.size, p.share, p.revenue_share],
    }));
}

// ---- survey ----

export function surveySection(r) {
  const rows = [];
  const target = (metric) => (r.targets || []).find((x) => x.metric === metric) || null;
  const interval = (lo, hi, d, unit = '') => (Number.isFinite(lo) && Number.isFinite(hi) ? `${formatDecimal(lo, d)}${unit} – ${formatDecimal(hi, d)}${unit}` : '–');
  if (r.nps && r.nps.n) rows.push({ metric: 'nps', score: r.nps.score, low: r.nps.ci_low, high: r.nps.ci_high, n: r.nps.n, d: 1, unit: '' });
  if (r.csat && r.csat.n) rows.push({ metric: 'csat', score: r.csat.score, low: r.csat.ci_low, high: r.csat.ci_high, n: r.csat.n, d: 1, unit: '%' });
  if (r.ces && r.ces.n) rows.push({ metric: 'ces', score: r.ces.mean, low: r.ces.mean_ci_low, high: r.ces.mean_ci_high, n: r.ces.n, d: 2, unit: '' });
  for (const x of rows) x.target = target(x.metric);
  return section('survey', t('report.sv.heading'), t('report.sv.hint', { n: formatInteger(r.respondents) }),
    table('report-survey-table', t('report.sv.heading'), [
      { label: t('report.sv.col.metric'), cell: (x) => t(`report.sv.${x.metric}`) },
      { label: t('report.sv.col.score'), num: true, cell: (x) => `${formatDecimal(x.score, x.d)}${x.unit}` },
      { label: t('report.sv.col.interval'), num: true, cell: (x) => interval(x.low, x.high, x.d, x.unit) },
      { label: t('report.sv.col.answers'), num: true, cell: (x) => formatInteger(x.n) },
      { label: t('report.sv.col.target'), num: true, cell: (x) => (x.target ? `≥ ${formatDecimal(x.target.target, x.metric === 'ces' ? 1 : 0)}${x.unit}` : '–') },
      { label: t('report.sv.col.status'), cell: (x) => (x.target ? h('span', { class: `report-status ${x.target.status}`, 'data-status': x.target.status }, t(`report.status.${x.target.status}`)) : '–') },
    ], rows, {
      file: 'kexi-report-survey.csv',
      exportHeader: ['metric', 'score', 'ci_low', 'ci_high', 'answers', 'target', 'status'],
      exportRow: (x) => [x.metric, x.score, x.low, x.high, x.n, x.target ? x.target.target : null, x.target ? x.target.status : ''],
    }));
}
