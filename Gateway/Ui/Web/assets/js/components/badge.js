import { h } from '../dom.js';

/** A status badge: its colour comes from the status name (class badge-<status>), its text says it in words. */
export function badge(status, label = status?.replaceAll('_', ' ')) {
  const name = String(status ?? 'unknown');
  return h('span', { class: `badge badge-${name.replaceAll('_', '-')}`, dataset: { status: name } }, label ?? 'unknown');
}

/** The motion light of a camera: lit (data-active) while motion was seen in the last few seconds. */
export function motionIndicator() {
  return h('span', { class: 'motion', role: 'img', 'aria-label': 'No motion', title: 'No motion', dataset: { active: 'false' } });
}

export function setMotion(indicator, active, since) {
  indicator.dataset.active = active ? 'true' : 'false';
  const label = active ? `Motion detected${since ? ` at ${since}` : ''}` : 'No motion';
  indicator.setAttribute('aria-label', label);
  indicator.title = label;
}
