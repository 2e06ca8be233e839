// Report: one printable document built from what the other views computed (same keys, same
// requests, so the same numbers): title and data facts, key figures against targets, segments with
// their actions, key charts, lifetime value, clusters, the survey, and what to do next. "Print /
// save as PDF" uses the browser's print (web/styles.css @media print lays it out on A4).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as actions from '../actions.js';
import { downloadText } from '../charts.js';
import { ensureAll, part, pending, resultsBundle, surveyFileName } from '../report_data.js';
import { titleBlock, glance, nextSteps, dataFacts, kpiSection, segmentSection, segmentCharts, ltvSection, ltvChart, clusterSection, surveySection, placeholder } from '../report_sections.js';

function intro() {
  return h('div', { class: 'view-intro no-print' },
    h('h1', null, t('view.report.title')),
    h('p', null, t('report.what')),
    h('p', { class: 'todo' }, t('report.todo')));
}

function toolbar(state, waiting) {
  const base = (state.fileName || 'data').replace(/\.[^.]+$/, '');
  return h('div', { class: 'report-toolbar no-print' },
    // Printing waits for every part, so the paper never shows "Computing…".
    h('button', { type: 'button', class: 'primary', 'data-key': 'report-print', 'data-testid': 'report-print', disabled: waiting.length > 0, onclick: () => window.print() }, t('report.print')),
    h('button', {
      type: 'button', class: 'secondary', 'data-key': 'report-json', 'data-testid': 'report-json',
      onclick: () => downloadText(`kexi-results-${base}.json`, JSON.stringify(resultsBundle(), null, 2), 'application/json'),
    }, t('report.json')),
    waiting.length ? h('p', { class: 'note', role: 'status', 'data-testid': 'report-waiting' },
      t('report.waiting', { parts: waiting.map((p) => t(`report.part.${p}`)).join(t('overview.listSep')) })) : null);
}

function render(container, state) {
  container.appendChild(intro());
  if (!state.dataset) {
    container.appendChild(h('section', { class: 'card empty' }, h('p', null, t('report.empty')),
      h('button', { type: 'button', class: 'primary', 'data-key': 'to-data', onclick: () => actions.showView('data') }, t('report.toData'))));
    return;
  }
  ensureAll();
  const parts = Object.fromEntries(['kpis', 'segments', 'ltv', 'clusters', 'survey'].map((n) => [n, part(n)]));
  const waiting = pending();
  container.appendChild(toolbar(state, waiting));
  const doc = h('article', { class: 'report', 'data-testid': 'report', 'aria-busy': waiting.length ? 'true' : 'false', 'aria-labelledby': 'report-title-h' });
  container.appendChild(doc);
  const title = titleBlock(state);
  title.querySelector('h1').id = 'report-title-h';
  doc.appendChild(title);
  const add = (el) => (el ? doc.appendChild(el) : null);
  add(glance(parts));
  add(nextSteps(parts));
  add(dataFacts(state, surveyFileName()));
  // Each part: its section when the result is there, a placeholder while it computes or if it failed.
  const each = (name, title, build, after) => {
    const p = parts[name];
    if (p.status === 'none') return;
    if (p.result) {
      const el = add(build(p.result));
      if (el && after) after(el, p.result);
    } else add(placeholder(name, title, p));
  };
  each('kpis', t('report.kpi.heading'), kpiSection);
  each('segments', t('report.seg.heading'), segmentSection, segmentCharts);
  each('ltv', t('report.ltv.heading'), ltvSection, ltvChart);
  each('clusters', t('report.cl.heading'), clusterSection);
  each('survey', t('report.sv.heading'), surveySection);
  doc.appendChild(h('footer', { class: 'report-footer' }, t('report.madeWith')));
}

export default { id: 'report', titleKey: 'view.report.title', order: 90, render };
