// The zod schema behind parseRolloutSpec. Objects are strict so a misspelt
// key (`batchsize`) is reported instead of silently falling back to a default.
import { MAX_CHANGES_PER_RELOAD } from '@hitless/haproxy';
import { z } from 'zod';
import { changeSchema } from './change-schema';
import { changesKind } from './change-kind';
import { hostNameSchema, labelKeySchema, labelValueSchema } from './host-names';
import { instantSchema } from './instant-schema';
import type { RolloutSpec } from './rollout-spec';
import { boundedArray, MAX_TARGET_HOSTS } from './spec-limits';
import { ROLLOUT_STRATEGIES } from './strategy-names';

const positiveInt = z.number().int().min(1);
const nonNegativeInt = z.number().int().min(0);

/** A host list: capped, and each name listed once (checked in one pass: 10,000 names must not cost 10^8 comparisons). */
function uniqueHosts(minimum = 0) {
  return boundedArray(hostNameSchema, MAX_TARGET_HOSTS, `must list at most ${MAX_TARGET_HOSTS} hosts`)
    .refine((hosts) => hosts.length >= minimum, `must list at least ${minimum} host(s)`)
    .superRefine((hosts, ctx) => {
      if (hosts.length > MAX_TARGET_HOSTS) return; // already refused whole, item by item would only repeat it
      const seen = new Set<string>();
      hosts.forEach((host, i) => {
        if (seen.has(host)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `'${host}' is listed twice` });
        seen.add(host);
      });
    });
}

const targetSchema = z
  .object({
    labels: z.record(labelKeySchema, labelValueSchema).optional(),
    hosts: uniqueHosts().optional(),
  })
  .strict()
  .superRefine((target, ctx) => {
    const labelCount = Object.keys(target.labels ?? {}).length;
    const hostCount = target.hosts?.length ?? 0;
    if (labelCount === 0 && hostCount === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must name at least one host or one label; an empty selector would match nothing or everything' });
    }
  });

const canarySchema = z.union([
  z.object({ hosts: uniqueHosts(1) }).strict(),
  z.object({ count: positiveInt }).strict(),
]);

const batchSizeSchema = z.union([
  z.object({ count: positiveInt }).strict(),
  z.object({ percent: z.number().int().min(1).max(100) }).strict(),
]);

const planSchema = z
  .object({
    canary: canarySchema.optional(),
    batchSize: batchSizeSchema,
    maxUnavailable: positiveInt.optional(),
    pauseBetweenBatchesSeconds: nonNegativeInt.max(7 * 24 * 3600).default(0),
    failureBudget: nonNegativeInt.default(0),
  })
  .strict();

const gatesSchema = z
  .object({
    probeFailureThreshold: nonNegativeInt.default(0),
    requireBackendServersUp: z.boolean().default(true),
    agentDeadlineSeconds: positiveInt.max(24 * 3600).default(300),
  })
  .strict();

export const rolloutSpecSchema = z
  .object({
    target: targetSchema,
    changes: boundedArray(changeSchema, MAX_CHANGES_PER_RELOAD, `must contain at most ${MAX_CHANGES_PER_RELOAD} changes (the most one reload applies)`).refine(
      (changes) => changes.length > 0,
      'must contain at least one change',
    ),
    // Derived; accepted so a stored spec (JSON of a parsed one) parses again, and checked against the changes.
    kind: z.enum(['reload', 'runtime']).optional(),
    plan: planSchema,
    gates: gatesSchema.default({}),
    strategy: z.enum(ROLLOUT_STRATEGIES).optional(),
    offlineHosts: z.enum(['skip', 'wait']).default('skip'),
    dryRun: z.boolean().default(false),
    windowId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'must be a window id').optional(),
    scheduledStart: instantSchema.optional(),
    confirm: z
      .object({ hosts: positiveInt })
      .strict()
      .describe('Confirms a rollout whose first batch changes more than 10 hosts or 25% of its targets with no canary: the number of hosts the target selects')
      .optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.kind !== undefined && spec.kind !== changesKind(spec.changes)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['kind'], message: `is '${changesKind(spec.changes)}' for these changes` });
    }
    if (spec.strategy !== undefined && changesKind(spec.changes) === 'runtime') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['strategy'], message: 'only applies to changes that need a reload; these go through the runtime API' });
    }
    const canaryCount = spec.plan.canary === undefined ? 0 : 'count' in spec.plan.canary ? spec.plan.canary.count : 0;
    if (spec.plan.canary && 'hosts' in spec.plan.canary && spec.target.hosts && !spec.target.labels) {
      const targets = new Set(spec.target.hosts);
      spec.plan.canary.hosts.forEach((host, i) => {
        if (!targets.has(host)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['plan', 'canary', 'hosts', i], message: `'${host}' is not among target.hosts` });
      });
    }
    if (spec.target.hosts && !spec.target.labels && canaryCount > spec.target.hosts.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['plan', 'canary', 'count'], message: `is larger than the ${spec.target.hosts.length} targeted hosts` });
    }
  })
  .transform((spec): RolloutSpec => ({ ...spec, kind: changesKind(spec.changes) }));
