// One rollout, live: state, progress, each batch with its hosts' states and
// probe figures as results arrive, and pause / resume / abort for roles that
// may use them (the API enforces the same rule).
import { isTerminal, type RolloutDetail, type RolloutStep } from '@hitless/api-contract';
import { ApiError } from '../api';
import { badge, el, link, replaceChildren, table } from '../dom';
import { formatAppliedChange, formatCount, formatMs, formatTime } from '../format';
import { poll } from '../poller';
import { allowedCommands, groupBatches, hasCanary, progressOf } from '../rollout-progress';
import { canControl } from '../session';
import { errorBox, type View } from './view';

type Command = 'pause' | 'resume' | 'abort';
const COMMANDS = { pause: 'pauseRollout', resume: 'resumeRollout', abort: 'abortRollout' } as const satisfies Record<Command, string>;

function stepRow(step: RolloutStep): (Node | string)[] {
  const result = step.reloadResult;
  const probe = result?.probe;
  return [
    link(step.hostName, 'hosts', step.hostName),
    el('span', { 'data-testid': `step-state-${step.hostName}` }, badge(step.state)),
    result?.strategy ? result.strategy.replace(/^STRATEGY_/, '').toLowerCase() : '–',
    probe ? formatCount(probe.requests ?? 0) : '–',
    probe ? formatCount(probe.failed ?? 0) : '–',
    formatMs(probe?.p99Ms),
    formatMs(probe?.durationMs),
    formatTime(step.finishedAt),
    el('span', { 'data-testid': `step-change-${step.hostName}` }, (step.appliedChanges ?? []).map(formatAppliedChange).join('; ')),
    (step.failureReasons ?? []).join('; ') || (result?.error ?? ''),
  ];
}

function describeWait(detail: RolloutDetail): string {
  const { rollout } = detail;
  if (rollout.state === 'waiting-for-window') return 'Waiting for its maintenance window to open.';
  if (rollout.state === 'paused') return 'Paused: no new hosts are started until it is resumed.';
  if (rollout.wakeAt && !isTerminal(rollout.state)) return `Next step at ${formatTime(rollout.wakeAt)}.`;
  return '';
}

export function rolloutView(id: string): View {
  return ({ api, root, session }) => {
    const header = el('div', {});
    const message = el('div', {});
    const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
    const allowed = canControl(session.role);
    const buttons: Record<Command, HTMLButtonElement> | undefined = allowed
      ? {
          pause: el('button', { type: 'button', class: 'secondary' }, 'Pause'),
          resume: el('button', { type: 'button' }, 'Resume'),
          abort: el('button', { type: 'button', class: 'danger' }, 'Abort'),
        }
      : undefined;
    const controls = el('div', { class: 'controls', 'data-testid': 'rollout-controls' },
      ...(buttons ? [buttons.pause, buttons.resume, buttons.abort] : [el('span', { class: 'muted', 'data-testid': 'read-only-note' }, `Your role (${session.role}) can watch this rollout but not pause, resume or abort it.`)]));
    replaceChildren(root, el('p', {}, link('← all rollouts', 'rollouts')), header, controls, message, body);

    let busy = false;
    const draw = (detail: RolloutDetail) => {
      const { rollout, steps } = detail;
      const progress = progressOf(steps);
      // Through the CSSOM: the page's policy refuses inline style attributes.
      const bar = el('div', {});
      bar.style.width = `${progress.total ? (100 * progress.settled) / progress.total : 0}%`;
      replaceChildren(header,
        el('h1', {}, `Rollout ${rollout.name}`),
        el('p', {}, 'State: ', el('span', { 'data-testid': 'rollout-state', 'data-state': rollout.state }, badge(rollout.state)),
          rollout.dryRun ? ' (dry run)' : '', rollout.stopReason ? ` — stopped: ${rollout.stopReason}` : ''),
        el('p', { class: 'muted' }, `Created ${formatTime(rollout.createdAt)} by ${rollout.createdBy}. ${describeWait(detail)}`),
        rollout.summary ? el('p', {}, rollout.summary) : null,
        el('div', { class: 'progress', title: `${progress.settled} of ${progress.total} hosts settled` }, bar),
        el('p', { 'data-testid': 'rollout-progress' }, `${progress.settled} of ${progress.total} hosts settled: ${progress.succeeded} succeeded, ${progress.failed} failed; ${progress.failedRequests} failed probe requests.`),
      );
      if (buttons) {
        const can = allowedCommands(rollout.state);
        buttons.pause.disabled = busy || !can.pause;
        buttons.resume.disabled = busy || !can.resume;
        buttons.abort.disabled = busy || !can.abort;
      }
      replaceChildren(body, ...groupBatches(steps, hasCanary(rollout.spec)).map((batch) =>
        el('section', { class: 'batch' }, el('h2', {}, batch.label),
          table(['host', 'state', 'strategy', { text: 'requests', num: true }, { text: 'failed', num: true }, { text: 'p99', num: true }, { text: 'probe time', num: true }, 'finished', 'changed', 'notes'], batch.steps.map(stepRow)))));
    };
    const load = async () => {
      try {
        draw(await api.call('getRollout', { params: { id } }));
      } catch (error) {
        replaceChildren(body, errorBox(error));
      }
    };
    if (buttons) {
      for (const command of ['pause', 'resume', 'abort'] as Command[]) {
        buttons[command].addEventListener('click', async () => {
          if (command === 'abort' && !window.confirm('Abort this rollout and roll back the hosts it changed?')) return;
          busy = true;
          Object.values(buttons).forEach((b) => (b.disabled = true));
          try {
            const updated = await api.call(COMMANDS[command], { params: { id } });
            replaceChildren(message, el('div', { class: 'notice', role: 'status' }, `${command} accepted: now ${updated.state}`));
          } catch (error) {
            replaceChildren(message, errorBox(error instanceof ApiError ? error : new ApiError(0, undefined, String(error))));
          } finally {
            busy = false;
            await load();
          }
        });
      }
    }
    return poll(1000, load);
  };
}
