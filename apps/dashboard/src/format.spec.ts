import { formatAge, formatAppliedChange, formatMs } from './format';
import { parseRoute } from './routes';

describe('formatting and routes', () => {
  it('reads durations and ages the way operators say them', () => {
    expect([formatMs(3.14159), formatMs(123.4), formatMs(12_345), formatMs(undefined)]).toEqual(['3.1 ms', '123 ms', '12.3 s', '–']);
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect([formatAge('2026-01-01T11:59:30Z', now), formatAge('2026-01-01T11:00:00Z', now), formatAge(null, now)]).toEqual(['30 s ago', '60 min ago', 'never']);
  });

  it('says what a change did from its typed record, and where an inherited value came from', () => {
    expect(formatAppliedChange({ backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'haproxy-default' }, after: { value: 'leastconn', origin: 'explicit' }, line: 12, edit: 'inserted' })).toBe(
      "api: balance roundrobin (HAProxy's default) → leastconn",
    );
    expect(formatAppliedChange({ backend: 'api', server: 'web1', field: 'weight', before: { value: '50', origin: 'explicit' }, after: { value: '7', origin: 'defaults' }, line: 14, edit: 'replaced' })).toBe(
      'api: web1 weight 50 → 7 (from defaults)',
    );
  });

  it('routes fragments, decoding names and falling back to the overview', () => {
    expect(parseRoute('#/hosts/lb%2Feu-1')).toEqual({ view: 'host', name: 'lb/eu-1' });
    expect(parseRoute('#/rollouts/abc')).toEqual({ view: 'rollout', id: 'abc' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'overview' });
    expect(parseRoute('')).toEqual({ view: 'overview' });
  });
});
