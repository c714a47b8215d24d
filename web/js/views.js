// What the dialogs show: the preview of a re-import (or import), the progress of a sync, a contract's history.

import { h, uid, keepTableRoles } from './dom.js';
import * as fmt from './format.js';

const FIELDS = [
  ['description', 'Description'],
  ['amount', 'Amount'],
  ['quantity', 'Quantity'],
  ['unitOfMeasure', 'Unit'],
  ['unitPrice', 'Unit price'],
];

function fieldValue(line, field) {
  const value = line[field];
  if (value === undefined || value === null || value === '') return '—';
  return field === 'amount' || field === 'unitPrice' ? fmt.money(value) : String(value);
}

function linesTable(lines, caption) {
  return keepTableRoles(h('table', { class: 'lines' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'),
      FIELDS.map(([, label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, lines.map((line) => h('tr', { 'data-item': line.itemCode },
      h('th', { scope: 'row' }, line.itemCode),
      FIELDS.map(([field, label]) => h('td', { 'data-label': label }, fieldValue(line, field))))))));
}

function changedLine(change) {
  const differing = FIELDS.filter(([field]) => fieldValue(change.before, field) !== fieldValue(change.after, field));
  return h('div', { class: 'changed-line', 'data-item': change.itemCode },
    h('h4', {}, change.itemCode, ' ', h('span', { class: 'muted' }, change.after.description)),
    h('table', { class: 'fields' },
      h('caption', { class: 'visually-hidden' }, `Changes to line ${change.itemCode}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'),
        h('th', { scope: 'col' }, 'After'))),
      h('tbody', {}, differing.map(([field, label]) => h('tr', { 'data-field': field },
        h('th', { scope: 'row' }, label),
        h('td', { class: 'before', 'data-label': 'Before' }, fieldValue(change.before, field)),
        h('td', { class: 'after', 'data-label': 'After' }, h('span', { 'aria-hidden': 'true' }, '→ '),
          fieldValue(change.after, field)))))));
}

function group(kind, title, count, content) {
  const id = uid(kind);
  return h('section', { class: `group ${kind}`, 'aria-labelledby': id, 'data-group': kind },
    h('h3', { id }, `${title} (${count})`),
    count ? content : h('p', { class: 'muted' }, 'None.'));
}

export function previewView(item, evaluation, kind) {
  const p = evaluation.preview;
  const project = item.projectIds.length ? item.projectIds.join(', ') : item.jobProjectId || '—';
  return h('div', { class: 'preview' },
    h('dl', { class: 'summary' },
      h('dt', {}, 'Procore project'), h('dd', {}, project),
      h('dt', {}, 'Spectrum version'),
      h('dd', {}, evaluation.syncedErpVersion === null ? `v${evaluation.erpVersion} (first import)`
        : `v${evaluation.syncedErpVersion} → v${evaluation.erpVersion}`),
      h('dt', {}, 'Contract value'),
      h('dd', { class: 'value-change' }, h('span', { class: 'before' }, fmt.money(p.currentAmount)), ' → ',
        h('span', { class: 'after' }, fmt.money(p.newAmount)), ' ',
        h('span', { class: 'muted' }, `(${fmt.moneyDelta(p.currentAmount, p.newAmount)})`))),
    evaluation.procoreLinesChanged > 0 && h('p', { class: 'notice warning' },
      `${fmt.plural(evaluation.procoreLinesChanged, 'line item')} ${evaluation.procoreLinesChanged === 1 ? 'was' : 'were'}`
      + ' changed in Procore outside PrimeSync; this brings Procore back to Spectrum\'s values.'),
    group('added', 'Added', p.added.length, linesTable(p.added, 'Lines added')),
    kind === 'reimport' && group('changed', 'Changed', p.changed.length, p.changed.map(changedLine)),
    kind === 'reimport' && group('removed', 'Removed', p.removed.length, linesTable(p.removed, 'Lines removed')),
    h('p', { class: 'muted' }, kind === 'reimport'
      ? 'Confirming makes the prime contract\'s schedule of values in Procore equal to this preview.'
      : 'Confirming creates the prime contract and these line items in Procore.'));
}

/**
 * A progress bar for a sync, updated in place. The dialog's is a live region; a row's is not (the page's
 * announcer says when a sync ends).
 */
export function progressView(sync, contractId, { compact }) {
  const labelId = uid('progress');
  const bar = h('progress', { max: 1, value: 0, 'aria-labelledby': labelId });
  const label = h('span', { id: labelId }, '');
  const status = h('p', { class: 'progress-status', role: compact ? null : 'status', 'aria-live': compact ? null : 'polite' });
  const el = h('div', { class: `progress ${compact ? 'compact' : ''}`, 'data-sync': sync.syncId, 'data-contract': contractId },
    label, bar, status);
  let last = null;
  return {
    el,
    update(s) {
      const total = s.progress.linesTotal;
      const written = s.progress.linesWritten;
      bar.max = Math.max(total, 1);
      bar.value = s.status === 'applied' ? bar.max : Math.min(written, bar.max);
      label.textContent = `${fmt.plural(written, 'line item')} of ${total} written to Procore`;
      el.dataset.status = s.status;
      // the live region is told of each change of status, not of every line
      const sentence = s.status === 'applied'
        ? `Applied. Procore's schedule of values now equals Spectrum version ${s.erpVersion}`
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
}

export function historyTable(syncs, contractId) {
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
      h('td', { 'data-label': headers[3] }, `v${s.erpVersion}`),
      h('td', { 'data-label': headers[4] }, `${fmt.money(s.previousAmount)} → ${fmt.money(s.newAmount)}`),
      h('td', { 'data-label': headers[5] }, fmt.changeCounts(s)),
      h('td', { 'data-label': headers[6] }, h('span', { class: `badge ${s.status}` }, fmt.syncStatus(s.status)),
        s.error && h('div', { class: 'error-text' }, s.error.message)),
      h('td', { 'data-label': headers[7] }, fmt.dateTime(s.finishedAt)))))));
}
