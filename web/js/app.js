// The Synced and Staged tabs of the ERP Integrations tool: the contracts with their re-import (or import) status,
// every reason a contract is refused in words, the preview before acting, the progress while Procore is written,
// and each contract's history.

import { h, fill, announce, uid, keepTableRoles } from './dom.js';
import * as fmt from './format.js';
import { createApi } from './api.js';
import * as auth from './auth.js';
import { describeDetails } from './reasons.js';
import { previewView, progressView, historyTable } from './views.js';

const POLL_MS = 1000;
const ROW_POLL_MS = 3000;
const PAGE_SIZES = [5, 10, 25, 50, 100];

const main = document.getElementById('main');
const sessionBar = document.getElementById('session');
const dialog = document.getElementById('dialog');

const state = {
  config: null,
  session: null,
  notice: null,
  company: null,
  tab: 'synced',
  ready: false,
  limit: 25,
  // the cursor of each page seen so far: [null, cursorOfPage2, ...]
  cursors: [null],
  page: 0,
};
let api;
let panel;
let listSeq = 0;
/** company/contractId -> {key, syncId, company, views: Set, stopped}: the syncs being followed */
const watches = new Map();
let restoreFocus = null;

start();

async function start() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(String(response.status));
    state.config = await response.json();
  } catch (e) {
    fill(main, h('p', { class: 'notice error', role: 'alert' },
      `The page's configuration (config.json) could not be loaded (${e.message}). Reload the page to try again.`));
    return;
  }
  api = createApi({ base: state.config.apiBase || '', token: () => state.session && state.session.token, onUnauthorized: expired });
  if (state.config.auth && state.config.auth.oidc) {
    try {
      await auth.completeOidc(state.config.auth.oidc);
    } catch (e) {
      state.notice = e.message;
    }
  }
  state.session = auth.currentSession();
  readHash();
  window.addEventListener('hashchange', () => {
    readHash();
    render();
  });
  dialog.addEventListener('cancel', (e) => {
    if (dialog.dataset.busy === 'true') e.preventDefault();
  });
  window.addEventListener('pageshow', (e) => {
    // back from the sign-in provider through the browser's cache: draw the page afresh (its buttons re-enabled)
    if (e.persisted) render();
  });
  dialog.addEventListener('close', () => {
    dialog.dataset.busy = '';
    fill(dialog);
    const restore = restoreFocus;
    restoreFocus = null;
    if (restore) restore();
  });
  render();
}

// The view is in the address (#company=1001&tab=synced&ready=1), so it can be bookmarked and shared.
function readHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  state.company = params.get('company') || null;
  state.tab = params.get('tab') === 'staged' ? 'staged' : 'synced';
  state.ready = params.get('ready') === '1';
  const limit = Number(params.get('limit'));
  state.limit = PAGE_SIZES.includes(limit) ? limit : 25;
  state.cursors = [null];
  state.page = 0;
}

function writeHash() {
  const params = new URLSearchParams();
  if (state.company) params.set('company', state.company);
  params.set('tab', state.tab);
  if (state.ready) params.set('ready', '1');
  if (state.limit !== 25) params.set('limit', String(state.limit));
  history.replaceState(null, '', `#${params}`);
}

function render() {
  if (!state.session) {
    renderSignIn();
  } else {
    renderApp();
  }
}

function expired(error) {
  auth.signOut();
  state.session = null;
  state.notice = error.message;
  stopWatches();
  if (dialog.open) dialog.close();
  render();
}

function stopWatches() {
  watches.forEach((w) => { w.stopped = true; });
  watches.clear();
}

// Sign-in

