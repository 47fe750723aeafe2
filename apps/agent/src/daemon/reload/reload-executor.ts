// What the daemon needs from a reload engine. @hitless/reload's ReloadEngine
// satisfies it; unit tests use an in-memory one.
import type { HostCapabilities, PhaseEvent, ReloadRequest, ReloadResult } from '@hitless/reload';

export interface ReloadExecutor {
  capabilities(): Promise<HostCapabilities>;
  /** Applies a reload id at most once; a known id returns its stored result. */
  reload(request: ReloadRequest, onEvent?: (event: PhaseEvent) => void): Promise<ReloadResult>;
  /** The stored result of a past reload on this host. */
  result(reloadId: string): Promise<ReloadResult | undefined>;
  /** After a crash: puts the host back in order; returns the interrupted reload's result, if any. */
  recover(): Promise<ReloadResult | undefined>;
}
