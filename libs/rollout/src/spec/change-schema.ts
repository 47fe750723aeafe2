// Zod schema for one typed change. Names and balance arguments go through
// @hitless/haproxy's own checks so that nothing accepted here can smuggle a
// newline or a directive into haproxy.cfg.
import { IDENTIFIER, InvalidChangeError, MAX_NAME_LENGTH, MAX_SERVER_WEIGHT, parseBalance, validateBalanceSetting } from '@hitless/haproxy';
import type { BalanceSetting, BalanceSpec, ConfigChange } from '@hitless/haproxy';
import { z } from 'zod';

const haproxyName = z
  .string()
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  .regex(IDENTIFIER, "must be an HAProxy name (letters, digits, '_', '.', ':', '-')");

/**
 * A string (`leastconn`, `hdr(Host) use_domain_only`) or `{ algorithm, args }`
 * goes through the text grammar; any other object is a stored BalanceSetting
 * read back, re-checked field by field.
 */
function toBalance(value: unknown): BalanceSetting {
  if (typeof value === 'string') return parseBalance(value, 'balance');
  if (value !== null && typeof value === 'object' && 'args' in value) return parseBalance(value as BalanceSpec, 'balance');
  return validateBalanceSetting(value as BalanceSetting, 'balance');
}

const setBalance = z.object({ kind: z.literal('set-balance'), backend: haproxyName, balance: z.unknown() }).strict();

const setServerWeight = z
  .object({
    kind: z.literal('set-server-weight'),
    backend: haproxyName,
    server: haproxyName,
    weight: z.number().int().min(0).max(MAX_SERVER_WEIGHT),
  })
  .strict();

// The backend (or server) takes its value from `defaults` / `default-server` again: how a
// rollback undoes a change of a value that was inherited.
const inheritBalance = z.object({ kind: z.literal('inherit-balance'), backend: haproxyName }).strict();
const inheritServerWeight = z.object({ kind: z.literal('inherit-server-weight'), backend: haproxyName, server: haproxyName }).strict();

export const changeSchema = z.discriminatedUnion('kind', [setBalance, setServerWeight, inheritBalance, inheritServerWeight]).transform((input, ctx): ConfigChange => {
  if (input.kind !== 'set-balance') return input;
  try {
    return { kind: 'set-balance', backend: input.backend, balance: toBalance(input.balance) };
  } catch (error) {
    // Only the caller's mistake becomes a field issue; anything else is a bug and propagates.
    if (!(error instanceof InvalidChangeError)) throw error;
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [error.field], message: error.message.slice(error.field.length + 2) });
    return z.NEVER;
  }
});
