// Keeps an <img> on a camera's newest frame: when the events (or a poll) say a newer frame exists, and the
// element is in view, it loads /api/cameras/{id}/frames/{sequence} at most at the camera's rate (2 per second at
// most). A sequence is never reused, so each URL is cached for good and the swap shows no blank frame.
// A frame that fails to load (a 503 while a silo restarts) is tried again with backoff, unless a newer one
// comes first; after a few tries it is given up (the ring buffer may have dropped it).
import { segment } from '../api.js';

export const maxFramesPerSecond = 2;
export const retryDelaysMs = [1000, 2000, 4000, 8000, 15000];

export class FrameFeed {
  constructor(cameraId, image, { onShown = () => {} } = {}) {
    this.cameraId = cameraId;
    this.image = image;
    this.onShown = onShown;
    this.latest = 0;
    this.shown = 0;
    this.loading = false;
    this.active = false;
    this.nextDue = 0;
    this.interval = 1000;
    this.failed = { sequence: 0, attempts: 0 };
  }

  /** The camera's configured fps; the feed refreshes at most that often, and never more than twice a second. */
  setRate(fps) {
    this.interval = 1000 / Math.min(Math.max(fps, 0.01), maxFramesPerSecond);
  }

  /** A frame with this sequence exists (from an event or the camera's info). */
  offer(sequence) {
    if (sequence > this.latest) this.latest = sequence;
  }

  /** In view (or not): out of view, nothing is requested. */
  setActive(active) {
    this.active = active;
  }

  tick(now) {
    if (!this.active || this.loading || this.latest <= this.shown || now < this.nextDue) return;
    this.nextDue = now + this.interval;
    this.show(this.latest);
  }

  async show(sequence) {
    const url = frameUrl(this.cameraId, sequence);
    this.loading = true;
    const next = new Image();
    next.src = url;
    try {
      await next.decode();
      this.image.src = url;
      this.image.dataset.sequence = String(sequence);
      this.image.hidden = false;
      this.shown = Math.max(this.shown, sequence);
      this.failed = { sequence: 0, attempts: 0 };
      this.onShown(sequence);
    } catch {
      const attempts = this.failed.sequence === sequence ? this.failed.attempts + 1 : 1;
      this.failed = { sequence, attempts };
      if (attempts > retryDelaysMs.length) {
        this.shown = Math.max(this.shown, sequence);
      } else {
        this.nextDue = performance.now() + retryDelaysMs[attempts - 1];
      }
    } finally {
      this.loading = false;
    }
  }
}

export function frameUrl(cameraId, sequence) {
  return `/api/cameras/${segment(cameraId)}/frames/${sequence}`;
}
