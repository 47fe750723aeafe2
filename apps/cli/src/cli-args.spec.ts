import { parseCommandLine } from './cli-args';
import { UsageError } from './cli-errors';

const usage = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('parseCommandLine', () => {
  it('reads rollout create flags, repeatable ones as lists, and the global options anywhere', () => {
    const { global, command } = parseCommandLine([
      'rollout', 'create', '--set-balance', 'api=leastconn', '--set-balance', 'web=source', '--selector', 'env=prod',
      '--canary', '1', '--batch', '20%', '--window', 'w1', '--dry-run', '--output', 'json', '--server', 'http://x:1', '--idempotency-key', 'key-00001',
    ]);
    expect(global).toEqual({ server: 'http://x:1', token: undefined, config: undefined, output: 'json' });
    expect(command).toMatchObject({
      kind: 'rollout-create',
      idempotencyKey: 'key-00001',
      watch: false,
      spec: { setBalance: ['api=leastconn', 'web=source'], selector: ['env=prod'], canary: '1', batch: '20%', window: 'w1', dryRun: true },
    });
  });

  it('reads the confirmation of a wide rollout: --confirm-hosts N or --yes, not both', () => {
    const base = ['rollout', 'create', '--set-balance', 'api=leastconn', '--selector', 'env=prod'];
    expect(parseCommandLine(base).command).toMatchObject({ confirmation: { yes: false } });
    expect(parseCommandLine([...base, '--confirm-hosts', '40']).command).toMatchObject({ confirmation: { yes: false, hosts: 40 } });
    expect(parseCommandLine([...base, '-y']).command).toMatchObject({ confirmation: { yes: true } });
    expect(parseCommandLine(['rollout', 'rollback', 'abc', '--yes']).command).toMatchObject({ kind: 'rollout-rollback', confirmation: { yes: true } });
    expect(usage([...base, '--confirm-hosts', '40', '--yes'])).toMatch(/--confirm-hosts N or --yes, not both/);
    expect(usage([...base, '--confirm-hosts', 'all'])).toMatch(/--confirm-hosts takes the number of targeted hosts/);
    expect(usage([...base, '--confirm-hosts', '0'])).toMatch(/--confirm-hosts takes the number of targeted hosts/);
    expect(usage(['rollout', 'rollback', 'abc', '--confirm-hosts', '3'])).toMatch(/does not take --confirm-hosts/);
  });

  it('reads status --watch with an interval in seconds', () => {
    expect(parseCommandLine(['rollout', 'status', 'abc', '--watch', '--interval', '0.5']).command).toEqual({ kind: 'rollout-status', id: 'abc', watch: true, intervalMs: 500 });
  });

  it('defaults hosts, windows and tokens to list', () => {
    expect(parseCommandLine(['hosts']).command).toEqual({ kind: 'hosts-list', selector: undefined, online: undefined });
    expect(parseCommandLine(['windows']).command).toEqual({ kind: 'windows-list' });
    expect(parseCommandLine(['tokens']).command).toEqual({ kind: 'tokens-list' });
  });

  it('reads a token expiry and the CA file for HTTPS', () => {
    expect(parseCommandLine(['tokens', 'create', '--name', 'ci', '--role', 'viewer', '--expires-at', '2027-01-01T00:00:00Z']).command).toEqual({
      kind: 'tokens-create',
      name: 'ci',
      role: 'viewer',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    expect(parseCommandLine(['hosts', '--ca-file', '/srv/ca.crt']).global.caFile).toBe('/srv/ca.crt');
  });

  it('reads hosts labels as a name and pairs', () => {
    expect(parseCommandLine(['hosts', 'labels', 'lb-1', 'env=prod', 'tier=edge']).command).toEqual({ kind: 'hosts-labels', name: 'lb-1', labels: ['env=prod', 'tier=edge'] });
  });

  it('answers --help and help with the topic', () => {
    expect(parseCommandLine(['rollout', '--help']).command).toEqual({ kind: 'help', topic: 'rollout' });
    expect(parseCommandLine(['help', 'hosts']).command).toEqual({ kind: 'help', topic: 'hosts' });
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown flag', ['rollout', 'create', '--bacth', '3'], /Unknown option '--bacth'/],
    ['a flag of another command', ['hosts', 'list', '--batch', '3'], /'hosts list' does not take --batch/],
    ['a missing id', ['rollout', 'pause'], /usage: hitless rollout pause ID/],
    ['an extra argument', ['rollout', 'abort', 'a', 'b'], /usage: hitless rollout abort ID/],
    ['an unknown command', ['deploy'], /unknown command 'deploy'/],
    ['an unknown verb', ['rollout', 'explode'], /unknown command 'rollout explode'/],
    ['a bad output format', ['hosts', '--output', 'yaml'], /--output takes text or json/],
    ['a bad interval', ['rollout', 'status', 'x', '--watch', '--interval', 'soon'], /--interval takes seconds/],
    ['a bad online filter', ['hosts', '--online', 'maybe'], /--online takes true or false/],
    ['a token without a role', ['tokens', 'create', '--name', 'ci'], /needs --role/],
  ])('refuses %s as bad usage', (_case, argv, message) => {
    expect(usage(argv)).toMatch(message);
  });
});
