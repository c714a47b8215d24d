// Signing in, as config.json offers it: "users" (the local server's demo users to pick from), "oidc" (an OpenID
// Connect provider, authorization code with PKCE: the deployed page's, or locally the local identity provider), or,
// when it offers neither, a bearer token pasted by hand. The token is kept in this tab's sessionStorage only; the API checks every call, so what
// the page reads from the token (who, which companies) only decides what it offers, never what is allowed.

const SESSION = 'primesync.session';
const PENDING = 'primesync.oidc';

export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
    if (!session || typeof session.token !== 'string') return null;
    const claims = readClaims(session.token);
    if (claims && typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
      signOut();
      return null;
    }
    return { ...session, claims: claims || {} };
  } catch (e) {
    return null;
  }
}

export function signIn(token, label) {
  sessionStorage.setItem(SESSION, JSON.stringify({ token, label }));
}

export function signOut() {
  sessionStorage.removeItem(SESSION);
}

/** The payload of a JWT, unverified (the API verifies it), or null when the token is not one. */
export function readClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(new TextDecoder().decode(base64UrlDecode(parts[1])));
  } catch (e) {
    return null;
  }
}

/** The company ids the token names in its permissions claim, as the API reads it. */
export function companiesOf(claims) {
  const companies = claims && claims.permissions && claims.permissions.companies;
  return companies && typeof companies === 'object' ? Object.keys(companies).sort() : [];
}

// OpenID Connect, authorization code flow with PKCE (RFC 7636): no client secret in the page.

async function discover(issuer) {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The sign-in provider's configuration (${url}) answered ${response.status}.`);
  return response.json();
}

// the page's root, whatever path it was opened at: the one redirect URI to register with the provider
function redirectUri(config) {
  return config.redirectUri || `${location.origin}/`;
}

/** Leaves for the provider's sign-in page. */
export async function beginOidc(config) {
  const provider = await discover(config.issuer);
  const verifier = randomString(32);
  const state = randomString(16);
  // the ID token must answer this sign-in and no other: the provider puts the nonce in it, and it is checked below
  const nonce = randomString(16);
  const challenge = base64UrlEncode(new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  const target = new URL(provider.authorization_endpoint);
  Object.entries({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(config),
    scope: config.scope || 'openid',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).forEach(([name, value]) => target.searchParams.set(name, value));
  location.assign(target.toString());
}

/**
 * When the provider has sent the browser back with a code, trades it for tokens and signs in. Returns true when
 * it did, false when the page was not opened by the provider; throws with a sentence when the sign-in failed.
 */
export async function completeOidc(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  // nothing the address says is shown or used before it is known to answer this tab's own request
  if (!pending || pending.state !== params.get('state')) {
    throw new Error('This sign-in was not started from this tab (its state does not match). Sign in again.');
  }
  if (params.has('error')) {
    throw new Error(`The sign-in provider refused the sign-in: ${params.get('error_description') || params.get('error')}.`);
  }
  const provider = await discover(config.issuer);
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri(config),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`The sign-in provider did not issue a token: ${tokens.error_description || tokens.error || response.status}.`);
  }
  // an ID token that does not carry this sign-in's nonce was made for another (a replayed or injected one)
  const useIdToken = config.tokenUse === 'id_token';
  if (useIdToken || typeof tokens.id_token === 'string') {
    const idClaims = readClaims(typeof tokens.id_token === 'string' ? tokens.id_token : '') || {};
    if (!pending.nonce || idClaims.nonce !== pending.nonce) {
      throw new Error('The sign-in provider\'s ID token was not made for this sign-in (its nonce does not match). Sign in again.');
    }
  }
  // which token the API takes depends on the provider: its access token when that is a JWT for the API's audience,
  // otherwise its ID token (config.tokenUse)
  const token = tokens[config.tokenUse || 'access_token'];
  if (typeof token !== 'string') {
    throw new Error(`The sign-in provider's answer has no ${config.tokenUse || 'access_token'}.`);
  }
  const claims = readClaims(token) || {};
  signIn(token, claims.email || claims.name || claims.sub || 'signed in');
  return true;
}

function randomString(bytes) {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64UrlEncode(bytes) {
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
