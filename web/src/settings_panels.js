// Two small panels of the settings/privacy work that live outside the settings view: the
// "remember this data on this device" opt-in on the data view, and the privacy note in the footer
// that says how "your data stays on this device" is enforced (with the page's actual CSP).
import { h, newId, clear } from './dom.js';
import { t } from './i18n.js';
import { formatBytes } from './format.js';
import { remembered, setRemember, forget } from './remember.js';
import { appliedMapping, forgetMapping } from './settings.js';

/** The opt-in card of the data view. */
export function rememberCard() {
  const id = newId('remember');
  const hintId = newId('remember-hint');
  const rec = remembered.record;
  // A slim card: one line when off, so the file's results stay in view at 1280x720.
  return h('section', { class: 'card remember', 'aria-label': t('remember.heading'), 'data-testid': 'remember' },
    h('div', { class: 'field inline' },
      h('input', { id, type: 'checkbox', checked: remembered.on, disabled: remembered.busy, 'data-key': 'remember-data',
        'aria-describedby': hintId, onchange: (e) => setRemember(e.target.checked) }),
      h('label', { for: id }, t('remember.label')),
      h('span', { id: hintId, class: 'hint' }, remembered.on ? t('remember.hintOn') : t('remember.hintOff'))),
    rec ? h('p', { class: 'note remembered-note', role: 'status', 'data-testid': 'remembered-note' },
      t('remember.note', { file: rec.name, size: formatBytes(rec.size), when: new Date(rec.savedAt).toLocaleString(document.documentElement.lang) })) : null,
    remembered.error ? h('p', { class: 'field-error', role: 'alert' }, t(remembered.error)) : null,
    rec || remembered.on ? h('div', { class: 'button-row' }, h('button', {
      type: 'button', class: 'secondary', 'data-key': 'remember-forget', disabled: remembered.busy, onclick: () => forget(),
    }, t('remember.forget'))) : null);
}

/** The Content-Security-Policy the page was served with (from its meta tag). */
export function pagePolicy() {
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return meta ? meta.getAttribute('content') : '';
}

/** Fills the footer's "how is this enforced" panel in the current language. */
export function renderPrivacy() {
  const body = document.getElementById('privacy-body');
  if (!body || body.dataset.lang === document.documentElement.lang) return;  // drawn once per language
  body.dataset.lang = document.documentElement.lang;
  clear(body);
  const policy = pagePolicy();
  const connect = (policy.split(';').map((s) => s.trim()).find((s) => s.startsWith('connect-src')) || '');
  body.appendChild(h('ul', { class: 'privacy-list' },
    h('li', null, t('privacy.csp'), ' ', h('code', { 'data-testid': 'privacy-connect' }, connect || t('privacy.noPolicy'))),
    h('li', null, t('privacy.inline')),
    h('li', null, t('privacy.local')),
    h('li', null, t('privacy.storage')),
    h('li', null, t('privacy.check'))));
  body.appendChild(h('details', { class: 'privacy-policy' },
    h('summary', null, t('privacy.fullPolicy')),
    h('code', { class: 'policy-text', 'data-testid': 'privacy-policy', lang: 'en' }, policy)));
}

/** On the data view, above the column roles: says that a saved mapping was applied, with a way back. */
export function mappingNote() {
  if (!appliedMapping()) return null;
  return h('p', { class: 'card note mapping-note', role: 'status', 'data-testid': 'mapping-applied' },
    t('settings.mappingApplied'), ' ',
    h('button', { type: 'button', class: 'link', 'data-key': 'mapping-forget', onclick: () => forgetMapping() }, t('settings.mappingForget')));
}
