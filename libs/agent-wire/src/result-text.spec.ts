import { InvalidChangeError } from '@hitless/haproxy';
import * as wire from '@hitless/proto';
import { reloadResultToWire, refusedResultToWire } from './reload-result-mapping';
import { assertStorableResult, storableText } from './result-text';

describe('reload result text', () => {
  const result = (over: Partial<wire.ReloadResult>) => wire.ReloadResult.fromPartial({ reloadId: 'r-1', hostName: 'lb-1', outcome: wire.Outcome.OUTCOME_REJECTED, ...over });

  it.each<[string, Partial<wire.ReloadResult>]>([
    ['result.summary[1]', { summary: ['ok', 'balance \u0000'] }],
    ['result.validation_output', { validationOutput: '[ALERT] \u0000\u0001' }],
    ['result.error', { error: '\u0000' }],
    ['result.probe.errors', { probe: { requests: 1, failed: 1, errors: { 'E\u0000': 1 }, p50Ms: 0, p99Ms: 0, maxMs: 0, durationMs: 0 } }],
    ['result.backend_servers.not_running[0]', { backendServers: { total: 1, up: 0, notRunning: ['api/\u0000: DOWN'] } }],
  ])('refuses a NUL in %s, naming it', (field, over) => {
    expect(() => assertStorableResult(result(over))).toThrow(InvalidChangeError);
    expect(() => assertStorableResult(result(over))).toThrow(`${field}: contains a NUL character`);
  });

  it('refuses a malformed change record, naming it: the server acts on these', () => {
    const record = { backend: 'api', server: '', field: wire.ChangedField.CHANGED_FIELD_BALANCE, before: { value: 'roundrobin', origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT }, after: { value: 'leastconn', origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT }, line: 3, edit: wire.LineEdit.LINE_EDIT_REPLACED };
    expect(() => assertStorableResult(result({ changes: [record] }))).not.toThrow();
    expect(() => assertStorableResult(result({ changes: [record, { ...record, backend: 'api\nserver x 1.2.3.4:80' }] }))).toThrow(/^result\.changes\[1\]\.backend: /);
    expect(() => assertStorableResult(result({ changes: [{ ...record, before: { value: 'a\u0000', origin: wire.ValueOrigin.VALUE_ORIGIN_EXPLICIT } }] }))).toThrow(/^result\.changes\[0\]\.before\.value: /);
  });

  it("keeps the agent's own results storable: NUL becomes U+FFFD on the way out", () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    const sent = reloadResultToWire(
      {
        reloadId: 'r-1',
        outcome: 'rejected',
        strategy: 'seamless',
        strategyReason: 'x',
        changes: [],
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
    expect(() => assertStorableResult(sent)).not.toThrow();
    expect(sent.validationOutput).toContain('\uFFFD\uFFFD');
    expect(() => assertStorableResult(refusedResultToWire('r-2', 'lb-1', wire.Outcome.OUTCOME_FAILED, 'engine: \u0000', ''))).not.toThrow();
  });
});
