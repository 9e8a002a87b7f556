// The chunk progress of an MQTT image that is still arriving (GET /api/v1/images/{id}/progress).
import { h, formatTime } from '../dom.js';
import { badge } from './badge.js';

export function chunkProgress(progress) {
  const missing = progress.missing?.length
    ? `missing ${progress.missing.length > 12 ? `${progress.missing.slice(0, 12).join(', ')}, …` : progress.missing.join(', ')}`
    : '';
  return h('div', { class: 'chunk-progress', dataset: { imageId: progress.image_id } },
    h('div', { class: 'chunk-progress-head' },
      h('strong', {}, progress.image_id), ' ', h('span', { class: 'muted' }, `camera ${progress.camera_id}`), ' ', badge(progress.status)),
    h('progress', { max: Math.max(1, progress.total), value: progress.received, 'aria-label': `Chunks of ${progress.image_id}` }),
    h('p', { class: 'muted' }, `${progress.received} of ${progress.total} chunks`, missing ? ` · ${missing}` : '',
      progress.last_chunk_at ? ` · last chunk ${formatTime(progress.last_chunk_at)}` : ''));
}
