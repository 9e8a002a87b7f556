// Admins register a camera from the wall: a modal form posting to /api/cameras.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { errorBox } from './errors.js';

export function registerDialog(onRegistered) {
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const id = h('input', { id: 'register-id', name: 'id', required: true, maxlength: 64, autocomplete: 'off' });
  const source = h('select', { id: 'register-source', name: 'source_type' },
    h('option', { value: 'http_push' }, 'HTTP push'), h('option', { value: 'rtsp' }, 'RTSP'), h('option', { value: 'mqtt' }, 'MQTT'));
  const url = h('input', { id: 'register-url', name: 'source_url', type: 'url', placeholder: 'rtsp://host:554/stream', disabled: true });
  const fps = h('input', { id: 'register-fps', name: 'fps', type: 'number', min: '0.1', max: '60', step: '0.1', value: '1', required: true });
  source.addEventListener('change', () => {
    url.disabled = source.value !== 'rtsp';
    url.required = source.value === 'rtsp';
  });
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'register-title' });
  const cancel = h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, 'Cancel');
  const form = h('form', { class: 'form', method: 'dialog' },
    h('h2', { id: 'register-title' }, 'Register a camera'),
    field('register-id', 'Camera id', id, 'Letters, digits, dot, dash and underscore.'),
    field('register-source', 'Source type', source),
    field('register-url', 'RTSP URL', url, 'Only for RTSP cameras.'),
    field('register-fps', 'Frames per second', fps),
    h('div', { class: 'actions' }, cancel, h('button', { type: 'submit', class: 'button button-primary' }, 'Register')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const body = { id: id.value.trim(), source_type: source.value, fps: Number(fps.value) };
    if (source.value === 'rtsp') body.source_url = url.value.trim();
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
    url.disabled = true;
    replace(status);
  });
  return dialog;
}

export function field(id, label, control, help) {
  const helpId = help ? `${id}-help` : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, help ? h('small', { id: helpId, class: 'muted' }, help) : null);
}
