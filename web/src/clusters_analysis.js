// The Clusters view's analysis mode: options, the k scan (elbow, silhouette, Calinski-Harabasz,
// Davies-Bouldin) with the recommended k, the PCA scatter, the profile table with the bilingual
// names, the crosstab with the RFM segments and the assignments export. Draws from state.results.
import { h, newId } from './dom.js';
import { t, language } from './i18n.js';
import { formatInteger } from './format.js';
import { chart, downloadText, PALETTE } from './charts.js';
import { FEATURES, SCALES, LOGS, K_MIN, K_MAX, KEYS, settings, set, ensure, fitRequest, assignmentsRequest, segmentsRequest, hasCustomers } from './clusters_state.js';
import { fmt, pct, signedPct, signed, unitDigits, escapeHtml, styled } from './clusters_util.js';
import { parseCsv } from './csv_text.js';
import { tableDownloads } from './table_export.js';

/** Colour and marker of cluster c (1-based): the palette, then other shapes when it repeats. */
export function clusterColour(c) {
  return PALETTE[(c - 1) % PALETTE.length];
}
export function clusterSymbol(c) {
  return ['circle', 'triangle', 'rect'][Math.floor((c - 1) / PALETTE.length) % 3];
}

/** The label of a feature: the known customer features are translated, table columns keep their name. */
export function featureLabel(name) {
  return FEATURES.includes(name) ? t(`clusters.feature.${name}`) : name;
}

function unitLabel(unit) {
  return unit ? t(`clusters.unit.${unit}`) : '';
}

function clusterName(p) {
  return language() === 'zh' ? p.name_zh : p.name_en;
}

function intInput({ key, label, value, min, max, onset, hint }) {
  const id = newId(key);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', {
      id, type: 'number', inputmode: 'numeric', min: String(min), max: String(max), step: '1', value: String(value),
      'data-key': key, 'data-testid': key,
      onchange: (e) => {
        const v = Number(e.target.value);
        if (Number.isInteger(v) && v >= min && v <= max) onset(v);
        else e.target.value = String(value);
      },
    }),
    hint ? h('span', { class: 'hint' }, hint) : null);
}

