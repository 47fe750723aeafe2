// A rollout whose first batch changes many hosts at once, with no canary to stop it
// early, must be confirmed with the number of hosts it targets: a selector that
// matches more than the operator thought (a missing label, a typo) then costs a
// refusal instead of a fleet. `terraform apply` asks for "yes"; the count is a
// stronger answer, because it can only be typed by someone who read it.
import { ConfirmationRequiredError } from '../errors/confirmation-required-error';
import type { RolloutSpec } from '../spec/rollout-spec';
import type { RolloutPlan } from './plan-rollout';

/** A first batch is wide when it has more than `hosts` hosts, or more than `percent` of the targets. */
export const BLAST_RADIUS = { hosts: 10, percent: 25 } as const;

export interface BlastRadius {
  /** Every host the target selects (skipped offline hosts included): what `confirm.hosts` must say. */
  targetedHosts: number;
  firstBatchHosts: number;
  /** True when the rollout may not start unconfirmed. */
  wide: boolean;
}

/**
 * A first batch of one host is never wide: it is the smallest step there is, and
 * rollouts of one to three hosts would otherwise always need confirming, which
 * teaches operators to confirm without reading. A canary batch is not judged: a
 * canary is the operator's own early stop.
 */
export function blastRadius(spec: Pick<RolloutSpec, 'dryRun'>, plan: Pick<RolloutPlan, 'batches' | 'hasCanary' | 'targets'>): BlastRadius {
  const targetedHosts = plan.targets.length;
  const firstBatchHosts = plan.batches[0]?.length ?? 0;
  const wide =
    !spec.dryRun &&
    !plan.hasCanary &&
    firstBatchHosts > 1 &&
    (firstBatchHosts > BLAST_RADIUS.hosts || firstBatchHosts * 100 > BLAST_RADIUS.percent * targetedHosts);
  return { targetedHosts, firstBatchHosts, wide };
}

/**
 * Throws ConfirmationRequiredError when a wide rollout carries no `confirm`, or when
 * `confirm.hosts` is not the number of hosts targeted now (also for a dry run or a
 * narrow rollout: a confirmation that names another fleet is a mistake either way).
 */
export function checkConfirmation(spec: Pick<RolloutSpec, 'dryRun' | 'confirm'>, plan: Pick<RolloutPlan, 'batches' | 'hasCanary' | 'targets'>): BlastRadius {
  const radius = blastRadius(spec, plan);
  const { targetedHosts, firstBatchHosts } = radius;
  const how = `confirm with "confirm": {"hosts": ${targetedHosts}}`;
  if (spec.confirm !== undefined && spec.confirm.hosts !== targetedHosts) {
    throw new ConfirmationRequiredError(
      { path: 'confirm.hosts', message: `is ${spec.confirm.hosts}, but the target selects ${targetedHosts} host(s) now; check the target, then ${how}` },
      targetedHosts,
      firstBatchHosts,
    );
  }
  if (radius.wide && spec.confirm === undefined) {
    throw new ConfirmationRequiredError(
      {
        path: 'confirm',
        message:
          `the first batch would change ${firstBatchHosts} of ${targetedHosts} targeted hosts at once with no canary ` +
          `(more than ${BLAST_RADIUS.hosts} hosts or ${BLAST_RADIUS.percent}% needs confirming); add a canary or a smaller batch, or ${how}`,
      },
      targetedHosts,
      firstBatchHosts,
    );
  }
  return radius;
}
