// The typed edits a reload can make to haproxy.cfg. Raw configuration text is
// never a change: every value goes through a grammar before it reaches a line.
import type { BalanceSetting } from './balance-setting';

export type ConfigChange =
  | { readonly kind: 'set-balance'; readonly backend: string; readonly balance: BalanceSetting }
  /** Removes the backend's own `balance` lines: it inherits from `defaults` (or HAProxy's default) again. */
  | { readonly kind: 'inherit-balance'; readonly backend: string }
  | { readonly kind: 'set-server-weight'; readonly backend: string; readonly server: string; readonly weight: number }
  /** Removes `weight` from the server's line: a `default-server` weight (or HAProxy's 1) applies again. */
  | { readonly kind: 'inherit-server-weight'; readonly backend: string; readonly server: string };

export const CONFIG_CHANGE_KINDS = ['set-balance', 'inherit-balance', 'set-server-weight', 'inherit-server-weight'] as const satisfies readonly ConfigChange['kind'][];

export const MAX_SERVER_WEIGHT = 256;