function selectField({ key, label, value, options, onset }) {
  const id = newId(key);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, 'data-key': key, 'data-testid': key, onchange: (e) => onset(e.target.value) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

function featureChoice(s, state) {
  if (state.dataset.report.kind === 'table') {
    const id = newId('cl-table-features');
    return h('div', { class: 'field wide' },
      h('label', { for: id }, t('clusters.tableFeatures')),
      h('input', { id, type: 'text', value: s.tableFeatures, 'data-key': 'cl-table-features', onchange: (e) => set({ tableFeatures: e.target.value }) }),
      h('span', { class: 'hint' }, t('clusters.tableFeaturesHint')));
  }
  return h('fieldset', { class: 'cl-features' },
    h('legend', null, t('clusters.features')),
    FEATURES.map((f) => {
      const id = newId(`cl-f-${f}`);
      const on = s.features.includes(f);
      return h('span', { class: 'check' },
        h('input', {
          id, type: 'checkbox', checked: on, 'data-key': `cl-f-${f}`, 'data-feature': f,
          // At least one feature: the last one cannot be unticked.
          disabled: on && s.features.length === 1,
          onchange: (e) => set({ features: FEATURES.filter((x) => (x === f ? e.target.checked : s.features.includes(x))) }),
        }),
        h('label', { for: id }, featureLabel(f)));
    }));
}

function controls(state) {
  const s = settings();
  const kId = newId('cl-kchoice');
  return h('section', { class: 'card cl-controls', 'aria-labelledby': 'cl-options-heading' },
    h('h2', { id: 'cl-options-heading' }, t('clusters.options')),
    featureChoice(s, state),
    h('div', { class: 'cl-fields' },
      selectField({ key: 'cl-scale', label: t('clusters.scale'), value: s.scale,
        options: SCALES.map((v) => [v, t(`clusters.scale.${v}`)]), onset: (v) => set({ scale: v }) }),
      selectField({ key: 'cl-log', label: t('clusters.log'), value: s.log,
        options: LOGS.map((v) => [v, t(`clusters.log.${v}`)]), onset: (v) => set({ log: v }) }),
      intInput({ key: 'cl-kfrom', label: t('clusters.kFrom'), value: s.kFrom, min: K_MIN, max: K_MAX,
        onset: (v) => set({ kFrom: v, kTo: Math.max(v, s.kTo) }) }),
      intInput({ key: 'cl-kto', label: t('clusters.kTo'), value: s.kTo, min: K_MIN, max: K_MAX,
        onset: (v) => set({ kTo: v, kFrom: Math.min(v, s.kFrom) }) }),
      h('fieldset', { class: 'cl-k' },
        h('legend', null, t('clusters.kChoice')),
        h('span', { class: 'check' },
          h('input', { id: `${kId}-r`, type: 'radio', name: kId, checked: s.kChoice === 'recommended', 'data-key': 'cl-k-recommended',
            onchange: () => set({ kChoice: 'recommended' }) }),
          h('label', { for: `${kId}-r` }, t('clusters.kRecommended'))),
        h('span', { class: 'check' },
          h('input', { id: `${kId}-f`, type: 'radio', name: kId, checked: s.kChoice === 'fixed', 'data-key': 'cl-k-fixed',
            onchange: () => set({ kChoice: 'fixed' }) }),
          h('label', { for: `${kId}-f` }, t('clusters.kFixed'))),
        s.kChoice === 'fixed'
          ? intInput({ key: 'cl-k', label: t('clusters.k'), value: s.k, min: 1, max: K_MAX, onset: (v) => set({ k: v }) })
          : null),
      intInput({ key: 'cl-seed', label: t('clusters.seed'), value: s.seed, min: 0, max: 2147483647, onset: (v) => set({ seed: v }) }),
      intInput({ key: 'cl-ninit', label: t('clusters.nInit'), value: s.nInit, min: 1, max: 100, onset: (v) => set({ nInit: v }) })),
    h('p', { class: 'hint' }, t('clusters.optionsHint')));
}

function transformsLine(r) {
  const parts = r.features.map((f) => {
    const bits = [];
    if (f.log && f.log !== 'none') bits.push(f.log === 'log1p' ? t('clusters.logApplied') : t('clusters.signedLogApplied'));
    bits.push(t(`clusters.scale.${r.scale}`));
    return t('clusters.transformOf', { feature: featureLabel(f.name), how: bits.join(' + '), skew: fmt(f.skewness, 1) });
  });
  return parts.join(' · ');
}

function summary(r) {
  const q = r.quality || {};
  const stat = (key, label, value, extra) => h('div', { class: 'stat', 'data-stat': key },
    h('dt', null, label), h('dd', { 'data-testid': `cl-stat-${key}` }, value), extra ? h('p', { class: 'hint' }, extra) : null);
  const rec = r.recommendation;
  const excluded = (r.excluded && (r.excluded.no_orders || r.excluded.missing_values)) || 0;
  return h('section', { class: 'card', 'aria-labelledby': 'cl-result-heading', 'data-testid': 'cl-summary' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'cl-result-heading' }, t('clusters.result')),
      h('p', { class: 'hint' }, t('clusters.resultHint', { rows: formatInteger(r.rows), nInit: formatInteger(r.n_init), seed: String(r.seed) }))),
    h('dl', { class: 'stats cl-stats' },
      stat('k', t('clusters.stat.k'), String(r.k), t(r.k_source === 'given' ? 'clusters.kSource.given' : 'clusters.kSource.recommended')),
      stat('inertia', t('clusters.stat.inertia'), fmt(r.inertia, 2)),
      stat('silhouette', t('clusters.stat.silhouette'), fmt(q.silhouette, 3)),
      stat('ch', t('clusters.stat.ch'), fmt(q.calinski_harabasz, 1)),
      stat('db', t('clusters.stat.db'), fmt(q.davies_bouldin, 3)),
      stat('iterations', t('clusters.stat.iterations'), formatInteger(r.iterations),
        r.converged ? t('clusters.converged') : t('clusters.notConverged'))),
    rec ? h('p', { class: 'cl-recommendation', 'data-testid': 'cl-recommendation' },
      h('strong', null, t('clusters.recommended', { k: String(rec.k) })), ' ',
      h('span', { lang: language() === 'zh' ? 'zh-CN' : 'en' }, language() === 'zh' ? rec.reason_zh : rec.reason)) : null,
    h('p', { class: 'hint' }, t('clusters.prepared'), ' ', transformsLine(r)),
    excluded ? h('p', { class: 'hint' }, r.excluded.no_orders
      ? t('clusters.excludedNoOrders', { n: formatInteger(r.excluded.no_orders) })
      : t('clusters.excludedMissing', { n: formatInteger(r.excluded.missing_values) })) : null,
    r.warnings && r.warnings.length
      ? h('ul', { class: 'warnings', lang: 'en', 'aria-label': t('clusters.warnings') }, r.warnings.map((w) => h('li', null, w))) : null);
}

