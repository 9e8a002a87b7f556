// Sign-in: a pasted bearer token is exchanged for the HttpOnly session cookie; the token is not kept by the page.
import { h, replace } from '../dom.js';
import { errorBox, showBanner } from '../components/errors.js';
import { session, signIn } from '../session.js';
import { pageHeading } from '../router.js';

export function render(main, _params, { query, navigate }) {
  const next = safeNext(query.get('next'));
  if (!session.authEnabled || session.authenticated) {
    navigate(next, { replace: true });
    return undefined;
  }
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const token = h('textarea', {
    id: 'token', name: 'token', rows: 5, required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'eyJhbGciOiJIUzI1NiIs…', 'aria-describedby': 'token-help',
  });
  const form = h('form', { class: 'card form login-form', novalidate: true },
    h('label', { for: 'token' }, 'Bearer token'),
    token,
    h('p', { id: 'token-help', class: 'muted' },
      'A token with role admin, ingest or viewer, e.g. from ', h('code', {}, 'dotnet Silo.dll token --role viewer'),
      '. It is kept in an HttpOnly cookie of this site until it expires; scripts cannot read it.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Sign in')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = token.value.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      replace(status, errorBox({ title: 'No token', detail: 'Paste a bearer token first.' }));
      token.focus();
      return;
    }
    replace(status, h('p', { class: 'muted' }, 'Checking the token…'));
    try {
      await signIn(value);
    } catch (error) {
      replace(status, errorBox(error.status === 403
        ? { title: 'This token cannot use the UI', detail: 'Its role may not read cameras and images (camera tokens only push frames).' }
        : error));
      return;
    }
    token.value = '';
    showBanner(null);
    document.dispatchEvent(new Event('session-changed'));
    navigate(next, { replace: true });
  });
  replace(main, pageHeading('Sign in'), form);
  token.focus();
}

/** Only paths of this UI: a next= parameter must not send the user elsewhere. */
function safeNext(next) {
  return next && next.startsWith('/ui/') && !next.startsWith('/ui/login') && !next.startsWith('//') ? next : '/ui/';
}
