// Admins register a camera from the wall: a modal form posting to /api/cameras.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { errorBox } from './errors.js';
import { isStreamed } from '../status.js';

/** The API's bounds of a camera's frame rate: more than 0 and at most 60, and for an RTSP camera at least 0.001. */
const maxFps = 60;
const minRtspFps = 0.001;

/** isRegistered(id) tells a camera the wall lists: the API would replace its settings whole, and this form only adds cameras. */
export function registerDialog(onRegistered, isRegistered = () => false) {
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const id = h('input', { id: 'register-id', name: 'id', required: true, maxlength: 64, autocomplete: 'off' });
  const source = h('select', { id: 'register-source', name: 'source_type' },
    h('option', { value: 'http_push' }, 'HTTP push'), h('option', { value: 'rtsp' }, 'RTSP'), h('option', { value: 'mjpeg' }, 'MJPEG (HTTP)'),
    h('option', { value: 'mqtt' }, 'MQTT'));
  const url = h('input', { id: 'register-url', name: 'source_url', type: 'url', placeholder: 'rtsp://host:554/stream', disabled: true });
  const fps = fpsInput('register-fps', source.value, { name: 'fps', value: '1' });
  source.addEventListener('change', () => {
    url.disabled = !isStreamed(source.value);
    url.required = isStreamed(source.value);
    url.placeholder = source.value === 'mjpeg' ? 'http://host/video.mjpg' : 'rtsp://host:554/stream';
    setFpsSource(fps, source.value);
  });
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'register-title' });
  const cancel = h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, 'Cancel');
  const form = h('form', { class: 'form', method: 'dialog' },
    h('h2', { id: 'register-title' }, 'Register a camera'),
    field('register-id', 'Camera id', id, 'Letters, digits, dot, dash and underscore.'),
    field('register-source', 'Source type', source),
    field('register-url', 'Stream URL', url, 'Only for RTSP (rtsp://) and MJPEG (http://) cameras.'),
    field('register-fps', 'Frames per second', fps, 'More than 0 and at most 60 (RTSP and MJPEG: at least 0.001).'),
    h('div', { class: 'actions' }, cancel, h('button', { type: 'submit', class: 'button button-primary' }, 'Register')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const body = { id: id.value.trim(), source_type: source.value, fps: Number(fps.value) };
    if (isStreamed(source.value)) body.source_url = url.value.trim();
    if (isRegistered(body.id)) {
      replace(status, errorBox({ title: 'Already registered',
        detail: `Camera '${body.id}' is registered already: change its settings on its page, or delete it first.` }));
      return;
    }
    replace(status, h('p', { class: 'muted' }, 'Registering…'));
    try {
      const camera = await api('/api/cameras', { method: 'POST', body });
      dialog.close();
      onRegistered(camera);
    } catch (error) {
      replace(status, errorBox(error));
    }
  });
  dialog.append(form);
  dialog.addEventListener('close', () => {
    form.reset();
    fps.setCustomValidity('');
    url.disabled = true;
    setFpsSource(fps, source.value);
    replace(status);
  });
  return dialog;
}

export function field(id, label, control, help) {
  const helpId = help ? `${id}-help` : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, help ? h('small', { id: helpId, class: 'muted' }, help) : null);
}

/**
 * A frames-per-second input that takes every rate the API takes: any step (a camera at 0.25 or 0.05 fps can be saved),
 * more than 0, at most 60, and at least 0.001 for an RTSP camera.
 */
export function fpsInput(id, sourceType, attributes = {}) {
  const input = h('input', { id, type: 'number', max: String(maxFps), step: 'any', required: true, ...attributes });
  // "More than 0" has no attribute: min is inclusive.
  input.addEventListener('input', () => input.setCustomValidity(input.value === '' || Number(input.value) > 0 ? '' : 'Frames per second must be more than 0.'));
  setFpsSource(input, sourceType);
  return input;
}

/** The fps input's minimum for a camera of sourceType. */
export function setFpsSource(input, sourceType) {
  if (isStreamed(sourceType)) input.min = String(minRtspFps);
  else input.removeAttribute('min');
}
