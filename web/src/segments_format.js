// Number formats and table CSV for the Overview and Segments views (locale-aware through Intl).
import { t } from './i18n.js';
import { formatInteger, formatAmount, numberFormat } from './format.js';
import { toCsv as sharedToCsv } from './table_export.js';

/** 0.1234 -> "12.3%" (digits after the point). */
export function formatPercent(x, digits = 1) {
  return Number.isFinite(x)
    ? numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x)
    : '–';
}

export function formatDecimal(x, digits = 1) {
  return Number.isFinite(x)
    ? numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x)
    : '–';
}

/** A KPI value in its unit: counts as integers, money with 2 decimals, ratios as percent, days with 1 decimal. */
export function formatUnit(value, unit) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (unit === 'ratio') return formatPercent(value);
  if (unit === 'money') return formatAmount(value);
  if (unit === 'days') return t('format.days', { value: formatDecimal(value, 1) });
  if (Number.isInteger(value)) return formatInteger(value);
  return formatDecimal(value, 2);
}

/** Rows (arrays) -> CSV text: the page's one CSV rule (formula-like text neutralised), in table_export.js. */
export function toCsv(rows) {
  return sharedToCsv(rows);
}
