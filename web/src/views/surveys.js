// Surveys: the core's `survey` request (docs/SURVEYS.md) on a survey file loaded beside the order
// file (state.extra.survey; the order file, if any, is joined for the value-tier breakdown). Settings
// live in the requests themselves (state.results.survey.request and .survey_comments.request), so
// the view keeps no state of its own: a changed control sends a new request and the page is drawn
// again from the answer. Every text from the file goes into text nodes or canvas, never HTML.
import { h, newId } from '../dom.js';
import { t, has, language } from '../i18n.js';
import { formatInteger } from '../format.js';
import { chart, downloadText } from '../charts.js';
import { tableDownloads } from '../table_export.js';
import * as actions from '../actions.js';
import { sampleNames } from '../samples.js';
import { saved } from '../settings.js';
import { fixed, signed, pct, interval, gaugeOption, trendOption, driversOption, termsOption } from '../surveys_charts.js';

const KEY = 'survey';
const COMMENTS_KEY = 'survey_comments';
const SLOT = 'survey';
const SAMPLE = 'survey_zh.csv';
const ACCEPT = '.csv,.tsv,.txt,.tab,.xlsx,text/csv,text/tab-separated-values';
const DEFAULTS = { period: 'quarter', target_nps: 30, target_csat: 90, ces_direction: 'higher_is_easier' };
const COMMENT_DEFAULTS = { search: '', comment_group: '', comment_offset: 0, comment_limit: 20 };
const PAGE = 20;

// ---- settings <-> requests ----

export function settingsOf(state) {
  const r = state.results[KEY] ? state.results[KEY].request : null;
  const s = Object.assign({}, DEFAULTS, saved('surveys'));  // the user's remembered settings (settings.js)
  if (r) for (const k of Object.keys(DEFAULTS)) if (r[k] !== undefined) s[k] = r[k];
  return s;
}

function commentSettingsOf(state) {
  const r = state.results[COMMENTS_KEY] ? state.results[COMMENTS_KEY].request : null;
  const s = Object.assign({}, COMMENT_DEFAULTS);
  if (r) for (const k of Object.keys(COMMENT_DEFAULTS)) if (r[k] !== undefined) s[k] = r[k];
  return s;
}

export function requestOf(s) {
  return { type: 'survey', period: s.period, target_nps: s.target_nps, target_csat: s.target_csat, ces_direction: s.ces_direction };
}

function commentRequestOf(c) {
  return { type: 'survey', search: c.search, comment_group: c.comment_group, comment_offset: c.comment_offset, comment_limit: c.comment_limit, top_terms: 1 };
}

/** The order file is joined only when the main dataset holds orders or customers (not a second survey). */
function linksOrders(state) {
  return Boolean(state.dataset && state.dataset.report && state.dataset.report.kind !== 'survey' && state.dataset.report.kind !== 'table');
}

export function runOptions(state, force = false) {
  return { on: SLOT, linked: linksOrders(state) ? 'main' : null, force };
}

/** The request as analyse() would send it (with the linked handle), to tell whether it is current. */
function fullRequest(state, request) {
  const full = Object.assign({}, request);
  if (linksOrders(state)) full.linked = state.dataset.handle;
  return full;
}

export function isCurrent(state, key, request) {
  const e = state.results[key];
  return Boolean(e && JSON.stringify(e.request) === JSON.stringify(fullRequest(state, request)));
}

function run(state, s, force = false) {
  return actions.analyse(KEY, requestOf(s), runOptions(state, force));
}

function runComments(state, c, force = false) {
  return actions.analyse(COMMENTS_KEY, commentRequestOf(c), runOptions(state, force));
}

async function loadSurvey(state, file) {
  if (file.sample) await actions.loadExtraSample(SLOT, file.sample, { kind: 'survey' });
  else await actions.loadExtra(SLOT, file, { kind: 'survey' });
  if (state.extra[SLOT] && state.extra[SLOT].status === 'done') {
    // A new survey file: the same settings, computed again on the new handle.
    run(state, settingsOf(state), true);
    runComments(state, Object.assign(commentSettingsOf(state), { comment_offset: 0 }), true);
  }
}

/** The same analysis on the command line, so an analyst can reproduce every number. */
function commandLine(state, s) {
  const quote = (name) => (/^[\w.\-/]+$/.test(name) ? name : JSON.stringify(name));
  const parts = ['kexi survey', quote(state.extra[SLOT].fileName)];
  if (linksOrders(state)) parts.push('--orders', quote(state.fileName));
  parts.push('--period', s.period, '--target-nps', String(s.target_nps), '--target-csat', String(s.target_csat));
  if (s.ces_direction !== DEFAULTS.ces_direction) parts.push('--ces-direction', s.ces_direction);
  return parts.join(' ');
}

// ---- small building blocks ----

// Charts are drawn once the whole view is in the document (ECharts measures its element, and a
// card is built before it is attached); this list only lives during one render().
const pendingCharts = [];

/** chart() after the cards are attached, with its height set through CSSOM (the CSP refuses inline style attributes). */
function draw(container, option, opts) {
  const slot = h('div', { class: 'survey-chart-slot' });
  container.appendChild(slot);
  pendingCharts.push(() => {
    const instance = chart(slot, option, opts);
    if (instance) {
      instance.getDom().style.height = `${opts.height}px`;
      instance.resize();
    }
  });
}

