// A camera's settings: a form for admins (saved with PATCH /api/cameras/{id}), a read-only list for everyone else.
import { h, replace, definitionList } from '../dom.js';
import { api, segment } from '../api.js';
import { errorBox } from './errors.js';
import { field, fpsInput } from './registerdialog.js';

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

/**
 * The settings form of an admin. show(camera) brings it up to date with the camera as saved now (the page calls it on
 * every refresh), except the fields the admin has changed and not saved yet. Saving sends only those fields: PATCH
 * leaves the others as they are, so it never reverts a change made elsewhere since the page loaded.
 */
export class SettingsForm {
  constructor(camera, onSaved) {
    this.cameraId = camera.id;
    this.shownUpdatedAt = null;
    this.status = h('div', { class: 'form-status', 'aria-live': 'polite' });
    const fps = fpsInput('setting-fps', camera.source_type);
    const buffer = number('setting-buffer', { min: '1', max: '600', step: '1' });
    const enabled = h('input', { id: 'setting-motion-enabled', type: 'checkbox' });
    const threshold = number('setting-threshold', { min: '1', max: '254', step: '1' });
    const minArea = number('setting-min-area', { min: '1', step: '1' });
    const mode = h('select', { id: 'setting-persist' }, Object.entries(persistModes).map(([value, label]) => h('option', { value }, label)));
    const everyN = number('setting-every-n', { min: '1', step: '1' });
    this.syncEveryN = () => { everyN.disabled = mode.value !== 'every_n'; };
    mode.addEventListener('change', this.syncEveryN);
    // Where each setting is in the camera and in the PATCH (section: motion, persist or none), and its control.
    this.settings = [
      setting(null, 'fps', fps),
      setting(null, 'buffer_size', buffer),
      setting('motion', 'enabled', enabled),
      setting('motion', 'threshold', threshold),
      setting('motion', 'min_area', minArea),
      setting('persist', 'mode', mode),
      setting('persist', 'every_n', everyN),
    ];
    this.element = h('form', { class: 'form settings-form', id: 'settings-form', 'aria-label': 'Camera settings' },
      h('div', { class: 'form-grid' },
        field('setting-fps', 'Frames per second', fps, 'RTSP capture rate; tiles refresh at most twice a second.'),
        field('setting-buffer', 'Ring buffer size', buffer, 'Frames kept in memory (1–600).'),
        h('div', { class: 'field field-check' }, enabled, h('label', { for: 'setting-motion-enabled' }, 'Motion detection')),
        field('setting-threshold', 'Motion threshold', threshold, 'Gray-level change that counts (1–254).'),
        field('setting-min-area', 'Motion minimum area', minArea, 'Changed pixels of the 1/8-scale image.'),
        field('setting-persist', 'Persistence policy', mode),
        field('setting-every-n', 'Every N', everyN, 'With “one frame in N”.')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'save-settings' }, 'Save settings')),
      this.status);
    this.element.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!this.element.reportValidity()) return;
      const patch = this.changes();
      if (Object.keys(patch).length === 0) {
        replace(this.status, h('p', { class: 'muted', role: 'status' }, 'No setting was changed.'));
        return;
      }
      replace(this.status, h('p', { class: 'muted' }, 'Saving…'));
      try {
        const saved = await api(`/api/cameras/${segment(this.cameraId)}`, { method: 'PATCH', body: patch });
        this.show(saved, { keepChanges: false });
        replace(this.status, h('p', { class: 'success', role: 'status' }, 'Saved.'));
        onSaved(saved);
      } catch (error) {
        replace(this.status, errorBox(error));
      }
    });
    this.show(camera, { keepChanges: false });
  }

  /** Shows the camera's saved settings in every field the admin has not changed (in all of them without keepChanges). */
  show(camera, { keepChanges = true } = {}) {
    // An answer older than the one shown (a refresh that was under way while the form saved) changes nothing.
    const updatedAt = Date.parse(camera.updated_at);
    if (keepChanges && updatedAt < this.shownUpdatedAt) return;
    this.shownUpdatedAt = updatedAt;
    for (const entry of this.settings) {
      if (keepChanges && entry.changed()) continue;
      entry.load(entry.section ? camera[entry.section][entry.key] : camera[entry.key]);
    }
    this.syncEveryN();
  }

  /** The PATCH body: the fields the admin changed, inside motion and persist too. */
  changes() {
    const patch = {};
    for (const entry of this.settings) {
      if (!entry.changed() || entry.control.disabled) continue;
      const target = entry.section ? (patch[entry.section] ??= {}) : patch;
      target[entry.key] = entry.value();
    }
    return patch;
  }
}

/** One setting: its control, the value last loaded into it from the camera, and whether the admin changed it since. */
function setting(section, key, control) {
  const value = () => {
    if (control.type === 'checkbox') return control.checked;
    if (control.type === 'number') return control.value === '' ? null : Number(control.value);
    return control.value;
  };
  const entry = {
    section,
    key,
    control,
    loaded: undefined,
    value,
    changed: () => value() !== entry.loaded,
    load(loaded) {
      entry.loaded = loaded;
      if (control.type === 'checkbox') control.checked = loaded;
      else control.value = loaded ?? '';
    },
  };
  return entry;
}

function number(id, attributes) {
  return h('input', { id, type: 'number', required: true, ...attributes });
}
