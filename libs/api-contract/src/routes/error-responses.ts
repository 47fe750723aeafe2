// The error answers a route gives, by what the route does: every protected route
// can be refused for its token; input can be wrong; a body can be too big or not
// JSON; a named thing can be missing; a change can conflict with the state of things.
import { badInputBodySchema, conflictBodySchema, errorBodySchema, tooManyBodySchema } from '../schemas/error-bodies';
import type { ResponseSpec } from './route-spec';

/** The largest request body the API reads (the server refuses a larger one with 413 before parsing it). */
export const BODY_LIMIT_BYTES = 256 * 1024;

export const PROTECTED = {
  400: {
    description: "bad input: { error, message, fields: [{ field, message }] }; a wide rollout without a matching spec.confirm: { error: 'confirmation_required', confirm: { hosts, firstBatchHosts } }",
    schema: badInputBodySchema,
  },
  401: { description: 'no valid token (missing, unknown, revoked or expired)', schema: errorBodySchema },
  403: { description: 'role may not act', schema: errorBodySchema },
  429: { description: 'too many failed tokens from this address, or too many token checks at once; retry after Retry-After seconds', schema: tooManyBodySchema },
} as const satisfies Record<number, ResponseSpec>;

export const WITH_BODY = {
  413: { description: `body over ${BODY_LIMIT_BYTES} bytes`, schema: errorBodySchema },
  415: { description: 'body not application/json in UTF-8, or compressed', schema: errorBodySchema },
} as const satisfies Record<number, ResponseSpec>;

export const notFound = (what: string) => ({ 404: { description: `no such ${what}`, schema: errorBodySchema } }) satisfies Record<number, ResponseSpec>;

export const conflict = (when: string) => ({ 409: { description: `conflict: ${when}`, schema: conflictBodySchema } }) satisfies Record<number, ResponseSpec>;
