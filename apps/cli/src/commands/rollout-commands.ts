// `hitless rollout ...`
import { describeAppliedChange } from '@hitless/haproxy';
import type { Command } from '../cli-args';
import type { Rollout, RolloutState } from '@hitless/api-contract';
import { emit, type CliContext } from '../cli-context';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatTable } from '../format-table';
import { planRollback } from '../rollback-plan';
import { progressLine, rolloutProgress } from '../rollout-progress';
import { createConfirmed, type Confirmation } from '../confirm-rollout';
import { buildSpec, defaultRolloutName, parseSpecFile } from '../rollout-spec-flags';
import { serverChecked } from '../server-checked';
import { watchRollout } from '../watch-rollout';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

const COMMANDS = { 'rollout-pause': 'pauseRollout', 'rollout-resume': 'resumeRollout', 'rollout-abort': 'abortRollout' } as const;

/** A wide rollout is confirmed by flag or prompt first (confirm-rollout.ts). */
async function createRollout(ctx: CliContext, name: string, spec: Record<string, unknown>, key: string, confirmation: Confirmation): Promise<{ rollout: Rollout; created: boolean }> {
  return createConfirmed(ctx, spec, confirmation, async (body) => {
    const { status, body: rollout } = await ctx.api.answer('createRollout', { body: { name, spec: body }, headers: { 'Idempotency-Key': key } });
    return { rollout, created: status === 201 };
  });
}

function describeCreated(rollout: Rollout, created: boolean): string {
  const how = created ? 'created' : 'already created by an earlier request with this idempotency key:';
  return `${how} rollout ${rollout.id} '${rollout.name}' (${rollout.state}${rollout.dryRun ? ', dry run' : ''}; idempotency key ${rollout.idempotencyKey ?? 'none'})`;
}

export async function rolloutCreate(ctx: CliContext, command: Of<'rollout-create'>): Promise<ExitCode> {
  const base = command.specFile === undefined ? {} : parseSpecFile(command.specFile, await ctx.readFile(command.specFile));
  const spec = buildSpec(command.spec, base);
  const key = command.idempotencyKey ?? ctx.newIdempotencyKey();
  const { rollout, created } = await createRollout(ctx, command.name ?? defaultRolloutName(ctx.now()), spec, key, command.confirmation);
  emit(ctx, { ...rollout, created }, describeCreated(rollout, created));
  return command.watch ? watchRollout(ctx, rollout.id, command.intervalMs) : EXIT.ok;
}

export async function rolloutList(ctx: CliContext, command: Of<'rollout-list'>): Promise<ExitCode> {
  const page = await ctx.api.call('listRollouts', { query: { state: serverChecked<RolloutState>(command.state), limit: serverChecked<number>(command.limit) } });
  const rows = page.items.map((r) => [r.id, r.state, r.createdAt, r.name, r.summary ?? '']);
  const more = page.nextCursor ? `(more rollouts exist; raise --limit)\n` : '';
  emit(ctx, page, formatTable(['ID', 'STATE', 'CREATED', 'NAME', 'SUMMARY'], rows) + more);
  return EXIT.ok;
}

export async function rolloutStatus(ctx: CliContext, command: Of<'rollout-status'>): Promise<ExitCode> {
  if (command.watch) return watchRollout(ctx, command.id, command.intervalMs);
  const detail = await ctx.api.call('getRollout', { params: { id: command.id } });
  const progress = rolloutProgress(detail);
  const steps = formatTable(
    ['HOST', 'BATCH', 'STATE', 'OUTCOME', 'FAILED REQUESTS', 'CHANGED', 'REASONS'],
    detail.steps.map((s) => [
      s.hostName,
      String(s.batch),
      s.state,
      s.outcome ?? '',
      s.failedRequests === null ? '' : String(s.failedRequests),
      (s.appliedChanges ?? []).map(describeAppliedChange).join('; '),
      (s.failureReasons ?? []).join('; '),
    ]),
  );
  emit(ctx, detail, `rollout ${detail.rollout.id} '${detail.rollout.name}'\n${progressLine(progress)}\n\n${steps}`);
  return EXIT.ok;
}

export async function rolloutAction(ctx: CliContext, command: Of<'rollout-pause' | 'rollout-resume' | 'rollout-abort'>): Promise<ExitCode> {
  const action = command.kind.slice('rollout-'.length);
  const rollout = await ctx.api.call(COMMANDS[command.kind], { params: { id: command.id } });
  emit(ctx, rollout, `rollout ${rollout.id}: ${action} accepted, now ${rollout.state}`);
  return EXIT.ok;
}

export async function rolloutRollback(ctx: CliContext, command: Of<'rollout-rollback'>): Promise<ExitCode> {
  const detail = await ctx.api.call('getRollout', { params: { id: command.id } });
  const plans = planRollback(detail, command.name);
  if (plans.length === 0) {
    emit(ctx, { rollouts: [] }, `nothing to roll back: no host of rollout ${detail.rollout.id} runs its change`);
    return EXIT.ok;
  }
  const made: { rollout: Rollout; created: boolean }[] = [];
  for (const [i, plan] of plans.entries()) {
    // A user-given key covers several rollouts only with a suffix per part.
    const key = command.idempotencyKey === undefined ? plan.idempotencyKey : plans.length > 1 ? `${command.idempotencyKey}-${i + 1}` : command.idempotencyKey;
    made.push(await createRollout(ctx, plan.name, plan.spec, key, command.confirmation));
  }
  emit(ctx, { rollouts: made.map((m) => ({ ...m.rollout, created: m.created })) }, made.map((m) => describeCreated(m.rollout, m.created)).join('\n'));
  if (!command.watch) return EXIT.ok;
  let worst: ExitCode = EXIT.ok;
  for (const m of made) {
    const code = await watchRollout(ctx, m.rollout.id, command.intervalMs);
    if (code !== EXIT.ok) worst = code;
  }
  return worst;
}
