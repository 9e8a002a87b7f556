// One camera: live view, ring buffer, motion of the last hour, live events, settings, and for RTSP the capture's state.
import { h, replace, definitionList, formatDateTime, formatTime } from '../dom.js';
import { api, segment, serverNow } from '../api.js';
import { openEvents } from '../events.js';
import { isAdmin } from '../session.js';
import { pageHeading } from '../router.js';
import { badge, motionIndicator, setMotion } from '../components/badge.js';
import { errorBox, showBanner } from '../components/errors.js';
import { FrameFeed, frameUrl } from '../components/framefeed.js';
import { BufferStrip } from '../components/bufferstrip.js';
import { EventLog } from '../components/eventlog.js';
import { motionTimeline } from '../components/timeline.js';
import { SettingsForm, settingsView } from '../components/settingsform.js';
import { motionHoldMs } from '../components/tile.js';
import { cameraState, isStreamed, receivedAt, sourceNames, states } from '../status.js';

const infoPollMs = 5000;
const stripPollMs = 2000;
const timelinePollMs = 15000;

export async function render(main, [cameraId], { navigate }) {
  const base = `/api/cameras/${segment(cameraId)}`;
  let camera = await api(base);
  let arrivedAt = receivedAt(camera);
  let motionUntil = 0;
  let paused = null;

  const image = h('img', { class: 'live-frame', alt: `Live view of camera ${cameraId}`, hidden: true });
  const placeholder = h('p', { class: 'frame-placeholder' }, 'No frame yet');
  const liveLabel = h('p', { class: 'muted live-label', 'aria-live': 'polite' });
  const feed = new FrameFeed(cameraId, image, { onShown: (sequence) => { placeholder.hidden = true; if (!paused) liveLabel.textContent = `Live · frame #${sequence}`; } });
  const back = h('button', { type: 'button', class: 'button', hidden: true, onclick: () => resume() }, 'Back to live');
  const strip = new BufferStrip(cameraId, (frame) => {
    paused = frame;
    feed.setActive(false);
    image.src = frameUrl(cameraId, frame.sequence);
    image.hidden = false;
    placeholder.hidden = true;
    liveLabel.textContent = `Paused on frame #${frame.sequence} of ${formatTime(frame.timestamp)}`;
    back.hidden = false;
  });
  function resume() {
    paused = null;
    back.hidden = true;
    feed.shown = 0;
    feed.setActive(true);
  }

  const badgeSlot = h('span', { class: 'badge-slot' });
  const motion = motionIndicator();
  const facts = h('div', { class: 'facts-slot' });
  const capture = h('section', { class: 'card', 'aria-labelledby': 'capture-title', hidden: !isStreamed(camera.source_type) });
  const timelineSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading the last hour…'));
  const log = new EventLog();
  const settingsSlot = h('div', {});
  const form = isAdmin() ? new SettingsForm(camera, (saved) => { camera = saved; showInfo(); }) : null;
  const remove = isAdmin()
    ? h('button', { type: 'button', class: 'button button-danger', id: 'delete-camera', onclick: () => removeCamera() }, 'Delete camera')
    : null;

  function showInfo() {
    const state = cameraState(camera, arrivedAt);
    replace(badgeSlot, badge(state, states[state]));
    replace(facts, definitionList([
      ['Source', sourceNames[camera.source_type] ?? camera.source_type],
      camera.source_url ? ['Source URL', h('code', {}, camera.source_url)] : null,
      ['Frames received', camera.frames_received.toLocaleString()],
      ['Last frame', camera.last_frame_at ? `${formatDateTime(camera.last_frame_at)} (#${camera.last_sequence})` : 'none yet'],
      ['Ring buffer', `${camera.frames_buffered} of ${camera.buffer_size} frames`],
      ['Last motion', camera.last_motion_at ? formatDateTime(camera.last_motion_at) : 'none yet'],
      ['Silo', camera.silo ?? '—'],
      ['Registered', formatDateTime(camera.created_at)],
    ]));
    if (isStreamed(camera.source_type)) {
      const stream = camera.stream;
      replace(capture,
        h('h2', { id: 'capture-title' }, camera.source_type === 'mjpeg' ? 'MJPEG capture' : 'RTSP capture'),
        definitionList([
          ['State', badge(camera.capture)],
          ['Last error', camera.capture_error ? h('span', { class: 'error-text' }, camera.capture_error) : 'none'],
          ['Stream', stream ? `${stream.codec} ${stream.width}×${stream.height}${stream.fps ? ` at ${stream.fps} fps` : ''}` : 'not probed yet (the capture has not connected)'],
        ]),
        isAdmin() ? streamButton() : null);
    }
    feed.setRate(camera.fps);
    if (camera.frames_buffered > 0) feed.offer(camera.last_sequence);
  }

  // The settings follow the camera's info: a change made elsewhere (another admin, the API) shows within a refresh.
  function showSettings() {
    if (form) form.show(camera);
    else replace(settingsSlot, settingsView(camera));
  }

  function showMotion(timestamp) {
    motionUntil = performance.now() + motionHoldMs;
    setMotion(motion, true, formatTime(timestamp * 1000));
  }

  // Disconnect stops the capture until a connect (saved with the camera); connect also reconnects a running one at once.
  function streamButton() {
    const action = camera.capture === 'stopped' ? 'connect' : 'disconnect';
    return h('button', { type: 'button', class: 'button', id: 'stream-control', onclick: () => controlStream(action) },
      action === 'connect' ? 'Connect stream' : 'Disconnect stream');
  }

  async function controlStream(action) {
    try {
      const answer = await api(`${base}/${action}`, { method: 'POST' });
      showBanner(answer.message, 'info');
      await refreshInfo();
    } catch (error) {
      showBanner(`The stream could not be ${action}ed: ${error.message}`, 'error');
    }
  }

  async function removeCamera() {
    if (!window.confirm(`Delete camera ${cameraId}? Its stored images stay; its registration and ring buffer go.`)) return;
    try {
      await api(base, { method: 'DELETE' });
      showBanner(`Camera ${cameraId} was deleted.`, 'info');
      navigate('/ui/');
    } catch (error) {
      showBanner(`The camera could not be deleted: ${error.message}`, 'error');
    }
  }

  async function refreshInfo() {
    try {
      camera = await api(base);
      const received = receivedAt(camera);
      if (received !== null && (arrivedAt === null || received > arrivedAt)) arrivedAt = received;
      showInfo();
      showSettings();
    } catch (error) {
      if (error.status === 404) {
        showBanner(`Camera ${cameraId} is no longer registered.`, 'warning');
        return;
      }
      showBanner(`The camera could not be refreshed: ${error.message}`, 'error');
    }
  }

  let stripSequence = -1;
  async function refreshStrip(force = false) {
    if (!force && stripSequence === feed.latest) return;
    stripSequence = feed.latest;
    try {
      strip.show(await api(`${base}/frames`));
    } catch (error) {
      replace(strip.caption, `The ring buffer could not be read: ${error.message}`);
    }
  }

  async function refreshTimeline() {
    try {
      replace(timelineSlot, motionTimeline(await api(`${base}/motion`)));
    } catch (error) {
      replace(timelineSlot, errorBox(error));
    }
  }

  let timelineSoon = null;
  let infoSoon = null;
  const events = openEvents({
    cameraId,
    onEvent: (type, payload) => {
      log.add(type, payload);
      // The camera card follows the events, at most once a second.
      infoSoon ??= setTimeout(() => { infoSoon = null; refreshInfo(); }, 1000);
      if (type === 'frame.ingested') {
        feed.offer(payload.sequence);
        arrivedAt = serverNow();
        // motion.detected comes at most once per cooldown; each frame says whether it moves.
        if (payload.motion) showMotion(payload.timestamp);
      } else if (type === 'motion.detected') {
        showMotion(payload.timestamp);
        timelineSoon ??= setTimeout(() => { timelineSoon = null; refreshTimeline(); }, 1000);
      }
    },
    onStatus: (connected) => {
      log.connected(connected);
      showBanner(connected ? null : 'Live events are not connected: the view refreshes every 5 s until they are.', 'warning');
    },
  });

  replace(main,
    pageHeading(cameraId, h('span', { class: 'head-badges' }, badgeSlot, motion), remove),
    h('div', { class: 'camera-layout' },
      h('section', { class: 'card live', 'aria-labelledby': 'live-title' },
        h('h2', { id: 'live-title' }, 'Live view'),
        h('div', { class: 'live-frame-wrap' }, image, placeholder),
        h('div', { class: 'live-controls' }, liveLabel, back)),
      h('section', { class: 'card', 'aria-labelledby': 'about-title' }, h('h2', { id: 'about-title' }, 'Camera'), facts),
      capture,
      h('section', { class: 'card wide', 'aria-labelledby': 'buffer-title' }, h('h2', { id: 'buffer-title' }, 'Ring buffer'), strip.element),
      h('section', { class: 'card wide', 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Motion, last hour'), timelineSlot),
      h('section', { class: 'card', 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, 'Settings'), settingsSlot),
      h('section', { class: 'card', 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, 'Live events'), log.element)));
  showInfo();
  if (form) replace(settingsSlot, form.element);
  else showSettings();
  feed.setActive(true);
  refreshStrip(true);
  refreshTimeline();

  const timers = [
    setInterval(() => {
      feed.tick(performance.now());
      if (motion.dataset.active === 'true' && performance.now() >= motionUntil) setMotion(motion, false);
    }, 100),
    setInterval(refreshInfo, infoPollMs),
    setInterval(() => refreshStrip(), stripPollMs),
    setInterval(refreshTimeline, timelinePollMs),
  ];
  return () => {
    timers.forEach(clearInterval);
    clearTimeout(timelineSoon);
    clearTimeout(infoSoon);
    events.close();
    showBanner(null);
  };
}
