// The preview of a re-import (or import): the contract value before and after, the lines added, each changed
// line field by field, and the lines removed.

import { h, uid, ident, num, keepTableRoles } from './dom.js';
import * as fmt from './format.js';
import { projectNames, projectLabel } from './names.js';

/**
 * A line's fields as the preview shows and compares them. Numbers compare as numbers ("100.0000" is "100.00") and
 * read as an accountant writes them: amounts at the currency's precision, unit prices and quantities trimmed to
 * what is significant, a quantity with its unit (so a change of unit is a change of the quantity).
 */
const FIELDS = [
  { field: 'description', label: 'Description', text: (l) => l.description || '—', same: (a, b) => a.description === b.description },
  {
    field: 'quantity', label: 'Quantity', number: true,
    text: (l) => fmt.quantity(l.quantity, l.unitOfMeasure),
    same: (a, b) => fmt.sameNumber(a.quantity, b.quantity) && (a.unitOfMeasure || null) === (b.unitOfMeasure || null),
  },
  {
    field: 'unitPrice', label: 'Unit price', number: true,
    text: (l) => fmt.money(l.unitPrice), same: (a, b) => fmt.sameNumber(a.unitPrice, b.unitPrice),
  },
  { field: 'amount', label: 'Amount', number: true, text: (l) => fmt.money(l.amount), same: (a, b) => fmt.sameNumber(a.amount, b.amount) },
];

/** A field's value in a cell: a number kept whole on one line and right-aligned with the others. */
function valueCell(f, line, props, ...before) {
  const text = f.text(line);
  return h('td', { ...props, class: [props.class, f.number && 'num-cell'].filter(Boolean).join(' ') || null },
    before, f.number && text !== '—' ? num(text) : text);
}

function linesTable(lines, caption) {
  return keepTableRoles(h('table', { class: 'lines' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'),
      FIELDS.map((f) => h('th', { scope: 'col', class: f.number ? 'num-cell' : null }, f.label)))),
    h('tbody', {}, lines.map((line) => h('tr', { 'data-item': line.itemCode, 'data-procore': line.procore?.change },
      h('th', { scope: 'row' }, line.itemCode ? ident(line.itemCode) : '—', procoreNote(line.procore), refusedNote(line)),
      FIELDS.map((f) => valueCell(f, line, { 'data-label': f.label })))))));
}

/** Where the before is Procore's own: what people did to the line there, and when. */
function procoreNote(procore) {
  return procore && h('div', { class: 'procore-change' }, fmt.procoreChange(procore));
}

/** A line the re-import is refused for: Procore's always editable schedule of values takes no delete. */
function refusedNote(line) {
  return line.refusedBy === 'PROCORE_SOV_LOCKED'
    && h('div', { class: 'error-text' }, 'Procore takes no delete in this contract\'s schedule of values');
}

function changedLine(change) {
  const differing = FIELDS.filter((f) => !f.same(change.before, change.after));
  return h('div', { class: 'changed-line', 'data-item': change.itemCode, 'data-procore': change.procore?.change },
    h('h4', {}, ident(change.itemCode), ' ', h('span', { class: 'muted' }, change.after.description)),
    change.procore && h('p', { class: 'procore-change' }, fmt.procoreChange(change.procore),
      ': before is Procore\'s value, which this puts back to Spectrum\'s.'),
    keepTableRoles(h('table', { class: 'fields' },
      h('caption', { class: 'visually-hidden' }, `Changes to line ${change.itemCode}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'),
        h('th', { scope: 'col' }, 'After'))),
      h('tbody', {}, differing.map((f) => h('tr', { 'data-field': f.field },
        h('th', { scope: 'row' }, f.label),
        valueCell(f, change.before, { class: 'before', 'data-label': 'Before' }),
        valueCell(f, change.after, { class: 'after', 'data-label': 'After' }, h('span', { 'aria-hidden': 'true' }, '→ '))))))));
}

/**
 * A group of the preview. Its count is the whole count; a long preview carries only its first lines, and says how
 * many more there are.
 */
function group(kind, title, shown, count, content) {
  const id = uid(kind);
  const more = count - shown;
  return h('section', { class: `group ${kind}`, 'aria-labelledby': id, 'data-group': kind },
    h('h3', { id }, `${title} (${fmt.count(count)})`),
    count ? content : h('p', { class: 'muted' }, 'None.'),
    more > 0 && h('p', { class: 'muted more', 'data-more': String(more) },
      `and ${fmt.count(more)} more ${more === 1 ? 'line' : 'lines'}, not shown here: the preview is too long to show`
      + ' whole. They are part of it all the same.'));
}

/** A group's whole count: the API's counts (the lines themselves may be cut short). */
function total(preview, kind) {
  return preview.counts ? preview.counts[kind] : preview[kind].length;
}

export function previewView(item, evaluation, kind) {
  const p = evaluation.preview;
  const names = projectNames(item.projects, evaluation.projects);
  const ids = item.projectIds.length ? item.projectIds : [item.jobProjectId].filter(Boolean);
  const project = ids.length ? ids.map((id, i) => [i > 0 && ', ', projectLabel(id, names)]) : '—';
  return h('div', { class: 'preview' },
    h('dl', { class: 'summary' },
      h('dt', {}, 'Procore project'), h('dd', {}, project),
      h('dt', {}, 'Spectrum version'),
      h('dd', {}, evaluation.syncedErpVersion === null ? `${fmt.version(evaluation.erpVersion)} (first import)`
        : `${fmt.version(evaluation.syncedErpVersion)} → ${fmt.version(evaluation.erpVersion)}`),
      h('dt', {}, 'Contract value'),
      h('dd', { class: 'value-change' }, h('span', { class: 'before' }, num(fmt.money(p.currentAmount))), ' → ',
        h('span', { class: 'after' }, num(fmt.money(p.newAmount))), ' ',
        h('span', { class: 'muted' }, '(', num(fmt.moneyDelta(p.currentAmount, p.newAmount)), ')'))),
    evaluation.procoreLinesChanged > 0 && h('p', { class: 'notice warning' },
      `${fmt.plural(evaluation.procoreLinesChanged, 'line item')} ${evaluation.procoreLinesChanged === 1 ? 'was' : 'were'}`
      + ' changed in Procore outside PrimeSync (marked below, with Procore\'s values before); confirming writes'
      + ' Spectrum\'s values over them.'
      + (p.procoreLinesNotShown > 0 ? ` ${fmt.count(p.procoreLinesNotShown)} more of them are not listed here;`
        + ' the re-import writes over them all the same.' : '')),
    group('added', 'Added', p.added.length, total(p, 'added'), linesTable(p.added, 'Lines added')),
    kind === 'reimport' && group('changed', 'Changed', p.changed.length, total(p, 'changed'), p.changed.map(changedLine)),
    kind === 'reimport' && group('removed', 'Removed', p.removed.length, total(p, 'removed'),
      linesTable(p.removed, 'Lines removed')),
    h('p', { class: 'muted' }, kind === 'reimport'
      ? 'Confirming makes the prime contract\'s schedule of values in Procore equal to this preview.'
      : 'Confirming creates the prime contract and these line items in Procore.'));
}
