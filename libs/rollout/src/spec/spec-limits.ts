// Size limits of a rollout spec. The limits of each change (how many per
// reload, name lengths) are @hitless/haproxy's, shared with the agent; these
// are the rollout's own.
import { z } from 'zod';

/** Hosts one rollout may name in target.hosts or canary.hosts. */
export const MAX_TARGET_HOSTS = 10_000;

/**
 * An array of at most `max` items, each checked by `element`. The length is
 * checked first and on its own: a list past the limit is refused without
 * checking (or reporting on) each of its items.
 */
export function boundedArray<T extends z.ZodTypeAny>(element: T, max: number, message: string) {
  return z.array(z.unknown()).max(max, message).pipe(z.array(element));
}
