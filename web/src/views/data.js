// The first view: load a file (pick, drop or a bundled sample), watch progress, then check what the
// core made of it: file facts, the column mapping (editable), the rejected-row report.
import { h, newId } from '../dom.js';
import { t, has } from '../i18n.js';
import { formatInteger, formatBytes } from '../format.js';
import * as actions from '../actions.js';
import { sampleNames } from '../samples.js';
import { ALL_ROLES } from '../roles.js';
import { tableDownloads } from '../table_export.js';
import { rememberCard, mappingNote } from '../settings_panels.js';

const ACCEPT = '.csv,.tsv,.txt,.tab,.xlsx,text/csv,text/tab-separated-values';

function loadPanel() {
  const inputId = newId('file');
  const input = h('input', {
    id: inputId, type: 'file', class: 'visually-hidden', accept: ACCEPT, 'data-testid': 'file-input', tabindex: '-1', 'aria-hidden': 'true',
    onchange: (e) => {
      const file = e.target.files && e.target.files[0];
      if (file) actions.loadFile(file);
      e.target.value = '';
    },
  });
  const zone = h('div', {
    class: 'dropzone', role: 'group', 'aria-label': t('load.dropzone'),
    ondragenter: (e) => { e.preventDefault(); zone.classList.add('over'); },
    ondragover: (e) => { e.preventDefault(); zone.classList.add('over'); },
    ondragleave: () => zone.classList.remove('over'),
    ondrop: (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (file) actions.loadFile(file);
    },
  },
  h('p', { class: 'dropzone-title' }, t('load.drop')),
  h('button', { type: 'button', class: 'primary', 'data-key': 'choose-file', onclick: () => input.click() }, t('load.choose')),
  input,
  h('p', { class: 'hint' }, t('load.formats')));

  const samples = sampleNames();
  const sampleList = samples.length
    ? h('div', { class: 'samples' },
      h('h3', { class: 'small-heading' }, t('load.samples')),
      h('ul', { class: 'sample-list' }, samples.map((name) => h('li', null, h('button', {
        type: 'button', class: 'sample', 'data-key': `sample-${name}`, 'data-sample': name,
        onclick: () => actions.loadSample(name),
      }, h('span', { class: 'sample-title' }, has(`sample.${name}`) ? t(`sample.${name}`) : name),
      h('span', { class: 'sample-file' }, name))))))
    : null;
  return h('section', { class: 'card load', 'aria-labelledby': 'load-heading' },
    h('h2', { id: 'load-heading' }, t('load.heading')), zone, sampleList);
}

function progressPanel(load) {
  const labelId = newId('progress');
  return h('section', { class: 'card progress-card' },
    h('p', { id: labelId, class: 'progress-label' }, h('span', { class: 'phase', role: 'status' }, t(`progress.${load.phase || 'read'}`)),
      ' ', h('span', { class: 'percent' }, `${load.percent}%`)),
    h('progress', { max: '100', value: String(load.percent), 'aria-labelledby': labelId }),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'cancel', onclick: () => actions.cancel() }, t('progress.cancel')));
}

function errorPanel(error) {
  const where = [];
  if (error.file) where.push(t('error.where.file', { file: error.file }));
  if (error.row) where.push(t('error.where.row', { row: error.row }));
  if (error.column) where.push(t('error.where.column', { column: error.column }));
  return h('section', { class: 'card error', role: 'alert', 'data-testid': 'load-error' },
    h('h2', null, has(`error.${error.code}`) ? t(`error.${error.code}`) : t('error.generic')),
    h('p', { class: 'core-message', lang: 'en' }, error.message || ''),
    where.length ? h('p', { class: 'where' }, where.join(' · ')) : null);
}

function dateOrderQuestion(error, state) {
  const choose = (order) => actions.reload({ options: Object.assign({}, state.options, { date_order: order }) });
  return h('section', { class: 'card question', role: 'alert', 'data-testid': 'date-order-question' },
    h('h2', null, t('dates.question')),
    h('p', null, t('dates.explain')),
    error.message ? h('p', { class: 'core-message', lang: 'en' }, error.message) : null,
    h('div', { class: 'button-row' },
      // Only slash or dot dates with the year last are ambiguous, so the choice is day or month first.
      ['DMY', 'MDY'].map((order) => h('button', {
        type: 'button', class: 'secondary', 'data-key': `date-${order}`, 'data-order': order, onclick: () => choose(order),
      }, t(`dates.${order}`)))));
}

