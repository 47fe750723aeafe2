// The bodies of error answers. Every error is JSON with `error` (a stable code a
// client branches on) and `message` (words for people); some carry more.
import { z } from 'zod';

export const fieldProblemSchema = z.object({ field: z.string(), message: z.string() }).strict();
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/** Any error answer without more to say than its code and message. */
export const errorBodySchema = z.object({ error: z.string(), message: z.string() }).strict();

/** 400: which fields are wrong; or a wide rollout that needs `spec.confirm` (with the counts to confirm). */
export const badInputBodySchema = z
  .object({
    error: z.enum(['bad_input', 'confirmation_required']),
    message: z.string(),
    fields: z.array(fieldProblemSchema).optional(),
    confirm: z
      .object({ hosts: z.number().int(), firstBatchHosts: z.number().int() })
      .strict()
      .optional()
      .describe('confirmation_required: send spec.confirm.hosts equal to hosts'),
  })
  .strict();

/** 409: the request is valid but the world disagrees; what it disagrees with, where a client can act on it. */
export const conflictBodySchema = z
  .object({
    error: z.literal('conflict'),
    message: z.string(),
    /** A command the rollout's state does not allow: the state it is in. */
    state: z.string().optional(),
    /** A rollout whose hosts another active rollout holds. */
    busyHosts: z.array(z.object({ hostName: z.string(), rolloutId: z.string() }).strict()).optional(),
    /** An idempotency key used for a different rollout: that rollout. */
    rolloutId: z.string().optional(),
    /** A name that is taken. */
    field: z.string().optional(),
  })
  .strict();

/** 429: too many failed or unchecked credentials from this address; Retry-After says when to try again. */
export const tooManyBodySchema = z.object({ error: z.literal('too_many_requests'), message: z.string(), retryAfterSeconds: z.number().int() }).strict();

type Extra<T> = Partial<Omit<T, 'error' | 'message'>>;

/** Any error body a client may meet, for reading one whose status it did not expect. */
export type ErrorBody = z.output<typeof errorBodySchema> & Extra<z.output<typeof badInputBodySchema>> & Extra<z.output<typeof conflictBodySchema>> & Extra<z.output<typeof tooManyBodySchema>>;
