// The PrimeSync API as the page uses it: every call carries the bearer token, every error becomes an ApiError
// with a sentence a person can act on, and a 401 signs the user out so they are asked to sign in again.

export class ApiError extends Error {
  /**
   * @param status the HTTP status, 0 when the API could not be reached
   * @param problem the problem+json body, or null
   * @param retryAfter seconds to wait before retrying, when the API said so
   */
  constructor(status, problem, message, retryAfter) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.code = problem && problem.code;
    this.retryAfter = retryAfter;
  }

  /** Whether trying the same request again later can succeed (and, with the same Idempotency-Key, is safe). */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status === 502 || this.status === 503
      || this.status === 504;
  }
}

export function createApi({ base, token, onUnauthorized }) {
  async function request(method, path, { body, headers } = {}) {
    const init = {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${token()}`, ...headers },
      cache: 'no-store',
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(base + path, init);
    } catch (e) {
      throw new ApiError(0, null, 'The PrimeSync API cannot be reached. Check your connection, then try again;'
        + ' nothing was lost.');
    }
    const type = response.headers.get('Content-Type') || '';
    let json = null;
    if (type.includes('json')) {
      try {
        json = await response.json();
      } catch (e) {
        json = null;
      }
    }
    if (response.ok) {
      return { status: response.status, body: json, headers: response.headers };
    }
    const error = toError(response.status, json, response.headers.get('Retry-After'));
    if (error.status === 401) {
      onUnauthorized(error);
    }
    throw error;
  }

  const contracts = (company) => `/companies/${encodeURIComponent(company)}/erp/prime-contracts`;
  const contract = (company, id) => `${contracts(company)}/${encodeURIComponent(id)}`;

  return {
    list(company, { status, ready, limit, cursor }) {
      const query = new URLSearchParams({ status, limit: String(limit) });
      if (ready) query.set('ready', 'true');
      if (cursor) query.set('cursor', cursor);
      return request('GET', `${contracts(company)}?${query}`).then((r) => r.body);
    },
    eligibility(company, id) {
      return request('GET', `${contract(company, id)}/reimport-eligibility`).then((r) => r.body);
    },
    /** kind "import" or "reimport"; the key is the confirmation's, the same for every retry of it. */
    start(company, id, kind, expectedErpVersion, idempotencyKey) {
      return request('POST', `${contract(company, id)}/${kind}`, {
        body: { expectedErpVersion },
        headers: { 'Idempotency-Key': idempotencyKey },
      }).then((r) => ({ sync: r.body, replayed: r.headers.get('Idempotent-Replayed') === 'true' }));
    },
    sync(company, id, syncId) {
      return request('GET', `${contract(company, id)}/syncs/${encodeURIComponent(syncId)}`).then((r) => r.body);
    },
    history(company, id, cursor) {
      const query = new URLSearchParams({ limit: '25' });
      if (cursor) query.set('cursor', cursor);
      return request('GET', `${contract(company, id)}/history?${query}`).then((r) => r.body);
    },
  };
}

function toError(status, problem, retryAfterHeader) {
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
  const detail = problem && typeof problem.detail === 'string' ? problem.detail : null;
  let message;
  if (status === 401) {
    message = 'Your sign-in has ended or is not valid any more. Sign in again.';
  } else if (status === 403) {
    message = detail || 'You do not have the permission this needs.';
  } else if (status === 429 || status === 502 || status === 503 || status === 504) {
    const wait = retryAfter ? ` in ${retryAfter} second${retryAfter === 1 ? '' : 's'}` : ' in a moment';
    const said = detail ? ` (${detail.replace(/[.\s]+$/, '')})` : '';
    message = `PrimeSync is busy or briefly unavailable${said}. Nothing was lost: try again${wait}.`;
  } else {
    message = detail || `The API answered ${status}.`;
  }
  return new ApiError(status, problem, message, retryAfter);
}
