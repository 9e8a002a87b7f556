// Entry point: find out who is signed in, show it, and start routing.
import { h, replace } from './dom.js';
import { onUnauthorized } from './api.js';
import { errorBox, showBanner } from './components/errors.js';
import { loadSession, session, signOut } from './session.js';
import { here, navigate, startRouter } from './router.js';

function renderSessionBox() {
  const box = document.getElementById('session');
  if (!session.authEnabled) {
    replace(box, h('span', { class: 'muted' }, 'Auth off (development): admin'));
    return;
  }
  if (!session.authenticated) {
    replace(box, h('a', { href: '/ui/login' }, 'Sign in'));
    return;
  }
  replace(box,
    h('span', { class: `role role-${session.role}`, title: session.expiresAt ? `Session ends ${new Date(session.expiresAt).toLocaleString()}` : '' },
      session.subject ? `${session.subject} · ` : '', session.role),
    session.via === 'cookie'
      ? h('button', {
        type: 'button', class: 'button button-small', onclick: async () => {
          try {
            await signOut();
          } catch (error) {
            showBanner(`Sign-out failed: ${error.message}`, 'error');
            return;
          }
          renderSessionBox();
          navigate('/ui/login');
        },
      }, 'Sign out')
      : null);
}

async function start() {
  const main = document.getElementById('main');
  try {
    await loadSession();
  } catch (error) {
    replace(main, h('h1', {}, 'The gateway did not answer'), errorBox(error, () => location.reload()));
    return;
  }
  renderSessionBox();
  document.addEventListener('session-changed', renderSessionBox);
  onUnauthorized(() => {
    if (location.pathname.startsWith('/ui/login')) return;
    session.authenticated = false;
    renderSessionBox();
    showBanner('Your session ended or the token was refused: sign in again.', 'warning');
    navigate(`/ui/login?next=${encodeURIComponent(here())}`, { replace: true });
  });
  await startRouter();
}

start();
