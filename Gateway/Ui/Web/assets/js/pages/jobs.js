// Direct-upload jobs: a list with status badges (filterable), and each one's timestamps, object and error.
import { h, replace, definitionList, formatDateTime, formatBytes } from '../dom.js';
import { api, query, segment } from '../api.js';
import { pageHeading } from '../router.js';
import { badge } from '../components/badge.js';
import { dataTable, pager } from '../components/table.js';
import { errorBox } from '../components/errors.js';
import { statusFilter } from '../components/statusfilter.js';

const pageSize = 50;
const statuses = ['created', 'queued', 'processing', 'completed', 'failed'];

export async function renderList(main, _params, { query: parameters, navigate }) {
  const status = parameters.get('status') ?? '';
  const skip = Number(parameters.get('skip') ?? 0) || 0;
  const page = await api(`/api/v1/jobs${query({ status, skip, limit: pageSize })}`);
  replace(main,
    pageHeading('Upload jobs'),
    statusFilter('jobs-status', statuses, status, (value) => navigate(`/ui/jobs${query({ status: value })}`)),
    dataTable('Upload jobs', [
      { label: 'Job', cell: (row) => h('a', { href: `/ui/jobs/${segment(row.job_id)}` }, row.job_id) },
      { label: 'Status', cell: (row) => badge(row.status) },
      { label: 'File', cell: (row) => row.filename },
      { label: 'Type', cell: declaredType },
      { label: 'Size', cell: (row) => formatBytes(row.size_bytes ?? row.declared_size_bytes), className: 'number' },
      { label: 'Created', cell: (row) => formatDateTime(row.created_at) },
      { label: 'Updated', cell: (row) => formatDateTime(row.updated_at) },
      { label: 'Error', cell: (row) => row.error ? h('span', { class: 'error-text' }, row.error) : '' },
    ], page.jobs, status ? `No ${status} job.` : 'No upload job yet.'),
    pager({ skip, limit: pageSize, total: page.total }, (next) => navigate(`/ui/jobs${query({ status, skip: next || '' })}`)));
}

export async function renderDetail(main, [jobId]) {
  const job = await api(`/api/v1/jobs/${segment(jobId)}`);
  replace(main,
    pageHeading(`Job ${job.job_id}`, badge(job.status)),
    job.error ? errorBox({ title: 'The job failed', detail: job.error }) : null,
    h('section', { class: 'card', 'aria-labelledby': 'job-title' },
      h('h2', { id: 'job-title' }, 'Job'),
      definitionList([
        ['Status', badge(job.status)],
        ['File', job.filename],
        ['Content type', declaredType(job)],
        ['Declared size', formatBytes(job.declared_size_bytes)],
        ['Stored size', job.size_bytes === null ? '—' : formatBytes(job.size_bytes)],
        ['Lines', job.line_count ?? '—'],
        ['SHA-256', job.sha256 ? h('code', { class: 'hash' }, job.sha256) : '—'],
        ['Object', h('code', {}, job.object_key)],
        ['Created', formatDateTime(job.created_at)],
        ['Updated', formatDateTime(job.updated_at)],
        ['Upload URL expires', formatDateTime(job.upload_expires_at)],
      ])));
}

/** A job of the log-ingest seed's routes declared a log format and no content type (any was taken). */
function declaredType(job) {
  return job.content_type ?? (job.log_format ? `${job.log_format} log` : 'any');
}