const SCAN = [
  { key: 'inertia', title: 'clusters.scan.inertia', digits: 1 },
  { key: 'silhouette', title: 'clusters.scan.silhouette', digits: 3 },
  { key: 'calinski_harabasz', title: 'clusters.scan.ch', digits: 1 },
  { key: 'davies_bouldin', title: 'clusters.scan.db', digits: 3 },
];

// Charts are drawn into sections already in the page: ECharts sizes itself from the element's layout.
function scanCard(r, parent) {
  if (!r.k_scan || !r.k_scan.length) return;
  const section = h('section', { class: 'card', 'aria-labelledby': 'cl-scan-heading', 'data-testid': 'cl-scan' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'cl-scan-heading' }, t('clusters.scan')),
      h('p', { class: 'hint' }, t('clusters.scanHint'))));
  const grid = h('div', { class: 'cl-scan-grid' });
  section.appendChild(grid);
  parent.appendChild(section);
  const ks = r.k_scan.map((e) => String(e.k));
  const rec = r.recommended_k;
  for (const m of SCAN) {
    const cell = h('div', { class: 'cl-scan-chart', 'data-metric': m.key });
    grid.appendChild(cell);
    const data = r.k_scan.map((e) => ({
      value: e[m.key],
      symbolSize: e.k === r.k ? 12 : 6,
      itemStyle: e.k === r.k ? { color: PALETTE[5] } : undefined,
    }));
    const marks = [];
    if (rec) marks.push({ xAxis: String(rec), label: { formatter: t('clusters.recommendedShort', { k: String(rec) }), position: 'insideEndTop' } });
    chart(cell, {
      title: { text: t(m.title), left: 'center', textStyle: { fontSize: 13, fontWeight: 600 } },
      grid: { left: 52, right: 14, top: 46, bottom: 34 },
      // A text-only tooltip: ECharts' default markers are style="" spans, which the page's CSP blocks.
      tooltip: { trigger: 'axis', formatter: (ps) => `k = ${escapeHtml(ps[0].name)}<br>${escapeHtml(fmt(ps[0].value, m.digits))}` },
      xAxis: { type: 'category', data: ks, name: 'k', nameLocation: 'middle', nameGap: 22, boundaryGap: false },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v) => fmt(v, m.digits === 3 ? 2 : 0) } },
      series: [{
        type: 'line', name: t(m.title), data, lineStyle: { width: 2 }, color: PALETTE[0],
        markLine: marks.length ? { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: PALETTE[5] }, data: marks } : undefined,
      }],
    }, { height: 210, label: t('clusters.scanChartLabel', { metric: t(m.title) }), name: `kexi-k-scan-${m.key}` });
  }
}

