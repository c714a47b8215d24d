// The page's one modal dialog (a sync's preview and progress, a contract's history): its frame, a Close button, a
// busy state in which it cannot be closed, and the focus put back where it came from when it closes.

import { h, fill } from './dom.js';

export function createDialog(el) {
  let restoreFocus = null;
  el.addEventListener('cancel', (e) => {
    if (el.dataset.busy === 'true') e.preventDefault();
  });
  el.addEventListener('close', () => {
    el.dataset.busy = '';
    fill(el);
    const restore = restoreFocus;
    restoreFocus = null;
    if (restore) restore();
  });

  return {
    /**
     * Shows the dialog (or reuses it when it is open) with a title (text and elements); restore puts the focus
     * back once it closes.
     */
    open(title, restore) {
      const titleEl = h('h2', { id: 'dialog-title' }, title);
      const body = h('div', { class: 'dialog-body' }, h('p', { class: 'muted' }, 'Loading…'));
      const footer = h('div', { class: 'dialog-actions' });
      // the page outside a modal dialog is inert: its announcements are made inside the dialog while it is open
      fill(el, h('div', { class: 'dialog-head' }, titleEl,
        h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => el.close() }, '×')),
      body, footer, h('div', { class: 'visually-hidden dialog-announcer', 'aria-live': 'polite', 'aria-atomic': 'true' }));
      restoreFocus = restore;
      if (!el.open) el.showModal();
      return { titleEl, body, footer };
    },

    close() {
      if (el.open) el.close();
    },

    /** The dialog's body as it is now (after a reopening, not the one an earlier open answered). */
    body() {
      return el.querySelector('.dialog-body');
    },

    contains(node) {
      return el.contains(node);
    },

    closeButton(kind) {
      return h('button', { type: 'button', class: kind || null, onclick: () => el.close() }, 'Close');
    },

    /** A dialog whose request is out cannot be closed with Escape (nor with its buttons, which are disabled). */
    setBusy(value) {
      el.dataset.busy = value ? 'true' : '';
      const close = el.querySelector('.dialog-head .close');
      if (close) close.disabled = value;
    },
  };
}