function renderSignIn() {
  fill(sessionBar);
  const config = state.config.auth || {};
  const notice = state.notice && h('p', { class: 'notice warning', role: 'alert' }, state.notice);
  const ways = [];
  if (config.oidc) {
    ways.push(h('div', { class: 'card signin' },
      h('p', {}, config.users
        ? 'Sign in through the local identity provider, as a deployed page does through yours (OpenID Connect).'
        : 'Sign in with your company account to see your ERP prime contracts.'),
      h('button', { type: 'button', class: config.users ? '' : 'primary', id: 'oidc-sign-in', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await auth.beginOidc(config.oidc);
        } catch (err) {
          state.notice = `Sign-in could not start: ${err.message}`;
          renderSignIn();
        }
      } }, config.users ? 'Sign in with the identity provider' : 'Sign in')));
  }
  if (config.users) {
    const users = config.users;
    ways.unshift(h('form', { class: 'card signin', onsubmit: (e) => {
      e.preventDefault();
      const chosen = users.find((u) => u.id === new FormData(e.target).get('user'));
      if (chosen) finishSignIn(chosen.token, chosen.name);
    } },
    h('fieldset', {},
      h('legend', {}, 'Choose a demo user (local server only)'),
      users.map((u, i) => {
        const id = `user-${u.id}`;
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name: 'user', id, value: u.id, checked: i === 0, 'aria-describedby': `${id}-about` }),
          h('label', { for: id }, h('strong', {}, u.name)),
          h('p', { id: `${id}-about`, class: 'muted' }, u.description));
      })),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  }
  if (!ways.length) {
    ways.push(h('form', { class: 'card signin', onsubmit: (e) => {
      e.preventDefault();
      // a token copied from a terminal often carries line breaks; none belongs to it
      const token = new FormData(e.target).get('token').replace(/\s+/g, '');
      if (token) finishSignIn(token, (auth.readClaims(token) || {}).sub || 'token');
    } },
    h('label', { for: 'token' }, 'Bearer token'),
    h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false' }),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  }
  fill(main, h('h1', {}, 'Sign in'), notice, ways);
  const first = main.querySelector('input, button, textarea');
  if (first) first.focus();
}

function finishSignIn(token, label) {
  auth.signIn(token, label);
  state.session = auth.currentSession();
  state.notice = null;
  state.company = null;
  state.cursors = [null];
  state.page = 0;
  render();
  main.focus();
}

// The tool

function renderApp() {
  const companies = auth.companiesOf(state.session.claims);
  if (!state.company) state.company = companies[0] || null;
  writeHash();
  fill(sessionBar,
    h('span', {}, 'Signed in as ', h('strong', { id: 'signed-in-as' }, state.session.label)),
    // a choice when there is one, or when the address names a company the sign-in does not (to get back)
    (companies.length > 1 || (state.company && !companies.includes(state.company))) && h('label', { class: 'inline' }, 'Company ',
      h('select', { id: 'company', onchange: (e) => {
        state.company = e.target.value;
        resetPaging();
        renderApp();
        document.getElementById('company').focus();
      } },
        [...new Set([...companies, state.company])].filter(Boolean)
          .map((c) => h('option', { value: c, selected: c === state.company }, c)))),
    h('button', { type: 'button', class: 'link', onclick: () => {
      stopWatches();
      auth.signOut();
      state.session = null;
      state.notice = 'You are signed out.';
      render();
    } }, 'Sign out'));

  if (!state.company) {
    fill(main, h('h1', {}, 'Prime contracts'),
      h('p', { class: 'notice warning', role: 'alert' },
        'Your sign-in grants access to no company\'s ERP Integrations. Ask a Procore administrator of your company for'
        + ' at least Read Only on ERP Integrations.'));
    return;
  }

  const tabs = [['synced', 'Synced'], ['staged', 'Staged']];
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Prime contracts', class: 'tabs', onkeydown: (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const index = tabs.findIndex(([id]) => id === state.tab);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1
      : (index + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    selectTab(tabs[next][0]);
    document.getElementById(`tab-${tabs[next][0]}`).focus();
  } },
  tabs.map(([id, label]) => h('button', {
    type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': 'panel', 'aria-selected': String(id === state.tab),
    tabindex: id === state.tab ? '0' : '-1', onclick: () => selectTab(id),
  }, label)));

  panel = h('section', { id: 'panel', role: 'tabpanel', 'aria-labelledby': `tab-${state.tab}` });
  fill(main,
    h('h1', {}, 'Prime contracts from Spectrum ', h('span', { class: 'muted' }, `· company ${state.company}`)),
    h('p', { class: 'muted lead' }, state.tab === 'synced'
      ? 'Contracts imported into Procore. Re-import brings the line items added or changed in Spectrum since.'
      : 'Contracts known from Spectrum that were never imported into Procore.'),
    tablist, panel);
  renderPanel();
}