function scatterCard(r, parent) {
  const p = r.pca;
  if (!p || !p.points) return;
  const byCluster = new Map();
  for (let i = 0; i < p.points.x.length; ++i) {
    const c = p.points.cluster[i];
    if (!byCluster.has(c)) byCluster.set(c, []);
    byCluster.get(c).push([p.points.x[i], p.points.y[i], p.points.id[i]]);
  }
  const names = new Map(r.profiles.map((q) => [q.cluster, `${q.cluster} · ${clusterName(q)}`]));
  const ratio = p.explained_variance_ratio || [];
  const axisName = (i) => t('clusters.pcAxis', { n: String(i + 1), share: pct(ratio[i] || 0) });
  const series = [...byCluster.keys()].sort((a, b) => a - b).map((c) => ({
    type: 'scatter', name: names.get(c) || String(c), data: byCluster.get(c), symbol: clusterSymbol(c), symbolSize: 6,
    itemStyle: { color: clusterColour(c), opacity: 0.65 }, large: byCluster.get(c).length > 2000,
  }));
  series.push({
    type: 'scatter', name: t('clusters.centroids'), symbol: 'diamond', symbolSize: 22, z: 10,
    data: p.centroids.map((c) => ({ value: [c.x, c.y, t('clusters.centroidOf', { c: String(c.cluster) })],
      itemStyle: { color: clusterColour(c.cluster), borderColor: '#000', borderWidth: 2 } })),
    label: { show: true, formatter: (d) => String(p.centroids[d.dataIndex].cluster), color: '#fff', fontWeight: 700 },
  });
  // Which features drive each axis: the largest loadings of the component (rows = components).
  const loadings = (axis) => {
    const comp = (p.components || [])[axis] || [];
    const pairs = r.features.map((f, i) => [f.name, comp[i]]).filter((x) => Number.isFinite(x[1]));
    pairs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    return pairs.slice(0, 3).map(([n, v]) => `${featureLabel(n)} ${signed(v, 2)}`).join(t('clusters.listSeparator'));
  };
  const section = h('section', { class: 'card', 'aria-labelledby': 'cl-pca-heading', 'data-testid': 'cl-pca' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'cl-pca-heading' }, t('clusters.pca')),
      h('p', { class: 'hint' }, t('clusters.pcaHint'))));
  parent.appendChild(section);
  chart(section, {
    grid: { left: 60, right: 20, top: 50, bottom: 50 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'item', formatter: (d) => `${escapeHtml(d.seriesName)}<br>${escapeHtml(d.value[2])}` },
    xAxis: { type: 'value', name: axisName(0), nameLocation: 'middle', nameGap: 28, scale: true, axisLine: { onZero: false }, splitLine: { lineStyle: { color: '#eee' } } },
    yAxis: { type: 'value', name: axisName(1), nameLocation: 'middle', nameGap: 40, scale: true, axisLine: { onZero: false }, splitLine: { lineStyle: { color: '#eee' } } },
    series,
  }, { height: 420, label: t('clusters.pcaLabel', { k: String(r.k) }), name: 'kexi-clusters-pca' });
  section.appendChild(h('p', { class: 'hint', 'data-testid': 'cl-pca-axes' },
    t('clusters.pcaLoadings', { pc1: loadings(0), pc2: loadings(1), share1: pct(ratio[0] || 0), share2: pct(ratio[1] || 0) }),
    p.sample && p.sample.sampled ? ` ${t('clusters.pcaSample', { size: formatInteger(p.sample.size), of: formatInteger(p.sample.of) })}` : ''));
}

function diffCell(f, unit) {
  const arrow = f.level === 'high' ? '▲' : f.level === 'low' ? '▼' : '·';
  const diff = f.diff_pct !== null && Number.isFinite(f.diff_pct) ? signedPct(f.diff_pct) : signed(f.diff, unitDigits(unit));
  return h('span', { class: `cl-diff ${f.level}`, title: t('clusters.zTitle', { z: signed(f.z, 2) }) },
    h('span', { 'aria-hidden': 'true' }, arrow), ' ', diff, h('span', { class: 'visually-hidden' }, ` ${t(`clusters.level.${f.level}`)}`));
}

