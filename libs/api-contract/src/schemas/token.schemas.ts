// API tokens, join tokens and the caller's own identity.
import { z } from 'zod';
import { ROLES } from '../vocabulary/roles';
import { instantText } from '../values/instant';

export const apiTokenIdSchema = z.string().uuid();

export const createApiTokenBodySchema = z
  .object({
    /** Unique among all tokens ever made, revoked ones too, so the name in an audit line stays one token's. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_", "-"; at most 63'),
    role: z.enum(ROLES),
    /** When the token stops working (ISO 8601 with a zone); absent: it works until revoked. */
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdBy: z.string(),
    createdAt: instantText,
    expiresAt: instantText.nullable(),
    revokedAt: instantText.nullable(),
    lastUsedAt: instantText.nullable(),
  })
  .strict();

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) }).strict();

/** The secret is in this answer only: it is stored as a hash. */
export const createdApiTokenSchema = z.object({ token: z.string(), apiToken: apiTokenSchema }).strict();

export const createJoinTokenBodySchema = z
  .object({
    hostName: z.string().min(1).max(253),
    ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(15),
  })
  .strict();

export const joinTokenSchema = z.object({ hostName: z.string(), token: z.string(), expiresAt: instantText }).strict();

export const whoamiSchema = z.object({ name: z.string(), role: z.enum(ROLES) }).strict();
