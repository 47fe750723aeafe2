import { InvalidChangeError, type ConfigChange } from '@hitless/haproxy';
import * as wire from '@hitless/proto';
import { reloadRequestFromWire, reloadRequestToWire } from './reload-request-mapping';

describe('reload request mapping', () => {
  it('puts typed changes on the wire without raw config text', () => {
    const request = reloadRequestToWire('rs-1', 'lb-1', [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hdr', header: 'Host', useDomainOnly: true } }], 'seamless');
    expect(request.changes[0].change).toEqual({ $case: 'setBalance', value: { backend: 'api', balance: { algorithm: 'hdr(Host)', args: ['use_domain_only'] } } });
    expect(request.strategy).toBe(wire.Strategy.STRATEGY_SEAMLESS);
    expect(reloadRequestToWire('rs-1', 'lb-1', [{ kind: 'inherit-balance', backend: 'api' }]).strategy).toBe(wire.Strategy.STRATEGY_UNSPECIFIED);
  });

  it('every kind of change comes back as it went out, through the binary encoding', () => {
    const changes: ConfigChange[] = [
      { kind: 'set-balance', backend: 'api', balance: { algorithm: 'url_param', param: 'userid', checkPost: true } },
      { kind: 'inherit-balance', backend: 'static' },
      { kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 0 },
      { kind: 'inherit-server-weight', backend: 'api', server: 'web2' },
    ];
    const sent = wire.ReloadRequest.decode(wire.ReloadRequest.encode(reloadRequestToWire('rs-1', 'lb-1', changes, 'plug')).finish());
    expect(reloadRequestFromWire(sent, { dryRun: false })).toEqual({ reloadId: 'rs-1', changes, strategy: 'plug', dryRun: false });
  });

  it.each<[string, wire.ConfigChange, string]>([
    ['a change that names nothing', { change: undefined }, 'changes[0]'],
    ['a balance without its setting', { change: { $case: 'setBalance', value: { backend: 'api', balance: undefined } } }, 'changes[0].balance'],
    ['a balance that reads a file', { change: { $case: 'setBalance', value: { backend: 'api', balance: { algorithm: 'hash', args: ['map(/etc/shadow)'] } } } }, 'changes[0].balance'],
    ['a weight above the limit', { change: { $case: 'setServerWeight', value: { backend: 'api', server: 'w', weight: 257 } } }, 'changes[0].weight'],
  ])('refuses %s before anything runs', (_what, change, field) => {
    const request = wire.ReloadRequest.fromPartial({ reloadId: 'rs-1', hostName: 'lb-1', changes: [change] });
    expect(() => reloadRequestFromWire(request, { dryRun: false })).toThrow(InvalidChangeError);
    expect(() => reloadRequestFromWire(request, { dryRun: false })).toThrow(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}`));
  });
});
