// How the API's refusals read: each reason as the API's sentence with its details (the change orders, the
// projects, the permissions) as short phrases under it, and an error as a notice with its reasons and, when trying
// again can help, a way to.

import { h, uid } from './dom.js';
import * as fmt from './format.js';

export function reasonList(reasons, id) {
  return h('ul', { class: 'reasons', id },
    reasons.map((r) => h('li', { 'data-code': r.code },
      h('span', { class: 'reason-message' }, r.message),
      describeDetails(r.details).map((d) => h('span', { class: 'reason-detail' }, d)))));
}

/** An ApiError as a notice; retry, when given, is offered only when trying again can succeed. */
export function errorNotice(error, retry) {
  return h('div', { class: `notice ${error.retryable ? 'warning' : 'error'}`, role: 'alert', 'data-status': error.status },
    h('p', {}, error.message),
    error.problem && error.problem.reasons && reasonList(error.problem.reasons, uid('reasons')),
    error.retryable && retry && h('button', { type: 'button', onclick: retry }, 'Try again'));
}

function describeDetails(details) {
  if (!details || typeof details !== 'object') return [];
  const out = [];
  for (const [key, value] of Object.entries(details)) {
    switch (key) {
      case 'pccoIds':
        out.push(`Approved change orders: ${list(value)}`);
        break;
      case 'projectIds':
        out.push(`Projects: ${list(value)}`);
        break;
      case 'projectId':
        out.push(`Project: ${value}`);
        break;
      case 'jobNumber':
        out.push(`Job: ${value}`);
        break;
      case 'syncId':
        out.push(`Sync still being written: ${value}`);
        break;
      case 'syncedErpVersion':
        out.push(`Procore holds Spectrum version ${value}`);
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

function list(value) {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function levels(value) {
  if (!value || typeof value !== 'object') return String(value);
  return Object.entries(value).map(([tool, level]) => `${fmt.level(level)} on ${fmt.tool(tool)}`).join(', ');
}