function selectTab(tab) {
  if (tab === state.tab) return;
  state.tab = tab;
  resetPaging();
  renderApp();
  document.getElementById(`tab-${tab}`).focus();
}

function resetPaging() {
  state.cursors = [null];
  state.page = 0;
}

function renderPanel() {
  const readyId = 'ready';
  const toolbar = h('div', { class: 'toolbar' },
    state.tab === 'synced' && h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: readyId, checked: state.ready, onchange: (e) => {
        state.ready = e.target.checked;
        resetPaging();
        writeHash();
        loadList();
      } }),
      h('label', { for: readyId }, 'Only contracts ready to re-import')),
    h('label', { class: 'inline' }, 'Rows per page ',
      h('select', { id: 'page-size', onchange: (e) => {
        state.limit = Number(e.target.value);
        resetPaging();
        writeHash();
        loadList();
      } }, PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.limit }, String(n))))),
    h('button', { type: 'button', onclick: () => loadList() }, 'Refresh'));
  fill(panel, toolbar, h('div', { id: 'list', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading contracts…')));
  loadList();
}

/**
 * Loads the page of contracts the view names. {quiet}: a refresh after a sync ended, which must not talk over the
 * announcement of its end. The focus stays on the button that had it.
 */
async function loadList({ quiet } = {}) {
  const seq = ++listSeq;
  const list = document.getElementById('list');
  if (!list) return;
  list.setAttribute('aria-busy', 'true');
  let page;
  try {
    page = await api.list(state.company, {
      status: state.tab, ready: state.tab === 'synced' && state.ready, limit: state.limit,
      cursor: state.cursors[state.page],
    });
  } catch (e) {
    if (seq !== listSeq || e.status === 401) return;
    list.setAttribute('aria-busy', 'false');
    fill(list, errorNotice(e, () => loadList()));
    return;
  }
  if (seq !== listSeq) return;
  state.cursors[state.page + 1] = page.nextCursor;
  // a refresh keeps the focus where it was: on the same contract's same button
  const focused = document.activeElement;
  const inList = focused && list.contains(focused);
  const keep = inList && focused.dataset.contract ? { ...focused.dataset } : null;
  const keepId = inList && focused.id ? focused.id : null;
  list.setAttribute('aria-busy', 'false');
  fill(list, contractsTable(page.items), pager(page));
  if (keep) focusRow(keep.contract, keep.action);
  if (keepId) {
    // the same pager button, or the other one when this one has nothing more to go to
    const again = document.getElementById(keepId);
    const target = again && !again.disabled ? again : list.querySelector('.pager button:not(:disabled)');
    if (target) target.focus();
  }
  if (!quiet) announce(`${fmt.plural(page.items.length, 'contract')} on page ${state.page + 1}.`);
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

function pager(page) {
  if (state.page === 0 && !page.nextCursor) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', id: 'page-previous', disabled: state.page === 0,
      onclick: () => { state.page -= 1; loadList(); } }, 'Previous page'),
    h('span', { 'aria-current': 'page' }, `Page ${state.page + 1}`),
    h('button', { type: 'button', id: 'page-next', disabled: !page.nextCursor,
      onclick: () => { state.page += 1; loadList(); } }, 'Next page'));
}

function contractsTable(items) {
  if (!items.length) {
    return h('p', { class: 'empty' }, state.tab === 'synced'
      ? (state.ready ? 'No contract is ready to re-import.' : 'No contract of this company was imported yet.')
      : 'No contract is waiting to be imported.');
  }
  const headers = ['Contract', 'Job', 'ERP status', 'Project', 'Version (Spectrum / Procore)',
    'Value (Procore / Spectrum)', 'Pending changes', 'Last sync', 'Actions'];
  return keepTableRoles(h('table', { class: 'contracts' },
    h('caption', { class: 'visually-hidden' }, state.tab === 'synced' ? 'Synced prime contracts' : 'Staged prime contracts'),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    items.map((item) => contractRows(item, headers))));
}

