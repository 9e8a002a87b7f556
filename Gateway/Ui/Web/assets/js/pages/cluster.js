// The cluster: silos with their membership status and activations, the gateways, and the Orleans Dashboard for admins.
import { h, replace, definitionList, formatDateTime, formatAge, toDate } from '../dom.js';
import { api, serverNow } from '../api.js';
import { isAdmin } from '../session.js';
import { pageHeading } from '../router.js';
import { badge } from '../components/badge.js';
import { dataTable } from '../components/table.js';
import { showBanner } from '../components/errors.js';

const pollMs = 10_000;

export async function render(main) {
  const body = h('div', {});
  const dashboardSlot = h('span', {});
  async function refresh() {
    const cluster = await api('/api/cluster');
    replace(dashboardSlot, isAdmin() && cluster.dashboard
      ? h('a', { href: `${cluster.dashboard}/`, class: 'button', id: 'dashboard-link', target: '_blank', rel: 'noopener' }, 'Orleans Dashboard')
      : null);
    replace(body,
      h('section', { class: 'card', 'aria-labelledby': 'overview-title' },
        h('h2', { id: 'overview-title' }, 'Overview'),
        definitionList([
          ['Mode', cluster.mode],
          ['Answered by', cluster.served_by],
          ['Silos', `${cluster.silos.filter((silo) => silo.status === 'active').length} active of ${cluster.silos.length} known`],
          ['Activations', cluster.total_activations.toLocaleString()],
        ])),
      h('section', { class: 'card', 'aria-labelledby': 'silos-title' },
        h('h2', { id: 'silos-title' }, 'Silos'),
        dataTable('Silos', [
          { label: 'Name', cell: (silo) => silo.name },
          { label: 'Status', cell: (silo) => badge(silo.status) },
          { label: 'Activations', cell: (silo) => silo.activations === null ? '—' : silo.activations.toLocaleString(), className: 'number' },
          { label: 'Address', cell: (silo) => h('code', {}, silo.address) },
          { label: 'Host', cell: (silo) => silo.host_name },
          { label: 'Started', cell: (silo) => formatDateTime(silo.started_at) },
          { label: 'Heartbeat', cell: (silo) => formatAge(serverNow() - toDate(silo.last_heartbeat_at)) },
        ], cluster.silos, 'No silo is known.')),
      h('section', { class: 'card', 'aria-labelledby': 'gateways-title' },
        h('h2', { id: 'gateways-title' }, 'Gateways'),
        dataTable('Gateways', [
          { label: 'Kind', cell: (gateway) => gateway.kind === 'http' ? 'HTTP API' : 'Orleans client endpoint' },
          { label: 'Name', cell: (gateway) => gateway.name },
          { label: 'Address', cell: (gateway) => h('code', {}, gateway.address) },
          { label: 'Status', cell: (gateway) => badge(gateway.status) },
        ], cluster.gateways)));
  }
  await refresh();
  replace(main, pageHeading('Cluster', dashboardSlot), body);
  const timer = setInterval(async () => {
    try {
      await refresh();
      showBanner(null);
    } catch (error) {
      showBanner(`The cluster view could not be refreshed: ${error.message}`, 'error');
    }
  }, pollMs);
  return () => clearInterval(timer);
}
