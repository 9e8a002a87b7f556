// Stored images: filter by camera and time, thumbnails scaled by the server, and the images still arriving.
import { h, replace, formatDateTime, formatBytes } from '../dom.js';
import { api, query, segment } from '../api.js';
import { pageHeading } from '../router.js';
import { pager } from '../components/table.js';
import { errorBox } from '../components/errors.js';
import { chunkProgress } from '../components/progress.js';
import { fetchCameras } from './wall.js';

const pageSize = 48;
const arrivingPollMs = 3000;

export async function render(main, _params, { query: parameters, navigate }) {
  const filter = {
    camera_id: parameters.get('camera_id') ?? '',
    from: parameters.get('from') ?? '',
    to: parameters.get('to') ?? '',
    skip: Number(parameters.get('skip') ?? 0) || 0,
  };
  const [page, cameras] = await Promise.all([
    api(`/api/v1/images${query({ camera_id: filter.camera_id, from: filter.from, to: filter.to, skip: filter.skip, limit: pageSize })}`),
    fetchCameras().catch(() => []),
  ]);

  const camera = h('input', { id: 'images-camera', list: 'camera-ids', value: filter.camera_id, autocomplete: 'off', placeholder: 'All cameras' });
  const from = h('input', { id: 'images-from', type: 'datetime-local', step: '1', value: toLocalInput(filter.from) });
  const to = h('input', { id: 'images-to', type: 'datetime-local', step: '1', value: toLocalInput(filter.to) });
  const form = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'images-camera' }, 'Camera'), camera,
      h('datalist', { id: 'camera-ids' }, cameras.map((item) => h('option', { value: item.id })))),
    h('div', { class: 'field' }, h('label', { for: 'images-from' }, 'Received from'), from),
    h('div', { class: 'field' }, h('label', { for: 'images-to' }, 'Received before'), to),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, 'Apply'),
      h('a', { href: '/ui/images', class: 'button' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/ui/images${query({ camera_id: camera.value.trim(), from: fromLocalInput(from.value), to: fromLocalInput(to.value) })}`);
  });

  const go = (skip) => navigate(`/ui/images${query({ ...filter, skip: skip || '' })}`);
  const arriving = h('div', { class: 'arriving' });
  const arrivingSection = h('section', { class: 'card', 'aria-labelledby': 'arriving-title', hidden: true },
    h('h2', { id: 'arriving-title' }, 'Arriving now (MQTT chunks)'), arriving);

  async function refreshArriving() {
    try {
      const answer = await api(`/api/v1/captures${query({ camera_id: filter.camera_id, limit: 20 })}`);
      arrivingSection.hidden = answer.images.length === 0;
      replace(arriving, answer.images.map(chunkProgress));
    } catch (error) {
      arrivingSection.hidden = false;
      replace(arriving, errorBox(error));
    }
  }

  replace(main,
    pageHeading('Images'),
    form,
    arrivingSection,
    h('p', { class: 'muted summary' }, `${page.total} image${page.total === 1 ? '' : 's'}${filter.camera_id ? ` of camera ${filter.camera_id}` : ''}.`),
    page.images.length ? h('ul', { class: 'image-grid' }, page.images.map(imageCard)) : h('p', { class: 'muted empty' }, 'No image matches.'),
    pager({ skip: filter.skip, limit: pageSize, total: page.total }, go));
  await refreshArriving();
  const timer = setInterval(refreshArriving, arrivingPollMs);
  return () => clearInterval(timer);
}

function imageCard(image) {
  const href = `/ui/images/${segment(image.image_id)}`;
  return h('li', { class: 'image-card' },
    h('a', { href, class: 'image-thumb', 'aria-label': `Image ${image.image_id}` },
      image.content_type === 'image/jpeg'
        ? h('img', { src: `/api/v1/images/${segment(image.image_id)}/thumbnail?width=320`, alt: '', loading: 'lazy', decoding: 'async' })
        : h('span', { class: 'frame-placeholder' }, image.content_type)),
    h('div', { class: 'image-caption' },
      h('a', { href }, image.image_id),
      h('span', { class: 'muted' }, `${image.camera_id} · ${image.source} · ${formatBytes(image.size_bytes)}`),
      h('span', { class: 'muted' }, formatDateTime(image.captured_at))));
}

/** ISO time → the local "YYYY-MM-DDTHH:MM:SS" a datetime-local input shows. */
function toLocalInput(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}
