// The names people know a project and a change order by. The API gives them beside the ids it sends ("projects":
// [{id, name, number}], "changeOrders": [{id, number, title}]); where it does not, or does not know a name, the
// page says which of Procore's records it means ("project 2002") rather than showing a bare number.

import { h, ident } from './dom.js';

/** The projects named in any of these lists of the API (a row's, an answer's, a reason's), by id. */
export function projectNames(...lists) {
  const names = new Map();
  lists.filter(Array.isArray).flat().forEach((p) => {
    if (p && p.id !== undefined && p.id !== null) names.set(String(p.id), p);
  });
  return names;
}

function named(id, names) {
  const project = names && names.get(String(id));
  return project && typeof project.name === 'string' && project.name ? project : null;
}

/** "Riverside Tower (24-106)", or "project 2002" when the API did not name it. */
export function projectText(id, names) {
  const project = named(id, names);
  if (!project) return `project ${id}`;
  return project.number ? `${project.name} (${project.number})` : project.name;
}

/** The same as elements: the number an identifier that breaks only at its hyphens. */
export function projectLabel(id, names) {
  const project = named(id, names);
  if (!project) return `project ${id}`;
  return h('span', { class: 'project', 'data-project': id }, project.name,
    project.number && [' ', h('span', { class: 'muted' }, '(', ident(project.number), ')')]);
}

/** "PCCO-001 Owner upgrade", or "change order 9001" when the API did not give its number. */
export function changeOrderText(id, changeOrders) {
  const order = Array.isArray(changeOrders) && changeOrders.find((c) => c && String(c.id) === String(id));
  if (!order || !order.number) return `change order ${id}`;
  return order.title ? `${order.number} ${order.title}` : order.number;
}
