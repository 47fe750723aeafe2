// The host table with filters (labels, online, name), refreshed every few seconds.
import { filterValue } from '../api';
import { badge, el, link, replaceChildren, table } from '../dom';
import { formatAge, formatLabels, shortHash } from '../format';
import { poll } from '../poller';
import { errorBox, type View } from './view';

// One page of the API's largest size; the table says when there are more.
const PAGE = 500;

export const hostsView: View = ({ api, root }) => {
  const label = el('input', { name: 'label', placeholder: 'env=prod,region=eu', 'aria-label': 'labels' });
  const online = el('select', { name: 'online', 'aria-label': 'status' }, el('option', { value: '' }, 'all'), el('option', { value: 'true' }, 'online'), el('option', { value: 'false' }, 'offline'));
  const name = el('input', { name: 'name', placeholder: 'part of a name', 'aria-label': 'name' });
  const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  let refresh = () => undefined as void;
  const form = el('form', { class: 'filters', onsubmit: (event: Event) => { event.preventDefault(); refresh(); } },
    el('label', {}, 'Labels', label), el('label', {}, 'Status', online), el('label', {}, 'Name', name), el('button', { type: 'submit' }, 'Filter'));
  online.addEventListener('change', () => refresh());
  replaceChildren(root, el('h1', {}, 'Hosts'), form, body);
  const load = async () => {
    try {
      const page = await api.call('listHosts', { query: { limit: PAGE, label: filterValue(label.value.trim()), online: filterValue<'true' | 'false'>(online.value) } });
      const needle = name.value.trim().toLowerCase();
      const hosts = needle ? page.items.filter((h) => h.name.toLowerCase().includes(needle)) : page.items;
      const now = Date.now();
      replaceChildren(body,
        el('p', { class: 'muted' }, `${hosts.length} host${hosts.length === 1 ? '' : 's'}${page.nextCursor ? ` (first ${PAGE} only: narrow the filter)` : ''}`),
        table(['host', 'status', 'labels', 'HAProxy', 'agent', 'strategy', 'config', 'last heartbeat'],
          hosts.map((h) => [
            link(h.name, 'hosts', h.name),
            badge(h.online ? 'online' : 'offline'),
            formatLabels(h.labels),
            `${h.haproxyVersion ?? '–'}${h.haproxyMode ? ` (${h.haproxyMode})` : ''}`,
            h.agentVersion ?? '–',
            h.preferredStrategy ?? '–',
            el('code', {}, shortHash(h.configHash)),
            formatAge(h.lastHeartbeatAt, now),
          ]), { 'data-testid': 'host-table' }),
      );
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  };
  refresh = () => void load();
  return poll(3000, load);
};
