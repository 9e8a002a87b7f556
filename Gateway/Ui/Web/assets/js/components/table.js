import { h } from '../dom.js';

/**
 * A table of rows. columns: [{ label, cell: row => node|text, className }]. Empty: the message instead.
 * caption names the table for screen readers.
 */
export function dataTable(caption, columns, rows, empty = 'Nothing here yet.') {
  if (!rows.length) return h('p', { class: 'muted empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className }, column.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((column) => h('td', { class: column.className }, column.cell(row))))))));
}

/** Previous/next buttons for a page of skip/limit over total. */
export function pager({ skip, limit, total }, go) {
  if (skip === 0 && total <= limit) return null;
  const last = Math.min(total, skip + limit);
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'button', disabled: skip === 0, onclick: () => go(Math.max(0, skip - limit)) }, '← Newer'),
    h('span', { class: 'muted' }, total === 0 ? '0 items' : `${skip + 1}–${last} of ${total}`),
    h('button', { type: 'button', class: 'button', disabled: last >= total, onclick: () => go(skip + limit) }, 'Older →'));
}