function profileRows(r) {
  return r.profiles.map((p) => h('tr', { 'data-cluster': String(p.cluster) },
    h('th', { scope: 'row', class: 'cl-id' },
      styled(h('span', { class: 'swatch', 'aria-hidden': 'true' }), { 'background-color': clusterColour(p.cluster) }),
      String(p.cluster)),
    h('td', { class: 'cl-name' }, clusterName(p)),
    h('td', { class: 'num', 'data-col': 'size' }, formatInteger(p.size)),
    h('td', { class: 'num', 'data-col': 'share' }, pct(p.share)),
    h('td', { class: 'num', 'data-col': 'revenue_share' }, p.revenue_share === null ? '–' : pct(p.revenue_share)),
    r.features.map((f) => {
      const x = p.features[f.name];
      return h('td', { class: 'num cl-feature', 'data-col': f.name },
        h('span', { class: 'cl-mean' }, fmt(x.mean, unitDigits(f.unit))),
        h('span', { class: 'cl-median' }, fmt(x.median, unitDigits(f.unit))),
        diffCell(x, f.unit));
    })));
}

/** The assignments answer belongs to the fit shown (same options, same k) and has arrived. */
function assignmentsReady(assign, r) {
  return Boolean(assign && assign.status === 'done' && assign.result && assign.result.csv
    && JSON.stringify(assign.request) === JSON.stringify(assignmentsRequest(r.k)));
}

/** The profile table as rows for the downloads (raw numbers, both names). */
function profilesTable(r) {
  const header = ['cluster', 'name_en', 'name_zh', 'customers', 'share_customers', 'share_revenue'];
  for (const f of r.features) header.push(`${f.name}_mean`, `${f.name}_median`, `${f.name}_diff_pct`);
  const rows = r.profiles.map((p) => {
    const row = [p.cluster, p.name_en, p.name_zh, p.size, p.share, p.revenue_share];
    for (const f of r.features) {
      const x = p.features[f.name];
      row.push(x.mean, x.median, x.diff_pct);
    }
    return row;
  });
  return { header, rows };
}

function profilesCard(r, state) {
  const first = r.profiles[0];
  const assign = state.results[KEYS.assign];
  const ready = assignmentsReady(assign, r);
  const exportButton = h('button', {
    type: 'button', class: 'secondary', 'data-key': 'cl-export', 'data-testid': 'cl-export', disabled: !ready,
    onclick: () => downloadText(`kexi-clusters-k${r.k}-seed${r.seed}.csv`, assign.result.csv),
  }, t('clusters.exportAssignments'));
  const profiles = profilesTable(r);
  const profilesButtons = tableDownloads('kexi-cluster-profiles.csv', profiles.header, profiles.rows,
    { key: 'cl-export-profiles', label: t('clusters.profiles') });
  return h('section', { class: 'card', 'aria-labelledby': 'cl-prof-heading', 'data-testid': 'cl-profiles' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'cl-prof-heading' }, t('clusters.profiles')),
      h('p', { class: 'hint' }, t('clusters.profilesHint'))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data cl-profiles', 'data-testid': 'cl-profiles-table' },
      h('caption', { class: 'visually-hidden' }, t('clusters.profiles')),
      h('thead', null,
        h('tr', null,
          h('th', { scope: 'col', rowspan: '2' }, t('clusters.col.cluster')),
          h('th', { scope: 'col', rowspan: '2' }, t('clusters.col.name')),
          h('th', { scope: 'col', rowspan: '2', class: 'num' }, t('clusters.col.size')),
          h('th', { scope: 'col', rowspan: '2', class: 'num' }, t('clusters.col.share')),
          h('th', { scope: 'col', rowspan: '2', class: 'num' }, t('clusters.col.revenueShare')),
          r.features.map((f) => h('th', { scope: 'col', class: 'num cl-feature-head' },
            featureLabel(f.name), f.unit ? h('span', { class: 'cl-unit' }, t('clusters.withUnit', { unit: unitLabel(f.unit) })) : null))),
        h('tr', null, r.features.map(() => h('th', { scope: 'col', class: 'num cl-subhead' }, t('clusters.col.meanMedianDiff'))))),
      h('tbody', null, profileRows(r)),
      h('tfoot', null, h('tr', null,
        h('th', { scope: 'row', colspan: '2' }, t('clusters.overall')),
        h('td', { class: 'num' }, formatInteger(r.rows)),
        h('td', { class: 'num' }, pct(1)),
        h('td', { class: 'num' }, first.revenue_share === null ? '–' : pct(1)),
        r.features.map((f) => h('td', { class: 'num cl-feature' },
          h('span', { class: 'cl-mean' }, fmt(first.features[f.name].overall_mean, unitDigits(f.unit))),
          h('span', { class: 'cl-median' }, fmt(first.features[f.name].overall_median, unitDigits(f.unit))))))))),
    h('p', { class: 'hint' }, t('clusters.profilesLegend')),
    h('div', { class: 'button-row' }, exportButton, profilesButtons,
      assign && assign.status === 'error' ? h('p', { class: 'warnings', role: 'alert', lang: 'en' }, assign.error.message || '') : null));
}

