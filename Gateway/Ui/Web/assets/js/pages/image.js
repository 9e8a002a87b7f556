// One stored image: a preview, its metadata, SHA-256, source and a download link; for MQTT images their chunks.
import { h, replace, definitionList, formatDateTime, formatBytes, jsonBlock } from '../dom.js';
import { api, segment } from '../api.js';
import { pageHeading } from '../router.js';
import { errorBox } from '../components/errors.js';
import { chunkProgress } from '../components/progress.js';

export async function render(main, [imageId]) {
  const base = `/api/v1/images/${segment(imageId)}`;
  const image = await api(base);
  const chunks = h('div', {});
  const download = h('a', { href: `${base}/content`, class: 'button button-primary', download: `${image.image_id}.${extension(image.content_type)}` }, 'Download');
  replace(main,
    pageHeading(`Image ${image.image_id}`, download),
    h('div', { class: 'camera-layout' },
      h('section', { class: 'card live', 'aria-labelledby': 'preview-title' },
        h('h2', { id: 'preview-title' }, 'Preview'),
        image.content_type === 'image/jpeg'
          ? h('img', { class: 'live-frame', src: `${base}/thumbnail?width=1024`, alt: `Image ${image.image_id} of camera ${image.camera_id}` })
          : h('p', { class: 'frame-placeholder' }, `No preview for ${image.content_type}.`)),
      h('section', { class: 'card', 'aria-labelledby': 'meta-title' },
        h('h2', { id: 'meta-title' }, 'Metadata'),
        definitionList([
          ['Camera', h('a', { href: `/ui/cameras/${segment(image.camera_id)}` }, image.camera_id)],
          ['Source', image.source],
          ['Captured', formatDateTime(image.captured_at)],
          ['Received', formatDateTime(image.received_at)],
          ['Size', `${formatBytes(image.size_bytes)} (${image.size_bytes.toLocaleString()} bytes)`],
          ['Content type', image.content_type],
          ['SHA-256', h('code', { class: 'hash' }, image.sha256)],
          ['Stored at', h('code', {}, `${image.bucket}/${image.object_key}`)],
          image.chunk_count ? ['Chunks', image.chunk_count] : null,
          image.request_id ? ['Request', h('a', { href: `/ui/requests/${segment(image.request_id)}` }, image.request_id)] : null,
        ])),
      image.source === 'mqtt' ? h('section', { class: 'card', 'aria-labelledby': 'chunks-title' }, h('h2', { id: 'chunks-title' }, 'Chunks'), chunks) : null,
      h('section', { class: 'card wide', 'aria-labelledby': 'client-meta-title' }, h('h2', { id: 'client-meta-title' }, 'Client metadata'), jsonBlock(image.meta))));
  if (image.source === 'mqtt') {
    try {
      replace(chunks, chunkProgress(await api(`${base}/progress${image.camera_id ? `?camera_id=${segment(image.camera_id)}` : ''}`)));
    } catch (error) {
      replace(chunks, errorBox(error));
    }
  }
}

function extension(contentType) {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'video/mp4': 'mp4' }[contentType] ?? 'bin';
}
