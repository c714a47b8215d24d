// The preview of a re-import (or import): the contract value before and after, the lines added, each changed
// line field by field, and the lines removed.

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
