// An agent killed with SIGKILL in the middle of a guarded reload: the next
// start must undo the guard it left engaged and leave HAProxy running one whole
// config, and the interrupted reload must get a result.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabLoadBalancer, openLabLoadBalancer } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';

const runner = new SystemProcessRunner();
const TSX = join(__dirname, '../../../../node_modules/.bin/tsx');
const MAIN = join(__dirname, '../main.ts');

describe('hitless-agent killed mid-reload', () => {
  let lab: LabLoadBalancer;
  beforeAll(async () => {
    lab = await openLabLoadBalancer({ label: 'crash', mode: 'daemon' });
  });
  afterAll(async () => lab?.close());

  const common = () => ['--config', lab.lb.configPath, '--pid-file', lab.lb.pidFile, '--state-dir', lab.stateDir, '--netns', lab.host.netns, '--probe-host', lab.host.address];
  const ourRules = async () => (await runner.run('iptables', ['-S', 'INPUT'], { netns: lab.host.netns })).stdout.split('\n').filter((l) => l.includes('hitless:'));

  it('undoes the SYN-drop rule it left, restores one whole config and records the interrupted reload', async () => {
    const original = await readFile(lab.lb.configPath, 'utf8');
    const ledger = join(lab.stateDir, 'engaged.json');
    const agent = runner.spawn(TSX, ['--', MAIN, 'reload', '--set-balance', 'api=leastconn', '--strategy', 'syn-drop', '--reload-id', 'crash-1', ...common()]);
    // Freeze it the moment its SYN-drop rule is in place, then kill it outright.
    const deadline = Date.now() + 20_000;
    while ((await ourRules()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    process.kill(-agent.pid, 'SIGSTOP');
    const leftBehind = await ourRules();
    await agent.stop('SIGKILL');
    expect(existsSync(ledger)).toBe(true);
    expect(leftBehind.length).toBeGreaterThan(0);

    const recovery = await runner.run(TSX, [MAIN, 'recover', ...common()]);
    expect(recovery.stdout).toMatch(/reload crash-1: rolled-back/);
    expect(await ourRules()).toEqual([]);
    expect(existsSync(ledger)).toBe(false);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(original);
    // The running HAProxy serves the whole original config, and the engine works again.
    const next = JSON.parse((await runner.run(TSX, [MAIN, 'reload', '--set-balance', 'api=leastconn', '--json', ...common()])).stdout) as { outcome: string; probe: { failed: number } };
    expect(next.outcome).toBe('succeeded');
    expect(next.probe.failed).toBe(0);
  });
});
