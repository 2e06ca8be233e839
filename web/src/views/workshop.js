// Workshop: for trainers. Starts the guided tour (tour.js) over the bundled sample, switches the
// projector layout, and makes exercise data with the core's sample generator ("kexi sample" in the
// page: same options, same bytes), loaded in one click and downloadable as CSV.
import { h, newId } from '../dom.js';
import { t, language } from '../i18n.js';
import { formatInteger, formatAmount } from '../format.js';
import { downloadText } from '../charts.js';
import * as actions from '../actions.js';
import { startTour, projectorToggle, TOUR_SEED, TOUR_SAMPLES } from '../tour.js';
import { formDefaults, FORM_FIELDS, optionsOf, commandOf } from '../workshop_form.js';

/** The form's values (kept on state, so they survive redraws and navigation). */
function form(state) {
  if (!state.generatorForm) state.generatorForm = formDefaults(language());
  return state.generatorForm;
}

function tourCard() {
  return h('section', { class: 'card ws-tour-card', 'aria-labelledby': 'ws-tour-h' },
    h('h2', { id: 'ws-tour-h' }, t('workshop.tour.heading')),
    h('p', null, t('workshop.tour.explain', { file: TOUR_SAMPLES[language()] || TOUR_SAMPLES.en, seed: String(TOUR_SEED) })),
    h('ol', { class: 'ws-tour-steps' }, ['welcome', 'rfm', 'segments', 'kmeans', 'palive', 'actions'].map((id) => h('li', null, t(`tour.${id}.title`)))),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', 'data-key': 'ws-start-tour', 'data-testid': 'ws-start-tour', onclick: startTour }, t('workshop.tour.start')),
      projectorToggle('ws-projector')),
    h('p', { class: 'hint' }, t('workshop.tour.projectorHint')));
}

function field(f, values) {
  const id = newId(`gen-${f.key}`);
  const common = {
    id, 'data-key': `gen-${f.key}`, 'data-testid': `gen-${f.key}`,
    // Stored without a redraw, so typing is never interrupted; read when the button is pressed.
    onchange: (e) => { values[f.key] = e.target.value; },
    oninput: (e) => { values[f.key] = e.target.value; },
  };
  let control;
  if (f.choices) {
    control = h('select', common, f.choices.map((c) => h('option', { value: c, selected: String(values[f.key]) === c }, t(`workshop.gen.${f.key}.${c}`))));
  } else {
    control = h('input', Object.assign(common, {
      type: f.type, value: String(values[f.key]), min: f.min, max: f.max, step: f.step, required: true,
    }));
  }
  return h('div', { class: 'field' },
    h('label', { for: id }, t(`workshop.gen.${f.key}`)),
    control,
    f.hint ? h('span', { class: 'field-hint' }, t(`workshop.gen.${f.key}.hint`)) : null);
}

function generatorCard(state) {
  const values = form(state);
  const g = state.generated;
  const busy = g && g.status === 'working';
  return h('section', { class: 'card ws-gen', 'aria-labelledby': 'ws-gen-h', 'data-testid': 'ws-generator' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'ws-gen-h' }, t('workshop.gen.heading')),
      h('p', { class: 'hint' }, t('workshop.gen.explain'))),
    h('form', {
      // The core checks every value and names the field and its range; the browser's own bubbles
      // would say less and only in the browser's language.
      class: 'ws-gen-form', novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        actions.generateSample(optionsOf(values));
      },
    },
    h('div', { class: 'ws-gen-fields' }, FORM_FIELDS.map((f) => field(f, values))),
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'primary', 'data-key': 'gen-make', 'data-testid': 'gen-make', disabled: busy }, t('workshop.gen.make')),
      h('button', { type: 'button', class: 'secondary', 'data-key': 'gen-reset', onclick: () => {
        state.generatorForm = formDefaults(language());
        if (state.generated && state.generated.status === 'error') state.generated = null;
        actions.showView('workshop');
      } }, t('workshop.gen.reset')))),
    busy ? h('p', { role: 'status' }, t('workshop.gen.working')) : null,
    g && g.status === 'error' ? h('div', { class: 'card error', role: 'alert', 'data-testid': 'gen-error' },
      h('p', null, t('workshop.gen.error')),
      h('p', { class: 'core-message', lang: 'en' }, g.error.message || '')) : null,
    g && g.status === 'done' ? resultBlock(state, g) : null);
}

function resultBlock(state, g) {
  const s = g.stats;
  const kind = g.options.kind || 'orders';
  const stat = (key, value) => h('div', { class: 'stat', 'data-stat': key }, h('dt', null, t(`workshop.gen.stat.${key}`)), h('dd', null, value));
  const stats = kind === 'survey'
    ? [stat('rows', formatInteger(s.data_rows)), stat('responses', formatInteger(s.responses)), stat('badRows', formatInteger(s.bad_rows_total))]
    : kind === 'customers'
      ? [stat('rows', formatInteger(s.data_rows)), stat('buyers', formatInteger(s.customers)), stat('prospects', formatInteger(s.prospects))]
      : [stat('rows', formatInteger(s.data_rows)), stat('good', formatInteger(s.good_rows)), stat('badRows', formatInteger(s.bad_rows_total)),
        stat('buyers', formatInteger(s.customers)), stat('orders', formatInteger(s.orders)), stat('refunds', formatInteger(s.refund_rows))];
  const loaded = state.dataset && state.fileName === g.name && state.load.status === 'done';
  return h('div', { class: 'ws-gen-result', 'data-testid': 'gen-result' },
    h('h3', null, t('workshop.gen.made', { name: g.name })),
    h('dl', { class: 'stats' }, stats),
    kind === 'orders' && s.first_day ? h('p', { class: 'hint' }, t('workshop.gen.range', {
      first: s.first_day, last: s.last_day, gross: formatAmount(s.gross), refunds: formatAmount(s.refunds),
    })) : null,
    h('p', { class: 'hint' }, t('workshop.gen.cli'), ' ', h('code', { 'data-testid': 'gen-cli' }, commandOf(g.options, g.name))),
    h('div', { class: 'button-row' },
      h('button', {
        type: 'button', class: 'secondary', 'data-key': 'gen-download', 'data-testid': 'gen-download',
        // The generator's exact bytes: no BOM added, so the file equals `kexi sample` with these options.
        onclick: () => downloadText(g.name, g.csv, 'text/plain'),
      }, t('workshop.gen.download')),
      loaded ? h('button', { type: 'button', class: 'primary', 'data-key': 'gen-to-data', onclick: () => actions.showView('data') }, t('workshop.gen.toData')) : null),
    loaded ? h('p', { class: 'ok-note', role: 'status', 'data-testid': 'gen-loaded' }, t('workshop.gen.loaded')) : null);
}

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.workshop.title')),
    h('p', null, t('workshop.what')),
    h('p', { class: 'todo' }, t('workshop.todo'))));
  container.appendChild(tourCard());
  container.appendChild(generatorCard(state));
}

export default { id: 'workshop', titleKey: 'view.workshop.title', order: 85, render };
