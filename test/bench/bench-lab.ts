// One fresh lab load balancer per benchmark run, so no run inherits sockets,
// rules or TIME_WAIT from another.
import { LAB_FRONTEND_PORT, LabHaproxyMode, LabLoadBalancer, openLabLoadBalancer } from '@hitless/lab';

export const FRONTEND_PORT = LAB_FRONTEND_PORT;
/** How long a new HAProxy may take to take over before the engine calls the reload failed. */
const VERIFY_TIMEOUT_MS = 15_000;
/**
 * idle clients hold about rate × 2.5 s of connections open (a mean rest of 2.5 s), 5,000 at
 * 2,000 req/s: above the lab's default maxconn, past which HAProxy stops accepting and the
 * run would measure its own queue. HAProxy needs about two descriptors per connection and
 * the machines' hard limit is 20,000, so this is as high as it goes (idle clients up to about
 * 3,500 req/s).
 */
export const BENCH_MAXCONN = 9000;

export interface BenchLab extends LabLoadBalancer {
  mode: LabHaproxyMode;
}

export async function openBenchLab(label: string, mode: LabHaproxyMode): Promise<BenchLab> {
  const lab = await openLabLoadBalancer({
    label,
    mode,
    maxconn: BENCH_MAXCONN,
    // The benchmark's own load probe measures the whole run; a second probe per
    // reload would only add load the figures do not show.
    engine: { probe: { ratePerSecond: 0 }, verifyTimeoutMs: VERIFY_TIMEOUT_MS },
  });
  return { ...lab, mode };
}
