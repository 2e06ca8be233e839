// Settings: what the page remembers in this browser (no customer data), with export to a JSON
// file, loading such a file back (checked as a whole: nothing is applied when anything is wrong) and reset. Reached
// from the Settings button in the header, not from the analysis navigation.
import { h, newId } from '../dom.js';
import { t } from '../i18n.js';
import { downloadText } from '../charts.js';
import { current, exportText, importFile, resetAll, status, FILE_NAME } from '../settings.js';
import { remembered } from '../remember.js';
import { pick } from '../segments_state.js';
import { formatUnit } from '../segments_format.js';

/** KPI targets in words when the Overview has named the KPIs (the core gives the names), else a count. */
function targetsText(targets, state) {
  const entry = state.results['overview.kpis'];
  const kpis = new Map((entry && entry.result && entry.result.kpis ? entry.result.kpis : []).map((k) => [k.id, k]));
  const ids = Object.keys(targets || {});
  if (!ids.length) return t('settings.sum.none');
  if (!ids.every((id) => kpis.has(id))) return t('settings.sum.targetsCount', { n: ids.length });
  return ids.map((id) => {
    const b = targets[id];
    const k = kpis.get(id);
    return `${pick(k, 'name')} ${b.max !== undefined ? '≤' : '≥'} ${formatUnit(b.max !== undefined ? b.max : b.min, k.unit)}`;
  }).join(' · ');
}

function summaryRows(s, state) {
  const pct = (x) => `${Math.round(x * 1000) / 10} %`;
  return [
    ['language', s.language ? t(`lang.${s.language}`) : t('settings.auto')],
    ['period', t('settings.sum.periodValue', { days: s.overview.period_days, end: s.overview.period_end || t('settings.sum.latest') })],
    ['targets', targetsText(s.overview.targets, state)],
    ['segments', t('settings.sum.segmentsValue', { bins: s.segments.bins, asOf: s.segments.as_of || t('settings.sum.latest') })],
    ['ltv', t('settings.sum.ltvValue', { margin: pct(s.ltv.margin), rate: pct(s.ltv.discount_rate_annual), horizon: s.ltv.horizon })],
    ['clusters', t('settings.sum.clustersValue', { k: s.clusters.kChoice === 'fixed' ? s.clusters.k : `${s.clusters.kFrom}–${s.clusters.kTo}`, seed: s.clusters.seed })],
    ['surveys', t('settings.sum.surveysValue', { nps: s.surveys.target_nps, csat: s.surveys.target_csat })],
    ['mappings', String(Object.keys(s.mappings).length)],
  ];
}

function keptCard(state) {
  const s = current();
  return h('section', { class: 'card', 'aria-labelledby': 'settings-kept-h', 'data-testid': 'settings-kept' },
    h('div', { class: 'card-head' }, h('h2', { id: 'settings-kept-h' }, t('settings.kept.heading')),
      h('p', { class: 'hint' }, t('settings.kept.hint'))),
    h('dl', { class: 'facts settings-summary' }, summaryRows(s, state).map(([key, value]) => h('div', { 'data-setting': key },
      h('dt', null, t(`settings.sum.${key}`)), h('dd', null, value)))),
    h('p', { class: 'hint', role: 'status', 'data-testid': 'settings-saved' },
      status.storageError ? t('settings.storageError') : status.restored ? t('settings.restored') : t('settings.autosave')));
}

function transferCard() {
  const inputId = newId('settings-import');
  const errorsId = newId('settings-import-errors');
  const input = h('input', {
    id: inputId, type: 'file', accept: '.json,application/json', class: 'visually-hidden', 'data-testid': 'settings-import-input', tabindex: '-1', 'aria-hidden': 'true',
    'aria-describedby': status.importErrors ? errorsId : null,
    onchange: (e) => {
      const file = e.target.files && e.target.files[0];
      if (file) importFile(file);
      e.target.value = '';
    },
  });
  const errors = status.importErrors
    ? h('div', { id: errorsId, class: 'field-error settings-import-errors', role: 'alert', 'data-testid': 'settings-import-error' },
      h('p', null, t('settings.import.failed')),
      h('ul', null, status.importErrors.map((p) => h('li', null,
        p.path ? h('code', null, p.path) : null, p.path ? ': ' : null, t(p.key, p.params)))))
    : null;
  return h('section', { class: 'card', 'aria-labelledby': 'settings-transfer-h' },
    h('div', { class: 'card-head' }, h('h2', { id: 'settings-transfer-h' }, t('settings.transfer.heading')),
      h('p', { class: 'hint' }, t('settings.transfer.hint'))),
    h('div', { class: 'button-row settings-actions' },
      h('button', { type: 'button', class: 'secondary', 'data-key': 'settings-export',
        onclick: () => downloadText(FILE_NAME, exportText(), 'application/json') }, t('settings.export')),
      h('button', { type: 'button', class: 'secondary', 'data-key': 'settings-import', 'aria-controls': inputId,
        'aria-describedby': status.importErrors ? errorsId : null, onclick: () => input.click() }, t('settings.import')),
      input,
      h('button', { type: 'button', class: 'secondary', 'data-key': 'settings-reset', onclick: resetAll }, t('settings.reset'))),
    errors,
    status.importOk ? h('p', { class: 'ok-note', role: 'status', 'data-testid': 'settings-import-ok' }, t('settings.import.ok')) : null,
    status.resetDone ? h('p', { class: 'ok-note', role: 'status', 'data-testid': 'settings-reset-ok' }, t('settings.reset.ok')) : null);
}

function dataCard() {
  return h('section', { class: 'card', 'aria-labelledby': 'settings-data-h' },
    h('h2', { id: 'settings-data-h' }, t('settings.data.heading')),
    h('p', null, remembered.on && remembered.record
      ? t('settings.data.on', { file: remembered.record.name }) : t('settings.data.off')));
}

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.settings.title')),
    h('p', null, t('view.settings.what')),
    h('p', { class: 'todo' }, t('view.settings.todo'))));
  container.appendChild(keptCard(state));
  container.appendChild(transferCard());
  container.appendChild(dataCard());
}

export default { id: 'settings', titleKey: 'view.settings.title', order: 1000, nav: false, render };
