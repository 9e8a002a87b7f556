// Who is signed in, and what their role allows. The token itself lives in an HttpOnly cookie this code cannot read.
import { api } from './api.js';

export const session = {
  authenticated: false,
  authEnabled: true,
  role: null,
  subject: null,
  expiresAt: null,
  via: 'none',
  passwordLogin: false,
};

export async function loadSession() {
  apply(await api('/api/session'));
  return session;
}

/** Exchanges a pasted bearer token for the session cookie. */
export async function signIn(token) {
  apply(await api('/api/session', { method: 'POST', token }));
  return session;
}

/** Signs in a user of Auth__Users: the access token of /auth/login is exchanged for the session cookie at once. */
export async function signInWithPassword(username, password) {
  const tokens = await api('/auth/login', { method: 'POST', body: { username, password } });
  return signIn(tokens.access_token);
}

export async function signOut() {
  await api('/api/session', { method: 'DELETE' });
  apply({ authenticated: false, auth_enabled: session.authEnabled, role: null, subject: null, expires_at: null, via: 'none', password_login: session.passwordLogin });
}

/** Camera registration, settings and deletion, and the Orleans Dashboard. */
export function isAdmin() {
  return session.authenticated && session.role === 'admin';
}

/** Roles that may read everything the UI shows. */
export function canRead() {
  return session.authenticated && ['admin', 'ingest', 'viewer'].includes(session.role);
}

function apply(answer) {
  session.authenticated = answer.authenticated;
  session.authEnabled = answer.auth_enabled;
  session.role = answer.role;
  session.subject = answer.subject;
  session.expiresAt = answer.expires_at;
  session.via = answer.via;
  session.passwordLogin = answer.password_login === true;
}
