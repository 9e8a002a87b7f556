import { h } from '../dom.js';

/** A labelled select of statuses ("any" first) that calls onChange with the chosen one. */
export function statusFilter(id, statuses, current, onChange) {
  const select = h('select', { id },
    h('option', { value: '' }, 'Any status'),
    statuses.map((status) => h('option', { value: status, selected: status === current }, status)));
  select.addEventListener('change', () => onChange(select.value));
  return h('form', { class: 'filters', role: 'search', onsubmit: (event) => event.preventDefault() },
    h('div', { class: 'field' }, h('label', { for: id }, 'Status'), select));
}