function drawPendingCharts() {
  for (const job of pendingCharts.splice(0)) job();
}

function cardHead(id, title, hint) {
  return h('div', { class: 'card-head' }, h('h2', { id }, title), hint ? h('p', { class: 'hint' }, hint) : null);
}

function errorCard(error, testid) {
  return h('section', { class: 'card error', role: 'alert', 'data-testid': testid },
    h('h2', null, has(`survey.error.${error.code}`) ? t(`survey.error.${error.code}`) : t('survey.error.generic')),
    h('p', { class: 'core-message', lang: 'en' }, error.message || ''));
}

function statusBadge(status) {
  return h('span', { class: `survey-status ${status}`, 'data-status': status }, t(`survey.status.${status}`));
}

function significance(change) {
  if (!change) return h('span', { class: 'note' }, '–');
  return h('span', { class: change.significant ? 'survey-sig yes' : 'survey-sig no', 'data-significant': String(change.significant) },
    signed(change.diff), ' ', h('span', { class: 'survey-ci' }, `(${interval(change.ci_low, change.ci_high)})`),
    change.significant ? h('span', { class: 'survey-sig-label' }, ` ${t('survey.sig.yes')}`) : null);
}

function smallFlag(small) {
  return small ? h('span', { class: 'survey-small', title: t('survey.small.title') }, t('survey.small.label')) : null;
}

// ---- load ----

function loadCard(state) {
  const extra = state.extra[SLOT];
  const inputId = newId('survey-file');
  const input = h('input', {
    id: inputId, type: 'file', class: 'visually-hidden', accept: ACCEPT, 'data-testid': 'survey-file-input', tabindex: '-1', 'aria-hidden': 'true',
    onchange: (e) => {
      const file = e.target.files && e.target.files[0];
      if (file) loadSurvey(state, file);
      e.target.value = '';
    },
  });
  const hasSample = sampleNames().includes(SAMPLE);
  const mainNote = linksOrders(state)
    ? h('p', { class: 'ok-note', 'data-testid': 'survey-orders-linked' }, t('survey.load.linked', { file: state.fileName }))
    : h('p', { class: 'hint' }, t('survey.load.noOrders'), ' ',
      h('button', { type: 'button', class: 'link', 'data-key': 'survey-to-data', onclick: () => actions.showView('data') }, t('survey.load.toData')));
  // A survey loaded on the Data page as the main file can be used here with one click.
  const mainIsSurvey = state.dataset && state.dataset.report && state.dataset.report.kind === 'survey' && state.source;
  const useMain = mainIsSurvey && !(extra && extra.fileName === state.fileName) ? h('button', {
    type: 'button', class: 'secondary', 'data-key': 'survey-use-main', 'data-testid': 'survey-use-main',
    onclick: () => loadSurvey(state, state.source.kind === 'sample' ? { sample: state.source.name } : state.source.file),
  }, t('survey.load.useMain', { file: state.fileName })) : null;
  let status = null;
  if (extra && extra.status === 'loading') status = h('p', { class: 'note', role: 'status' }, t('survey.load.loading', { file: extra.fileName }));
  else if (extra && extra.status === 'done') {
    status = h('p', { class: 'file-name', 'data-testid': 'survey-file-name' }, t('survey.load.loaded', {
      file: extra.fileName, rows: formatInteger(extra.report && extra.report.rows ? extra.report.rows.total : NaN),
    }));
  }
  return h('section', { class: 'card survey-load', 'aria-labelledby': 'survey-load-h' },
    cardHead('survey-load-h', t('survey.load.heading'), t('survey.load.hint')),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', 'data-key': 'survey-choose', onclick: () => input.click() }, t('survey.load.choose')),
      input,
      hasSample ? h('button', {
        type: 'button', class: 'secondary', 'data-key': 'survey-sample', 'data-testid': 'survey-sample',
        onclick: () => loadSurvey(state, { sample: SAMPLE }),
      }, t('survey.load.sample')) : null,
      useMain),
    status, mainNote,
    extra && extra.status === 'error' ? errorCard(extra.error || {}, 'survey-load-error') : null);
}

// ---- settings ----

