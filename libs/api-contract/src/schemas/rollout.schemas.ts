// Rollouts: what POST /rollouts takes, and the rollout, its steps and one step as answers carry them.
import { z } from 'zod';
import { HOST_STEP_STATES, ROLLOUT_STATES, STOP_REASONS } from '../vocabulary/rollout-states';
import { cursorSchema, limitSchema, pageSchema } from '../values/cursor';
import { instantText, isoInstantSchema } from '../values/instant';
import { compactReloadResultSchema, reloadResultSchema } from './reload-result.schemas';
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

/** Why a step's call has no reload result and never will: nothing ran on the host. */
const refusalSchema = z.object({ error: z.string(), at: z.string() }).strict();

/** A step's fields that every view of it carries; its results are referred to by reloadId and rollbackReloadId. */
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
    .describe("What the step's reload changed, one record per change of the spec (a rollback undoes them), read from its reload result; null until that is stored"),
  /** The agent refused the change before anything ran (no reload result will come). */
  refusal: refusalSchema.nullable(),
  rollbackReloadId: z.string().nullable(),
  rollbackDispatchedAt: nullableInstant,
  /** The rollback could not be built, or the agent refused it before anything ran. */
  rollbackRefusal: refusalSchema.nullable(),
};

/** A step as the rollout's detail lists it, each reload result cut to what a progress view shows. */
export const stepSummarySchema = z
  .object({ ...stepFields, reloadResult: compactReloadResultSchema.nullable(), rollbackReloadResult: compactReloadResultSchema.nullable() })
  .strict();

export const rolloutDetailSchema = z.object({ rollout: rolloutSchema, steps: z.array(stepSummarySchema) }).strict();

export const stepDetailSchema = z
  .object({
    rolloutId: z.string(),
    step: z.object(stepFields).strict(),
    reloadResult: reloadResultSchema.nullable(),
    rollbackReloadResult: reloadResultSchema.nullable(),
    /** Fields left out for the caller's role because they quote HAProxy itself. */
    hidden: z.array(z.string()),
  })
  .strict();

export const rolloutPageSchema = pageSchema(rolloutSchema);
