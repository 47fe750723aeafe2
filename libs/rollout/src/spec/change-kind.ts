import type { ConfigChange } from '@hitless/haproxy';
import type { ChangeKind } from './rollout-spec';

/**
 * HAProxy has no runtime command for `balance`, so it needs a reload; a
 * server weight is set with `set weight` over the runtime API.
 */
export function changeKind(change: ConfigChange): ChangeKind {
  switch (change.kind) {
    case 'set-balance':
    case 'inherit-balance':
      return 'reload';
    case 'set-server-weight':
    case 'inherit-server-weight':
      return 'runtime';
  }
}

/** One change that needs a reload makes the whole host step a reload. */
export function changesKind(changes: readonly ConfigChange[]): ChangeKind {
  return changes.some((change) => changeKind(change) === 'reload') ? 'reload' : 'runtime';
}