function settingsCard(state, s) {
  const change = (patch) => run(state, Object.assign({}, s, patch));
  const periodId = newId('survey-period');
  const npsId = newId('survey-tnps');
  const csatId = newId('survey-tcsat');
  const dirId = newId('survey-dir');
  const numberInput = (id, key, value, min, max) => h('input', {
    id, type: 'number', min: String(min), max: String(max), step: '1', value: String(value), 'data-key': `survey-${key}`, class: 'survey-number',
    onchange: (e) => {
      const v = Number(e.target.value);
      if (e.target.value !== '' && Number.isFinite(v) && v >= min && v <= max) change({ [key]: v });
      else e.target.value = String(value);
    },
  });
  return h('section', { class: 'card survey-settings', 'aria-labelledby': 'survey-settings-h' },
    cardHead('survey-settings-h', t('survey.settings.heading'), null),
    h('div', { class: 'survey-fields' },
      h('div', { class: 'field inline' }, h('label', { for: periodId }, t('survey.settings.period')),
        h('select', { id: periodId, 'data-key': 'survey-period', onchange: (e) => change({ period: e.target.value }) },
          ['month', 'quarter'].map((p) => h('option', { value: p, selected: p === s.period }, t(`survey.period.${p}`))))),
      h('div', { class: 'field inline' }, h('label', { for: npsId }, t('survey.settings.targetNps')), numberInput(npsId, 'target_nps', s.target_nps, -100, 100)),
      h('div', { class: 'field inline' }, h('label', { for: csatId }, t('survey.settings.targetCsat')), numberInput(csatId, 'target_csat', s.target_csat, 0, 100), '%'),
      h('div', { class: 'field inline' }, h('label', { for: dirId }, t('survey.settings.cesDirection')),
        h('select', { id: dirId, 'data-key': 'survey-ces-direction', onchange: (e) => change({ ces_direction: e.target.value }) },
          ['higher_is_easier', 'higher_is_harder'].map((d) => h('option', { value: d, selected: d === s.ces_direction }, t(`survey.ces.${d}`)))))),
    h('p', { class: 'hint survey-cli' }, t('survey.settings.cli'), ' ', h('code', { 'data-testid': 'survey-cli' }, commandLine(state, s))));
}

// ---- scores ----

function npsCard(r) {
  const n = r.nps;
  const card = h('section', { class: 'card survey-score survey-nps', 'aria-labelledby': 'survey-nps-h', 'data-testid': 'survey-nps' });
  card.appendChild(cardHead('survey-nps-h', t('survey.nps.heading'), n ? t('survey.nps.column', { column: n.column || '' }) : null));
  if (!n || !n.n) {
    card.appendChild(h('p', { class: 'note' }, t('survey.nps.none')));
    return card;
  }
  card.appendChild(h('p', { class: 'survey-big' },
    h('span', { class: 'survey-value', 'data-testid': 'nps-score', 'data-value': String(n.score) }, fixed(n.score)),
    h('span', { class: 'survey-ci-text' }, t('survey.ci95'), ' ',
      h('span', { 'data-testid': 'nps-ci', 'data-low': String(n.ci_low), 'data-high': String(n.ci_high) }, interval(n.ci_low, n.ci_high))),
    h('span', { class: 'survey-n' }, t('survey.nAnswers', { n: formatInteger(n.n) }))));
  const label = t('survey.nps.aria', { score: fixed(n.score), low: fixed(n.ci_low), high: fixed(n.ci_high) });
  const parts = [['promoters', n.promoters, n.promoter_share], ['passives', n.passives, n.passive_share], ['detractors', n.detractors, n.detractor_share]];
  const bar = h('div', { class: 'survey-stack', role: 'img', 'aria-label': parts.map(([k, c, sh]) => `${t(`survey.class.${k}`)} ${pct(sh)}`).join(', ') });
  for (const [k, , share] of parts) {
    const seg = h('span', { class: `survey-seg ${k}` }, share >= 8 ? pct(share, 0) : '');
    seg.style.width = `${Math.max(0, share)}%`;  // CSSOM: the CSP refuses inline style attributes
    bar.appendChild(seg);
  }
  card.appendChild(bar);
  card.appendChild(h('ul', { class: 'survey-legend', 'data-testid': 'nps-parts' }, parts.map(([k, c, sh]) => h('li', { 'data-part': k, 'data-count': String(c) },
    h('span', { class: `survey-swatch ${k}`, 'aria-hidden': 'true' }), `${t(`survey.class.${k}`)} ${t(`survey.range.${k}`)}: `,
    h('strong', null, formatInteger(c)), ` (${pct(sh)})`))));
  draw(card, gaugeOption(n), { height: 230, label, name: 'nps-gauge' });
  card.appendChild(h('p', { class: 'hint survey-gauge-note' }, t('survey.nps.gaugeNote')));
  return card;
}

function csatCard(r) {
  const c = r.csat;
  const card = h('section', { class: 'card survey-score', 'aria-labelledby': 'survey-csat-h', 'data-testid': 'survey-csat' });
  card.appendChild(cardHead('survey-csat-h', t('survey.csat.heading'), c ? t('survey.csat.column', { column: c.column || '', top: c.top_box || '' }) : null));
  if (!c || !c.n) {
    card.appendChild(h('p', { class: 'note' }, t('survey.csat.none')));
    return card;
  }
  card.appendChild(h('p', { class: 'survey-big' },
    h('span', { class: 'survey-value', 'data-testid': 'csat-score', 'data-value': String(c.score) }, pct(c.score)),
    h('span', { class: 'survey-ci-text' }, t('survey.ci95wilson'), ' ',
      h('span', { 'data-testid': 'csat-ci', 'data-low': String(c.ci_low), 'data-high': String(c.ci_high) }, interval(c.ci_low, c.ci_high, 1, '%')))));
  const meter = h('div', { class: 'survey-meter', role: 'img', 'aria-label': t('survey.csat.meter', { score: pct(c.score), low: pct(c.ci_low), high: pct(c.ci_high) }) });
  const band = h('span', { class: 'survey-meter-band' });
  band.style.left = `${c.ci_low}%`;
  band.style.width = `${Math.max(0.5, c.ci_high - c.ci_low)}%`;
  const mark = h('span', { class: 'survey-meter-mark' });
  mark.style.left = `${c.score}%`;
  meter.append(band, mark);
  card.appendChild(meter);
  card.appendChild(h('dl', { class: 'facts survey-facts' },
    h('div', null, h('dt', null, t('survey.csat.mean')), h('dd', { 'data-testid': 'csat-mean', 'data-value': String(c.mean) }, fixed(c.mean, 2))),
    h('div', null, h('dt', null, t('survey.csat.satisfied')), h('dd', null, `${formatInteger(c.satisfied)} / ${formatInteger(c.n)}`))));
  return card;
}

