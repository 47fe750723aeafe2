import { UsageError } from './cli-errors';
import { batchSize, buildSpec, canary, parseSpecFile, weightChange, type SpecFlags } from './rollout-spec-flags';

const flags = (over: Partial<SpecFlags> = {}): SpecFlags => ({ setBalance: [], setWeight: [], selector: [], hosts: [], dryRun: false, ...over });

describe('buildSpec', () => {
  it('turns the flags of the usual command into a spec', () => {
    expect(buildSpec(flags({ setBalance: ['api=leastconn'], selector: ['env=prod'], canary: '1', batch: '20%', window: 'w-1', dryRun: true }))).toEqual({
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
      target: { labels: { env: 'prod' } },
      plan: { canary: { count: 1 }, batchSize: { percent: 20 } },
      windowId: 'w-1',
      dryRun: true,
    });
  });

  it('keeps everything after the first = as the balance, arguments included', () => {
    expect(buildSpec(flags({ setBalance: ['api=hdr(Host) use_domain_only'], hosts: ['lb-1,lb-2'] })).changes).toEqual([
      { kind: 'set-balance', backend: 'api', balance: 'hdr(Host) use_domain_only' },
    ]);
  });

  it('lets flags override a spec file, and flag changes replace the file\'s', () => {
    const base = { target: { labels: { env: 'stage' } }, changes: [{ kind: 'set-balance', backend: 'old', balance: 'source' }], plan: { batchSize: { count: 3 }, failureBudget: 1 }, gates: { agentDeadlineSeconds: 60 } };
    expect(buildSpec(flags({ setBalance: ['api=first'], selector: ['env=prod'], batch: '2', deadline: '30' }), base)).toEqual({
      target: { labels: { env: 'prod' } },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'first' }],
      plan: { batchSize: { count: 2 }, failureBudget: 1 },
      gates: { agentDeadlineSeconds: 30 },
    });
  });

  it('passes out-of-range numbers on for the server to judge, so its 400 names the field', () => {
    expect(buildSpec(flags({ setBalance: ['api=x'], hosts: ['a'], batch: '0' })).plan).toEqual({ batchSize: { count: 0 } });
  });

  it('asks for a change and a target', () => {
    expect(() => buildSpec(flags({ selector: ['env=prod'] }))).toThrow(/needs a change/);
    expect(() => buildSpec(flags({ setBalance: ['api=leastconn'] }))).toThrow(/needs a target/);
  });

  it.each([['api'], ['=leastconn'], ['api=']])('refuses --set-balance %s', (text) => {
    expect(() => buildSpec(flags({ setBalance: [text], hosts: ['a'] }))).toThrow(UsageError);
  });
});

describe('flag forms', () => {
  it('reads batch sizes, canaries and weights', () => {
    expect(batchSize('5')).toEqual({ count: 5 });
    expect(batchSize('25%')).toEqual({ percent: 25 });
    expect(() => batchSize('lots')).toThrow(/--batch takes a whole number/);
    expect(canary('2')).toEqual({ count: 2 });
    expect(canary('lb-1,lb-2')).toEqual({ hosts: ['lb-1', 'lb-2'] });
    expect(weightChange('api/web1=50')).toEqual({ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 });
  });

  it('refuses a spec file that is not a JSON object', () => {
    expect(() => parseSpecFile('s.json', '{')).toThrow(/s.json is not JSON/);
    expect(() => parseSpecFile('s.json', '[]')).toThrow(/must hold a JSON object/);
  });
});
