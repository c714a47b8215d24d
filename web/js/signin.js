// The sign-in, as config.json offers it: the local server's demo users, an OpenID Connect provider, or a bearer
// token pasted by hand when it offers neither. Drawn from the configuration alone; what a choice does is the
// caller's.

import { h } from './dom.js';

/**
 * @param config config.json's "auth" ({users, oidc}), or {}
 * @param notice a sentence saying why the sign-in is asked for again, or null
 * @param on {oidc(), user(user), token(token)}: what choosing each way does
 */
export function signInView(config, notice, on) {
  const ways = [];
  if (config.oidc) {
    ways.push(h('div', { class: 'card signin' },
      h('p', {}, config.users
        ? 'Sign in through the local identity provider, as a deployed page does through yours (OpenID Connect).'
        : 'Sign in with your company account to see your ERP prime contracts.'),
      h('button', { type: 'button', class: config.users ? '' : 'primary', id: 'oidc-sign-in', onclick: (e) => {
        e.target.disabled = true;
        on.oidc();
      } }, config.users ? 'Sign in with the identity provider' : 'Sign in')));
  }
  if (config.users) {
    const users = config.users;
    ways.unshift(h('form', { class: 'card signin', onsubmit: (e) => {
      e.preventDefault();
      const chosen = users.find((u) => u.id === new FormData(e.target).get('user'));
      if (chosen) on.user(chosen);
    } },
    h('fieldset', {},
      h('legend', {}, 'Choose a demo user (local server only)'),
      users.map((u, i) => {
        const id = `user-${u.id}`;
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name: 'user', id, value: u.id, checked: i === 0, 'aria-describedby': `${id}-about` }),
          h('label', { for: id }, h('strong', {}, u.name)),
          h('p', { id: `${id}-about`, class: 'muted' }, u.description));
      })),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  }
  if (!ways.length) {
    ways.push(h('form', { class: 'card signin', onsubmit: (e) => {
      e.preventDefault();
      // a token copied from a terminal often carries line breaks; none belongs to it
      const token = new FormData(e.target).get('token').replace(/\s+/g, '');
      if (token) on.token(token);
    } },
    h('label', { for: 'token' }, 'Bearer token'),
    h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false' }),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  }
  return [h('h1', {}, 'Sign in'), notice && h('p', { class: 'notice warning', role: 'alert' }, notice), ways];
}
