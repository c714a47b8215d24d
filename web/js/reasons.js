// The details the API gives with a reason (the change orders, the projects, the permissions), as short phrases
// shown under the reason's sentence.

import * as fmt from './format.js';

export function describeDetails(details) {
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
