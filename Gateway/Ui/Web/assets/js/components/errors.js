import { h } from '../dom.js';

/** An API error (or any error) as a readable alert, with a retry button when one is given. */
export function errorBox(error, retry) {
  const title = error?.title ?? 'Something went wrong';
  const detail = error?.detail ?? error?.message ?? String(error);
  return h('div', { class: 'error-box', role: 'alert' },
    h('p', { class: 'error-title' }, title),
    detail && detail !== title ? h('p', {}, detail) : null,
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, 'Try again') : null);
}

/** A message at the top of every page (connection lost, signed out, ...); null hides it. */
export function showBanner(message, kind = 'info') {
  const banner = document.getElementById('banner');
  if (!banner) return;
  if (!message) {
    banner.hidden = true;
    banner.replaceChildren();
    return;
  }
  banner.hidden = false;
  banner.className = `banner banner-${kind}`;
  banner.replaceChildren(message);
}
