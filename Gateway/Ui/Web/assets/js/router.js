// History-API routing over /ui/...: each page is a module with render(main, params, page) that may return a cleanup.
import { h, replace } from './dom.js';
import { errorBox } from './components/errors.js';
import { session } from './session.js';
import * as wall from './pages/wall.js';
import * as camera from './pages/camera.js';
import * as images from './pages/images.js';
import * as image from './pages/image.js';
import * as requests from './pages/requests.js';
import * as ldos from './pages/ldos.js';
import * as jobs from './pages/jobs.js';
import * as cluster from './pages/cluster.js';
import * as login from './pages/login.js';

const routes = [
  { pattern: /^\/ui\/?$/, page: wall.render, nav: 'cameras' },
  { pattern: /^\/ui\/cameras\/([^/]+)\/?$/, page: camera.render, nav: 'cameras' },
  { pattern: /^\/ui\/images\/?$/, page: images.render, nav: 'images' },
  { pattern: /^\/ui\/images\/([^/]+)\/?$/, page: image.render, nav: 'images' },
  { pattern: /^\/ui\/requests\/?$/, page: requests.renderList, nav: 'requests' },
  { pattern: /^\/ui\/requests\/([^/]+)\/?$/, page: requests.renderDetail, nav: 'requests' },
  { pattern: /^\/ui\/ldos\/?$/, page: ldos.renderList, nav: 'ldos' },
  { pattern: /^\/ui\/ldos\/([^/]+)\/?$/, page: ldos.renderDetail, nav: 'ldos' },
  { pattern: /^\/ui\/jobs\/?$/, page: jobs.renderList, nav: 'jobs' },
  { pattern: /^\/ui\/jobs\/([^/]+)\/?$/, page: jobs.renderDetail, nav: 'jobs' },
  { pattern: /^\/ui\/cluster\/?$/, page: cluster.render, nav: 'cluster' },
  { pattern: /^\/ui\/login\/?$/, page: login.render, nav: null, public: true },
];

let cleanup = null;
let generation = 0;

export function navigate(url, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return show();
}

/** The current path and query, to come back to after signing in. */
export function here() {
  return location.pathname + location.search;
}

export function startRouter() {
  window.addEventListener('popstate', show);
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/ui/') && url.pathname !== '/ui') return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  return show();
}

async function show() {
  const run = ++generation;
  cleanup?.();
  cleanup = null;
  const main = document.getElementById('main');
  const route = routes.find((candidate) => candidate.pattern.test(location.pathname));
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (route && link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!route) {
    document.title = 'Not found · IngestionCluster';
    replace(main, h('h1', {}, 'Page not found'), h('p', {}, 'There is no page at ', h('code', {}, location.pathname), '. ', h('a', { href: '/ui/' }, 'Back to the cameras'), '.'));
    return;
  }
  if (!route.public && !session.authenticated) {
    navigate(`/ui/login?next=${encodeURIComponent(here())}`, { replace: true });
    return;
  }
  const params = route.pattern.exec(location.pathname).slice(1).map(decodeURIComponent);
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const result = await route.page(main, params, { query: new URLSearchParams(location.search), navigate, isCurrent: () => run === generation });
    const dispose = typeof result === 'function' ? result : null;
    if (run !== generation) {
      dispose?.();
      return;
    }
    cleanup = dispose;
  } catch (error) {
    if (run !== generation) return;
    replace(main, h('h1', {}, 'This page could not be shown'), errorBox(error, () => show()));
  }
  if (run === generation && document.activeElement === document.body) main.focus({ preventScroll: true });
}

/** Sets the document title and returns the page's h1. */
export function pageHeading(title, ...extra) {
  document.title = `${title} · IngestionCluster`;
  return h('div', { class: 'page-head' }, h('h1', {}, title), ...extra);
}
