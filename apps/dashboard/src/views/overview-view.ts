// The fleet at a glance: hosts online and offline, HAProxy and agent versions,
// config version skew, rollouts by state, and the last day's reloads.
import { isTerminal, type Overview, type Rollout, type VersionCount } from '@hitless/api-contract';
import { badge, el, link, replaceChildren, table } from '../dom';
import { formatCount, formatTime, shortHash } from '../format';
import { poll } from '../poller';
import { errorBox, type View } from './view';

function card(title: string, testId: string, ...body: (Node | string)[]): HTMLElement {
  return el('section', { class: 'card', 'data-testid': testId }, el('h3', {}, title), ...body);
}

function versionTable(rows: VersionCount[], show: (value: string | null) => Node | string): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'muted' }, 'No hosts enrolled.');
  return table(['value', { text: 'hosts', num: true }, { text: 'online', num: true }], rows.map((r) => [show(r.value), formatCount(r.hosts), formatCount(r.online)]));
}

function render(overview: Overview, active: Rollout[]): Node[] {
  const { hosts, reloads } = overview;
  // Skew: more than one config hash among the hosts that are online now.
  const onlineConfigs = overview.configVersions.filter((c) => c.online > 0);
  const skew = onlineConfigs.length > 1;
  return [
    el('div', { class: 'cards' },
      card('Hosts online', 'hosts-online', el('div', { class: 'big' }, formatCount(hosts.online)), el('div', { class: 'muted' }, `of ${formatCount(hosts.total)} enrolled`)),
      card('Hosts offline', 'hosts-offline', el('div', { class: 'big' }, formatCount(hosts.offline)), hosts.offline > 0 ? badge('needs a look', 'warn') : badge('none', 'ok')),
      card('Config versions', 'config-versions', el('div', { class: 'big' }, formatCount(onlineConfigs.length)), skew ? badge('skew across the fleet', 'warn') : badge('no skew', 'ok')),
      card('Reloads (24 h)', 'reloads-24h', el('div', { class: 'big' }, formatCount(reloads.total)),
        el('div', {}, `${formatCount(reloads.failed)} failed, ${formatCount(reloads.dropping)} dropped requests (${formatCount(reloads.failedRequests)} in all)`)),
    ),
    el('h2', {}, 'Active rollouts'),
    active.length === 0
      ? el('p', { class: 'muted' }, 'None running.')
      : table(['rollout', 'state', 'created'], active.map((r) => [link(r.name, 'rollouts', r.id), badge(r.state), formatTime(r.createdAt)])),
    el('div', { class: 'plots' },
      el('div', {}, el('h2', {}, 'HAProxy versions'), versionTable(overview.haproxyVersions, (v) => v ?? 'not reported')),
      el('div', {}, el('h2', {}, 'Config versions'), versionTable(overview.configVersions, (v) => el('code', {}, shortHash(v)))),
      el('div', {}, el('h2', {}, 'Agent versions'), versionTable(overview.agentVersions, (v) => v ?? 'not reported')),
      el('div', {}, el('h2', {}, 'Preferred strategies'), versionTable(overview.strategies, (v) => v ?? 'not reported')),
    ),
    el('h2', {}, 'Rollouts by state'),
    overview.rollouts.length === 0 ? el('p', { class: 'muted' }, 'No rollouts yet.') : table(['state', { text: 'rollouts', num: true }], overview.rollouts.map((r) => [badge(r.state), formatCount(r.count)])),
  ];
}

export const overviewView: View = ({ api, root }) => {
  const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(root, el('h1', {}, 'Fleet overview'), body);
  return poll(2000, async () => {
    try {
      const [overview, rollouts] = await Promise.all([api.call('getOverview', {}), api.call('listRollouts', { query: { limit: 50 } })]);
      replaceChildren(body, ...render(overview, rollouts.items.filter((r) => !isTerminal(r.state))));
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  });
};
