// Labelled data objects: the list, and each one's metadata and video.
import { h, replace, definitionList, formatDateTime, formatBytes, jsonBlock } from '../dom.js';
import { api, query, segment } from '../api.js';
import { pageHeading } from '../router.js';
import { badge } from '../components/badge.js';
import { showBanner } from '../components/errors.js';
import { session } from '../session.js';
import { dataTable, pager } from '../components/table.js';

const pageSize = 50;

export async function renderList(main, _params, { query: parameters, navigate }) {
  const skip = Number(parameters.get('skip') ?? 0) || 0;
  const page = await api(`/ingest/list${query({ skip, limit: pageSize })}`);
  replace(main,
    pageHeading('Labelled data objects'),
    dataTable('LDOs', [
      { label: 'LDO', cell: (row) => h('a', { href: `/ui/ldos/${segment(row.id)}` }, row.id) },
      { label: 'Status', cell: (row) => badge(row.status) },
      { label: 'Video', cell: (row) => row.filename ?? '—' },
      { label: 'Size', cell: (row) => formatBytes(row.size_bytes), className: 'number' },
      { label: 'Created', cell: (row) => formatDateTime(row.created_at) },
    ], page.ldos, 'No LDO yet.'),
    pager({ skip, limit: pageSize, total: page.total }, (next) => navigate(`/ui/ldos${query({ skip: next || '' })}`)));
}

export async function renderDetail(main, [ldoId], { navigate }) {
  const ldo = await api(`/ingest/ldo/${segment(ldoId)}`);
  const video = ldo.video;
  // Roles that may store LDOs may delete them.
  const mayDelete = !session.authEnabled || ['admin', 'ingest'].includes(session.role);
  const remove = async () => {
    if (!window.confirm(`Delete LDO ${ldo.id}? Its video and metadata go for good.`)) return;
    try {
      await api(`/ingest/ldo/${segment(ldo.id)}`, { method: 'DELETE' });
      showBanner(`LDO ${ldo.id} was deleted.`, 'info');
      navigate('/ui/ldos');
    } catch (error) {
      showBanner(`The LDO could not be deleted: ${error.message}`, 'error');
    }
  };
  replace(main,
    pageHeading(`LDO ${ldo.id}`, badge(ldo.status),
      mayDelete ? h('button', { type: 'button', class: 'button button-danger', id: 'delete-ldo', onclick: remove }, 'Delete LDO') : null),
    h('div', { class: 'camera-layout' },
      h('section', { class: 'card', 'aria-labelledby': 'ldo-title' },
        h('h2', { id: 'ldo-title' }, 'Object'),
        definitionList([
          ['Status', badge(ldo.status)],
          ['Created', formatDateTime(ldo.created_at)],
          ['Size', formatBytes(ldo.size_bytes)],
        ])),
      h('section', { class: 'card', 'aria-labelledby': 'video-title' },
        h('h2', { id: 'video-title' }, 'Video'),
        video
          ? definitionList([
            ['File', video.filename],
            ['Type', video.content_type],
            ['Size', formatBytes(video.size_bytes)],
            ['SHA-256', h('code', { class: 'hash' }, video.sha256)],
            ['Stored at', h('code', {}, video.object_key)],
          ])
          : h('p', { class: 'muted' }, 'No video was sent.')),
      h('section', { class: 'card', 'aria-labelledby': 'sensor-title' }, h('h2', { id: 'sensor-title' }, 'Sensor data'), jsonBlock(ldo.sensor_data)),
      h('section', { class: 'card', 'aria-labelledby': 'context-title' }, h('h2', { id: 'context-title' }, 'Context'), jsonBlock(ldo.context)),
      h('section', { class: 'card', 'aria-labelledby': 'prediction-title' }, h('h2', { id: 'prediction-title' }, 'Prediction'), jsonBlock(ldo.prediction)),
      // Every key the sender put in its metadata (an edge server's cid, device_id, timestamp, …), not only the three above.
      h('section', { class: 'card', 'aria-labelledby': 'metadata-title' }, h('h2', { id: 'metadata-title' }, 'Metadata as sent'), jsonBlock(ldo.metadata))));
}
