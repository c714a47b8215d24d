// A contract's history: every sync, newest first, with who, which version, the value before and after, the
// changes, the status and, for a failure, why.

import { h, fill, ident, num, keepTableRoles } from './dom.js';
import * as fmt from './format.js';
import { errorNotice } from './reasons.js';

/** Opens a contract's history in the dialog, a page of syncs at a time. */
export function createHistory({ api, dialog, company, returnFocus }) {
  return {
    async open(item) {
      const { body, footer } = dialog.open(['History of ', ident(item.contractId)],
        () => returnFocus(item.contractId, 'history'));
      const close = dialog.closeButton();
      fill(footer, close);
      const from = company();
      let cursor = null;
      const syncs = [];
      async function more() {
        let page;
        try {
          page = await api.history(from, item.contractId, cursor);
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
    },
  };
}

function historyTable(syncs, contractId) {
  if (!syncs.length) return h('p', { class: 'empty' }, `${contractId} has not been imported yet.`);
  const headers = ['Requested', 'Kind', 'By', 'Spectrum version', 'Value before → after', 'Changes', 'Status',
    'Finished'];
  return keepTableRoles(h('table', { class: 'history' },
    h('caption', { class: 'visually-hidden' }, `Syncs of ${contractId}, newest first`),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, syncs.map((s) => h('tr', { 'data-sync': s.syncId, 'data-status': s.status },
      h('td', { 'data-label': headers[0] }, fmt.dateTime(s.requestedAt)),
      h('td', { 'data-label': headers[1] }, fmt.syncKind(s.kind)),
      h('td', { 'data-label': headers[2] }, s.requestedBy),
      h('td', { 'data-label': headers[3], title: `version ${s.erpVersion}` }, fmt.version(s.erpVersion)),
      h('td', { 'data-label': headers[4] }, num(fmt.money(s.previousAmount)), ' → ', num(fmt.money(s.newAmount))),
      h('td', { 'data-label': headers[5] }, fmt.changeCounts(s), overwritten(s.overwrites)),
      h('td', { 'data-label': headers[6] }, h('span', { class: `badge ${s.status}` }, fmt.syncStatus(s.status)),
        s.error && h('div', { class: 'error-text' }, s.error.message)),
      h('td', { 'data-label': headers[7] }, fmt.dateTime(s.finishedAt)))))));
}

/**
 * What a re-import wrote over of people's work in Procore: each line with what it found and what it wrote, and what
 * it found other than the preview had shown.
 */
function overwritten(found) {
  if (!found || (!found.total && !found.notAsPreviewed)) return null;
  const more = found.total - found.lines.length;
  return h('div', { class: 'overwrites' },
    found.total > 0 && h('p', {}, `Wrote over ${fmt.plural(found.total, 'line')} changed in Procore:`),
    found.lines.length > 0 && h('ul', {}, found.lines.map((l) => h('li', { 'data-item': l.itemCode },
      l.itemCode ? ident(l.itemCode) : '—', ' ', l.description || '', ': ',
      fmt.procoreChange(l), ', ',
      l.found === null ? 'not there' : ['found ', num(fmt.money(l.found))], ', ',
      l.written === null ? 'removed' : ['wrote ', num(fmt.money(l.written))],
      !l.previewed && h('strong', {}, ' (not in the preview)')))),
    more > 0 && h('p', { class: 'muted' }, `and ${fmt.count(more)} more`),
    found.notAsPreviewed > 0 && h('p', { class: 'notice warning' },
      `${fmt.plural(found.notAsPreviewed, 'line')} in Procore ${found.notAsPreviewed === 1 ? 'was' : 'were'} not as the`
      + ' preview showed: Procore changed between the preview and the write, which wrote Spectrum\'s values all the same.'));
}
