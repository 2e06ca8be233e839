// The shell: language, navigation between views, and drawing the current view from `state`.
// Views are found in ./views/ (build.mjs generates ./views/registry.js from that folder), so a new
// view is one new file exporting {id, titleKey, order, render(container, state)} and optionally
// update(container, state) -> bool, a cheap in-place redraw of progress (false: render again).
import { Engine } from './engine.js';
import { Pool } from './pool.js';
import { h, clear } from './dom.js';
import { detectLanguage, setLanguage, language, t, translateStatic, LANGUAGES } from './i18n.js';
import { state, onChange, onProgress, changed } from './state.js';
import * as actions from './actions.js';
import { prefetch } from './segments_state.js';
import { sampleNames } from './samples.js';
import { views } from './views/registry.js';
import { retireCharts, disposeRetired, warmUpCharts } from './charts.js';
import { measure } from './perf.js';
import { formatInteger, formatAmount } from './format.js';
import { initSettings } from './settings.js';
import { initRemember } from './remember.js';
import { renderPrivacy } from './settings_panels.js';
import { mountTour, renderTour } from './tour.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const langSwitch = document.getElementById('lang');

function currentView() {
  return views.find((v) => v.id === state.view) || views[0];
}

function renderNav() {
  clear(nav);
  const list = h('ul', { class: 'nav-list' });
  for (const view of views.filter((v) => v.nav !== false)) {
    const active = view.id === currentView().id;
    list.appendChild(h('li', null, h('button', {
      type: 'button', class: 'nav-item', 'data-key': `nav-${view.id}`, 'data-view': view.id,
      'aria-current': active ? 'page' : null, onclick: () => actions.showView(view.id),
    }, t(view.titleKey))));
  }
  nav.appendChild(list);
}

function renderLanguageSwitch() {
  clear(langSwitch);
  for (const lang of LANGUAGES) {
    langSwitch.appendChild(h('button', {
      type: 'button', class: 'lang-item', lang: lang === 'zh' ? 'zh-CN' : 'en', 'data-key': `lang-${lang}`,
      'aria-pressed': lang === language() ? 'true' : 'false',
      onclick: () => {
        setLanguage(lang, true);
        changed();
      },
    }, t(`lang.${lang}`)));
  }
}

// Settings (a view outside the analysis navigation) are one button away from every view.
function renderTools() {
  const tools = document.getElementById('tools');
  if (!tools) return;
  clear(tools);
  tools.appendChild(h('button', {
    type: 'button', class: 'lang-item settings-link', 'data-key': 'open-settings',
    'aria-current': state.view === 'settings' ? 'page' : null, onclick: () => actions.showView('settings'),
  }, t('settings.open')));
}

let shownView = null;
let renderQueued = false;

/**
 * Draws the view once for all the changes announced in one task: a load's answer followed by the
 * customer page request, or a view that asks for its results while it draws, used to draw the
 * whole view (charts and all) once per change. Still before the next paint (a microtask).
 */
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    render();
  });
}

function render() {
  // Keep keyboard focus on the "same" control across a redraw (controls carry data-key).
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const view = currentView();
  translateStatic(document.body);
  renderNav();
  renderLanguageSwitch();
  renderTools();
  renderPrivacy();
  document.title = `${t('app.name')} · ${t(view.titleKey)}`;
  const start = performance.now();
  retireCharts();
  clear(main);
  view.render(main, state);
  disposeRetired();
  measure(`render:${view.id}`, start);
  renderTour();  // the workshop tour's panel beside the view, and the projector layout
  if (focused) {
    const again = document.querySelector(`[data-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  } else if (shownView !== null && shownView !== view.id) {
    main.focus();
  }
  shownView = view.id;
}

function boot() {
  setLanguage(detectLanguage(), false);
  const engine = new Engine(globalThis.KEXI_WORKER_SOURCE);
  actions.init(engine, new Pool(globalThis.KEXI_WORKER_SOURCE));
  actions.afterLoad(prefetch);
  initSettings(onChange);
  onChange(scheduleRender);
  mountTour();
  onProgress(() => {
    const view = currentView();
    if (!view.update || !view.update(main, state)) render();
  });
  // A file dropped outside the drop zone must not make the browser navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  render();
  const wanted = new URLSearchParams(window.location.search).get('sample');
  if (wanted) {
    const name = sampleNames().find((n) => n === wanted || n.replace(/\.[^.]+$/, '') === wanted);
    if (name) actions.loadSample(name);
  }
  initRemember(onChange).finally(() => { document.body.dataset.remembered = 'checked'; });
  document.body.dataset.ready = 'true';
  // While the user picks a file (after the page's first paint, when nothing else is asked of it):
  // the first chart and the first number formats of a visit cost several times the later ones.
  setTimeout(() => {
    if (state.dataset) return;
    warmUpCharts();
    formatInteger(1);
    formatAmount(1);
  }, 1500);
}

boot();
