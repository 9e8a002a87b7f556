// The camera wall: a tile per camera, newest frames for the tiles in view only, live state from the event stream.
import { h, replace } from '../dom.js';
import { api, query } from '../api.js';
import { openEvents } from '../events.js';
import { isAdmin } from '../session.js';
import { pageHeading } from '../router.js';
import { showBanner } from '../components/errors.js';
import { CameraTile } from '../components/tile.js';
import { registerDialog } from '../components/registerdialog.js';
import { stateHelp, states } from '../status.js';

const pollMs = 5000;
const tickMs = 100;

/** Every registered camera, in id order (the list endpoint pages by 1000). */
export async function fetchCameras() {
  const cameras = [];
  for (let skip = 0; ; skip += 1000) {
    const page = await api(`/api/cameras${query({ skip, limit: 1000 })}`);
    cameras.push(...page.cameras);
    if (cameras.length >= page.total || page.cameras.length === 0) return cameras;
  }
}

export async function render(main) {
  const cameras = await fetchCameras();
  const tiles = new Map();
  const grid = h('div', { class: 'wall' });
  const summary = h('p', { class: 'muted summary', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted empty', hidden: true });
  const filterId = h('input', { id: 'filter-id', type: 'search', placeholder: 'e.g. gate', autocomplete: 'off' });
  const filterState = h('select', { id: 'filter-state' },
    h('option', { value: '' }, 'Any state'),
    Object.entries(states).map(([value, label]) => h('option', { value }, label)));
  let live = false;

  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) tiles.get(entry.target.dataset.cameraId)?.setVisible(entry.isIntersecting);
  }, { rootMargin: '200px 0px' });

  function applyFilter() {
    const text = filterId.value.trim().toLowerCase();
    let shown = 0;
    for (const tile of tiles.values()) {
      const visible = (!text || tile.id.toLowerCase().includes(text)) && (!filterState.value || tile.state === filterState.value);
      if (tile.element.hidden === visible) tile.element.hidden = !visible;
      if (!visible) tile.setVisible(false);
      if (visible) shown++;
    }
    const total = tiles.size;
    summary.textContent = `${total} camera${total === 1 ? '' : 's'}${shown === total ? '' : `, ${shown} shown`} · live events ${live ? 'connected' : 'not connected'}`;
    empty.hidden = shown > 0;
    empty.textContent = total === 0
      ? (isAdmin() ? 'No camera is registered yet: register one, or push a frame to /api/ingest/push/{camera_id}.' : 'No camera is registered yet.')
      : 'No camera matches the filter.';
  }

  function sync(list) {
    const seen = new Set();
    for (const camera of list) {
      seen.add(camera.id);
      const tile = tiles.get(camera.id);
      if (tile) {
        tile.update(camera);
        continue;
      }
      const created = new CameraTile(camera);
      created.setLive(live);
      created.refreshText(performance.now());
      tiles.set(camera.id, created);
      grid.append(created.element);
      observer.observe(created.element);
    }
    for (const [id, tile] of tiles) {
      if (seen.has(id)) continue;
      observer.unobserve(tile.element);
      tile.element.remove();
      tiles.delete(id);
    }
    applyFilter();
  }

  const events = openEvents({
    onEvent: (type, payload) => tiles.get(payload.camera_id)?.onEvent(type, payload),
    onStatus: (connected) => {
      live = connected;
      for (const tile of tiles.values()) tile.setLive(connected);
      showBanner(connected ? null : 'Live events are not connected: tiles refresh every 5 s until they are.', 'warning');
      applyFilter();
    },
  });

  let lastText = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    for (const tile of tiles.values()) tile.tick(now);
    if (now - lastText >= 1000) {
      lastText = now;
      for (const tile of tiles.values()) tile.refreshText(now);
      if (filterState.value) applyFilter();
    }
  }, tickMs);

  let polling = false;
  const poller = setInterval(async () => {
    if (polling) return;
    polling = true;
    try {
      sync(await fetchCameras());
    } catch (error) {
      showBanner(`The camera list could not be refreshed: ${error.message}`, 'error');
    } finally {
      polling = false;
    }
  }, pollMs);

  filterId.addEventListener('input', applyFilter);
  filterState.addEventListener('change', applyFilter);
  const dialog = isAdmin() ? registerDialog(async () => sync(await fetchCameras()), (id) => tiles.has(id)) : null;
  replace(main,
    pageHeading('Cameras', dialog ? h('button', { type: 'button', class: 'button button-primary', id: 'register-camera', onclick: () => dialog.showModal() }, 'Register camera') : null),
    h('form', { class: 'filters', role: 'search', onsubmit: (event) => event.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'filter-id' }, 'Filter by id'), filterId),
      h('div', { class: 'field' }, h('label', { for: 'filter-state' }, 'State'), filterState),
      h('details', { class: 'legend' }, h('summary', {}, 'What the states mean'), h('p', { class: 'muted' }, stateHelp))),
    summary,
    grid,
    empty,
    dialog);
  sync(cameras);

  return () => {
    clearInterval(ticker);
    clearInterval(poller);
    observer.disconnect();
    events.close();
    showBanner(null);
    dialog?.close();
  };
}
