// The Synced and Staged tabs of the ERP Integrations tool: start-up and wiring. This loads the page's
// configuration, signs in, reads the view from the address and joins the parts: the list, the sync dialog, the
// history and the poller that follows syncs for both. Each part draws from data alone; fetching and polling are
// started by their controllers, never by drawing.

import { h, fill, announce } from './dom.js';
import * as fmt from './format.js';
import { createApi } from './api.js';
import * as auth from './auth.js';
import { readAddress, writeAddress, firstPage } from './address.js';
import { signInView } from './signin.js';
import { createDialog } from './dialog.js';
import { createPoller } from './poller.js';
import { createList } from './list.js';
import { createSyncDialog } from './sync-dialog.js';
import { createHistory } from './history.js';

const main = document.getElementById('main');
const sessionBar = document.getElementById('session');

let config;
let session = null;
/** Why the sign-in is asked for again (signed out, refused, expired), or null. */
let notice = null;
const view = readAddress();
let dialog;
let poller;
let list;

start();

async function start() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(String(response.status));
    config = await response.json();
  } catch (e) {
    fill(main, h('p', { class: 'notice error', role: 'alert' },
      `The page's configuration (config.json) could not be loaded (${e.message}). Reload the page to try again.`));
    return;
  }
  const api = createApi({ base: config.apiBase || '', token: () => session && session.token, onUnauthorized: expired });
  if (config.auth && config.auth.oidc) {
    try {
      await auth.completeOidc(config.auth.oidc);
    } catch (e) {
      notice = e.message;
    }
  }
  session = auth.currentSession();

  dialog = createDialog(document.getElementById('dialog'));
  poller = createPoller(api, { onEnded: syncEnded });
  const company = () => view.company;
  let syncDialog;
  let history;
  list = createList({
    main, api, poller, view,
    onViewChange: () => writeAddress(view),
    open: { sync: (item, kind) => syncDialog.open(item, kind), history: (item) => history.open(item) },
  });
  syncDialog = createSyncDialog({ api, dialog, poller, company, list });
  history = createHistory({ api, dialog, company, returnFocus: list.returnFocus });

  window.addEventListener('hashchange', () => {
    Object.assign(view, readAddress());
    render();
  });
  window.addEventListener('pageshow', (e) => {
    // back from the sign-in provider through the browser's cache: draw the page afresh (its buttons re-enabled)
    if (e.persisted) render();
  });
  render();
}

function render() {
  if (session) {
    showTool();
  } else {
    showSignIn();
  }
}

function syncEnded(sync, contractId) {
  const what = fmt.syncKind(sync.kind);
  announce(sync.status === 'applied'
    ? `${what} of ${contractId} applied: Procore holds ${fmt.versionPhrase(sync.erpVersion)}.`
    : `${what} of ${contractId} failed: ${sync.error ? sync.error.message : 'no reason given'}`);
  list.load({ quiet: true });
}

function signOut(why) {
  poller.stopAll();
  auth.signOut();
  session = null;
  notice = why;
  dialog.close();
  render();
}

function expired(error) {
  signOut(error.message);
}

// Sign-in

function showSignIn() {
  fill(sessionBar);
  fill(main, signInView(config.auth || {}, notice, {
    async oidc() {
      try {
        await auth.beginOidc(config.auth.oidc);
      } catch (err) {
        notice = `Sign-in could not start: ${err.message}`;
        showSignIn();
      }
    },
    user: (chosen) => signedIn(chosen.token, chosen.name),
    token: (token) => signedIn(token, (auth.readClaims(token) || {}).sub || 'token'),
  }));
  const first = main.querySelector('input, button, textarea');
  if (first) first.focus();
}

function signedIn(token, label) {
  auth.signIn(token, label);
  session = auth.currentSession();
  notice = null;
  view.company = null;
  firstPage(view);
  render();
  main.focus();
}

// The tool

function showTool() {
  const companies = auth.companiesOf(session.claims);
  if (!view.company) view.company = companies[0] || null;
  writeAddress(view);
  fill(sessionBar,
    h('span', {}, 'Signed in as ', h('strong', { id: 'signed-in-as' }, session.label)),
    // a choice when there is one, or when the address names a company the sign-in does not (to get back)
    (companies.length > 1 || (view.company && !companies.includes(view.company))) && h('label', { class: 'inline' }, 'Company ',
      h('select', { id: 'company', onchange: (e) => {
        view.company = e.target.value;
        firstPage(view);
        showTool();
        // the choice is gone when the sign-in has that one company only
        document.getElementById('company')?.focus();
      } },
        [...new Set([...companies, view.company])].filter(Boolean)
          .map((c) => h('option', { value: c, selected: c === view.company }, c)))),
    h('button', { type: 'button', class: 'link', onclick: () => signOut('You are signed out.') }, 'Sign out'));

  if (!view.company) {
    fill(main, h('h1', {}, 'Prime contracts'),
      h('p', { class: 'notice warning', role: 'alert' },
        'Your sign-in grants access to no company\'s ERP Integrations. Ask a Procore administrator of your company for'
        + ' at least Read Only on ERP Integrations.'));
    return;
  }
  list.show();
}
