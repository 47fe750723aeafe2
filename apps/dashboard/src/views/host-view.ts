// One host: what it reports, and its reload history with plots.
import type { Host, Page, ReloadEntry } from '../api-types';
import { badge, el, link, replaceChildren } from '../dom';
import { formatAge, formatLabels, shortHash } from '../format';
import { poll } from '../poller';
import { reloadPlots, reloadTable } from './reload-history';
import { errorBox, type View } from './view';

function facts(host: Host): HTMLElement {
  const rows: [string, Node | string][] = [
    ['status', badge(host.online ? 'online' : 'offline')],
    ['last heartbeat', formatAge(host.lastHeartbeatAt, Date.now())],
    ['labels', formatLabels(host.labels) || '–'],
    ['HAProxy', `${host.haproxyVersion ?? '–'}${host.haproxyMode ? ` (${host.haproxyMode})` : ''}`],
    ['agent', `${host.agentVersion ?? '–'} at ${host.agentAddress ?? '–'}`],
    ['preferred strategy', host.preferredStrategy ?? '–'],
    ['config', el('code', {}, shortHash(host.configHash))],
  ];
  return el('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

export function hostView(name: string): View {
  return ({ api, root }) => {
    const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
    replaceChildren(root, el('p', {}, link('← all hosts', 'hosts')), el('h1', {}, `Host ${name}`), body);
    return poll(3000, async () => {
      try {
        // The API has no single-host read; the first page of the list covers most fleets.
        const [hosts, history] = await Promise.all([
          api.get<Page<Host>>('/hosts', { limit: 500 }),
          api.get<Page<ReloadEntry>>('/reloads', { host: name, limit: 200 }),
        ]);
        const host = hosts.items.find((h) => h.name === name);
        replaceChildren(body,
          host ? facts(host) : el('p', { class: 'muted' }, 'Not among the first 500 hosts; its history follows.'),
          el('h2', {}, 'Reload history'),
          reloadPlots(history.items),
          reloadTable(history.items),
        );
      } catch (error) {
        replaceChildren(body, errorBox(error));
      }
    });
  };
}