function contractRows(item, headers) {
  const kind = state.tab === 'synced' ? 'reimport' : 'import';
  const action = kind === 'reimport' ? item.reimport : item.import;
  const label = kind === 'reimport' ? 'Re-Import' : 'Import';
  const reasonsId = uid('reasons');
  const progressCell = h('div', { class: 'row-progress' });
  const cells = [
    [h('strong', {}, item.contractId), h('div', { class: 'muted' }, item.title || 'untitled')],
    item.jobNumber || '—',
    h('span', { class: `badge ${item.erpStatus}` }, fmt.erpStatus(item.erpStatus)),
    projectText(item),
    `v${item.erpVersion} / ${item.syncedErpVersion === null ? '—' : `v${item.syncedErpVersion}`}`,
    [h('div', {}, fmt.money(item.contractAmount)), h('div', { class: 'muted' }, fmt.money(item.erpContractAmount))],
    [fmt.changeCounts(item.pendingChanges), item.procoreLinesChanged > 0
      && h('div', { class: 'drift' }, `${fmt.plural(item.procoreLinesChanged, 'line')} changed in Procore outside PrimeSync`)],
    [lastSyncText(item.lastSync), progressCell],
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'primary', 'data-action': 'primary', 'data-contract': item.contractId,
        disabled: !action.enabled, 'aria-describedby': action.reasons.length ? reasonsId : null,
        'aria-label': `${label} ${item.contractId}`,
        onclick: () => openPreview(item, kind),
      }, label),
      h('button', {
        type: 'button', 'data-action': 'history', 'data-contract': item.contractId,
        'aria-label': `History of ${item.contractId}`, onclick: () => openHistory(item),
      }, 'History')),
  ];
  const row = h('tr', { 'data-contract': item.contractId },
    // each cell's content in one block, so that on a narrow screen it sits beside its label as a whole
    cells.map((content, i) => h(i === 0 ? 'th' : 'td', { 'data-label': headers[i], scope: i === 0 ? 'row' : null },
      h('div', { class: 'cell' }, content))));
  const rows = [row];
  if (action.reasons.length) {
    rows.push(h('tr', { class: 'reasons-row', 'data-contract': item.contractId },
      h('td', { colspan: headers.length },
        h('p', { class: 'reasons-title' }, `${label} is not available for ${item.contractId}:`),
        reasonList(action.reasons, reasonsId))));
  }
  const sync = item.lastSync;
  if (sync && (sync.status === 'pending' || sync.status === 'writing')) {
    follow(item, sync, progressView(sync, item.contractId, { compact: true }), progressCell);
  }
  return rows;
}

function projectText(item) {
  if (item.projectIds.length) {
    return item.projectIds.length > 1 ? `${item.projectIds.join(', ')} (several)` : item.projectIds[0];
  }
  return item.jobProjectId ? `job's project ${item.jobProjectId}` : 'none';
}

function lastSyncText(sync) {
  if (!sync) return 'never';
  return h('div', {},
    h('span', { class: `badge ${sync.status}` }, `${fmt.syncKind(sync.kind)} ${fmt.syncStatus(sync.status).toLowerCase()}`),
    h('div', { class: 'muted' }, `${fmt.dateTime(sync.finishedAt || sync.requestedAt)} by ${sync.requestedBy}`),
    sync.error && h('div', { class: 'error-text' }, sync.error.message));
}

export function reasonList(reasons, id) {
  return h('ul', { class: 'reasons', id },
    reasons.map((r) => h('li', { 'data-code': r.code },
      h('span', { class: 'reason-message' }, r.message),
      describeDetails(r.details).map((d) => h('span', { class: 'reason-detail' }, d)))));
}

function errorNotice(error, retry) {
  return h('div', { class: `notice ${error.retryable ? 'warning' : 'error'}`, role: 'alert', 'data-status': error.status },
    h('p', {}, error.message),
    error.problem && error.problem.reasons && reasonList(error.problem.reasons, uid('reasons')),
    error.retryable && retry && h('button', { type: 'button', onclick: retry }, 'Try again'));
}

// The preview, the confirmation and the progress

