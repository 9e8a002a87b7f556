// The frames of a camera's ring buffer, oldest first, as small images; choosing one shows it in the main view.
import { h, formatTime, replace } from '../dom.js';
import { frameUrl } from './framefeed.js';

export class BufferStrip {
  constructor(cameraId, onChoose) {
    this.cameraId = cameraId;
    this.onChoose = onChoose;
    this.list = h('ol', { class: 'strip', 'aria-label': 'Frames in the ring buffer, oldest first' });
    this.caption = h('p', { class: 'muted' });
    this.element = h('div', { class: 'strip-wrap' }, this.caption, this.list);
    this.items = new Map();
  }

  show(answer) {
    const wanted = new Set(answer.frames.map((frame) => frame.sequence));
    for (const [sequence, item] of this.items) {
      if (!wanted.has(sequence)) {
        item.remove();
        this.items.delete(sequence);
      }
    }
    for (const frame of answer.frames) {
      if (this.items.has(frame.sequence)) continue;
      const item = h('li', {},
        h('button', { type: 'button', class: 'strip-frame', dataset: { sequence: frame.sequence }, onclick: () => this.onChoose(frame), 'aria-label': `Frame ${frame.sequence} at ${formatTime(frame.timestamp)}` },
          h('img', { src: frameUrl(this.cameraId, frame.sequence), alt: '', loading: 'lazy', decoding: 'async' }),
          h('span', {}, formatTime(frame.timestamp))));
      this.items.set(frame.sequence, item);
      this.list.append(item);
    }
    replace(this.caption, `${answer.frames.length} of ${answer.buffer_size} frames buffered.`);
  }
}
