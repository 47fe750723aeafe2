import { InvalidChangeError } from '@hitless/haproxy';
import { Outcome, ReloadResult } from '../generated/hitless/v1/reload';
import { reloadResultToWire, refusedResultToWire } from './reload-result-mapping';
import { assertStorableResult, storableText } from './result-text';

describe('reload result text', () => {
  const wire = (over: Partial<ReloadResult>) => ReloadResult.fromPartial({ reloadId: 'r-1', hostName: 'lb-1', outcome: Outcome.OUTCOME_REJECTED, ...over });

  it.each<[string, Partial<ReloadResult>]>([
    ['result.summary[1]', { summary: ['ok', 'balance \u0000'] }],
    ['result.validation_output', { validationOutput: '[ALERT] \u0000\u0001' }],
    ['result.error', { error: '\u0000' }],
    ['result.probe.errors', { probe: { requests: 1, failed: 1, errors: { 'E\u0000': 1 }, p50Ms: 0, p99Ms: 0, maxMs: 0, durationMs: 0 } }],
    ['result.backend_servers.not_running[0]', { backendServers: { total: 1, up: 0, notRunning: ['api/\u0000: DOWN'] } }],
  ])('refuses a NUL in %s, naming it', (field, over) => {
    expect(() => assertStorableResult(wire(over))).toThrow(InvalidChangeError);
    expect(() => assertStorableResult(wire(over))).toThrow(`${field}: contains a NUL character`);
  });

  it("keeps the agent's own results storable: NUL becomes U+FFFD on the way out", () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    const result = reloadResultToWire(
      {
        reloadId: 'r-1',
        outcome: 'rejected',
        strategy: 'seamless',
        strategyReason: 'x',
        summary: ['line \u0000'],
        oldPids: [],
        newPids: [],
        configHashBefore: '',
        configHashAfter: '',
        phases: [],
        validationOutput: "[ALERT] parsing: map file '/dev/urandom' line 1: '\u0000\u0000'",
        error: 'e\u0000',
        probe: { requests: 0, failed: 0, errors: {}, p50_ms: 0, p99_ms: 0, max_ms: 0, byTarget: {}, eventLoopLag_p99_ms: 0, eventLoopLag_max_ms: 0, inFlight: 0, durationMs: 0 },
        startedAt: '',
        finishedAt: '',
      },
      'lb-1',
    );
    expect(() => assertStorableResult(result)).not.toThrow();
    expect(result.validationOutput).toContain('\uFFFD\uFFFD');
    expect(() => assertStorableResult(refusedResultToWire('r-2', 'lb-1', Outcome.OUTCOME_FAILED, 'engine: \u0000', ''))).not.toThrow();
  });
});