function openDialog(title, opener) {
  const titleEl = h('h2', { id: 'dialog-title' }, title);
  const body = h('div', { class: 'dialog-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const footer = h('div', { class: 'dialog-actions' });
  // the page outside a modal dialog is inert: its announcements are made inside the dialog while it is open
  fill(dialog, h('div', { class: 'dialog-head' }, titleEl,
    h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
  body, footer, h('div', { class: 'visually-hidden dialog-announcer', 'aria-live': 'polite', 'aria-atomic': 'true' }));
  restoreFocus = () => {
    if (!focusRow(opener.contractId, opener.action)) {
      const tab = main.querySelector('[role="tab"][aria-selected="true"]');
      if (tab) tab.focus();
    }
  };
  if (!dialog.open) dialog.showModal();
  return { titleEl, body, footer };
}

async function openPreview(item, kind) {
  const verb = fmt.syncKind(kind);
  const { titleEl, body, footer } = openDialog(`${verb} ${item.contractId} into Procore`,
    { contractId: item.contractId, action: 'primary' });
  let evaluation;
  try {
    evaluation = await api.eligibility(state.company, item.contractId);
  } catch (e) {
    if (e.status === 401) return;
    fill(body, errorNotice(e, () => openPreview(item, kind)));
    fill(footer, closeButton());
    return;
  }
  // the route's reasons are the re-import's; an import was enabled by the list's own answer, and the import route
  // refuses with its reasons should anything have changed since
  const refusals = kind === 'reimport' ? evaluation.reasons : [];
  fill(body, previewView(item, evaluation, kind));
  if (refusals.length) {
    body.prepend(h('div', { class: 'notice error', role: 'alert' },
      h('p', {}, `${verb} is not available now:`), reasonList(refusals, uid('reasons'))));
    fill(footer, closeButton());
    footer.querySelector('button').focus();
    return;
  }
  // one key for this confirmation: a second click, or a retry after a lost answer, is the same re-import
  const key = crypto.randomUUID();
  const message = h('div', { class: 'dialog-message' });
  const confirm = h('button', { type: 'button', class: 'primary', id: 'confirm' }, `${verb} to Procore`);
  const cancel = h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel');
  let busy = false;
  confirm.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    // while the request is out the dialog stays: its answer, or its retry under the same key, belongs here
    setDialogBusy(true);
    cancel.disabled = true;
    confirm.disabled = true;
    fill(message, h('p', { class: 'muted', role: 'status' }, 'Sending…'));
    try {
      const { sync } = await api.start(state.company, item.contractId, kind, evaluation.erpVersion, key);
      setDialogBusy(false);
      titleEl.textContent = `${verb === 'Import' ? 'Importing' : 'Re-importing'} ${item.contractId}`;
      showProgress(item, sync, body, footer);
      // the row's button follows: a sync in progress disables it
      loadList({ quiet: true });
    } catch (e) {
      setDialogBusy(false);
      if (e.status === 401) return;
      if (e.code === 'STALE_PREVIEW') {
        announce('Spectrum sent a newer version; the preview was reloaded.');
        await openPreview(item, kind);
        dialog.querySelector('.dialog-body').prepend(h('p', { class: 'notice warning', role: 'alert' },
          `${e.message} The preview below is the new one; review it and confirm again.`));
        return;
      }
      // only a passing trouble is worth another try (a CONFLICT is: something else held the contract a moment);
      // a refusal, a missing permission or a bad request would only be refused again
      const final = !e.retryable && e.code !== 'CONFLICT';
      fill(message, errorNotice(e, null));
      cancel.disabled = false;
      if (final) {
        busy = true;
        cancel.textContent = 'Close';
        cancel.focus();
        loadList({ quiet: true });
        return;
      }
      confirm.textContent = 'Try again';
      const wait = e.retryAfter ? Math.min(e.retryAfter, 30) * 1000 : 0;
      setTimeout(() => {
        busy = false;
        confirm.disabled = false;
        if (dialog.contains(document.activeElement) || document.activeElement === document.body) confirm.focus();
      }, wait);
      cancel.focus();
    }
  });
  fill(footer, message, cancel, confirm);
  confirm.focus();
}

function closeButton(kind) {
  return h('button', { type: 'button', class: kind || null, onclick: () => dialog.close() }, 'Close');
}

/** A dialog whose request is out cannot be closed with Escape (nor with its buttons, which are disabled). */
function setDialogBusy(value) {
  dialog.dataset.busy = value ? 'true' : '';
  const close = dialog.querySelector('.dialog-head .close');
  if (close) close.disabled = value;
}

function showProgress(item, sync, body, footer) {
  const view = progressView(sync, item.contractId, { compact: false });
  fill(body, view.el);
  const close = closeButton('primary');
  const note = h('p', { class: 'muted' }, 'Closing this leaves the writing going; its row shows the progress.');
  fill(footer, note, close);
  close.focus();
  follow(item, sync, { el: null, update: (s) => { if (fmt.syncEnded(s)) note.remove(); },
    trouble: () => {} }, null);
  announce(`${fmt.syncKind(sync.kind)} of ${item.contractId} accepted: writing`
    + ` ${fmt.plural(sync.progress.linesTotal, 'line item')} to Procore.`);
  const row = document.querySelector(`tr[data-contract="${CSS.escape(item.contractId)}"] .row-progress`);
  follow(item, sync, view, null);
  if (row) follow(item, sync, progressView(sync, item.contractId, { compact: true }), row);
}

/** Shows a sync's progress in a view (and, for a row's, inside its cell) and polls until it has ended. */
function follow(item, sync, view, cell) {
  if (cell) fill(cell, view.el);
  const key = `${state.company}/${item.contractId}`;
  let watch = watches.get(key);
  if (!watch || watch.syncId !== sync.syncId) {
    if (watch) watch.stopped = true;
    // the company is the sync's, whatever the page shows by the time it ends
    watch = { key, syncId: sync.syncId, company: state.company, views: new Set(), stopped: false, fast: false };
    watches.set(key, watch);
  }
  // someone watching the dialog is told at once; a row alone can wait a little longer
  if (!cell) watch.fast = true;
  if (!watch.polling) {
    watch.polling = true;
    poll(item, watch, 0);
  }
  watch.views.add(view);
  view.update(sync);
}

async function poll(item, watch, failures) {
  const every = (watch.fast ? POLL_MS : ROW_POLL_MS) + Math.random() * 250;
  await new Promise((resolve) => { setTimeout(resolve, every); });
  if (watch.stopped) return;
  let sync;
  try {
    sync = await api.sync(watch.company, item.contractId, watch.syncId);
  } catch (e) {
    if (e.status === 401 || watch.stopped) return;
    if (!e.retryable) {
      // asking again would be answered the same (the sync is gone, or this user may not see it)
      watches.delete(watch.key);
      watch.views.forEach((v) => v.trouble(e.message, true));
      return;
    }
    // the sync goes on in Procore whatever the page's connection does: keep asking, more slowly
    watch.views.forEach((v) => v.trouble(e.message, false));
    await new Promise((resolve) => { setTimeout(resolve, (e.retryAfter || Math.min(2 ** failures, 30)) * 1000); });
    poll(item, watch, failures + 1);
    return;
  }
  watch.views.forEach((v) => v.update(sync));
  if (fmt.syncEnded(sync)) {
    watches.delete(watch.key);
    watch.views.clear();
    const what = fmt.syncKind(sync.kind);
    announce(sync.status === 'applied'
      ? `${what} of ${item.contractId} applied: Procore holds Spectrum version ${sync.erpVersion}.`
      : `${what} of ${item.contractId} failed: ${sync.error ? sync.error.message : 'no reason given'}`);
    loadList({ quiet: true });
    return;
  }
  poll(item, watch, 0);
}

// History

async function openHistory(item) {
  const { body, footer } = openDialog(`History of ${item.contractId}`, { contractId: item.contractId, action: 'history' });
  const close = closeButton();
  fill(footer, close);
  let cursor = null;
  const syncs = [];
  async function more() {
    let page;
    try {
      page = await api.history(state.company, item.contractId, cursor);
    } catch (e) {
      if (e.status === 401) return;
      fill(body, errorNotice(e, more));
      return;
    }
    const hadFocus = body.contains(document.activeElement);
    syncs.push(...page.items);
    cursor = page.nextCursor;
    fill(body, historyTable(syncs, item.contractId),
      cursor && h('button', { type: 'button', id: 'history-more', onclick: more }, 'Show older syncs'));
    if (hadFocus) (document.getElementById('history-more') || close).focus();
  }
  await more();
  close.focus();
}
