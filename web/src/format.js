// Numbers and sizes formatted for the interface language.
import { language } from './i18n.js';

function locale() {
  return language() === 'zh' ? 'zh-CN' : 'en-US';
}

const formats = new Map();

/**
 * The Intl.NumberFormat of the interface language with these options, made once: making one costs
 * far more than formatting with it (a drawing of the Data view spent 80 ms making them).
 */
export function numberFormat(options) {
  const key = `${locale()} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(), options);
    formats.set(key, format);
  }
  return format;
}

export function formatInteger(n) {
  return Number.isFinite(n) ? numberFormat({ maximumFractionDigits: 0 }).format(n) : '';
}

export function formatAmount(n) {
  return Number.isFinite(n)
    ? numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)
    : '';
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return numberFormat({ maximumFractionDigits: i ? 1 : 0 }).format(n) + ' ' + units[i];
}
