// A camera's settings: a form for admins (saved with PATCH /api/cameras/{id}), a read-only list for everyone else.
import { h, replace, definitionList } from '../dom.js';
import { api, segment } from '../api.js';
import { errorBox } from './errors.js';
import { field } from './registerdialog.js';

const persistModes = { none: 'None', motion: 'Frames with motion', all: 'Every frame', every_n: 'One frame in N' };

export function settingsView(camera) {
  return definitionList([
    ['Frames per second', camera.fps],
    ['Ring buffer', `${camera.buffer_size} frames`],
    ['Motion detection', camera.motion.enabled ? 'on' : 'off'],
    ['Motion threshold', camera.motion.threshold],
    ['Motion minimum area', camera.motion.min_area],
    ['Persistence', persistModes[camera.persist.mode] ?? camera.persist.mode],
    camera.persist.mode === 'every_n' ? ['Every N', camera.persist.every_n] : null,
  ]);
}

export function settingsForm(camera, onSaved) {
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const fps = number('setting-fps', camera.fps, { min: '0.1', max: '60', step: '0.1' });
  const buffer = number('setting-buffer', camera.buffer_size, { min: '1', max: '600', step: '1' });
  const enabled = h('input', { id: 'setting-motion-enabled', type: 'checkbox', checked: camera.motion.enabled });
  const threshold = number('setting-threshold', camera.motion.threshold, { min: '1', max: '254', step: '1' });
  const minArea = number('setting-min-area', camera.motion.min_area, { min: '1', step: '1' });
  const mode = h('select', { id: 'setting-persist' }, Object.entries(persistModes).map(([value, label]) => h('option', { value, selected: value === camera.persist.mode }, label)));
  const everyN = number('setting-every-n', camera.persist.every_n, { min: '1', step: '1' });
  const syncEveryN = () => { everyN.disabled = mode.value !== 'every_n'; };
  mode.addEventListener('change', syncEveryN);
  syncEveryN();
  const form = h('form', { class: 'form settings-form', id: 'settings-form', 'aria-label': 'Camera settings' },
    h('div', { class: 'form-grid' },
      field('setting-fps', 'Frames per second', fps, 'RTSP capture rate; tiles refresh at most twice a second.'),
      field('setting-buffer', 'Ring buffer size', buffer, 'Frames kept in memory (1–600).'),
      h('div', { class: 'field field-check' }, enabled, h('label', { for: 'setting-motion-enabled' }, 'Motion detection')),
      field('setting-threshold', 'Motion threshold', threshold, 'Gray-level change that counts (1–254).'),
      field('setting-min-area', 'Motion minimum area', minArea, 'Changed pixels of the 1/8-scale image.'),
      field('setting-persist', 'Persistence policy', mode),
      field('setting-every-n', 'Every N', everyN, 'With “one frame in N”.')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'save-settings' }, 'Save settings')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const patch = {
      fps: Number(fps.value),
      buffer_size: Number(buffer.value),
      // The motion and persistence objects are replaced whole: fields the form does not show keep their values.
      motion: { ...camera.motion, enabled: enabled.checked, threshold: Number(threshold.value), min_area: Number(minArea.value) },
      persist: { mode: mode.value, every_n: mode.value === 'every_n' ? Number(everyN.value) : camera.persist.every_n },
    };
    replace(status, h('p', { class: 'muted' }, 'Saving…'));
    try {
      const saved = await api(`/api/cameras/${segment(camera.id)}`, { method: 'PATCH', body: patch });
      camera = saved;
      replace(status, h('p', { class: 'success', role: 'status' }, 'Saved.'));
      onSaved(saved);
    } catch (error) {
      replace(status, errorBox(error));
    }
  });
  return form;
}

function number(id, value, attributes) {
  return h('input', { id, type: 'number', value, required: true, ...attributes });
}