function crosstabCard(r, state) {
  if (!hasCustomers()) return null;
  const assign = state.results[KEYS.assign];
  const segs = state.results[KEYS.segments];
  const head = h('div', { class: 'card-head' },
    h('h2', { id: 'cl-x-heading' }, t('clusters.crosstab')),
    h('p', { class: 'hint' }, t('clusters.crosstabHint')));
  const section = h('section', { class: 'card', 'aria-labelledby': 'cl-x-heading', 'data-testid': 'cl-crosstab' }, head);
  if (segs && segs.status === 'error') {
    section.appendChild(h('p', { class: 'note' }, t('clusters.crosstabUnavailable'), ' ', h('span', { lang: 'en' }, segs.error.message || '')));
    return section;
  }
  const ready = (x) => x && x.status === 'done' && x.result && x.result.csv;
  if (!assignmentsReady(assign, r) || !ready(segs)) {
    section.appendChild(h('p', { class: 'note', role: 'status' }, t('clusters.working')));
    return section;
  }
  const segRows = parseCsv(segs.result.csv);
  const sh = segRows[0];
  const col = (name) => sh.indexOf(name);
  const iId = col('customer_id'), iSeg = col('segment'), iEn = col('segment_en'), iZh = col('segment_zh');
  const segOf = new Map();
  const segName = new Map();
  for (const row of segRows.slice(1)) {
    if (row.length < sh.length) continue;
    segOf.set(row[iId], row[iSeg]);
    segName.set(row[iSeg], language() === 'zh' ? row[iZh] : row[iEn]);
  }
  const counts = new Map();  // cluster -> Map(segment -> n)
  const segTotals = new Map();
  for (const row of parseCsv(assign.result.csv).slice(1)) {
    if (row.length < 2) continue;
    const c = Number(row[1]);
    const sg = segOf.get(row[0]);
    if (sg === undefined) continue;
    if (!counts.has(c)) counts.set(c, new Map());
    counts.get(c).set(sg, (counts.get(c).get(sg) || 0) + 1);
    segTotals.set(sg, (segTotals.get(sg) || 0) + 1);
  }
  const segments = [...segTotals.keys()].sort((a, b) => segTotals.get(b) - segTotals.get(a));
  const clusterTotal = new Map(r.profiles.map((p) => [p.cluster, [...(counts.get(p.cluster) || new Map()).values()].reduce((a, b) => a + b, 0)]));
  // One row per segment, one column per cluster: a cluster's column shows where its customers are.
  const rows = segments.map((sg) => h('tr', { 'data-segment': sg },
    h('th', { scope: 'row' }, segName.get(sg) || sg),
    r.profiles.map((p) => {
      const n = (counts.get(p.cluster) || new Map()).get(sg) || 0;
      const total = clusterTotal.get(p.cluster);
      const share = total ? n / total : 0;
      const td = h('td', { class: 'num cl-heat', 'data-cluster': String(p.cluster) },
        n ? formatInteger(n) : '·', n ? h('span', { class: 'cl-rowshare' }, pct(share, 0)) : null);
      // Shade by the share of the cluster: darker = more of this cluster is in that segment.
      if (n) styled(td, { 'background-color': `rgba(0, 114, 178, ${(0.06 + 0.7 * share).toFixed(3)})` });
      if (share >= 0.45) td.classList.add('strong');
      return td;
    }),
    h('td', { class: 'num' }, formatInteger(segTotals.get(sg)))));
  head.appendChild(tableDownloads('kexi-clusters-by-segment.csv',
    ['segment', 'name', ...r.profiles.map((p) => `cluster_${p.cluster}`), 'total'],
    segments.map((sg) => [sg, segName.get(sg) || sg, ...r.profiles.map((p) => (counts.get(p.cluster) || new Map()).get(sg) || 0), segTotals.get(sg)]),
    { key: 'cl-crosstab-csv', label: t('clusters.crosstab') }));
  section.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'data cl-crosstab', 'data-testid': 'cl-crosstab-table' },
    h('caption', { class: 'visually-hidden' }, t('clusters.crosstab')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('clusters.col.segment')),
      r.profiles.map((p) => h('th', { scope: 'col', class: 'num', 'data-cluster': String(p.cluster) },
        styled(h('span', { class: 'swatch', 'aria-hidden': 'true' }), { 'background-color': clusterColour(p.cluster) }),
        `${p.cluster} · ${clusterName(p)}`)),
      h('th', { scope: 'col', class: 'num' }, t('clusters.col.total')))),
    h('tbody', null, rows),
    h('tfoot', null, h('tr', null,
      h('th', { scope: 'row' }, t('clusters.col.total')),
      r.profiles.map((p) => h('td', { class: 'num' }, formatInteger(clusterTotal.get(p.cluster)))),
      h('td', { class: 'num' }, formatInteger([...clusterTotal.values()].reduce((a, b) => a + b, 0))))))));
  return section;
}

