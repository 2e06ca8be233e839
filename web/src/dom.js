// Building DOM without HTML strings: every piece of text becomes a text node (never innerHTML),
// so values from files are always shown as text.

/**
 * h('button', {class: 'x', type: 'button', onclick: fn, 'aria-label': '...'}, 'text', childNode)
 * Keys starting with "on" are event listeners; `class`, `for`, `value`, `checked`, `disabled`,
 * `selected`, `hidden` are set as properties; everything else as attributes. Null/false are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'for') el.htmlFor = value;
    else if (['value', 'checked', 'disabled', 'selected', 'hidden'].includes(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes all children of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let uid = 0;
/** A fresh id for label/aria wiring. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * Calls `fn` once, in the task after the page's next paint (a frame, then a timeout), or after
 * `fallbackMs` when no frame comes (a hidden tab has none).
 */
export function afterPaint(fn, fallbackMs) {
  let once = () => {
    once = () => {};
    fn();
  };
  requestAnimationFrame(() => setTimeout(() => once(), 0));
  setTimeout(() => once(), fallbackMs);
}
