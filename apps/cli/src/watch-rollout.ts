// `rollout status --watch`: polls the rollout until it ends. On a terminal the
// progress line is redrawn in place; into a pipe or file each change is a new
// line (JSON with --output json), so logs and scripts never see control codes.
import type { RolloutDetail } from '@hitless/api-contract';
import { UnreachableError } from './cli-errors';
import { emit, type CliContext } from './cli-context';
import { EXIT, type ExitCode } from './exit-codes';
import { endedBadly, progressLine, rolloutProgress, type RolloutProgress } from './rollout-progress';

const CLEAR_LINE = '\r\x1b[2K';
/** A server restart (it resumes rollouts after one) should not end a watch; a server gone for longer should. */
export const UNREACHABLE_GRACE_MS = 30_000;

export async function watchRollout(ctx: CliContext, id: string, intervalMs: number): Promise<ExitCode> {
  const inPlace = ctx.stdout.isTTY && ctx.output === 'text';
  let last = '';
  let unreachableSince: number | undefined;
  let progress: RolloutProgress | undefined;
  for (;;) {
    let detail: RolloutDetail | undefined;
    try {
      detail = await ctx.api.call('getRollout', { params: { id } });
      unreachableSince = undefined;
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      const now = ctx.now().getTime();
      unreachableSince ??= now;
      if (now - unreachableSince >= UNREACHABLE_GRACE_MS) throw error;
      ctx.stderr.write(`${inPlace ? '\n' : ''}hitless: ${error.message}; retrying\n`);
    }
    if (detail !== undefined) {
      progress = rolloutProgress(detail);
      const line = progressLine(progress);
      // A line wider than the terminal wraps, and clearing the last row would leave the rest behind.
      if (inPlace) ctx.stdout.write(`${CLEAR_LINE}${ctx.stdout.columns ? line.slice(0, ctx.stdout.columns - 1) : line}`);
      else if (line !== last) emit(ctx, progress, line);
      last = line;
      if (progress.terminal) break;
    }
    await ctx.sleep(intervalMs);
  }
  if (inPlace) ctx.stdout.write('\n');
  return endedBadly(progress.state) ? EXIT.rolloutFailed : EXIT.ok;
}
