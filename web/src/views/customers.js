// The per-customer summary of the loaded file, one page at a time (the core serves the pages).
import { h, newId } from '../dom.js';
import { t } from '../i18n.js';
import { formatInteger, formatAmount } from '../format.js';
import * as actions from '../actions.js';
import { tableDownloads } from '../table_export.js';

const FIXED = ['customer_id', 'first_order', 'last_order', 'orders', 'purchase_days', 'gross_spend', 'refunds', 'net_spend'];
const INTEGER = new Set(['orders', 'purchase_days']);
const AMOUNT = new Set(['gross_spend', 'refunds', 'net_spend']);
const PAGE_SIZES = [25, 50, 100, 250];

function cell(key, value) {
  if (INTEGER.has(key)) return h('td', { class: 'num' }, formatInteger(value));
  if (AMOUNT.has(key)) return h('td', { class: 'num' }, formatAmount(value));
  return h('td', null, value === null || value === undefined ? '' : String(value));
}

function pager(c) {
  const first = c.total === 0 ? 0 : c.offset + 1;
  const last = Math.min(c.offset + c.limit, c.total);
  const sizeId = newId('page-size');
  return h('div', { class: 'pager' },
    h('p', { class: 'pager-status', role: 'status', 'data-testid': 'pager-status' },
      t('customers.showing', { first: formatInteger(first), last: formatInteger(last), total: formatInteger(c.total) })),
    h('div', { class: 'pager-controls' },
      h('label', { for: sizeId }, t('customers.pageSize')),
      h('select', { id: sizeId, 'data-key': 'page-size', onchange: (e) => actions.showCustomers(0, Number(e.target.value)) },
        PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === c.limit }, String(n)))),
      h('button', {
        type: 'button', class: 'secondary', 'data-key': 'page-prev', disabled: c.offset === 0,
        onclick: () => actions.showCustomers(c.offset - c.limit),
      }, t('customers.prev')),
      h('button', {
        type: 'button', class: 'secondary', 'data-key': 'page-next', disabled: c.offset + c.limit >= c.total,
        onclick: () => actions.showCustomers(c.offset + c.limit),
      }, t('customers.next'))));
}

function render(container, state) {
  container.appendChild(h('div', { class: 'view-intro' },
    h('h1', null, t('view.customers.title')),
    h('p', null, t('view.customers.what')),
    h('p', { class: 'todo' }, t('view.customers.todo'))));
  if (!state.dataset) {
    container.appendChild(h('section', { class: 'card empty' },
      h('p', null, t('customers.empty')),
      h('button', { type: 'button', class: 'primary', 'data-key': 'to-data', onclick: () => actions.showView('data') }, t('customers.toData'))));
    return;
  }
  const c = state.customers;
  if (c.status === 'error') {
    container.appendChild(h('section', { class: 'card error', role: 'alert' }, h('p', { lang: 'en' }, c.error.message || '')));
    return;
  }
  // Carried attributes in the file's column order (the core's JSON objects list keys alphabetically).
  const fileOrder = (state.dataset.report.columns || []).map((col) => col.name);
  const position = (k) => (fileOrder.includes(k) ? fileOrder.indexOf(k) : fileOrder.length);
  const extra = c.rows.length ? Object.keys(c.rows[0]).filter((k) => !FIXED.includes(k)).sort((a, b) => position(a) - position(b)) : [];
  const columns = [...FIXED, ...extra];
  const table = h('table', { class: 'data customers', 'data-testid': 'customers-table', 'aria-busy': c.status === 'loading' ? 'true' : 'false' },
    h('caption', { class: 'visually-hidden' }, t('view.customers.title')),
    h('thead', null, h('tr', null, columns.map((k) => h('th', {
      scope: 'col', class: INTEGER.has(k) || AMOUNT.has(k) ? 'num' : null, 'data-col': k,
    }, FIXED.includes(k) ? t(`customers.col.${k}`) : k)))),
    h('tbody', null, c.rows.map((row) => h('tr', null, columns.map((k) => cell(k, row[k]))))));
  // The downloads hold every customer (one request for all rows), not only the page shown.
  const everyone = async () => {
    const all = await actions.customerRows();
    return all ? { header: columns, rows: all.map((row) => columns.map((k) => (row[k] === undefined ? null : row[k]))) } : null;
  };
  container.appendChild(h('section', { class: 'card', 'aria-label': t('view.customers.title') },
    pager(c), h('div', { class: 'table-wrap tall' }, table),
    h('div', { class: 'button-row' }, tableDownloads('kexi-customers.csv', everyone, null, { key: 'customers-csv', label: t('view.customers.title') }))));
}

export default { id: 'customers', titleKey: 'view.customers.title', order: 20, render };
