// The contracts of a page as a table (as cards on a narrow screen): each contract's id, title, job, ERP status,
// project, versions, values, pending changes, last sync and its buttons, and beside a disabled button every
// reason in words. Drawn from the API's answer alone: following a sync shown in a row is the list's to start.

import { h, uid, ident, num, keepTableRoles } from './dom.js';
import * as fmt from './format.js';
import { refusalView, refusalState } from './reasons.js';
import { projectNames, projectLabel } from './names.js';

const HEADERS = ['Contract', 'Job', 'ERP status', 'Project', 'Version (Spectrum / Procore)',
  'Contract value', 'Pending changes', 'Last sync', 'Actions'];
const MONEY = HEADERS.indexOf('Contract value');

/** Whether a row shows a sync still being written (whose progress the list follows). */
export function running(item) {
  const sync = item.lastSync;
  return Boolean(sync) && (sync.status === 'pending' || sync.status === 'writing');
}

/**
 * @param items the page's contracts
 * @param view {tab, ready}
 * @param progress contractId -> the progress view of a running sync, shown in its row
 * @param on {sync(item, kind), history(item)}: what the row's buttons do
 */
export function contractsTable(items, view, progress, on) {
  if (!items.length) {
    return h('p', { class: 'empty' }, view.tab === 'synced'
      ? (view.ready ? 'No contract is ready to re-import.' : 'No contract of this company was imported yet.')
      : 'No contract is waiting to be imported.');
  }
  return keepTableRoles(h('table', { class: 'contracts' },
    h('caption', { class: 'visually-hidden' }, view.tab === 'synced' ? 'Synced prime contracts' : 'Staged prime contracts'),
    h('thead', {}, h('tr', {}, HEADERS.map((t, i) => h('th', { scope: 'col', class: i === MONEY ? 'money' : null }, t)))),
    items.map((item) => contractRows(item, view.tab === 'synced' ? 'reimport' : 'import', progress.get(item.contractId), on))));
}

function contractRows(item, kind, progress, on) {
  const action = kind === 'reimport' ? item.reimport : item.import;
  const label = kind === 'reimport' ? 'Re-Import' : 'Import';
  const reasonsId = uid('reasons');
  const names = projectNames(item.projects);
  const cells = [
    [h('strong', {}, ident(item.contractId)), h('div', { class: 'muted' }, item.title || 'untitled')],
    item.jobNumber ? ident(item.jobNumber) : '—',
    h('span', { class: `badge ${item.erpStatus}` }, fmt.erpStatus(item.erpStatus)),
    projectCell(item, names),
    // Spectrum's version over Procore's, each on its line; the exact numbers in the title
    h('span', { class: 'versions', title: `Spectrum: ${fmt.version(item.erpVersion)} (version ${item.erpVersion}); `
      + (item.syncedErpVersion === null ? 'never imported'
        : `Procore: ${fmt.version(item.syncedErpVersion)} (version ${item.syncedErpVersion})`) },
    h('span', { class: 'version' }, fmt.versionShort(item.erpVersion)), ' / ',
    h('span', { class: 'version' }, item.syncedErpVersion === null ? '—' : fmt.versionShort(item.syncedErpVersion))),
    // the two amounts say whose they are: what Procore holds now, what Spectrum holds (a re-import's result)
    h('dl', { class: 'amounts' },
      h('dt', {}, 'Procore'), h('dd', {}, num(fmt.money(item.contractAmount))),
      h('dt', {}, 'Spectrum'), h('dd', {}, num(fmt.money(item.erpContractAmount)))),
    [fmt.changeCounts(item.pendingChanges), item.procoreLinesChanged > 0
      && h('div', { class: 'drift' }, `${fmt.plural(item.procoreLinesChanged, 'line')} changed in Procore outside PrimeSync`)],
    [lastSyncText(item), h('div', { class: 'row-progress' }, progress && progress.el)],
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'primary', 'data-action': 'primary', 'data-contract': item.contractId,
        disabled: !action.enabled, 'aria-describedby': action.reasons.length ? reasonsId : null,
        'aria-label': `${label} ${item.contractId}`,
        onclick: () => on.sync(item, kind),
      }, label),
      h('button', {
        type: 'button', 'data-action': 'history', 'data-contract': item.contractId,
        'aria-label': `History of ${item.contractId}`, onclick: () => on.history(item),
      }, 'History')),
  ];
  const row = h('tr', { 'data-contract': item.contractId },
    // each cell's content in one block, so that on a narrow screen it sits beside its label as a whole
    cells.map((content, i) => h(i === 0 ? 'th' : 'td', {
      'data-label': HEADERS[i], scope: i === 0 ? 'row' : null, class: i === MONEY ? 'money' : null,
    }, h('div', { class: 'cell' }, content))));
  if (!action.reasons.length) return [row];
  return [row, h('tr', { class: 'reasons-row', 'data-contract': item.contractId, 'data-state': refusalState(action.reasons) },
    h('td', { colspan: HEADERS.length }, refusalView(action.reasons, {
      title: [`${label} is not available for `, ident(item.contractId), ':'], id: reasonsId, names,
    })))];
}

/** The projects the contract is linked to (or, before its import, its job's), each on a line, by name. */
function projectCell(item, names) {
  if (item.projectIds.length) {
    return [item.projectIds.map((id) => h('div', {}, projectLabel(id, names))),
      item.projectIds.length > 1 && h('div', { class: 'muted' }, '(several)')];
  }
  if (!item.jobProjectId) return 'none';
  return [h('div', {}, projectLabel(item.jobProjectId, names)), h('div', { class: 'muted' }, 'the job\'s project')];
}

function lastSyncText(item) {
  const sync = item.lastSync;
  if (!sync) return 'never';
  // a sync being written says so once, in words that do not change while its progress (under it) does
  const status = running(item) ? 'running' : fmt.syncStatus(sync.status).toLowerCase();
  return h('div', {},
    h('span', { class: `badge ${sync.status}` }, `${fmt.syncKind(sync.kind)} ${status}`),
    h('div', { class: 'muted' }, `${running(item) ? 'Started ' : ''}${fmt.dateTime(sync.finishedAt || sync.requestedAt)} by ${sync.requestedBy}`),
    sync.error && h('div', { class: 'error-text' }, sync.error.message));
}
