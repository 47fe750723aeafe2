// Every rollout, newest first, filtered by state.
import { ROLLOUT_STATES, type RolloutState } from '@hitless/api-contract';
import { filterValue } from '../api';
import { badge, el, link, replaceChildren, table } from '../dom';
import { formatTime } from '../format';
import { poll } from '../poller';
import { errorBox, type View } from './view';

const STATES = ['', ...ROLLOUT_STATES];

export const rolloutsView: View = ({ api, root }) => {
  const state = el('select', { name: 'state', 'aria-label': 'state' }, ...STATES.map((s) => el('option', { value: s }, s || 'any')));
  const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    try {
      const page = await api.call('listRollouts', { query: { limit: 100, state: filterValue<RolloutState>(state.value) } });
      replaceChildren(body, page.items.length === 0
        ? el('p', { class: 'muted' }, 'No rollouts.')
        : table(['rollout', 'state', 'created', 'by', 'finished', 'summary'],
          page.items.map((r) => [link(r.name, 'rollouts', r.id), el('span', {}, badge(r.state), r.dryRun ? ' dry run' : ''), formatTime(r.createdAt), r.createdBy, formatTime(r.finishedAt), r.summary ?? '']),
          { 'data-testid': 'rollout-table' }));
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  };
  state.addEventListener('change', () => void load());
  replaceChildren(root, el('h1', {}, 'Rollouts'), el('div', { class: 'filters' }, el('label', {}, 'State', state)), body);
  return poll(2000, load);
};
