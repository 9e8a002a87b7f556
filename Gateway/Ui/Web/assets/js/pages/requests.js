// Ingest requests (uploads and on-request RTSP captures): a list with status badges, and each one's detail.
import { h, replace, definitionList, formatDateTime, formatBytes } from '../dom.js';
import { api, query, segment } from '../api.js';
import { pageHeading } from '../router.js';
import { badge } from '../components/badge.js';
import { dataTable, pager } from '../components/table.js';
import { errorBox } from '../components/errors.js';
import { statusFilter } from '../components/statusfilter.js';

const pageSize = 50;
const statuses = ['accepted', 'processing', 'completed', 'failed'];

export async function renderList(main, _params, { query: parameters, navigate }) {
  const status = parameters.get('status') ?? '';
  const camera = parameters.get('camera_id') ?? '';
  const skip = Number(parameters.get('skip') ?? 0) || 0;
  const page = await api(`/api/v1/ingest/requests${query({ status, camera_id: camera, skip, limit: pageSize })}`);
  const go = (next) => navigate(`/ui/requests${query({ status, camera_id: camera, skip: next || '' })}`);
  replace(main,
    pageHeading('Ingest requests'),
    statusFilter('requests-status', statuses, status, (value) => navigate(`/ui/requests${query({ status: value, camera_id: camera })}`)),
    dataTable('Ingest requests', [
      { label: 'Request', cell: (row) => h('a', { href: `/ui/requests/${segment(row.request_id)}` }, row.request_id) },
      { label: 'Kind', cell: (row) => row.kind },
      { label: 'Camera', cell: (row) => h('a', { href: `/ui/cameras/${segment(row.camera_id)}` }, row.camera_id) },
      { label: 'Status', cell: (row) => badge(row.status) },
      { label: 'Files', cell: (row) => String(row.files.length), className: 'number' },
      { label: 'Created', cell: (row) => formatDateTime(row.created_at) },
      { label: 'Updated', cell: (row) => formatDateTime(row.updated_at) },
      { label: 'Error', cell: (row) => row.error ? h('span', { class: 'error-text' }, row.error) : '' },
    ], page.requests, status ? `No ${status} request.` : 'No upload or capture request yet.'),
    pager({ skip, limit: pageSize, total: page.total }, go));
}

export async function renderDetail(main, [requestId]) {
  const request = await api(`/api/v1/ingest/status/${segment(requestId)}`);
  const stream = request.stream;
  replace(main,
    pageHeading(`Request ${request.request_id}`, badge(request.status)),
    request.error ? errorBox({ title: 'The request failed', detail: request.error }) : null,
    h('section', { class: 'card', 'aria-labelledby': 'request-title' },
      h('h2', { id: 'request-title' }, 'Request'),
      definitionList([
        ['Kind', request.kind === 'rtsp' ? 'RTSP capture' : 'Upload'],
        ['Camera', h('a', { href: `/ui/cameras/${segment(request.camera_id)}` }, request.camera_id)],
        ['Status', badge(request.status)],
        ['Created', formatDateTime(request.created_at)],
        ['Started', formatDateTime(request.started_at)],
        ['Completed', formatDateTime(request.completed_at)],
        ['Updated', formatDateTime(request.updated_at)],
        stream ? ['Stream', `${stream.codec} ${stream.width}×${stream.height}${stream.fps ? ` at ${stream.fps} fps` : ''}`] : null,
      ])),
    h('section', { class: 'card', 'aria-labelledby': 'files-title' },
      h('h2', { id: 'files-title' }, `Files (${request.files.length})`),
      dataTable('Stored files', [
        { label: 'File', cell: (file) => file.filename },
        { label: 'Image', cell: (file) => h('a', { href: `/ui/images/${segment(file.image_id)}` }, file.image_id) },
        { label: 'Size', cell: (file) => formatBytes(file.size_bytes), className: 'number' },
        { label: 'Type', cell: (file) => file.content_type },
        { label: 'SHA-256', cell: (file) => h('code', { class: 'hash' }, file.sha256) },
      ], request.files, request.status === 'failed' ? 'Nothing was stored.' : 'No file yet.')),
    request.skipped?.length
      ? h('section', { class: 'card', 'aria-labelledby': 'skipped-title' },
        h('h2', { id: 'skipped-title' }, `Skipped files (${request.skipped.length})`),
        dataTable('Skipped files', [
          { label: 'File', cell: (file) => file.filename },
          { label: 'Why', cell: (file) => h('span', { class: 'error-text' }, file.reason) },
        ], request.skipped, ''))
      : null);
}
