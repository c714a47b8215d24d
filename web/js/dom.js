// Building the page from data without ever parsing data as HTML: text goes in as text nodes, so a contract title
// or a reason from the API cannot become markup.

/**
 * h('button', {class: 'primary', onclick: f, 'aria-label': 'x'}, 'Text', child, [more]) makes an element.
 * Properties starting with "on" are listeners; class, text and the boolean properties are set as such; every other
 * key is an attribute (null or false leaves it out).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'disabled' || key === 'checked' || key === 'selected' || key === 'hidden') {
      el[key] = Boolean(value);
    } else if (key === 'value') {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * An identifier (a contract id, a job number, an item code) that may break across lines only after one of its
 * hyphens ("24-" / "106"), never inside a part: a <wbr> after each hyphen, and the styles keep the parts whole.
 */
export function ident(text) {
  const parts = String(text).split(/(?<=-)/);
  return h('span', { class: 'ident' }, parts.map((part, i) => [i > 0 && h('wbr', {}), part]));
}

/** A number (an amount, a quantity) on one line, in figures of one width so that a column of them lines up. */
export function num(text) {
  return h('span', { class: 'num' }, text);
}

let announceTimer;

/** Says something to screen readers through the page's polite live region. */
export function announce(message) {
  // the page's region, and the open dialog's: outside a modal dialog the page is inert and is not heard
  const regions = [document.getElementById('announcer'), document.querySelector('dialog[open] .dialog-announcer')]
    .filter(Boolean);
  clearTimeout(announceTimer);
  // cleared first, so that the same sentence twice is announced twice
  regions.forEach((r) => { r.textContent = ''; });
  announceTimer = setTimeout(() => { regions.forEach((r) => { r.textContent = message; }); }, 50);
}

let ids = 0;

/** An id unique within the page, for aria-describedby and label wiring. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

const ROLES = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TD: 'cell' };

/**
 * Gives a table's parts their roles outright: on a narrow screen its rows and cells are laid out as blocks, which
 * some browsers take as a reason to stop telling screen readers it is a table.
 */
export function keepTableRoles(table) {
  [table, ...table.querySelectorAll('thead, tbody, tr, th, td')].forEach((el) => {
    const role = el.tagName === 'TH' ? (el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader')
      : ROLES[el.tagName];
    if (role) el.setAttribute('role', role);
  });
  return table;
}
