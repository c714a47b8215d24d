// How the API's refusals read: a blocker as the API's sentence with its details (the change orders and the
// projects by the names people know them by, the permissions) as short phrases under it, being in sync as good
// news, a sync being written as progress; and an error as a notice with its reasons and, when trying again can
// help, a way to.

import { h, uid } from './dom.js';
import * as fmt from './format.js';
import { projectNames, projectText, changeOrderText } from './names.js';

const IN_SYNC = 'NO_UNSYNCED_CHANGES';
const RUNNING = 'SYNC_IN_PROGRESS';

/**
 * How a refusal reads as a whole: 'blocked' when a reason asks someone to act, else 'running' while a sync is
 * being written, else 'in-sync' (there is simply nothing to bring over: good news, not an error).
 */
export function refusalState(reasons) {
  if (reasons.some((r) => r.code !== IN_SYNC && r.code !== RUNNING)) return 'blocked';
  return reasons.some((r) => r.code === RUNNING) ? 'running' : 'in-sync';
}

/**
 * Why an action is not offered: blockers under a title, as the API's sentences with their details; a contract in
 * sync as a calm note; a sync being written as progress.
 * @param title what is not available, shown over blockers only
 * @param id the list's id, for the disabled button's aria-describedby
 * @param names the projects the answer named (see names.js), for the reasons' details
 */
export function refusalView(reasons, { title, id, names }) {
  const state = refusalState(reasons);
  return h('div', { class: `refusal ${state}`, 'data-state': state },
    state === 'blocked' && h('p', { class: 'reasons-title' }, title),
    reasonList(reasons, id, names));
}

function reasonList(reasons, id, names) {
  const state = refusalState(reasons);
  return h('ul', { class: 'reasons', id }, reasons.map((r) => reasonItem(r, state, names)));
}

function reasonItem(reason, state, names) {
  if (reason.code === RUNNING) {
    // the API's sentence names the sync by its id, which tells a person nothing: where it stands is shown instead
    return h('li', { 'data-code': reason.code, class: 'running' },
      h('strong', { class: 'status-note' }, 'Being written to Procore now.'), ' ',
      h('span', { class: 'reason-message' }, 'It can be started again once this sync has been applied or has failed.'));
  }
  if (reason.code === IN_SYNC) {
    const version = reason.details && reason.details.syncedErpVersion;
    // beside a blocker, being in sync is no news: the API's sentence alone
    return h('li', { 'data-code': reason.code, class: 'in-sync' },
      state !== 'blocked' && [h('strong', { class: 'status-note' }, h('span', { 'aria-hidden': 'true' }, '✓ '),
        version ? `In sync with ${fmt.versionPhrase(version)}.` : 'In sync with Spectrum.'), ' '],
      h('span', { class: 'reason-message' }, reason.message));
  }
  return h('li', { 'data-code': reason.code, class: 'blocker' },
    h('span', { class: 'reason-message' }, reason.message),
    describeDetails(reason.details, names).map((d) => h('span', { class: 'reason-detail' }, d)));
}

/** An ApiError as a notice; retry, when given, is offered only when trying again can succeed. */
export function errorNotice(error, retry) {
  return h('div', { class: `notice ${error.retryable ? 'warning' : 'error'}`, role: 'alert', 'data-status': error.status },
    h('p', {}, error.message),
    error.problem && error.problem.reasons && reasonList(error.problem.reasons, uid('reasons')),
    error.retryable && retry && h('button', { type: 'button', onclick: retry }, 'Try again'));
}

function describeDetails(details, names) {
  if (!details || typeof details !== 'object') return [];
  // a reason names its own projects (LINKED_TO_MULTIPLE_PROJECTS does); the row's answer names the others
  const projects = new Map([...(names || []), ...projectNames(details.projects)]);
  const out = [];
  for (const [key, value] of Object.entries(details)) {
    switch (key) {
      case 'pccoIds':
        out.push(`Approved in Procore: ${list(value, (id) => changeOrderText(id, details.changeOrders))}`);
        break;
      case 'projectIds':
        out.push(`Projects: ${list(value, (id) => projectText(id, projects)) || 'none'}`);
        break;
      case 'projectId':
        out.push(`Project: ${projectText(value, projects)}`);
        break;
      case 'projects':
      case 'changeOrders':
        // the names of the ids above, shown with them
        break;
      case 'jobNumber':
        out.push(`Job: ${value}`);
        break;
      case 'problems':
        // ERP_SNAPSHOT_REFUSED: each rule Spectrum's version broke, to fix there
        for (const p of Array.isArray(value) ? value : []) out.push(`To fix in Spectrum: ${p.field}: ${p.message}`);
        if (details.problemCount > (Array.isArray(value) ? value.length : 0)) {
          out.push(`And ${details.problemCount - value.length} more`);
        }
        break;
      case 'problemCount':
      case 'eventId':
        break;
      case 'erpVersion':
        out.push(fmt.versionPhrase(value));
        break;
      case 'refusedAt':
        out.push(`Refused ${fmt.dateTime(value)}`);
        break;
      case 'notVisible':
        // PROCORE_NOT_VISIBLE: each thing the service account cannot see, what Procore answered since when, and the grant
        for (const unseen of Array.isArray(value) ? value : []) {
          out.push(`Not visible to PrimeSync: ${unseenText(unseen, projects)}, Procore answered ${unseen.why}`
            + ` since ${fmt.dateTime(unseen.since)}. Needs: ${unseen.need}`);
        }
        break;
      case 'required':
        out.push(`Needs: ${levels(value)}`);
        break;
      case 'held':
        out.push(`You have: ${levels(value)}`);
        break;
      default:
        out.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
    }
  }
  return out;
}

/** What the service account cannot see, in words: the project, its prime contracts or change orders, or one contract. */
function unseenText(unseen, projects) {
  const project = projectText(unseen.projectId, projects);
  switch (unseen.what) {
    case 'project': return `the project ${project}`;
    case 'primeContracts': return `the prime contracts of ${project}`;
    case 'changeOrders': return `the change orders of ${project}`;
    case 'primeContract': return `prime contract ${unseen.primeContractId} in ${project}`;
    default: return `${unseen.what} of ${project}`;
  }
}

function list(value, name) {
  return Array.isArray(value) ? value.map(name).join(', ') : name(value);
}

function levels(value) {
  if (!value || typeof value !== 'object') return String(value);
  return Object.entries(value).map(([tool, level]) => `${fmt.level(level)} on ${fmt.tool(tool)}`).join(', ');
}
