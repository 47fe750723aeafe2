import type { GateSpec } from '../spec/rollout-spec';
import type { GateInput } from './evaluate-gates';
import { evaluateGates } from './evaluate-gates';

const gates: GateSpec = { probeFailureThreshold: 0, requireBackendServersUp: true, agentDeadlineSeconds: 60 };
const good: GateInput = {
  outcome: 'succeeded',
  probe: { requests: 1200, failed: 0 },
  backendServers: { total: 4, up: 4, notRunning: [] },
  dispatchedAt: new Date('2026-11-25T12:00:00Z'),
  answeredAt: new Date('2026-11-25T12:00:20Z'),
};

const codes = (input: GateInput, spec: GateSpec = gates, dryRun = false) => {
  const verdict = evaluateGates(input, spec, { dryRun });
  return verdict.pass ? [] : verdict.reasons.map((reason) => reason.code);
};

describe('evaluateGates', () => {
  it('passes a clean reload', () => {
    expect(evaluateGates(good, gates)).toEqual({ pass: true });
  });

  it('fails on a single dropped probe request by default, and tolerates up to the threshold', () => {
    const dropped = { ...good, probe: { requests: 1200, failed: 2 } };
    expect(codes(dropped)).toEqual(['probe-failures']);
    expect(codes(dropped, { ...gates, probeFailureThreshold: 2 })).toEqual([]);
  });

  it('fails when a backend server is not UP again, naming it', () => {
    const verdict = evaluateGates({ ...good, backendServers: { total: 4, up: 3, notRunning: ['api/web2: stopping'] } }, gates);
    expect(verdict).toEqual({ pass: false, reasons: [{ code: 'backend-servers-down', message: expect.stringContaining('api/web2') }] });
  });

  it('fails when server states are unknown unless that gate is off', () => {
    const unknown = { ...good, backendServers: undefined };
    expect(codes(unknown)).toEqual(['backend-servers-unknown']);
    expect(codes(unknown, { ...gates, requireBackendServersUp: false })).toEqual([]);
  });

  it('fails an answer that came after the deadline', () => {
    expect(codes({ ...good, answeredAt: new Date('2026-11-25T12:01:00.001Z') })).toEqual(['agent-late']);
    expect(codes({ ...good, answeredAt: new Date('2026-11-25T12:01:00Z') })).toEqual([]);
  });

  it('fails every outcome but succeeded, with the agent error, and lists all reasons together', () => {
    for (const outcome of ['rejected', 'rolled-back', 'failed', 'validated'] as const) expect(codes({ ...good, outcome })).toContain('outcome');
    const verdict = evaluateGates({ ...good, outcome: 'rolled-back', error: 'new worker did not start', probe: { requests: 10, failed: 3 } }, gates);
    expect(verdict.pass).toBe(false);
    if (!verdict.pass) {
      expect(verdict.reasons.map((reason) => reason.code)).toEqual(['outcome', 'probe-failures']);
      expect(verdict.reasons[0].message).toContain('new worker did not start');
    }
  });

  it("expects 'validated' from a dry run and does not judge server states there", () => {
    expect(codes({ ...good, outcome: 'validated', backendServers: undefined }, gates, true)).toEqual([]);
    expect(codes(good, gates, true)).toEqual(['outcome']);
  });
});