function cesCard(r) {
  const c = r.ces;
  const card = h('section', { class: 'card survey-score', 'aria-labelledby': 'survey-ces-h', 'data-testid': 'survey-ces' });
  card.appendChild(cardHead('survey-ces-h', t('survey.ces.heading'), c ? t('survey.ces.column', { column: c.column || '', scale: c.scale || '' }) : null));
  if (!c || !c.n) {
    card.appendChild(h('p', { class: 'note' }, t('survey.ces.none')));
    return card;
  }
  card.appendChild(h('p', { class: 'survey-big' },
    h('span', { class: 'survey-value', 'data-testid': 'ces-mean', 'data-value': String(c.mean) }, fixed(c.mean, 2)),
    h('span', { class: 'survey-ci-text' }, t('survey.ci95'), ' ',
      h('span', { 'data-testid': 'ces-ci', 'data-low': String(c.mean_ci_low), 'data-high': String(c.mean_ci_high) }, interval(c.mean_ci_low, c.mean_ci_high, 2)))));
  card.appendChild(h('dl', { class: 'facts survey-facts' },
    h('div', null, h('dt', null, t('survey.ces.agree')), h('dd', { 'data-testid': 'ces-agree', 'data-value': String(c.agree_share) },
      `${pct(c.agree_share)} (${interval(c.agree_ci_low, c.agree_ci_high, 1, '%')})`)),
    h('div', null, h('dt', null, t('survey.ces.n')), h('dd', null, formatInteger(c.n)))));
  card.appendChild(h('p', { class: 'hint' }, t(`survey.ces.explain.${c.direction || 'higher_is_easier'}`)));
  return card;
}

function targetsCard(r) {
  const rows = (r.targets || []).map((x) => {
    const d = x.metric === 'ces' ? 2 : 1;
    const unit = x.metric === 'csat' ? '%' : '';
    return h('tr', { 'data-metric': x.metric, 'data-status': x.status },
      h('th', { scope: 'row' }, t(`survey.metric.${x.metric}`)),
      h('td', { class: 'num' }, `≥ ${fixed(x.target, x.metric === 'ces' ? 1 : 0)}${unit}`),
      h('td', { class: 'num' }, Number.isFinite(x.score) ? `${fixed(x.score, d)}${unit}` : '–'),
      h('td', { class: 'num' }, interval(x.ci_low, x.ci_high, d, unit)),
      h('td', null, statusBadge(x.status)));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'survey-targets-h', 'data-testid': 'survey-targets' },
    cardHead('survey-targets-h', t('survey.targets.heading'), t('survey.targets.hint')),
    tableDownloads('survey-targets.csv', ['metric', 'target', 'score', 'ci_low', 'ci_high', 'status'],
      (r.targets || []).map((x) => [x.metric, x.target, x.score, x.ci_low, x.ci_high, x.status]), { key: 'survey-targets-csv', label: t('survey.targets.heading') }),
    h('table', { class: 'data survey-targets' },
      h('thead', null, h('tr', null, ['metric', 'target', 'score', 'ci', 'status'].map((k) => h('th', { scope: 'col', class: ['target', 'score', 'ci'].includes(k) ? 'num' : null }, t(`survey.targets.col.${k}`))))),
      h('tbody', null, rows)));
}

// ---- trend ----

function trendCard(r, s) {
  const bp = r.by_period;
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-trend-h', 'data-testid': 'survey-trend' });
  card.appendChild(cardHead('survey-trend-h', t('survey.trend.heading', { period: t(`survey.period.${s.period}`) }), t('survey.trend.hint')));
  if (!bp || !(bp.periods || []).length) {
    card.appendChild(h('p', { class: 'note' }, t('survey.trend.none')));
    return card;
  }
  const grid = h('div', { class: 'survey-trend-grid' });
  card.appendChild(grid);
  for (const metric of ['nps', 'csat']) {
    if (!bp.periods.some((p) => p[metric] && p[metric].n)) continue;
    const box = h('div', { class: 'survey-trend-box' }, h('h3', { class: 'small-heading' }, t(`survey.metric.${metric}`)));
    grid.appendChild(box);
    const target = metric === 'nps' ? s.target_nps : s.target_csat;
    draw(box, trendOption(bp.periods, metric, target), { height: 240, label: t('survey.trend.aria', { metric: t(`survey.metric.${metric}`) }), name: `survey-trend-${metric}` });
  }
  const ch = bp.change;
  if (ch && ch.from) {
    card.appendChild(h('p', { class: 'survey-change', 'data-testid': 'survey-period-change' },
      t('survey.trend.change', { from: ch.from, to: ch.to }), ' ',
      ['nps', 'csat', 'ces'].filter((m) => ch[m]).map((m) => h('span', { class: 'survey-change-item' }, `${t(`survey.metric.${m}`)} `, significance(ch[m])))));
  }
  const small = bp.periods.filter((p) => p.small_sample).map((p) => p.period);
  card.appendChild(h('p', { class: 'hint' }, t('survey.trend.legend'),
    small.length ? ` ${t('survey.trend.small', { periods: small.join(', ') })}` : '',
    bp.undated ? ` ${t('survey.trend.undated', { n: formatInteger(bp.undated) })}` : ''));
  return card;
}

