// Scenarios 1 and 3 (deterministic) in the kernel lab: while the engine holds a
// `plug` reload just before HAProxy restarts, a new connection gets no SYN-ACK,
// over loopback and over a veth ingress (ifb + mirred); after the release it
// completes. Also: the capability probe finds plug available on that kernel.
import type { PreparedKernelLab } from '@hitless/kernel-lab';
import { kernelLab, PREPARE_TIMEOUT_MS, runScenarioInLab } from './plug-lab';

interface HoldResult {
  path: string;
  plug: { available: boolean; reason: string };
  outcome: string;
  error?: string;
  synSentSeen: boolean;
  stillWaitingAfterHold: boolean;
  heldMs: number;
  hookMs: number;
  qdiscsWhileHeld: string;
  request: { exitCode: number | string; httpStatus: string; connectMs: number };
  qdiscsAfter: string;
}

describe('plug strategy in the kernel lab: held SYNs', () => {
  let lab: PreparedKernelLab | string;
  let results: { loopback: HoldResult; ingress: HoldResult } | undefined;

  beforeAll(async () => {
    lab = await kernelLab();
    if (typeof lab === 'string') return;
    results = (await runScenarioInLab<{ loopback: HoldResult; ingress: HoldResult }>(lab, 'hold-scenario', 240_000)).result;
  }, PREPARE_TIMEOUT_MS + 240_000);

  const each = (path: 'loopback' | 'ingress') => {
    if (typeof lab === 'string') {
      console.warn(`skipped: ${lab}`);
      return undefined;
    }
    const result = results?.[path];
    if (!result) throw new Error(`the hold scenario printed no ${path} result`);
    return result;
  };

  it.each(['loopback', 'ingress'] as const)('%s: with the plug engaged a SYN gets no answer; after the release the connection completes', (path) => {
    const result = each(path);
    if (!result) return;
    expect(result.outcome).toBe('succeeded');
    expect(result.qdiscsWhileHeld).toMatch(/qdisc plug 40:/);
    // The client sat in SYN-SENT for the whole hold, past its first SYN retransmission.
    expect(result.synSentSeen).toBe(true);
    expect({ stillWaitingAfterHold: result.stillWaitingAfterHold, hookMs: result.hookMs }).toEqual({ stillWaitingAfterHold: true, hookMs: expect.any(Number) });
    expect(result.request).toMatchObject({ exitCode: 0, httpStatus: '200' });
    expect(result.request.connectMs).toBeGreaterThanOrEqual(result.heldMs);
    // Released and torn down: nothing of the plug is left on the host.
    expect(result.qdiscsAfter).not.toMatch(/plug|prio|ingress/);
  });

  it('the capability probe reports plug available on the stock kernel', () => {
    const result = each('loopback');
    if (!result) return;
    expect(result.plug.available).toBe(true);
    expect(result.plug.reason).toMatch(/sch_plug/);
  });
});
