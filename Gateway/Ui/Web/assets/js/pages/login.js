// Sign-in: with a name and password of Auth__Users when the gateway has users, or a pasted bearer token. Either way
// the token goes into the HttpOnly session cookie; the page keeps neither the password nor the token.
import { h, replace } from '../dom.js';
import { errorBox, showBanner } from '../components/errors.js';
import { session, signIn, signInWithPassword } from '../session.js';
import { pageHeading } from '../router.js';

export function render(main, _params, { query, navigate }) {
  const next = safeNext(query.get('next'));
  if (!session.authEnabled || session.authenticated) {
    navigate(next, { replace: true });
    return undefined;
  }
  const done = () => {
    showBanner(null);
    document.dispatchEvent(new Event('session-changed'));
    navigate(next, { replace: true });
  };
  const passwordForm = session.passwordLogin ? renderPasswordForm(done) : null;
  const tokenForm = renderTokenForm(done);
  replace(main, pageHeading('Sign in'), passwordForm, passwordForm ? h('h2', { class: 'login-alternative' }, 'Or paste a bearer token') : null, tokenForm);
  (passwordForm?.querySelector('#username') ?? tokenForm.querySelector('#token')).focus();
}

function renderPasswordForm(done) {
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const username = h('input', { id: 'username', name: 'username', type: 'text', required: true, autocomplete: 'username', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const form = h('form', { class: 'card form password-form', novalidate: true },
    h('label', { for: 'username' }, 'Name'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Sign in')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value || !password.value) {
      replace(status, errorBox({ title: 'Name and password', detail: 'Give both.' }));
      (username.value ? password : username).focus();
      return;
    }
    replace(status, h('p', { class: 'muted' }, 'Signing in…'));
    try {
      await signInWithPassword(username.value, password.value);
    } catch (error) {
      password.value = '';
      replace(status, errorBox(refusal(error)));
      password.focus();
      return;
    }
    password.value = '';
    done();
  });
  return form;
}

function renderTokenForm(done) {
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const token = h('textarea', {
    id: 'token', name: 'token', rows: 5, required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'eyJhbGciOiJIUzI1NiIs…', 'aria-describedby': 'token-help',
  });
  const form = h('form', { class: 'card form login-form', novalidate: true },
    h('label', { for: 'token' }, 'Bearer token'),
    token,
    h('p', { id: 'token-help', class: 'muted' },
      'A token with role admin, ingest or viewer, e.g. from ', h('code', {}, 'dotnet Gateway.dll token --role viewer'),
      ' run with this gateway\'s Auth__JwtSecret. It is kept in an HttpOnly cookie of this site until it expires; scripts cannot read it.'),
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
      replace(status, errorBox(refusal(error)));
      return;
    }
    token.value = '';
    done();
  });
  return form;
}

function refusal(error) {
  return error.status === 403
    ? { title: 'This token cannot use the UI', detail: 'Its role may not read cameras and images (camera tokens only push frames).' }
    : error;
}

/** Only paths of this UI: a next= parameter must not send the user elsewhere. */
function safeNext(next) {
  return next && next.startsWith('/ui/') && !next.startsWith('/ui/login') && !next.startsWith('//') ? next : '/ui/';
}
