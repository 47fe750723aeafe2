import { Outcome, Strategy } from '@hitless/proto';
import { previousBalance, reloadRequest, stepReloadId } from './reload-request';

describe('rollout reload requests', () => {
  it('derives one short, valid reload id per rollout, host, attempt and kind', () => {
    const id = stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'change');
    expect(id).toMatch(/^rs-[0-9a-f]{32}-a1$/);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'change')).toBe(id);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 2, 'change')).not.toBe(id);
    expect(stepReloadId('1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', `lb-${'x'.repeat(200)}`, 1, 'rollback')).toMatch(/^rb-/);
  });

  it('reads the balance before the change from the agent summary, and only a valid one', () => {
    expect(previousBalance(['backend api: balance roundrobin -> leastconn (line 18)'], 'api')).toBe('roundrobin');
    expect(previousBalance(['backend api: balance hdr(Host) use_domain_only -> leastconn (line 3)'], 'api')).toBe('hdr(Host) use_domain_only');
    expect(previousBalance(['listen web: balance leastconn unchanged (line 7)'], 'web')).toBe('leastconn');
    expect(previousBalance(['backend api: balance (inherited) -> leastconn (inserted at line 9)'], 'api')).toBeUndefined();
    expect(previousBalance(['backend other: balance source -> leastconn (line 4)'], 'api')).toBeUndefined();
    expect(() => previousBalance(['backend api: balance roundrobin\n    bind :1 -> leastconn (line 4)'], 'api')).not.toThrow();
  });

  it('puts typed changes on the wire without raw config text', () => {
    const request = reloadRequest('rs-1', 'lb-1', [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hdr', header: 'Host', useDomainOnly: true } }], 'seamless');
    expect(request.changes[0].change).toEqual({ $case: 'setBalance', value: { backend: 'api', balance: { algorithm: 'hdr(Host)', args: ['use_domain_only'] } } });
    expect(request.strategy).toBe(Strategy.STRATEGY_SEAMLESS);
    expect(Outcome.OUTCOME_SUCCEEDED).toBe(1);
  });
});
