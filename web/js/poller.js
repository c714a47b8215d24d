// Following a sync until it has ended, for the dialog and for the rows that show it: one poll per sync whoever
// watches it, every second while someone watches the dialog, every few seconds for rows alone, and more slowly
// while the connection is in trouble (the sync goes on in Procore whatever the page's connection does).

import * as fmt from './format.js';

const POLL_MS = 1000;
const ROW_POLL_MS = 3000;

/**
 * @param api the PrimeSync API
 * @param onEnded called with (sync, contractId) once a followed sync has been applied or has failed
 */
export function createPoller(api, { onEnded }) {
  /** company/contractId -> {company, contractId, syncId, views: Map(view -> fast), stopped}: the syncs followed */
  const watches = new Map();

  /**
   * Shows a sync in a view ({el, update(sync), trouble(message, final)}) now and at every change until it has
   * ended. fast: a person is watching this view (the dialog's), so it is told at once.
   */
  function follow(company, contractId, sync, view, { fast = false } = {}) {
    const key = `${company}/${contractId}`;
    let watch = watches.get(key);
    if (!watch || watch.syncId !== sync.syncId) {
      if (watch) watch.stopped = true;
      // the company is the sync's, whatever the page shows by the time it ends
      watch = { key, company, contractId, syncId: sync.syncId, views: new Map(), stopped: false };
      watches.set(key, watch);
      poll(watch, 0);
    }
    watch.views.set(view, fast || watch.views.get(view) || false);
    view.update(sync);
  }

  function stopAll() {
    watches.forEach((w) => { w.stopped = true; });
    watches.clear();
  }

  /** The views still on the page: a row drawn again, or a dialog closed, leaves its old view behind. */
  function liveViews(watch) {
    watch.views.forEach((fast, view) => {
      if (view.el && !view.el.isConnected) watch.views.delete(view);
    });
    return [...watch.views.keys()];
  }

  function end(watch) {
    if (watches.get(watch.key) === watch) watches.delete(watch.key);
  }

  async function poll(watch, failures) {
    liveViews(watch);
    const fast = [...watch.views.values()].some(Boolean);
    await sleep((fast ? POLL_MS : ROW_POLL_MS) + Math.random() * 250);
    if (watch.stopped) return;
    let sync;
    try {
      sync = await api.sync(watch.company, watch.contractId, watch.syncId);
    } catch (e) {
      if (e.status === 401 || watch.stopped) return;
      if (!e.retryable) {
        // asking again would be answered the same (the sync is gone, or this user may not see it)
        end(watch);
        liveViews(watch).forEach((v) => v.trouble(e.message, true));
        return;
      }
      liveViews(watch).forEach((v) => v.trouble(e.message, false));
      await sleep((e.retryAfter || Math.min(2 ** failures, 30)) * 1000);
      poll(watch, failures + 1);
      return;
    }
    if (watch.stopped) return;
    liveViews(watch).forEach((v) => v.update(sync));
    if (fmt.syncEnded(sync)) {
      end(watch);
      onEnded(sync, watch.contractId);
      return;
    }
    poll(watch, 0);
  }

  return { follow, stopAll };
}

function sleep(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}
