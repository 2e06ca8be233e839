// Small helpers of the Clusters view: locale-aware number formats for cluster figures, a CSV reader
// for the core's CSV answers (assignments, segments), and text escaping for chart tooltips.
import { language } from './i18n.js';

function locale() {
  return language() === 'zh' ? 'zh-CN' : 'en-US';
}

/** A number with exactly `digits` decimals (grouped for the locale); '' for a missing value. */
export function fmt(x, digits = 2) {
  return Number.isFinite(x)
    ? new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x)
    : '–';
}

/** A share 0..1 as a percentage with one decimal. */
export function pct(share, digits = 1) {
  return Number.isFinite(share)
    ? new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share)
    : '–';
}

/** A signed percentage (+12.3 %, −4.0 %) from a ratio in percent units (the core's diff_pct). */
export function signedPct(p) {
  if (!Number.isFinite(p)) return '–';
  return new Intl.NumberFormat(locale(), { signDisplay: 'exceptZero', maximumFractionDigits: 0 }).format(p) + '%';
}

/** A signed number with `digits` decimals. */
export function signed(x, digits = 1) {
  return Number.isFinite(x)
    ? new Intl.NumberFormat(locale(), { signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x)
    : '–';
}

/** Decimals for a feature value by its unit: money 2, days and orders 1, other numbers 2. */
export function unitDigits(unit) {
  return unit === 'money' ? 2 : unit === 'days' || unit === 'orders' ? 1 : 2;
}

/** Text made safe for ECharts tooltips, which insert their text as HTML. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Sets inline styles through the CSSOM (allowed by the page's CSP, unlike style="" attributes). */
export function styled(el, styles) {
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v);
  return el;
}
