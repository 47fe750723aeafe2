// One host: what it reports, and its reload history with plots.
import type { HostDetail } from '@hitless/api-contract';
import { ApiError } from '../api';
import { badge, el, link, replaceChildren, table } from '../dom';
import { formatAge, formatLabels, shortHash } from '../format';
import { poll } from '../poller';
import { reloadPlots, reloadTable } from './reload-history';
import { errorBox, type View } from './view';

function facts(host: HostDetail): HTMLElement {
  const rows: [string, Node | string][] = [
    ['status', badge(host.online ? 'online' : 'offline')],
    ['last heartbeat', formatAge(host.lastHeartbeatAt, Date.now())],
    ['labels', formatLabels(host.labels) || '–'],
    ['HAProxy', `${host.haproxyVersion ?? '–'}${host.haproxyMode ? ` (${host.haproxyMode})` : ''}`],
    ['kernel', host.kernel ?? '–'],
    ['agent', `${host.agentVersion ?? '–'} at ${host.agentAddress ?? '–'}`],
    ['preferred strategy', `${host.preferredStrategy ?? '–'}${host.inventory?.preferredReason ? `: ${host.inventory.preferredReason}` : ''}`],
    ['config', el('code', {}, shortHash(host.configHash))],
  ];
  return el('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/** Which reload strategies the agent found on this host, and why the others are not available. */
function strategies(host: HostDetail): HTMLElement {
  const found = host.inventory?.strategies ?? [];
  if (found.length === 0) return el('p', { class: 'muted' }, 'The agent has not reported its strategies yet.');
  return table(
    ['strategy', 'available', 'why'],
    found.map((s) => [(s.strategy ?? '').replace(/^STRATEGY_/, '').toLowerCase().replace(/_/g, '-'), s.available ? 'yes' : 'no', s.reason ?? '']),
    { 'data-testid': 'host-strategies' },
  );
}

export function hostView(name: string): View {
  return ({ api, root }) => {
    const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
    replaceChildren(root, el('p', {}, link('← all hosts', 'hosts')), el('h1', {}, `Host ${name}`), body);
    return poll(3000, async () => {
      try {
        const [host, history] = await Promise.all([
          // A host removed since still has its history: show that.
          api.call('getHost', { params: { name } }).catch((error: unknown) => {
            if (error instanceof ApiError && error.status === 404) return undefined;
            throw error;
          }),
          api.call('listReloads', { query: { host: name, limit: 200 } }),
        ]);
        replaceChildren(body,
          ...(host ? [facts(host), el('h2', {}, 'Reload strategies'), strategies(host)] : [el('p', { class: 'muted' }, 'No such host on record; its history follows.')]),
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
