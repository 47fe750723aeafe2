// A reload result as answers carry it: the agent's ReloadResult in proto3 JSON
// (fields at their zero value are left out), as the server stored it when the
// agent's outbox delivered it (one record per reload id).
import { z } from 'zod';
import { wireAppliedChangeSchema } from './applied-change.schemas';

/** What clients saw while the reload ran, measured by the agent's probe. */
export const probeFiguresSchema = z
  .object({
    requests: z.number().optional(),
    failed: z.number().optional(),
    errors: z.record(z.number()).optional(),
    p50Ms: z.number().optional(),
    p99Ms: z.number().optional(),
    maxMs: z.number().optional(),
    durationMs: z.number().optional(),
  })
  .strict();

export const phaseTimingSchema = z.object({ phase: z.string(), ms: z.number().optional(), ok: z.boolean().optional() }).strict();

/** The fields of a result a progress view shows: what GET /rollouts/{id} lists for each step. */
export const compactReloadResultSchema = z
  .object({
    outcome: z.string().optional(),
    strategy: z.string().optional(),
    error: z.string().optional(),
    phases: z.array(phaseTimingSchema).optional(),
    probe: probeFiguresSchema.optional(),
  })
  .strict();

/**
 * The whole result, as GET /rollouts/{id}/steps/{host} gives it. Open to fields this
 * list does not name: it is the agent's own record, and a newer agent may say more.
 */
export const reloadResultSchema = compactReloadResultSchema
  .extend({
    reloadId: z.string().optional(),
    hostName: z.string().optional(),
    strategyReason: z.string().optional(),
    summary: z.array(z.string()).optional(),
    oldPids: z.array(z.number()).optional(),
    newPids: z.array(z.number()).optional(),
    configHashBefore: z.string().optional(),
    configHashAfter: z.string().optional(),
    validationOutput: z.string().optional().describe("HAProxy's own output; only for operators and admins"),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    backendServers: z.object({ total: z.number().optional(), up: z.number().optional(), notRunning: z.array(z.string()).optional() }).strict().optional(),
    changes: z.array(wireAppliedChangeSchema).optional().describe("what the changes did (the step's appliedChanges carry the same records in the API's words)"),
  })
  .passthrough();
