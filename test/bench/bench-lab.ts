// One fresh lab load balancer per benchmark run, so no run inherits sockets,
// rules or TIME_WAIT from another.
import { LAB_FRONTEND_PORT, LabHaproxyMode, LabLoadBalancer, openLabLoadBalancer } from '@hitless/lab';

export const FRONTEND_PORT = LAB_FRONTEND_PORT;
/** How long a new HAProxy may take to take over before the engine calls the reload failed. */
const VERIFY_TIMEOUT_MS = 15_000;

export interface BenchLab extends LabLoadBalancer {
  mode: LabHaproxyMode;
}

export async function openBenchLab(label: string, mode: LabHaproxyMode): Promise<BenchLab> {
  const lab = await openLabLoadBalancer({
    label,
    mode,
    // The benchmark's own load probe measures the whole run; a second probe per
    // reload would only add load the figures do not show.
    engine: { probe: { ratePerSecond: 0 }, verifyTimeoutMs: VERIFY_TIMEOUT_MS },
  });
  return { ...lab, mode };
}
