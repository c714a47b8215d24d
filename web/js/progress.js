// A sync's progress: a bar of the lines written and a sentence for its status, updated in place as the poller
// hears of changes. The dialog's is a live region; a row's is not (the page's announcer says when a sync ends).

import { h, uid } from './dom.js';
import * as fmt from './format.js';

/** Whether the worker has said how many line writes the sync makes (an ended sync has, whatever it says). */
export function counted(sync) {
  return sync.progress.linesTotal > 0 || fmt.syncEnded(sync);
}

/** Draws a sync as it is now; update(sync) and trouble(message, final) change it in place, starting nothing. */
export function progressView(sync, contractId, { compact }) {
  const labelId = uid('progress');
  const bar = h('progress', { max: 1, value: 0, 'aria-labelledby': labelId });
  const label = h('span', { id: labelId }, '');
  const status = h('p', { class: 'progress-status', role: compact ? null : 'status', 'aria-live': compact ? null : 'polite' });
  const el = h('div', { class: `progress ${compact ? 'compact' : ''}`, 'data-sync': sync.syncId, 'data-contract': contractId },
    label, bar, status);
  let last = null;
  const view = {
    el,
    update(s) {
      const total = s.progress.linesTotal;
      const written = s.progress.linesWritten;
      bar.max = Math.max(total, 1);
      // until the worker has counted the lines to write, "0 line items of 0" would be a false end: the bar has no
      // value (it moves without saying how far) and the label says what is awaited
      if (counted(s)) {
        bar.value = s.status === 'applied' ? bar.max : Math.min(written, bar.max);
        label.textContent = `${fmt.plural(written, 'line item')} of ${total} written to Procore`;
      } else {
        bar.removeAttribute('value');
        label.textContent = s.status === 'writing' ? 'Counting the line items to write…' : 'Line items not counted yet';
      }
      el.dataset.status = s.status;
      // the live region is told of each change of status, not of every line
      const sentence = s.status === 'applied'
        ? `Applied. Procore's schedule of values now equals ${fmt.versionPhrase(s.erpVersion)}`
          + ` (${fmt.money(s.newAmount)}).`
        : s.status === 'failed'
          ? `Failed: ${s.error ? s.error.message : 'Procore refused it.'} You can try again from the contract's row.`
          : s.status === 'writing' ? 'Writing to Procore…' : 'Waiting for the worker…';
      if (sentence !== last) {
        status.textContent = sentence;
        status.className = `progress-status ${s.status}`;
        last = sentence;
      }
    },
    trouble(message, final) {
      status.textContent = final
        ? `The progress cannot be followed: ${message} Refresh the list to see where the sync stands.`
        : `Lost contact while following the progress (${message}). Still trying; the sync goes on.`;
      last = null;
    },
  };
  view.update(sync);
  return view;
}