function facts(report, state) {
  const rows = report.rows || {};
  const stat = (key, value, extra) => h('div', { class: `stat ${extra || ''}`, 'data-stat': key },
    h('dt', null, t(`facts.${key}`)), h('dd', null, value));
  const delimiterName = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', xlsx: 'xlsx' }[report.delimiter];
  const sheetPicker = state.format === 'xlsx' && state.sheets.length > 0 ? sheetSelect(state) : null;
  return h('section', { class: 'card', 'aria-labelledby': 'facts-heading' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'facts-heading' }, t('facts.heading')),
      h('p', { class: 'file-name' }, h('span', { class: 'visually-hidden' }, t('facts.file')), report.file && report.file.name ? report.file.name : state.fileName)),
    h('dl', { class: 'stats' },
      stat('total', formatInteger(rows.total)),
      stat('used', formatInteger(rows.used), 'good'),
      stat('rejected', formatInteger(rows.rejected), rows.rejected ? 'warn' : ''),
      stat('refunds', formatInteger(rows.refunds)),
      stat('customers', formatInteger(report.customers)),
      stat('orders', formatInteger(report.orders))),
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, t('facts.kind')), h('dd', null, has(`kind.${report.kind}`) ? t(`kind.${report.kind}`) : report.kind || '')),
      state.format === 'xlsx' ? null : h('div', null, h('dt', null, t('facts.encoding')), h('dd', null, report.encoding || '')),
      h('div', null, h('dt', null, t('facts.delimiter')), h('dd', null, delimiterName ? t(`delimiter.${delimiterName}`) : report.delimiter || '')),
      h('div', null, h('dt', null, t('facts.size')), h('dd', null, formatBytes(state.fileBytes))),
      report.date_range && report.date_range.first
        ? h('div', null, h('dt', null, t('facts.dates')), h('dd', null, `${report.date_range.first} – ${report.date_range.last}`)) : null),
    sheetPicker,
    (report.warnings || []).length
      ? h('ul', { class: 'warnings', lang: 'en' }, report.warnings.map((w) => h('li', null, w))) : null);
}

function sheetSelect(state) {
  const id = newId('sheet');
  return h('div', { class: 'field inline' },
    h('label', { for: id }, t('facts.sheet')),
    h('select', {
      id, 'data-key': 'sheet', 'data-testid': 'sheet-select',
      onchange: (e) => actions.reload({ sheet: e.target.value }),
    }, state.sheets.map((name) => h('option', { value: name, selected: name === state.sheet }, name))));
}

function mapping(report, state) {
  const edited = {};  // column name -> role chosen in this drawing
  const apply = h('button', { type: 'button', class: 'primary', disabled: true, 'data-key': 'apply-mapping', onclick: () => {
    // options.columns maps role -> column name; "" unmaps a role (docs/OPTIONS.md). Unmap the roles
    // the edited columns had first, then map the new ones, so moving a role between columns works.
    const columns = Object.assign({}, state.options.columns || {});
    const byName = new Map((report.columns || []).map((c) => [c.name, c]));
    for (const [column, role] of Object.entries(edited)) {
      const old = byName.get(column) ? byName.get(column).role : '';
      if (old && old !== role) columns[old] = '';
    }
    for (const [column, role] of Object.entries(edited)) if (role) columns[role] = column;
    actions.reload({ options: Object.assign({}, state.options, { columns }) });
  } }, t('mapping.apply'));
  const rows = (report.columns || []).map((col) => {
    const id = newId('role');
    const select = h('select', {
      id, 'data-key': `role-${col.index}`, 'data-column': col.name,
      onchange: (e) => {
        edited[col.name] = e.target.value;
        apply.disabled = false;
      },
    },
    h('option', { value: '', selected: !col.role }, t('role.none')),
    ALL_ROLES.map((role) => h('option', { value: role, selected: col.role === role }, t(`role.${role}`))));
    return h('tr', null,
      h('td', { class: 'num' }, String(col.index)),
      h('th', { scope: 'row' }, h('label', { for: id }, col.name)),
      h('td', null, select),
      h('td', null, has(`type.${col.type}`) ? t(`type.${col.type}`) : col.type || '', col.detail ? h('span', { class: 'detail' }, ` (${col.detail})`) : null),
      h('td', null, has(`by.${col.detected_by}`) ? t(`by.${col.detected_by}`) : col.detected_by || ''));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'mapping-heading', 'data-testid': 'mapping' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'mapping-heading' }, t('mapping.heading')),
      h('p', { class: 'hint' }, t('mapping.explain'))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, '#'),
        h('th', { scope: 'col' }, t('mapping.column')),
        h('th', { scope: 'col' }, t('mapping.role')),
        h('th', { scope: 'col' }, t('mapping.type')),
        h('th', { scope: 'col' }, t('mapping.by')))),
      h('tbody', null, rows))),
    h('div', { class: 'button-row' }, apply));
}

