// How amounts, quantities, dates, levels and tools read on the page. Numbers stay strings end to end: the API
// sends them as decimals, and they are compared, trimmed and grouped here without ever becoming floating-point
// numbers.

const TOOLS = { erp_integrations: 'ERP Integrations', prime_contracts: 'Prime Contracts' };
const LEVELS = { none: 'None', read_only: 'Read Only', standard: 'Standard', admin: 'Admin' };

/** An amount at the currency's precision ("$1,420,000.00"); a unit price keeps what is significant beyond it. */
export function money(amount) {
  if (amount === null || amount === undefined || amount === '') return '—';
  const text = decimal(amount, 2);
  return text.startsWith('−') ? `−$${text.slice(1)}` : `$${text}`;
}

/** A quantity with its unit, trimmed to what is significant: "1,200 SF", "12.5 CY". */
export function quantity(value, unit) {
  if (value === null || value === undefined || value === '') return unit || '—';
  return unit ? `${decimal(value, 0)} ${unit}` : decimal(value, 0);
}

/** Whether two decimals are the same number ("100.0000" and "100.00" are; two absent values are too). */
export function sameNumber(a, b) {
  const absent = (v) => v === null || v === undefined || v === '';
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return String(a) === String(b);
  return x.negative === y.negative && x.whole === y.whole && x.fraction === y.fraction;
}

/**
 * A decimal grouped in thousands with at least `min` decimals ("100.0000" → "100.00" with 2, "1200.000" →
 * "1,200" with 0). Only zeros are dropped, so nothing is rounded, and the text never becomes a float.
 */
function decimal(value, min) {
  const d = parseDecimal(value);
  if (!d) return String(value);
  const grouped = d.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = d.fraction.padEnd(min, '0');
  return `${d.negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A decimal's sign, whole part and fraction, without leading or trailing zeros; null when it is not one. */
function parseDecimal(value) {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(String(value).trim());
  if (!match || (!match[2] && !match[3])) return null;
  const whole = match[2].replace(/^0+/, '') || '0';
  const fraction = (match[3] || '').replace(/0+$/, '');
  // "-0.00" is zero, not a negative amount
  return { negative: match[1] === '-' && (whole !== '0' || fraction !== ''), whole, fraction };
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

/**
 * A Spectrum version as people read it. The Spectrum agent's versions are the time it read the change, in epoch
 * milliseconds: those are shown as that time (the number itself in the title); any other as "v3".
 */
export function version(v) {
  return isReadTime(v) ? readTime(v) : `v${v}`;
}

/** The same, short, for a table cell: "Nov 16, 2:00 PM" (the year only when it is not this one), or "v3". */
export function versionShort(v) {
  if (!isReadTime(v)) return `v${v}`;
  const date = new Date(v);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(undefined, { year: sameYear ? undefined : 'numeric', month: 'short', day: 'numeric',
    hour: 'numeric', minute: '2-digit' });
}

/** A version in a sentence: "Spectrum's version of Nov 16, 2026, 2:00 PM", or "Spectrum version 3". */
export function versionPhrase(v) {
  return isReadTime(v) ? `Spectrum's version of ${readTime(v)}` : `Spectrum version ${v}`;
}

function isReadTime(v) {
  // from 2001 to 2286: what epoch milliseconds look like, far above any counted version
  return typeof v === 'number' && v >= 1e12 && v < 1e13;
}

function readTime(v) {
  return new Date(v).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function tool(name) {
  return TOOLS[name] || name;
}

export function level(name) {
  return LEVELS[name] || name;
}

/** A count with thousands separators: "4,998". */
export function count(n) {
  return Number(n).toLocaleString('en-US');
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

const PROCORE_CHANGE = { changed: 'Changed in Procore', deleted: 'Deleted in Procore', added: 'Added in Procore' };

/** What people did to a line in Procore, and when where Procore says: "Changed in Procore Dec 7, 2026, 9:30 AM". */
export function procoreChange(procore) {
  const what = PROCORE_CHANGE[procore.change] || procore.change;
  return procore.changedAt ? `${what} ${dateTime(procore.changedAt)}` : what;
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
