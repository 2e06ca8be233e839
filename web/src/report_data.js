// What the Report gathers: the results the other views computed, under the same keys and with the
// same requests (so every number in the report is the one the view shows), asking the core only for
// those still missing; and the "all results" JSON bundle.
import { state } from './state.js';
import { language } from './i18n.js';
import * as actions from './actions.js';
import { kpiRequest, segmentRequest, ensure as ensureSegments } from './segments_state.js';
import { fitRequest, KEYS as CLUSTER_KEYS, ensure as ensureClusters } from './clusters_state.js';
import { settingsOf as ltvSettings, requestOf as ltvRequest } from './views/ltv.js';
import { settingsOf as surveySettings, requestOf as surveyRequest, runOptions as surveyRunOptions, isCurrent as surveyIsCurrent } from './views/surveys.js';

export const KEYS = {
  kpis: 'overview.kpis', segments: 'segments.main', ltv: 'ltv', clusters: CLUSTER_KEYS.fit,
  survey: 'survey', surveyMain: 'report.survey_main',
};

/** The main file holds orders or a customer table (not a survey or another plain table). */
export function hasOrders() {
  const kind = state.dataset && state.dataset.report ? state.dataset.report.kind : '';
  return Boolean(state.dataset) && kind !== 'survey' && kind !== 'table';
}

/** The survey loaded beside the orders (Surveys view), if any. */
function extraSurvey() {
  const x = state.extra.survey;
  return x && x.status === 'done' ? x : null;
}

/** The main file is itself a survey (loaded on the Data page) and no other survey is loaded. */
function mainSurvey() {
  return Boolean(state.dataset && state.dataset.report && state.dataset.report.kind === 'survey' && !extraSurvey());
}

/** The request the Survey summary uses when the main file is the survey (the Surveys view's defaults). */
function mainSurveyRequest() {
  return surveyRequest(surveySettings({ results: {} }));
}

/** Asks the core for every result the report needs and does not have yet (deferred: we are drawing). */
export function ensureAll() {
  if (!state.dataset) return;
  if (hasOrders()) {
    ensureSegments(KEYS.kpis, kpiRequest());
    ensureSegments(KEYS.segments, segmentRequest());
    if (!state.results[KEYS.ltv]) queueMicrotask(() => actions.analyse(KEYS.ltv, ltvRequest(ltvSettings(state))));
    ensureClusters(KEYS.clusters, fitRequest());
  }
  if (extraSurvey()) {
    const s = surveySettings(state);
    if (!surveyIsCurrent(state, KEYS.survey, surveyRequest(s))) {
      queueMicrotask(() => actions.analyse(KEYS.survey, surveyRequest(s), surveyRunOptions(state)));
    }
  } else if (mainSurvey()) {
    const request = mainSurveyRequest();
    const previous = state.results[KEYS.surveyMain];
    if (!previous || JSON.stringify(previous.request) !== JSON.stringify(request)) {
      queueMicrotask(() => actions.analyse(KEYS.surveyMain, request));
    }
  }
}

/** {status, result, error} of one part: 'none' when it does not apply to the loaded data. */
export function part(name) {
  if (name === 'survey') {
    if (extraSurvey()) return entry(KEYS.survey);
    if (mainSurvey()) return entry(KEYS.surveyMain);
    return { status: 'none', result: null, error: null };
  }
  if (!hasOrders()) return { status: 'none', result: null, error: null };
  return entry(KEYS[name]);
}

function entry(key) {
  const e = state.results[key];
  if (!e) return { status: 'loading', result: null, error: null };
  return { status: e.status, result: e.result, error: e.error, request: e.request };
}

/** The survey file's name for the report's data facts. */
export function surveyFileName() {
  const x = extraSurvey();
  return x ? x.fileName : '';  // a survey loaded as the main file is already the report's file
}

/** Every part still on its way (the report says so, and the print button waits). */
export function pending() {
  return ['kpis', 'segments', 'ltv', 'clusters', 'survey'].filter((n) => part(n).status === 'loading');
}

/** The full results as one JSON document: data report, settings used (the requests) and every result. */
export function resultsBundle() {
  const results = {};
  for (const [key, e] of Object.entries(state.results)) {
    if (!e || e.status !== 'done') continue;
    const request = Object.assign({}, e.request);
    delete request.linked;  // a worker handle, meaningless outside this page
    results[key] = { request, result: e.result };
  }
  return {
    kexi: { generated: new Date().toISOString(), language: language() },
    file: { name: state.fileName, format: state.format, sheet: state.sheet || null, bytes: state.fileBytes },
    load_options: state.options,
    data_report: state.dataset ? state.dataset.report : null,
    settings: {
      segments: state.segmentSettings || null,
      clusters: state.clusters || null,
    },
    extra_files: Object.fromEntries(Object.entries(state.extra).filter(([, x]) => x && x.status === 'done')
      .map(([slot, x]) => [slot, { name: x.fileName, report: x.report }])),
    results,
  };
}