/** Load options date_from/date_to: only the orders in this range (also the way into a file too large). */
function dateRange(state) {
  const options = state.options || {};
  const fromId = newId('range-from');
  const toId = newId('range-to');
  const from = h('input', { type: 'date', id: fromId, 'data-key': 'date-from', value: options.date_from || '' });
  const to = h('input', { type: 'date', id: toId, 'data-key': 'date-to', value: options.date_to || '' });
  const apply = (date_from, date_to) => {
    const next = Object.assign({}, options);
    delete next.date_from;
    delete next.date_to;
    if (date_from) next.date_from = date_from;
    if (date_to) next.date_to = date_to;
    actions.reload({ options: next });
  };
  return h('section', { class: 'card', 'aria-labelledby': 'range-heading', 'data-testid': 'date-range' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'range-heading' }, t('range.heading')),
      h('p', { class: 'hint' }, t('range.explain'))),
    h('div', { class: 'field inline' }, h('label', { for: fromId }, t('range.from')), from),
    h('div', { class: 'field inline' }, h('label', { for: toId }, t('range.to')), to),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', 'data-key': 'apply-range', onclick: () => apply(from.value, to.value) }, t('range.apply')),
      options.date_from || options.date_to
        ? h('button', { type: 'button', class: 'secondary', 'data-key': 'clear-range', onclick: () => apply('', '') }, t('range.clear'))
        : null));
}

function rejections(report) {
  const list = report.rejections || [];
  const body = list.length === 0
    ? h('p', { class: 'ok-note' }, t('rejections.none'))
    : h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'rejections-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('rejections.reason')),
        h('th', { scope: 'col', class: 'num' }, t('rejections.count')),
        h('th', { scope: 'col' }, t('rejections.examples')))),
      h('tbody', null, list.map((r) => h('tr', { 'data-reason': r.reason },
        h('th', { scope: 'row' },
          h('span', { class: 'reason' }, has(`reason.${r.reason}`) ? t(`reason.${r.reason}`) : r.reason),
          r.message ? h('span', { class: 'reason-message', lang: 'en' }, r.message) : null),
        h('td', { class: 'num count' }, formatInteger(r.count)),
        h('td', null, h('ul', { class: 'examples' }, (r.examples || []).map((x) => h('li', null,
          h('span', { class: 'ex-row' }, t('rejections.row', { row: x.row })),
          x.column ? h('span', { class: 'ex-col' }, x.column) : null,
          h('code', { class: 'ex-value' }, x.value === '' ? t('rejections.empty') : x.value))))))))));
  // One line per example row (a reason without examples still gets its line with the count).
  const rows = [];
  for (const r of list) {
    const examples = r.examples && r.examples.length ? r.examples : [{}];
    for (const x of examples) rows.push([r.reason, r.count, r.message || '', x.row === undefined ? null : x.row, x.column || '', x.value === undefined ? '' : x.value]);
  }
  return h('section', { class: 'card', 'aria-labelledby': 'rej-heading', 'data-testid': 'rejections' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'rej-heading' }, t('rejections.heading')),
      h('p', { class: 'hint' }, t('rejections.explain')),
      list.length ? tableDownloads('kexi-rejected-rows.csv', ['reason', 'count', 'message', 'example_row', 'example_column', 'example_value'], rows,
        { key: 'rejections-csv', label: t('rejections.heading') }) : null),
    body);
}

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.data.title')),
    h('p', null, t('view.data.what')),
    h('p', { class: 'todo' }, t('view.data.todo'))));
  container.appendChild(loadPanel());
  container.appendChild(rememberCard());
  const load = state.load;
  if (load.status === 'loading') container.appendChild(progressPanel(load));
  if (load.status === 'cancelled') container.appendChild(h('p', { class: 'card note', role: 'status' }, t('progress.cancelled')));
  if (load.status === 'error' && load.error) {
    if (load.error.code === 'ambiguous_date_order') container.appendChild(dateOrderQuestion(load.error, state));
    else container.appendChild(errorPanel(load.error));
    if (load.error.code === 'file_too_large' && state.format !== 'xlsx') container.appendChild(dateRange(state));
  }
  const dataset = state.dataset;
  if (dataset && load.status !== 'loading') {
    container.appendChild(facts(dataset.report, state));
    const note = mappingNote();  // a column mapping saved for files with these columns was applied
    if (note) container.appendChild(note);
    container.appendChild(mapping(dataset.report, state));
    if (dataset.report.kind === 'orders') container.appendChild(dateRange(state));
    container.appendChild(rejections(dataset.report));
    container.appendChild(h('div', { class: 'button-row next' }, h('button', {
      type: 'button', class: 'primary', 'data-key': 'to-customers', onclick: () => actions.showView('customers'),
    }, t('data.next'))));
  }
}

/** Moves the progress bar in place; false when there is none to move (the shell then renders). */
function update(container, state) {
  const bar = container.querySelector('progress');
  if (!bar || state.load.status !== 'loading') return false;
  bar.value = state.load.percent;
  container.querySelector('.progress-label .phase').textContent = t(`progress.${state.load.phase || 'read'}`);
  container.querySelector('.progress-label .percent').textContent = `${state.load.percent}%`;
  return true;
}

export default { id: 'data', titleKey: 'view.data.title', order: 10, render, update };