// ---- breakdowns ----

/** A breakdown made from the joined order file (RFM segments, or spend thirds as the fallback). */
function isLinked(b) {
  return b.source !== 'column';
}

function groupName(r, b, value) {
  if (!isLinked(b)) return value;
  const names = r.segment && r.segment.names ? r.segment.names[value] : null;
  if (names) return names[language()] || names.en || value;
  return has(`survey.tier.${value}`) ? t(`survey.tier.${value}`) : value;
}

function breakdownCard(r) {
  const groups = r.by_group || [];
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-groups-h', 'data-testid': 'survey-breakdown' });
  card.appendChild(cardHead('survey-groups-h', t('survey.groups.heading'), t('survey.groups.hint')));
  if (!groups.length) {
    card.appendChild(h('p', { class: 'note' }, t('survey.groups.none')));
    return card;
  }
  if (r.segment) {
    card.appendChild(h('p', { class: 'hint', 'data-testid': 'survey-segment-note' }, t('survey.groups.segment', {
      matched: formatInteger(r.segment.matched), missing: formatInteger(r.segment.not_in_orders), customers: formatInteger(r.segment.customers),
    })));
  }
  // Value tiers (the joined order file) first, then the survey's own attributes.
  const ordered = [...groups].sort((a, b) => (isLinked(a) ? 0 : 1) - (isLinked(b) ? 0 : 1));
  for (const b of ordered) {
    const title = !isLinked(b) ? t('survey.groups.byAttribute', { attribute: b.attribute })
      : b.source === 'rfm' ? t('survey.groups.bySegment') : t('survey.groups.byTier');
    const rows = b.groups.map((g) => h('tr', { 'data-group': g.value, 'data-small': String(g.small_sample) },
      h('th', { scope: 'row' }, groupName(r, b, g.value), ' ', smallFlag(g.small_sample)),
      h('td', { class: 'num' }, formatInteger(g.respondents)),
      h('td', { class: 'num' }, g.nps && g.nps.n ? fixed(g.nps.score) : '–', g.nps && g.nps.n ? h('span', { class: 'survey-ci' }, ` (${interval(g.nps.ci_low, g.nps.ci_high, 0)})`) : null),
      h('td', { class: 'num' }, significance(g.vs_rest && g.vs_rest.nps)),
      h('td', { class: 'num' }, g.csat && g.csat.n ? pct(g.csat.score) : '–', g.csat && g.csat.n ? h('span', { class: 'survey-ci' }, ` (${interval(g.csat.ci_low, g.csat.ci_high, 0)})`) : null),
      h('td', { class: 'num' }, significance(g.vs_rest && g.vs_rest.csat)),
      h('td', { class: 'num' }, g.ces && g.ces.n ? fixed(g.ces.mean, 2) : '–'),
      h('td', { class: 'num' }, significance(g.vs_rest && g.vs_rest.ces))));
    card.appendChild(h('h3', { class: 'small-heading survey-sub' }, title));
    card.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'data survey-groups', 'data-attribute': b.attribute },
      h('thead', null, h('tr', null, ['group', 'n', 'nps', 'npsVsRest', 'csat', 'csatVsRest', 'ces', 'cesVsRest'].map((k) => h('th', { scope: 'col', class: k === 'group' ? null : 'num' }, t(`survey.groups.col.${k}`))))),
      h('tbody', null, rows))));
  }
  card.appendChild(h('p', { class: 'hint' }, t('survey.groups.legend')));
  const bd = breakdownTable(r);
  card.appendChild(h('div', { class: 'button-row' }, tableDownloads('survey-breakdown.csv', bd.header, bd.rows, { key: 'survey-export', label: t('survey.groups.export') })));
  return card;
}

/** The breakdown as rows for the downloads; numbers rounded to 6 decimals (no float noise in a sheet). */
function breakdownTable(r) {
  const header = ['breakdown', 'group', 'respondents', 'small_sample', 'nps', 'nps_ci_low', 'nps_ci_high', 'nps_vs_rest', 'nps_vs_rest_significant',
    'csat', 'csat_ci_low', 'csat_ci_high', 'csat_vs_rest', 'csat_vs_rest_significant', 'ces_mean', 'ces_vs_rest', 'ces_vs_rest_significant'];
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v === undefined ? null : v);
  const flag = (v) => (v === null || v === undefined ? null : String(v));
  const rows = [];
  for (const b of r.by_group || []) {
    for (const g of b.groups) {
      const vr = g.vs_rest || {};
      const ch = (m) => (vr[m] ? [num(vr[m].diff), flag(vr[m].significant)] : [null, null]);
      rows.push([String(b.attribute), String(g.value), num(g.respondents), flag(g.small_sample),
        num(g.nps && g.nps.n ? g.nps.score : null), num(g.nps && g.nps.n ? g.nps.ci_low : null), num(g.nps && g.nps.n ? g.nps.ci_high : null), ...ch('nps'),
        num(g.csat && g.csat.n ? g.csat.score : null), num(g.csat && g.csat.n ? g.csat.ci_low : null), num(g.csat && g.csat.n ? g.csat.ci_high : null), ...ch('csat'),
        num(g.ces && g.ces.n ? g.ces.mean : null), ...ch('ces')]);
    }
  }
  return { header, rows };
}

