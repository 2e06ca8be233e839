// Table exports, in ONE place: every table of the page is offered as CSV and as Excel (.xlsx).
// CSV cells that start with = + - @ (or tab/CR) get a leading apostrophe, the rule of the core's
// csv_writer (OWASP "CSV injection"), so a spreadsheet never evaluates file text as a formula.
// The .xlsx is written by the core (core/src/xlsx_writer.cpp, in the worker): text cells are inline
// strings there, which a spreadsheet never evaluates, so they keep their text unchanged.
import { h } from './dom.js';
import { t } from './i18n.js';
import { downloadText } from './charts.js';
import * as actions from './actions.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** True when a spreadsheet would read `text` as a formula (the core's csv_cell rule). */
export function formulaLike(text) {
  return /^[=+\-@\t\r]/.test(text);
}

/** One CSV cell: numbers as they are, text neutralised and quoted when needed; null/undefined/NaN empty. */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (formulaLike(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (arrays of cells) -> CSV text with CRLF line ends. */
export function toCsv(rows) {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A cell for the core's .xlsx writer: a finite number, text, or null (empty). */
function xlsxCell(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return String(value);
}

/** The .xlsx bytes of `sheets` ([{name, rows}]), made by the core in the worker. */
export async function xlsxBytes(sheets) {
  return actions.xlsx(sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => r.map(xlsxCell)) })));
}

/** Saves `sheets` as an .xlsx file called `name`. */
export async function downloadXlsx(name, sheets) {
  const bytes = await xlsxBytes(sheets);
  const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_MIME }));
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Kexi segments.csv" -> "Kexi segments" (the base name both files share). */
function baseName(name) {
  return name.replace(/\.(csv|xlsx)$/i, '');
}

/**
 * The two download buttons of a table: CSV and Excel. `header` is the list of column names and
 * `rows` the data rows; either may instead be given by one function `table` (the 2nd argument)
 * that returns (or resolves) {header, rows}, for tables fetched from the core only when asked.
 * Options: key (data-key/data-testid of the CSV button; the Excel one gets key + "-xlsx"),
 * sheet (tab name), label (the table's name for screen readers), disabled.
 */
export function tableDownloads(name, header, rows, { key = '', sheet = '', label = '', disabled = false } = {}) {
  const base = baseName(name);
  const get = typeof header === 'function' ? header : () => ({ header, rows });
  const all = async () => {
    const table = await get();
    return table ? [table.header, ...table.rows] : null;
  };
  const status = h('span', { class: 'table-export-status', role: 'status' });
  const fail = (e) => { status.textContent = t('export.failed', { message: (e && e.message) || String(e) }); };
  const csvButton = h('button', {
    type: 'button', class: 'link', 'data-key': key || null, 'data-testid': key || null, disabled,
    'aria-label': label ? t('export.csvFor', { name: label }) : null,
    onclick: async () => {
      try {
        const table = await all();
        if (table) downloadText(`${base}.csv`, toCsv(table));
      } catch (e) {
        fail(e);
      }
    },
  }, t('export.csv'));
  const xlsxButton = h('button', {
    type: 'button', class: 'link', 'data-key': key ? `${key}-xlsx` : null, 'data-testid': key ? `${key}-xlsx` : null, disabled,
    'aria-label': label ? t('export.xlsxFor', { name: label }) : null,
    onclick: async () => {
      try {
        const table = await all();
        if (table) await downloadXlsx(`${base}.xlsx`, [{ name: sheet || base.replace(/^kexi-/, ''), rows: table }]);
      } catch (e) {
        fail(e);
      }
    },
  }, t('export.xlsx'));
  return h('span', { class: 'table-export', role: 'group', 'aria-label': label ? t('export.group', { name: label }) : t('export.groupPlain') },
    h('span', { class: 'table-export-label', 'aria-hidden': 'true' }, t('export.download')), csvButton, xlsxButton, status);
}
