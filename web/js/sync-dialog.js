// A re-import (or import) in the dialog: the preview from the eligibility route, the confirmation sent once under
// one Idempotency-Key (a double click, or a retry after a lost answer, is the same sync), then the progress until
// it has been applied or has failed; a refusal shows its reasons instead of being offered again.

import { h, fill, announce, uid, ident } from './dom.js';
import * as fmt from './format.js';
import { refusalView, errorNotice } from './reasons.js';
import { previewView } from './preview.js';
import { progressView, counted } from './progress.js';
import { projectNames } from './names.js';

/**
 * @param company answers the company the page shows
 * @param list the list, drawn again once a sync has started (its row then shows the progress)
 */
export function createSyncDialog({ api, dialog, poller, company, list }) {
  async function open(item, kind) {
    const verb = fmt.syncKind(kind);
    const from = company();
    const { titleEl, body, footer } = dialog.open([`${verb} `, ident(item.contractId), ' into Procore'],
      () => list.returnFocus(item.contractId, 'primary'));
    let evaluation;
    try {
      evaluation = await api.eligibility(from, item.contractId);
    } catch (e) {
      if (e.status === 401) return;
      fill(body, errorNotice(e, () => open(item, kind)));
      fill(footer, dialog.closeButton());
      return;
    }
    // the route's reasons are the re-import's; an import was enabled by the list's own answer, and the import route
    // refuses with its reasons should anything have changed since
    const refusals = kind === 'reimport' ? evaluation.reasons : [];
    fill(body, previewView(item, evaluation, kind));
    if (refusals.length) {
      body.prepend(h('div', { role: 'alert' },
        refusalView(refusals, {
          title: `${verb} is not available now:`, id: uid('reasons'), names: projectNames(item.projects, evaluation.projects),
        })));
      fill(footer, dialog.closeButton());
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
      dialog.setBusy(true);
      cancel.disabled = true;
      confirm.disabled = true;
      fill(message, h('p', { class: 'muted', role: 'status' }, 'Sending…'));
      try {
        const { sync } = await api.start(from, item.contractId, kind, evaluation.erpVersion, key);
        dialog.setBusy(false);
        fill(titleEl, `${verb === 'Import' ? 'Importing' : 'Re-importing'} `, ident(item.contractId));
        showProgress(from, item, sync, body, footer);
        // the row's button follows: a sync in progress disables it
        list.load({ quiet: true });
      } catch (e) {
        dialog.setBusy(false);
        if (e.status === 401) return;
        if (e.code === 'STALE_PREVIEW') {
          announce('Spectrum sent a newer version; the preview was reloaded.');
          await open(item, kind);
          dialog.body().prepend(h('p', { class: 'notice warning', role: 'alert' },
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
          list.load({ quiet: true });
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

  function showProgress(from, item, sync, body, footer) {
    const view = progressView(sync, item.contractId, { compact: false });
    fill(body, view.el);
    const close = dialog.closeButton('primary');
    const note = h('p', { class: 'muted' }, 'Closing this leaves the writing going; its row shows the progress.');
    fill(footer, note, close);
    close.focus();
    announce(`${fmt.syncKind(sync.kind)} of ${item.contractId} accepted: ${counted(sync)
      ? `writing ${fmt.plural(sync.progress.linesTotal, 'line item')} to Procore.` : 'waiting for the worker.'}`);
    poller.follow(from, item.contractId, sync, {
      el: view.el,
      update(s) {
        view.update(s);
        if (fmt.syncEnded(s)) note.remove();
      },
      trouble: view.trouble,
    }, { fast: true });
  }

  return { open };
}
