// What bench:plug writes: the bench:reload shape (env + runs), each run also
// saying which path the traffic took and that wrk, not the Node probe, made it.
import type { SoftLockup } from '@hitless/kernel-lab';
import type { BenchEnv, BenchRun } from '../bench-types';

export type PlugPath = 'loopback' | 'ingress';
export type PlugStrategy = 'plug' | 'naive';

export type PlugBenchRun = Pick<BenchRun, 'client' | 'reloads' | 'reload_failures' | 'reload_errors' | 'requests' | 'failed' | 'errors' | 'p50_ms' | 'p99_ms' | 'max_ms' | 'reload_ms_p50' | 'reload_ms_max' | 'duration_ms'> & {
  strategy: PlugStrategy;
  /** loopback: clients inside the load balancer's namespace; ingress: from another namespace over a veth. */
  path: PlugPath;
  load_tool: 'wrk';
  /** wrk times a request from its first byte written, so time spent waiting for a SYN-ACK is not in these latencies. */
  latency_excludes_connect: true;
};

export interface PlugBenchReport {
  env: BenchEnv;
  settings: { reloads: number; interval_ms: number; connections: number; paths: PlugPath[] };
  runs: PlugBenchRun[];
  /**
   * CPU stalls the guest reported and recovered from during the boot (set on the host, which
   * reads the VM's console): an emulator on a busy host, not the strategy; they explain slow figures.
   */
  guest_soft_lockups?: SoftLockup[];
  started_at: string;
  finished_at: string;
}
