// The Synced and Staged tabs: a page of contracts at a time following the API's cursors, the rows-per-page choice,
// the ready filter and a refresh, with the focus kept where it was when the list is drawn again. Loading a page
// and following the syncs its rows show are started here, after drawing, never by it.

import { h, fill, announce } from './dom.js';
import * as fmt from './format.js';
import { PAGE_SIZES, firstPage } from './address.js';
import { errorNotice } from './reasons.js';
import { contractsTable, running } from './rows.js';
import { progressView } from './progress.js';

const TABS = [['synced', 'Synced'], ['staged', 'Staged']];

/**
 * @param view the view the address holds ({company, tab, ready, limit, cursors, page}), changed here as the
 *   person pages and filters
 * @param onViewChange called when the view changed, for the address to follow
 * @param open {sync(item, kind), history(item)}: the dialogs a row's buttons open
 */
export function createList({ main, api, poller, view, onViewChange, open }) {
  let seq = 0;

  /** Draws the tool for the view's company and tab, then loads its first page. */
  function show() {
    fill(main, toolView(view, {
      selectTab(tab) {
        if (tab === view.tab) return;
        view.tab = tab;
        firstPage(view);
        onViewChange();
        show();
        document.getElementById(`tab-${tab}`).focus();
      },
      setReady(ready) {
        view.ready = ready;
        changed();
      },
      setLimit(limit) {
        view.limit = limit;
        changed();
      },
      refresh: () => load(),
    }));
    load();
  }

  function changed() {
    firstPage(view);
    onViewChange();
    load();
  }

  /**
   * Loads the page of contracts the view names. {quiet}: a refresh after a sync ended, which must not talk over
   * the announcement of its end. The focus stays on the button that had it.
   */
  async function load({ quiet } = {}) {
    const mine = ++seq;
    const list = document.getElementById('list');
    if (!list) return;
    list.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await api.list(view.company, {
        status: view.tab, ready: view.tab === 'synced' && view.ready, limit: view.limit,
        cursor: view.cursors[view.page],
      });
    } catch (e) {
      if (mine !== seq || e.status === 401) return;
      list.setAttribute('aria-busy', 'false');
      fill(list, errorNotice(e, () => load()));
      return;
    }
    if (mine !== seq) return;
    view.cursors[view.page + 1] = page.nextCursor;
    // a refresh keeps the focus where it was: on the same contract's same button
    const focused = document.activeElement;
    const inList = focused && list.contains(focused);
    const keep = inList && focused.dataset.contract ? { ...focused.dataset } : null;
    const keepId = inList && focused.id ? focused.id : null;
    const followed = page.items.filter(running);
    const progress = new Map(followed
      .map((item) => [item.contractId, progressView(item.lastSync, item.contractId, { compact: true })]));
    list.setAttribute('aria-busy', 'false');
    fill(list, contractsTable(page.items, view, progress, open), pagerView(view, page, {
      previous() { view.page -= 1; load(); },
      next() { view.page += 1; load(); },
    }));
    followed.forEach((item) => {
      poller.follow(view.company, item.contractId, item.lastSync, progress.get(item.contractId));
    });
    if (keep) focusRow(keep.contract, keep.action);
    if (keepId) {
      // the same pager button, or the other one when this one has nothing more to go to
      const again = document.getElementById(keepId);
      const target = again && !again.disabled ? again : list.querySelector('.pager button:not(:disabled)');
      if (target) target.focus();
    }
    if (!quiet) announce(`${fmt.plural(page.items.length, 'contract')} on page ${view.page + 1}.`);
  }

  /**
   * Puts the focus on a contract's button, or on its other one when that is disabled (a re-import that has just
   * been applied leaves nothing to re-import). Answers whether a button took it.
   */
  function focusRow(contractId, action) {
    const buttons = [...main.querySelectorAll(`button[data-contract="${CSS.escape(contractId)}"]`)]
      .filter((b) => !b.disabled)
      .sort((a, b) => (b.dataset.action === action) - (a.dataset.action === action));
    if (buttons.length) buttons[0].focus();
    return buttons.length > 0;
  }

  /** Where the focus goes back to when a dialog a row opened closes: the row, else the tab. */
  function returnFocus(contractId, action) {
    if (!focusRow(contractId, action)) {
      const tab = main.querySelector('[role="tab"][aria-selected="true"]');
      if (tab) tab.focus();
    }
  }

  return { show, load, returnFocus };
}

function toolView(view, on) {
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Prime contracts', class: 'tabs', onkeydown: (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const index = TABS.findIndex(([id]) => id === view.tab);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1
      : (index + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    on.selectTab(TABS[next][0]);
  } },
  TABS.map(([id, label]) => h('button', {
    type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': 'panel', 'aria-selected': String(id === view.tab),
    tabindex: id === view.tab ? '0' : '-1', onclick: () => on.selectTab(id),
  }, label)));

  const toolbar = h('div', { class: 'toolbar' },
    view.tab === 'synced' && h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: 'ready', checked: view.ready, onchange: (e) => on.setReady(e.target.checked) }),
      h('label', { for: 'ready' }, 'Only contracts ready to re-import')),
    h('label', { class: 'inline' }, 'Rows per page ',
      h('select', { id: 'page-size', onchange: (e) => on.setLimit(Number(e.target.value)) },
        PAGE_SIZES.map((n) => h('option', { value: n, selected: n === view.limit }, String(n))))),
    h('button', { type: 'button', onclick: on.refresh }, 'Refresh'));

  return [
    h('h1', {}, 'Prime contracts from Spectrum ', h('span', { class: 'muted' }, `· company ${view.company}`)),
    h('p', { class: 'muted lead' }, view.tab === 'synced'
      ? 'Contracts imported into Procore. Re-import brings the line items added or changed in Spectrum since.'
      : 'Contracts known from Spectrum that were never imported into Procore.'),
    tablist,
    h('section', { id: 'panel', role: 'tabpanel', 'aria-labelledby': `tab-${view.tab}` },
      toolbar, h('div', { id: 'list', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading contracts…'))),
  ];
}

function pagerView(view, page, on) {
  if (view.page === 0 && !page.nextCursor) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', id: 'page-previous', disabled: view.page === 0, onclick: on.previous }, 'Previous page'),
    h('span', { 'aria-current': 'page' }, `Page ${view.page + 1}`),
    h('button', { type: 'button', id: 'page-next', disabled: !page.nextCursor, onclick: on.next }, 'Next page'));
}
