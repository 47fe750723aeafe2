// Reload history across the fleet: latency and failures over time, then the table.
import { RELOAD_OUTCOMES, type ReloadOutcome } from '@hitless/api-contract';
import { filterValue } from '../api';
import { el, replaceChildren } from '../dom';
import { poll } from '../poller';
import { reloadPlots, reloadTable } from './reload-history';
import { errorBox, type View } from './view';

const OUTCOMES = ['', ...RELOAD_OUTCOMES];

export const reloadsView: View = ({ api, root }) => {
  const host = el('input', { name: 'host', placeholder: 'exact host name', 'aria-label': 'host' });
  const outcome = el('select', { name: 'outcome', 'aria-label': 'outcome' }, ...OUTCOMES.map((o) => el('option', { value: o }, o || 'any')));
  const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    try {
      const page = await api.call('listReloads', { query: { limit: 300, host: filterValue(host.value.trim()), outcome: filterValue<ReloadOutcome>(outcome.value) } });
      const failed = page.items.reduce((sum, r) => sum + r.failedRequests, 0);
      replaceChildren(body,
        el('p', { class: 'muted' }, `${page.items.length} most recent reloads, ${failed} failed requests among them`),
        reloadPlots(page.items),
        el('h2', {}, 'Reloads'),
        reloadTable(page.items),
      );
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  };
  const form = el('form', { class: 'filters', onsubmit: (event: Event) => { event.preventDefault(); void load(); } },
    el('label', {}, 'Host', host), el('label', {}, 'Outcome', outcome), el('button', { type: 'submit' }, 'Filter'));
  outcome.addEventListener('change', () => void load());
  replaceChildren(root, el('h1', {}, 'Reload history'), form, body);
  return poll(5000, load);
};