/** Draws the analysis mode and sends the requests it still needs. */
export function renderAnalysis(container, state) {
  container.appendChild(controls(state));
  const request = fitRequest();
  const fit = state.results[KEYS.fit];
  const current = fit && JSON.stringify(fit.request) === JSON.stringify(request);
  ensure(KEYS.fit, request);
  if (fit && fit.status === 'error' && current) {
    container.appendChild(h('section', { class: 'card error', role: 'alert', 'data-testid': 'cl-error' },
      h('h2', null, t('clusters.failed')), h('p', { class: 'core-message', lang: 'en' }, fit.error.message || '')));
    return;
  }
  const busy = !fit || fit.status === 'loading' || !current;
  if (busy) {
    container.appendChild(h('p', { class: 'card note cl-busy', role: 'status', 'data-testid': 'cl-busy' },
      t('clusters.running', { from: String(settings().kFrom), to: String(settings().kTo), nInit: String(settings().nInit) })));
  }
  const r = fit && fit.result;
  if (!r || r.mode !== 'fit') return;
  // Per-customer assignments (export, crosstab) and the segments, once the fit is known.
  if (!busy) {
    ensure(KEYS.assign, assignmentsRequest(r.k));
    if (hasCustomers()) ensure(KEYS.segments, segmentsRequest());
  }
  const body = h('div', { class: 'cl-results', 'aria-busy': busy ? 'true' : 'false', 'data-testid': 'cl-results' });
  container.appendChild(body);
  body.appendChild(summary(r));
  scanCard(r, body);
  scatterCard(r, body);
  body.appendChild(profilesCard(r, state));
  const x = crosstabCard(r, state);
  if (x) body.appendChild(x);
}
