// A camera's live events, newest first, the last 100 kept.
import { h, formatTime } from '../dom.js';
import { badge } from './badge.js';

const keep = 100;

export class EventLog {
  constructor() {
    this.list = h('ol', { class: 'event-log', 'aria-label': 'Live events, newest first' });
    this.empty = h('p', { class: 'muted' }, 'Connecting to live events…');
    this.element = h('div', { class: 'event-log-wrap', dataset: { connected: 'false' } }, this.empty, this.list);
  }

  /** Whether the live events are connected: said while none has come yet, and kept in data-connected. */
  connected(isConnected) {
    this.element.dataset.connected = String(isConnected);
    this.empty.textContent = isConnected ? 'Waiting for events…' : 'Connecting to live events…';
  }

  add(type, payload) {
    this.empty.hidden = true;
    const when = payload.timestamp ? formatTime(payload.timestamp * 1000) : formatTime(Date.now());
    const item = h('li', { dataset: { type } }, h('time', {}, when), badge(type.replaceAll('.', '_'), type), h('span', { class: 'event-detail' }, describe(type, payload)));
    this.list.prepend(item);
    while (this.list.children.length > keep) this.list.lastElementChild.remove();
  }
}

function describe(type, payload) {
  switch (type) {
    case 'frame.ingested':
      return `#${payload.sequence} · ${payload.size_bytes} B · ${payload.source}${payload.motion ? ` · motion (area ${payload.area})` : ''}${payload.image_id ? ` · stored as ${payload.image_id}` : ''}`;
    case 'motion.detected':
      return `#${payload.sequence} · area ${payload.area} (${(payload.area_fraction * 100).toFixed(1)} %)`;
    case 'camera.connected':
      return `${payload.source} at ${payload.fps} fps`;
    case 'camera.disconnected':
      return `${payload.reason}: ${payload.message}${payload.retry_in_s ? ` · retry in ${payload.retry_in_s} s` : ''}`;
    default:
      return Object.entries(payload)
        // event_type and data are the seed's envelope of the same fields.
        .filter(([key]) => !['type', 'camera_id', 'timestamp', 'event_type', 'data'].includes(key))
        .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
        .join(' · ');
  }
}