// ---- drivers ----

function driversCard(r) {
  const d = r.drivers;
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-drivers-h', 'data-testid': 'survey-drivers' });
  card.appendChild(cardHead('survey-drivers-h', t('survey.drivers.heading'), t('survey.drivers.hint')));
  if (!d || !d.ok || !(d.items || []).length) {
    card.appendChild(h('p', { class: 'note' }, t('survey.drivers.none')));
    for (const w of (d && d.warnings) || []) card.appendChild(h('p', { class: 'warnings', lang: 'en' }, w));
    return card;
  }
  const outcome = d.outcome_role && has(`survey.metric.${d.outcome_role}`) ? t(`survey.metric.${d.outcome_role}`) : d.outcome;
  card.appendChild(h('p', { class: 'hint', 'data-testid': 'survey-drivers-summary' }, t('survey.drivers.summary', {
    outcome, column: d.outcome, n: formatInteger(d.n), r2: fixed(100 * d.r2, 1), method: t(`survey.method.${d.method}`),
  })));
  const layout = h('div', { class: 'survey-drivers-layout' });
  card.appendChild(layout);
  const chartBox = h('div', { class: 'survey-drivers-chart', 'data-testid': 'survey-drivers-chart' });
  layout.appendChild(chartBox);
  draw(chartBox, driversOption(d), { height: 340, label: t('survey.drivers.aria'), name: 'survey-drivers' });
  const items = [...d.items].sort((a, b) => b.importance - a.importance);
  layout.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'survey-drivers-table' },
    h('thead', null, h('tr', null, ['item', 'importance', 'performance', 'mean', 'quadrant'].map((k) => h('th', { scope: 'col', class: k === 'item' || k === 'quadrant' ? null : 'num' }, t(`survey.drivers.col.${k}`))))),
    h('tbody', null, items.map((x) => h('tr', { 'data-item': x.name, 'data-quadrant': x.quadrant },
      h('th', { scope: 'row' }, x.name),
      h('td', { class: 'num' }, `${fixed(x.importance)}%`),
      h('td', { class: 'num' }, fixed(x.performance)),
      h('td', { class: 'num' }, fixed(x.mean, 2)),
      h('td', null, h('span', { class: `survey-quadrant ${x.quadrant}` }, t(`survey.quadrant.${x.quadrant}`)))))))));
  card.appendChild(h('ul', { class: 'survey-quadrant-help' }, ['fix', 'keep', 'nice_to_have', 'low_priority'].map((q) => h('li', null,
    h('span', { class: `survey-quadrant ${q}` }, t(`survey.quadrant.${q}`)), ' ', t(`survey.quadrantHelp.${q}`)))));
  card.appendChild(alphaBlock(r.alpha));
  for (const w of d.warnings || []) card.appendChild(h('p', { class: 'warnings', lang: 'en' }, w));
  return card;
}

function alphaBlock(a) {
  if (!a || !a.ok) return h('p', { class: 'note', 'data-testid': 'survey-alpha' }, t('survey.alpha.none'));
  const verdict = a.value >= 0.9 ? 'excellent' : a.value >= 0.8 ? 'good' : a.value >= 0.7 ? 'acceptable' : 'low';
  return h('div', { class: 'survey-alpha', 'data-testid': 'survey-alpha' },
    h('p', null, h('strong', null, t('survey.alpha.label')), ' ',
      h('span', { 'data-testid': 'alpha-value', 'data-value': String(a.value) }, fixed(a.value, 3)), ' · ',
      t(`survey.alpha.${verdict}`), ' · ', t('survey.alpha.basis', { k: formatInteger(a.k), n: formatInteger(a.n) })),
    (a.items || []).length ? h('p', { class: 'hint' }, t('survey.alpha.ifDeleted'), ' ',
      a.items.map((name, i) => `${name} ${fixed(a.alpha_if_deleted[i], 3)}`).join(' · ')) : null);
}

// ---- terms ----

