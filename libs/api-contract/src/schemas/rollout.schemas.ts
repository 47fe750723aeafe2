// Rollouts: what POST /rollouts takes, and the rollout, its steps and one step as answers carry them.
import { z } from 'zod';
import { HOST_STEP_STATES, ROLLOUT_STATES, STOP_REASONS } from '../vocabulary/rollout-states';
import { cursorSchema, limitSchema, pageSchema } from '../values/cursor';
import { instantText, isoInstantSchema } from '../values/instant';
import { agentResultSchema, compactAgentResultSchema } from './agent-result.schemas';
import { appliedChangeSchema } from './applied-change.schemas';

export const rolloutIdSchema = z.string().uuid();

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8-128 characters of A-Z a-z 0-9 . _ : -').optional();

/**
 * `spec` is checked by the server against the rollout spec schema of @hitless/rollout (balance
 * allowlists, limits, plan rules), which needs the HAProxy lib and so cannot load in a browser;
 * the OpenAPI document describes it in full.
 */
export const createRolloutBodySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,126}$/, 'letters, digits, spaces, ".", "_", ":", "-"; at most 127; no newline'),
    spec: z.record(z.unknown()),
  })
  .strict();

export const listRolloutsQuerySchema = z
  .object({
    limit: limitSchema,
    // The last rollout's (created_at, id).
    cursor: cursorSchema(z.tuple([isoInstantSchema, rolloutIdSchema])).optional(),
    state: z.enum(ROLLOUT_STATES).optional(),
  })
  .strict();

const nullableInstant = instantText.nullable();

export const rolloutSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The spec body as accepted. */
    spec: z.record(z.unknown()),
    state: z.enum(ROLLOUT_STATES),
    stopReason: z.enum(STOP_REASONS).nullable(),
    summary: z.string().nullable(),
    windowId: z.string().nullable(),
    notBefore: nullableInstant,
    dryRun: z.boolean(),
    idempotencyKey: z.string().nullable(),
    createdBy: z.string(),
    createdAt: instantText,
    updatedAt: instantText,
    finishedAt: nullableInstant,
    wakeAt: nullableInstant,
  })
  .strict();

/** A step's fields that every view of it carries. */
const stepFields = {
  hostName: z.string(),
  batch: z.number().int(),
  position: z.number().int(),
  state: z.enum(HOST_STEP_STATES),
  attempt: z.number().int(),
  reloadId: z.string().nullable(),
  dispatchedAt: nullableInstant,
  outcome: z.string().nullable(),
  failedRequests: z.number().nullable(),
  finishedAt: nullableInstant,
  changed: z.boolean().nullable(),
  failureReasons: z.array(z.string()).nullable(),
  appliedChanges: z
    .array(appliedChangeSchema)
    .nullable()
    .describe("What the step's reload changed, one record per change of the spec (a rollback undoes them); null until the agent answered"),
  rollbackReloadId: z.string().nullable(),
  rollbackDispatchedAt: nullableInstant,
};

/** A step as the rollout's detail lists it, each agent result cut to what a progress view shows. */
export const stepSummarySchema = z
  .object({ ...stepFields, agentResult: compactAgentResultSchema.nullable(), rollbackAgentResult: compactAgentResultSchema.nullable() })
  .strict();

export const rolloutDetailSchema = z.object({ rollout: rolloutSchema, steps: z.array(stepSummarySchema) }).strict();

/** The scheduler's record of the agent's answer to the forward step (what the gates judged). */
const stepResultSchema = z
  .object({
    outcome: z.string(),
    error: z.string().optional(),
    probe: z.object({ requests: z.number(), failed: z.number() }).strict(),
    backendServers: z.object({ total: z.number(), up: z.number(), notRunning: z.array(z.string()) }).strict().optional(),
    changes: z.array(appliedChangeSchema).optional().describe("the records the step's appliedChanges are read from"),
    answeredAt: z.string(),
  })
  .strict();

const rollbackResultSchema = z.object({ ok: z.boolean(), error: z.string().optional(), answeredAt: z.string() }).strict();

export const stepDetailSchema = z
  .object({
    rolloutId: z.string(),
    step: z.object({ ...stepFields, result: stepResultSchema.nullable(), rollbackResult: rollbackResultSchema.nullable() }).strict(),
    agentResult: agentResultSchema.nullable(),
    rollbackAgentResult: agentResultSchema.nullable(),
    /** Fields left out for the caller's role because they quote HAProxy itself. */
    hidden: z.array(z.string()),
  })
  .strict();

export const rolloutPageSchema = pageSchema(rolloutSchema);
