// The local command as an operator runs it: a real process, a real HAProxy in
// a lab namespace, and the exit codes scripts rely on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabLoadBalancer, openLabLoadBalancer } from '@hitless/lab';
import { CommandError, SystemProcessRunner } from '@hitless/process';

const runner = new SystemProcessRunner();
const TSX = join(__dirname, '../../../../node_modules/.bin/tsx');
const MAIN = join(__dirname, '../main.ts');

describe('hitless-agent reload', () => {
  let lab: LabLoadBalancer;
  beforeAll(async () => {
    lab = await openLabLoadBalancer({ label: 'cli', mode: 'master-worker' });
  });
  afterAll(async () => lab?.close());

  const agent = (...args: string[]) =>
    runner.run(TSX, [MAIN, ...args, '--config', lab.lb.configPath, '--state-dir', lab.stateDir, '--netns', lab.host.netns, '--probe-host', lab.host.address]);

  it('switches the algorithm, discovering the master socket, and prints JSON with zero failed probe requests', async () => {
    const out = await agent('reload', '--set-balance', 'api=leastconn', '--json', '--reload-id', 'cli-1');
    const result = JSON.parse(out.stdout) as { outcome: string; probe: { requests: number; failed: number }; strategy: string };
    expect(result.outcome).toBe('succeeded');
    expect(result.strategy).toBe('seamless');
    expect(result.probe.requests).toBeGreaterThan(0);
    expect(result.probe.failed).toBe(0);
    expect(await readFile(lab.lb.configPath, 'utf8')).toContain('    balance leastconn\n');
  });

  it('exits 2 with a clear message for a directive smuggled into an algorithm, changing nothing', async () => {
    const before = await readFile(lab.lb.configPath, 'utf8');
    const failure = await agent('reload', '--set-balance', 'api=first\n    server evil 198.18.0.9:80').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).exitCode).toBe(2);
    expect((failure as CommandError).stderr).toMatch(/set-balance\.balance: .*forbidden character/);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
  });

  it('exits 2 for an unknown backend and for an unknown option', async () => {
    const unknownBackend = (await agent('reload', '--set-balance', 'nope=first').catch((e: unknown) => e)) as CommandError;
    expect(unknownBackend.exitCode).toBe(2);
    expect(unknownBackend.stderr).toMatch(/nope/);
    const unknownOption = (await agent('reload', '--set-balanse', 'api=first').catch((e: unknown) => e)) as CommandError;
    expect(unknownOption.exitCode).toBe(2);
  });

  it('validates with --dry-run and leaves the live file alone', async () => {
    const before = await readFile(lab.lb.configPath, 'utf8');
    const out = await agent('reload', '--set-balance', 'api=uri len 12 depth 2', '--dry-run');
    expect(out.stdout).toMatch(/: validated/);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
  });

  it('reports what the host can do', async () => {
    const out = await agent('capabilities', '--json');
    const caps = JSON.parse(out.stdout) as { preferred: string; strategies: Array<{ name: string; available: boolean }> };
    expect(caps.preferred).toBe('seamless');
    expect(caps.strategies.map((s) => s.name)).toEqual(['seamless', 'migrate', 'plug', 'syn-drop', 'naive']);
  });
});