function termsCard(r) {
  const tm = r.terms;
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-terms-h', 'data-testid': 'survey-terms' });
  card.appendChild(cardHead('survey-terms-h', t('survey.terms.heading'), tm ? t('survey.terms.hint', { column: tm.column }) : null));
  if (!tm || !(tm.groups || []).length) {
    card.appendChild(h('p', { class: 'note' }, t('survey.terms.none')));
    return card;
  }
  // Promoters against detractors (or satisfied against dissatisfied when the split is by CSAT).
  const wanted = tm.split_by === 'csat' ? ['satisfied', 'dissatisfied'] : ['promoters', 'detractors'];
  let shown = tm.groups.filter((g) => wanted.includes(g.group) && (g.terms || []).length);
  if (!shown.length) shown = tm.groups.filter((g) => g.group === 'all');
  const grid = h('div', { class: 'survey-terms-grid' });
  card.appendChild(grid);
  for (const g of shown) {
    const good = g.group === 'promoters' || g.group === 'satisfied';
    const box = h('div', { class: 'survey-terms-box', 'data-group': g.group },
      h('h3', { class: 'small-heading' }, t('survey.terms.group', { group: t(`survey.class.${g.group}`), n: formatInteger(g.comments) })));
    grid.appendChild(box);
    const n = Math.min(12, (g.terms || []).length);
    draw(box, termsOption(g, good ? '#009E73' : '#D55E00', 12), { height: Math.max(120, 26 * n + 20), label: t('survey.terms.aria', { group: t(`survey.class.${g.group}`) }), name: `survey-terms-${g.group}` });
    box.appendChild(h('p', { class: 'visually-hidden' }, (g.terms || []).slice(0, 12).map((x) => `${x.term} ${x.count}`).join(', ')));
  }
  return card;
}

// ---- comments ----

function commentsCard(state) {
  const entry = state.results[COMMENTS_KEY];
  const c = commentSettingsOf(state);
  const res = entry && entry.result ? entry.result.comments : null;
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-comments-h', 'data-testid': 'survey-comments' });
  card.appendChild(cardHead('survey-comments-h', t('survey.comments.heading'), t('survey.comments.hint')));
  if (entry && entry.status === 'error') {
    card.appendChild(errorCard(entry.error || {}, 'survey-comments-error'));
    return card;
  }
  if (entry && entry.result && !res) {
    card.appendChild(h('p', { class: 'note' }, t('survey.comments.none')));
    return card;
  }
  const searchId = newId('survey-search');
  const groupId = newId('survey-cgroup');
  const search = h('input', { id: searchId, type: 'search', value: c.search, 'data-key': 'survey-search', 'data-testid': 'survey-search', placeholder: t('survey.comments.placeholder') });
  const classes = entry && entry.result && entry.result.terms && entry.result.terms.split_by === 'csat'
    ? ['satisfied', 'neutral', 'dissatisfied'] : ['promoters', 'passives', 'detractors'];
  const group = h('select', { id: groupId, 'data-key': 'survey-comment-group', 'data-testid': 'survey-comment-group' },
    h('option', { value: '', selected: c.comment_group === '' }, t('survey.comments.allGroups')),
    classes.map((k) => h('option', { value: k, selected: c.comment_group === k }, t(`survey.class.${k}`))));
  const apply = () => runComments(state, Object.assign({}, c, { search: search.value.trim(), comment_group: group.value, comment_offset: 0 }));
  group.addEventListener('change', apply);
  card.appendChild(h('form', {
    class: 'survey-search', role: 'search', 'aria-label': t('survey.comments.heading'),
    onsubmit: (e) => { e.preventDefault(); apply(); },
  },
  h('label', { for: searchId }, t('survey.comments.search')), search,
  h('label', { for: groupId }, t('survey.comments.group')), group,
  h('button', { type: 'submit', class: 'secondary', 'data-key': 'survey-search-go', 'data-testid': 'survey-search-go' }, t('survey.comments.go'))));
  if (!res) {
    card.appendChild(h('p', { class: 'note', role: 'status' }, t('survey.busy')));
    return card;
  }
  const first = res.matched ? res.offset + 1 : 0;
  const last = Math.min(res.offset + res.items.length, res.matched);
  card.appendChild(h('p', { class: 'pager-status', role: 'status', 'data-testid': 'survey-comments-status', 'data-matched': String(res.matched) },
    res.search || res.group
      ? t('survey.comments.matched', { first: formatInteger(first), last: formatInteger(last), matched: formatInteger(res.matched), total: formatInteger(res.total) })
      : t('survey.comments.showing', { first: formatInteger(first), last: formatInteger(last), total: formatInteger(res.matched) })));
  card.appendChild(h('ul', { class: 'survey-comment-list', 'data-testid': 'survey-comment-list', 'aria-busy': entry.status === 'loading' ? 'true' : 'false' },
    res.items.map((it) => h('li', { class: 'survey-comment', 'data-row': String(it.row), 'data-class': it.class || '' },
      h('p', { class: 'survey-comment-text' }, it.text),  // text node: a comment is never HTML
      h('p', { class: 'survey-comment-meta' },
        it.class ? h('span', { class: `survey-class ${it.class}` }, has(`survey.class.${it.class}`) ? t(`survey.class.${it.class}`) : it.class) : null,
        it.nps !== null && it.nps !== undefined ? ` ${t('survey.metric.nps')} ${it.nps}` : '',
        it.csat !== null && it.csat !== undefined ? ` · ${t('survey.metric.csat')} ${it.csat}` : '',
        it.customer_id ? ` · ${it.customer_id}` : '', it.date ? ` · ${it.date}` : '',
        ` · ${t('survey.comments.line', { row: it.row })}`)))));
  const page = (offset) => runComments(state, Object.assign({}, c, { comment_offset: Math.max(0, offset) }));
  card.appendChild(h('div', { class: 'button-row' },
    h('button', { type: 'button', class: 'secondary', 'data-key': 'survey-comments-prev', disabled: res.offset === 0, onclick: () => page(res.offset - PAGE) }, t('survey.comments.prev')),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'survey-comments-next', disabled: res.offset + PAGE >= res.matched, onclick: () => page(res.offset + PAGE) }, t('survey.comments.next'))));
  return card;
}

