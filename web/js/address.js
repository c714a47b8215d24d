// The view is in the address (#company=1001&tab=synced&ready=1&limit=50), so it can be bookmarked and shared.

export const PAGE_SIZES = [5, 10, 25, 50, 100];
const DEFAULT_LIMIT = 25;

/** The view the address names; paging starts again at the first page. */
export function readAddress() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const limit = Number(params.get('limit'));
  return {
    company: params.get('company') || null,
    tab: params.get('tab') === 'staged' ? 'staged' : 'synced',
    ready: params.get('ready') === '1',
    limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_LIMIT,
    // the cursor of each page seen so far: [null, cursorOfPage2, ...]
    cursors: [null],
    page: 0,
  };
}

export function writeAddress(view) {
  const params = new URLSearchParams();
  if (view.company) params.set('company', view.company);
  params.set('tab', view.tab);
  if (view.ready) params.set('ready', '1');
  if (view.limit !== DEFAULT_LIMIT) params.set('limit', String(view.limit));
  history.replaceState(null, '', `#${params}`);
}

/** Back to the first page: a cursor is only good for the list it was given for. */
export function firstPage(view) {
  view.cursors = [null];
  view.page = 0;
}
