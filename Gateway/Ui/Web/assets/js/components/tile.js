// One camera of the wall: its newest frame, id, source, state badge, motion light, measured frame rate and the
// time of its last frame.
import { h, formatAge, formatTime, replace } from '../dom.js';
import { segment, serverNow } from '../api.js';
import { badge, motionIndicator, setMotion } from './badge.js';
import { FrameFeed } from './framefeed.js';
import { cameraState, isStreamed, receivedAt, sourceNames, states } from '../status.js';

/** How long the motion light stays on after the last motion event. */
export const motionHoldMs = 5000;
const rateWindowMs = 10_000;

export class CameraTile {
  constructor(camera) {
    this.id = camera.id;
    const href = `/ui/cameras/${segment(camera.id)}`;
    this.image = h('img', { class: 'frame', alt: `Latest frame of camera ${camera.id}`, loading: 'lazy', decoding: 'async', hidden: true });
    this.placeholder = h('span', { class: 'frame-placeholder' }, 'No frame yet');
    this.badgeSlot = h('span', { class: 'badge-slot' });
    this.motion = motionIndicator();
    this.rate = h('span', { class: 'rate', title: 'Frames per second, measured over the last 10 s' }, '— fps');
    this.last = h('span', { class: 'last-frame' }, 'no frame yet');
    this.source = h('span', { class: 'source' });
    this.feed = new FrameFeed(camera.id, this.image, { onShown: () => { this.placeholder.hidden = true; } });
    this.element = h('article', { class: 'tile', dataset: { cameraId: camera.id }, 'aria-label': `Camera ${camera.id}` },
      h('a', { class: 'tile-frame', href, tabindex: '-1', 'aria-hidden': 'true' }, this.image, this.placeholder),
      h('div', { class: 'tile-body' },
        h('h2', { class: 'tile-title' }, h('a', { href }, camera.id)),
        h('div', { class: 'tile-meta' }, this.source, this.badgeSlot, this.motion),
        h('div', { class: 'tile-stats' }, this.rate, this.last)));
    this.arrivals = [];
    this.watchingSince = performance.now();
    this.arrivedAt = null;
    this.motionUntil = 0;
    this.state = null;
    this.live = false;
    this.polledRate = null;
    this.polledAt = null;
    this.update(camera);
    // motion_active: the newest frame had motion, so it arrived at last_received_at (the server's clock; last_motion_at
    // is the camera's). The light never stays on longer than one hold from now.
    const received = receivedAt(camera);
    if (camera.motion_active && received !== null) {
      const age = Math.max(0, serverNow() - received);
      if (age < motionHoldMs) this.motionUntil = performance.now() + motionHoldMs - age;
    }
  }

  /** The camera's info, from the list (polled). */
  update(camera) {
    const previous = this.camera;
    this.camera = camera;
    this.source.textContent = sourceNames[camera.source_type] ?? camera.source_type;
    this.feed.setRate(camera.fps);
    if (camera.frames_buffered > 0) this.feed.offer(camera.last_sequence);
    const received = receivedAt(camera);
    if (received !== null && (this.arrivedAt === null || received > this.arrivedAt)) this.arrivedAt = received;
    // Without live events, the rate comes from the frame counter between two polls.
    const now = performance.now();
    if (previous && this.polledAt && camera.frames_received >= previous.frames_received) {
      this.polledRate = (camera.frames_received - previous.frames_received) / ((now - this.polledAt) / 1000);
    }
    this.polledAt = now;
  }

  /** Whether live events arrive; without them (or without frame events) the measured rate comes from polls. */
  setLive(live) {
    this.live = live;
  }

  onEvent(type, payload) {
    if (type === 'frame.ingested') {
      this.feed.offer(payload.sequence);
      this.arrivedAt = serverNow();
      this.arrivals.push(performance.now());
      // motion.detected comes at most once per cooldown (Ingest__MotionEventCooldown); each frame says whether it moves.
      if (payload.motion) this.showMotion(payload.timestamp);
    } else if (type === 'motion.detected') {
      this.showMotion(payload.timestamp);
    } else if (type === 'camera.connected' && isStreamed(this.camera.source_type)) {
      this.camera = { ...this.camera, capture: 'connected' };
    } else if (type === 'camera.disconnected' && isStreamed(this.camera.source_type)) {
      // A disconnect asked for stops the capture; a lost stream is retried.
      this.camera = { ...this.camera, capture: payload.reason === 'disconnect_requested' ? 'stopped' : 'reconnecting' };
    }
  }

  showMotion(timestamp) {
    this.motionUntil = performance.now() + motionHoldMs;
    this.motionAt = formatTime(timestamp * 1000);
  }

  setVisible(visible) {
    this.feed.setActive(visible && !this.element.hidden);
  }

  /** Called often by the wall: loads due frames, and refreshes the light, badge and numbers. */
  tick(now) {
    this.feed.tick(now);
    const lit = now < this.motionUntil;
    if ((this.motion.dataset.active === 'true') !== lit) setMotion(this.motion, lit, this.motionAt);
  }

  /** Once a second: badge, rate and age (text changes only when they change). */
  refreshText(now) {
    const state = cameraState(this.camera, this.arrivedAt);
    if (state !== this.state) {
      this.state = state;
      this.element.dataset.state = state;
      replace(this.badgeSlot, badge(state, states[state]));
    }
    while (this.arrivals.length && now - this.arrivals[0] > rateWindowMs) this.arrivals.shift();
    const watched = Math.min(rateWindowMs, now - this.watchingSince);
    const eventRate = this.live && watched >= 2000 ? this.arrivals.length / (watched / 1000) : null;
    // Without frame events (the stream is down, or the silos publish none: Ingest__PublishFrameEvents=false), the
    // rate comes from the frame counter between two polls.
    const rate = this.live && this.arrivals.length > 0 ? eventRate : (this.polledRate ?? eventRate);
    setText(this.rate, rate === null ? '— fps' : `${rate.toFixed(1)} fps`);
    setText(this.last, this.arrivedAt ? `last ${formatTime(this.arrivedAt)} (${formatAge(serverNow() - this.arrivedAt)})` : 'no frame yet');
  }
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
