// Creating a rollout that the server will not take unconfirmed: its first batch
// changes many hosts at once with no canary (400 confirmation_required, carrying
// the number of targeted hosts). Like `terraform apply`, the CLI then shows the
// count and asks; it sends the confirmation only when the operator types the
// count back, a stronger answer than "yes" because only a reader can give it.
// Scripts say --confirm-hosts N (the count they expect; a different count is
// refused by the server) or --yes (whatever the server counts). Without a
// terminal and without either flag, nothing is created and the CLI exits 2.
import { ApiError } from '@hitless/api-contract';
import { CliFailure } from './cli-errors';
import type { CliContext } from './cli-context';
import { EXIT } from './exit-codes';

export interface Confirmation {
  /** --yes: confirm the count the server states. */
  yes: boolean;
  /** --confirm-hosts N: sent with the first request. */
  hosts?: number;
}

export interface ConfirmationAsked {
  /** Every host the target selects: what the confirmation must say. */
  hosts: number;
  firstBatchHosts: number;
}

type Spec = Record<string, unknown>;

/** The counts from a confirmation_required answer; undefined for any other failure. */
export function confirmationAsked(error: unknown): ConfirmationAsked | undefined {
  if (!(error instanceof ApiError) || error.status !== 400 || error.body?.error !== 'confirmation_required') return undefined;
  const { hosts, firstBatchHosts } = error.body.confirm ?? {};
  return typeof hosts === 'number' && typeof firstBatchHosts === 'number' ? { hosts, firstBatchHosts } : undefined;
}

async function confirmed(ctx: CliContext, asked: ConfirmationAsked, yes: boolean): Promise<void> {
  const what = `the first batch would change ${asked.firstBatchHosts} of ${asked.hosts} targeted hosts at once, with no canary`;
  if (yes) {
    ctx.stderr.write(`confirmed with --yes: ${what}\n`);
    return;
  }
  if (!ctx.stdin.isTTY) {
    throw new CliFailure(
      `not created: ${what}. Confirm with --confirm-hosts ${asked.hosts} (or --yes), or add a canary (--canary 1) or a smaller --batch`,
      EXIT.usage,
    );
  }
  ctx.stderr.write(`\nThis rollout is wide: ${what}.\nOnly the number of targeted hosts (${asked.hosts}) confirms it.\n\n`);
  const answer = await ctx.stdin.readLine('  Number of targeted hosts: ');
  if (answer?.trim() !== String(asked.hosts)) throw new CliFailure('not confirmed; nothing was created', EXIT.usage);
}

/**
 * Sends `spec` through `create`; when the server asks for a confirmation, gets it
 * (flag or prompt) and sends the spec again with `confirm`. A spec that already
 * carried `confirm` (from --confirm-hosts or the spec file) is never asked again:
 * the server's refusal then states the real count.
 */
export async function createConfirmed<T>(ctx: CliContext, spec: Spec, confirmation: Confirmation, create: (spec: Spec) => Promise<T>): Promise<T> {
  const first = confirmation.hosts === undefined ? spec : { ...spec, confirm: { hosts: confirmation.hosts } };
  try {
    return await create(first);
  } catch (error) {
    const asked = confirmationAsked(error);
    if (asked === undefined || first.confirm !== undefined) throw error;
    await confirmed(ctx, asked, confirmation.yes);
    return create({ ...spec, confirm: { hosts: asked.hosts } });
  }
}
