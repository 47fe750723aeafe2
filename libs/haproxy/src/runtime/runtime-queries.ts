import type { HaproxyInfo } from './show-info';
import type { ServersState } from './show-servers-state';
import type { StatRow } from './show-stat';

/** `set server <b>/<s> state ...`: back in rotation, no new sessions, or out entirely. */
export type ServerAdminCommand = 'ready' | 'drain' | 'maint';

/**
 * What callers ask of a running worker. A worker's `stats socket` and the
 * master CLI (routing with `@1`) both provide it, so a host without a stats
 * socket works the same.
 */
export interface RuntimeQueries {
  showInfo(): Promise<HaproxyInfo>;
  showStat(): Promise<StatRow[]>;
  /** All backends, or only the one named. */
  showServersState(backend?: string): Promise<ServersState>;
  /** Weight 0..256, as the configuration's `weight`; applies without a reload. */
  setServerWeight(backend: string, server: string, weight: number): Promise<void>;
  setServerState(backend: string, server: string, state: ServerAdminCommand): Promise<void>;
}
