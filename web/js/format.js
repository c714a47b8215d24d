// How amounts, dates, levels and tools read on the page. Amounts stay strings end to end: the API sends them
// with two decimals and they are grouped here without ever becoming floating-point numbers.

const TOOLS = { erp_integrations: 'ERP Integrations', prime_contracts: 'Prime Contracts' };
const LEVELS = { none: 'None', read_only: 'Read Only', standard: 'Standard', admin: 'Admin' };

export function money(amount) {
  if (amount === null || amount === undefined) return '—';
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, cents = '00'] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}$${grouped}.${cents.padEnd(2, '0')}`;
}

/** The difference between two amounts ("+$50,000.00", "−$580,000.00"), in cents so nothing is rounded. */
export function moneyDelta(before, after) {
  if (before === null || before === undefined || after === null || after === undefined) return '';
  const cents = toCents(after) - toCents(before);
  if (cents === 0n) return 'no change';
  const abs = cents < 0n ? -cents : cents;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return `${cents < 0n ? '−' : '+'}${money(text)}`;
}

function toCents(amount) {
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, cents = '0'] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function tool(name) {
  return TOOLS[name] || name;
}

export function level(name) {
  return LEVELS[name] || name;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many || `${one}s`}`;
}

/** "1 added, 1 changed, 1 removed", or "none". */
export function changeCounts({ added = 0, changed = 0, removed = 0 }) {
  if (!added && !changed && !removed) return 'none';
  return [added && `${added} added`, changed && `${changed} changed`, removed && `${removed} removed`]
    .filter(Boolean).join(', ');
}

/** "Import" or "Re-import", as a sync's kind reads. */
export function syncKind(kind) {
  return kind === 'import' ? 'Import' : 'Re-import';
}

/** Whether a sync has ended: there is nothing more to follow. */
export function syncEnded(sync) {
  return sync.status === 'applied' || sync.status === 'failed';
}

const STATUS = { pending: 'Pending', writing: 'Writing', applied: 'Applied', failed: 'Failed' };

export function syncStatus(status) {
  return STATUS[status] || status;
}

const ERP_STATUS = { approved: 'Approved', unapproved: 'Unapproved', deleted: 'Deleted' };

export function erpStatus(status) {
  return ERP_STATUS[status] || status;
}