// ---- rejected answers ----

function rejectionsCard(r) {
  const rej = r.rejections || [];
  const card = h('section', { class: 'card', 'aria-labelledby': 'survey-rej-h', 'data-testid': 'survey-rejections' });
  const bad = rej.reduce((s, x) => s + x.out_of_range + x.non_numeric + x.missing, 0);
  card.appendChild(cardHead('survey-rej-h', t('survey.rej.heading'), t('survey.rej.hint')));
  if (!rej.length) {
    card.appendChild(h('p', { class: 'note' }, t('survey.rej.none')));
    return card;
  }
  card.appendChild(h('p', { class: bad ? 'warnings' : 'ok-note' }, bad ? t('survey.rej.total', { n: formatInteger(bad) }) : t('survey.rej.clean')));
  const count = (n) => h('td', { class: 'num' }, n ? h('span', { class: 'count' }, formatInteger(n)) : '0');
  const examples = (x) => h('ul', { class: 'examples' }, (x.examples || []).map((e) => h('li', null,
    h('span', { class: 'ex-row' }, t('survey.comments.line', { row: e.row })),
    h('span', { class: 'ex-value' }, e.value === '' ? t('survey.rej.blank') : e.value))));
  const row = (x) => h('tr', { 'data-item': x.column },
    h('th', { scope: 'row' }, x.column),
    h('td', null, has(`survey.role.${x.role}`) ? t(`survey.role.${x.role}`) : x.role),
    h('td', null, x.scale || ''),
    h('td', { class: 'num', 'data-count': 'valid' }, formatInteger(x.valid)),
    count(x.out_of_range), count(x.non_numeric), count(x.missing),
    h('td', null, examples(x)));
  const head = ['item', 'role', 'scale', 'valid', 'out_of_range', 'non_numeric', 'missing', 'examples'].map((k) => h('th', {
    scope: 'col', class: ['valid', 'out_of_range', 'non_numeric', 'missing'].includes(k) ? 'num' : null,
  }, t(`survey.rej.col.${k}`)));
  card.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'survey-rejections-table' },
    h('thead', null, h('tr', null, head)),
    h('tbody', null, rej.map(row)))));
  return card;
}

// ---- the view ----

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.surveys.title')),
    h('p', null, t('view.surveys.what')),
    h('p', { class: 'todo' }, t('view.surveys.todo'))));
  container.appendChild(loadCard(state));
  const extra = state.extra[SLOT];
  if (!extra || extra.status !== 'done') return;
  const s = settingsOf(state);
  const c = commentSettingsOf(state);
  // Ask for the analyses after this drawing (analyse() redraws at once and must not nest in
  // render); not again for a request that failed, which would loop.
  if (!isCurrent(state, KEY, requestOf(s))) Promise.resolve().then(() => run(state, s));
  if (!isCurrent(state, COMMENTS_KEY, commentRequestOf(c))) Promise.resolve().then(() => runComments(state, c));
  const entry = state.results[KEY];
  const r = entry && entry.result;
  container.appendChild(settingsCard(state, s));
  const loading = !entry || entry.status === 'loading';
  if (loading) container.appendChild(h('p', { class: 'card note', role: 'status', 'data-testid': 'survey-busy' }, t('survey.busy')));
  if (entry && entry.status === 'error') {
    container.appendChild(errorCard(entry.error || {}, 'survey-error'));
    return;
  }
  pendingCharts.length = 0;
  if (!r) return;
  const body = h('div', { class: 'survey-body', 'aria-busy': loading ? 'true' : 'false', 'data-testid': 'survey-body' });
  container.appendChild(body);
  body.appendChild(h('p', { class: 'hint survey-respondents' }, t('survey.respondents', { n: formatInteger(r.respondents) })));
  const scores = h('div', { class: 'survey-scores' });
  body.appendChild(scores);
  scores.appendChild(npsCard(r));
  const side = h('div', { class: 'survey-side' }, csatCard(r), cesCard(r));
  scores.appendChild(side);
  body.appendChild(targetsCard(r));
  body.appendChild(trendCard(r, s));
  body.appendChild(breakdownCard(r));
  body.appendChild(driversCard(r));
  body.appendChild(termsCard(r));
  body.appendChild(commentsCard(state));
  body.appendChild(rejectionsCard(r));
  if ((r.warnings || []).length) {
    body.appendChild(h('section', { class: 'card', 'aria-labelledby': 'survey-warn-h' },
      cardHead('survey-warn-h', t('survey.warnings'), null),
      h('ul', { class: 'warnings', lang: 'en' }, r.warnings.map((w) => h('li', null, w)))));
  }
  body.appendChild(h('div', { class: 'button-row' }, h('button', {
    type: 'button', class: 'secondary', 'data-key': 'survey-json', onclick: () => downloadText('survey.json', JSON.stringify(r, null, 2), 'application/json'),
  }, t('survey.exportJson'))));
  drawPendingCharts();
}

export default { id: 'surveys', titleKey: 'view.surveys.title', order: 70, render };
