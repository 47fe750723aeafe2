import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidChangeError, undoAppliedChanges } from '@hitless/haproxy';
import { RunningProcess, SystemProcessRunner } from '@hitless/process';
import { PhaseEvent, ReloadRequestError } from '@hitless/reload';
import { LabLoadBalancer as EngineLab, openLabLoadBalancer } from '@hitless/lab';

const runner = new SystemProcessRunner();
const setLeastconn = [{ kind: 'set-balance' as const, backend: 'api', balance: { algorithm: 'leastconn' as const } }];

async function hostRules(lab: EngineLab): Promise<string> {
  const filter = await runner.run('iptables-save', [], { netns: lab.host.netns });
  return filter.stdout.split('\n').filter((l) => l.includes('hitless')).join('\n');
}

/**
 * An edit made behind the engine's back that `haproxy -c` accepts but that fails
 * at start: a bind on a port that another program holds without SO_REUSEPORT.
 */
async function plantPortConflict(lab: EngineLab): Promise<RunningProcess> {
  const squatter = runner.spawn(process.execPath, ['-e', "require('net').createServer().listen(8099, '127.0.0.1')"], { netns: lab.host.netns });
  await appendFile(lab.lb.configPath, '\nfrontend trap\n    bind 127.0.0.1:8099\n    http-request return status 200\n');
  for (let i = 0; i < 100 && !(await runner.run('ss', ['-Hltn', 'sport = :8099'], { netns: lab.host.netns })).stdout.trim(); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return squatter;
}

describe.each(['master-worker', 'daemon'] as const)('reload engine on a %s HAProxy', (mode) => {
  let lab: EngineLab;
  beforeAll(async () => {
    lab = await openLabLoadBalancer({ label: mode === 'daemon' ? 'eng-d' : 'eng-mw', mode, engine: { probe: { ratePerSecond: 300, marginMs: 300 } } });
  });
  afterAll(async () => lab?.close());

  it('switches roundrobin to leastconn under probe traffic without a failed request', async () => {
    const oldPids = await lab.lb.workerPids();
    const events: PhaseEvent[] = [];
    const result = await lab.engine.reload({ reloadId: `${mode}-1`, changes: setLeastconn }, (e) => events.push(e));

    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');
    expect(result.probe.requests).toBeGreaterThan(50);
    expect(result.probe.failed).toBe(0);
    expect(await readFile(lab.lb.configPath, 'utf8')).toMatch(/\n    balance leastconn\n/);
    expect(result.oldPids).toEqual(oldPids);
    expect(result.newPids.length).toBeGreaterThan(0);
    expect(result.newPids.some((pid) => oldPids.includes(pid))).toBe(false);
    expect(await lab.lb.workerPids()).toEqual(expect.arrayContaining(result.newPids));
    expect(events.filter((e) => e.status === 'ok').map((e) => e.phase)).toEqual(['render', 'validate', 'write', 'reload', 'verify']);
    expect(result.phases.map((p) => p.phase)).toContain('reload');
    expect(result.backendServers).toEqual({ total: 2, up: 2, notRunning: [] });
    expect(result.changes).toEqual([
      { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: expect.any(Number), edit: 'replaced' },
    ]);
  });

  it('answers a repeated reload id with the stored result and applies nothing', async () => {
    const pids = await lab.lb.workerPids();
    const first = await lab.engine.result(`${mode}-1`);
    const again = await lab.engine.reload({ reloadId: `${mode}-1`, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'source' } }] });
    expect(again).toEqual(first);
    expect(await lab.lb.workerPids()).toEqual(pids);
    expect(await readFile(lab.lb.configPath, 'utf8')).toMatch(/balance leastconn/);
  });

  it('after a stop between verification and the saved result, recovery reports the reload as succeeded and leaves HAProxy alone', async () => {
    // The state a SIGKILL leaves in that window: last-known-good already holds the new config, the
    // in-flight record is still there, the result is not.
    const verified = (await lab.engine.result(`${mode}-1`))!;
    const record = { ...verified, reloadId: `${mode}-lost`, phase: 'verify' };
    await writeFile(join(lab.stateDir, 'in-flight.json'), JSON.stringify(record));
    const pids = await lab.lb.workerPids();
    const liveBefore = await readFile(lab.lb.configPath, 'utf8');

    const recovered = await lab.engine.recover();

    expect(recovered).toMatchObject({ reloadId: `${mode}-lost`, outcome: 'succeeded', configHashAfter: verified.configHashAfter });
    // What the interrupted reload changed is still reported: a rollback can undo it.
    expect(recovered!.changes).toEqual(verified.changes);
    expect(await lab.engine.result(`${mode}-lost`)).toEqual(recovered);
    expect(await lab.engine.recover()).toBeUndefined();
    expect(await lab.lb.workerPids()).toEqual(pids);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(liveBefore);
  });

  it('refuses an unknown backend, a file-reading expression, a bad reload id and an unavailable strategy without touching the live file', async () => {
    const before = await readFile(lab.lb.configPath, 'utf8');
    await expect(lab.engine.reload({ reloadId: `${mode}-2`, changes: [{ kind: 'set-balance', backend: 'nope', balance: { algorithm: 'first' } }] })).rejects.toThrow(InvalidChangeError);
    // The engine re-checks what it is handed, whoever called it: no map file is ever opened.
    const fileRead = [{ kind: 'set-balance' as const, backend: 'api', balance: { algorithm: 'hash' as const, expression: 'src,map_ip(/etc/shadow)' } }];
    await expect(lab.engine.reload({ reloadId: `${mode}-2b`, changes: fileRead, dryRun: true })).rejects.toThrow(/converter 'map_ip' is not allowed/);
    await expect(lab.engine.reload({ reloadId: 'bad id\n', changes: setLeastconn })).rejects.toThrow(ReloadRequestError);
    await expect(lab.engine.reload({ reloadId: `${mode}-3`, changes: setLeastconn, strategy: 'plug' })).rejects.toThrow(/plug is not available on this host: kernel .* lacks/);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
  });

  it('keeps a config that haproxy -c refuses away from the live file', async () => {
    const before = await readFile(lab.lb.configPath, 'utf8');
    const pids = await lab.lb.workerPids();
    // Allowed fetch and converter; HAProxy's type check refuses a boolean masked as an address.
    const result = await lab.engine.reload({
      reloadId: `${mode}-4`,
      changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'hash', expression: 'ssl_fc,ipmask(8)' } }],
    });
    expect(result.outcome).toBe('rejected');
    expect(result.validationOutput).toMatch(/converter 'ipmask' cannot be applied/);
    expect(result.error).toMatch(/^haproxy -c \(as nobody \(uid 65534, gid 65534\)\) refused the new config/);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
    expect(await lab.lb.workerPids()).toEqual(pids);
  });

  it('validates a dry run and changes nothing', async () => {
    const before = await readFile(lab.lb.configPath, 'utf8');
    const result = await lab.engine.reload({ reloadId: `${mode}-5`, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'static-rr' } }], dryRun: true });
    expect(result.outcome).toBe('validated');
    expect(result.configHashAfter).not.toBe(result.configHashBefore);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
  });

  it('rolls back to the last-known-good config when the new config fails to start, and serves again', async () => {
    const good = await readFile(lab.lb.configPath, 'utf8');
    const squatter = await plantPortConflict(lab);
    try {
      const result = await lab.engine.reload({ reloadId: `${mode}-6`, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'source' } }] });
      expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'rolled-back', error: expect.stringMatching(/did not take the new config/) });
      // HAProxy's own words stay out of `error` (every API reader sees it); the operator-only output keeps them.
      expect(result.error).not.toMatch(/ALERT|cannot bind/);
      if (mode === 'daemon') expect(result.validationOutput).toMatch(/Configuration file is valid\n\nstarting the new config:\n[\s\S]*cannot bind socket/);
      expect(await readFile(lab.lb.configPath, 'utf8')).toBe(good);
      // HAProxy pauses the old listeners while it retries a failed bind, so the probe
      // sees refused connections here: the figures must show them, not hide them.
      expect(result.probe.requests).toBeGreaterThan(50);
      expect(result.phases.map((p) => p.phase)).toContain('rollback');
    } finally {
      await squatter.stop('SIGKILL');
    }
    // HAProxy still serves, with the good config.
    const next = await lab.engine.reload({ reloadId: `${mode}-7`, changes: [{ kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 50 }] });
    expect(next.outcome).toBe('succeeded');
    expect(next.probe.failed).toBe(0);
  });

  it('rejects a bind on an address this host does not have before touching anything', async () => {
    const pids = await lab.lb.workerPids();
    await appendFile(lab.lb.configPath, `\nfrontend trap\n    bind ${lab.host.gatewayAddress}:8099\n    http-request return status 200\n`);
    const before = await readFile(lab.lb.configPath, 'utf8');
    const result = await lab.engine.reload({ reloadId: `${mode}-8`, changes: setLeastconn });
    expect(result.outcome).toBe('rejected');
    expect(result.error).toContain(`bind ${lab.host.gatewayAddress}:8099 uses ${lab.host.gatewayAddress}, which is not an address of this host`);
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(before);
    expect(await lab.lb.workerPids()).toEqual(pids);
    await writeFile(lab.lb.configPath, before.replace(/\nfrontend trap\n.*\n.*\n$/, ''));
  });

  it('undoes an inherited balance and weight with the records it returned: the live file comes back byte for byte', async () => {
    const inherited = (await readFile(lab.lb.configPath, 'utf8')).replace(/\n\s*balance [^\n]*/, '');
    await writeFile(lab.lb.configPath, inherited);
    const changed = await lab.engine.reload({
      reloadId: `${mode}-9`,
      changes: [
        { kind: 'set-balance', backend: 'api', balance: { algorithm: 'first' } },
        { kind: 'set-server-weight', backend: 'api', server: 'web2', weight: 3 },
      ],
    });
    expect(changed).toMatchObject({ outcome: 'succeeded', probe: { failed: 0 } });
    expect(changed.changes.map((c) => [c.field, c.before.origin, c.edit])).toEqual([
      ['balance', 'haproxy-default', 'inserted'],
      ['weight', 'haproxy-default', 'replaced'],
    ]);
    const undone = await lab.engine.reload({ reloadId: `${mode}-10`, changes: undoAppliedChanges(changed.changes) });
    expect(undone).toMatchObject({ outcome: 'succeeded', probe: { failed: 0 } });
    expect(await readFile(lab.lb.configPath, 'utf8')).toBe(inherited);
  });

  if (mode === 'daemon') {
    it.each(['syn-drop', 'migrate', 'naive'] as const)('reloads with the %s strategy and leaves no rule or sysctl behind', async (strategy) => {
      const sysctlBefore = (await runner.run('sysctl', ['-n', 'net.ipv4.tcp_migrate_req'], { netns: lab.host.netns })).stdout.trim();
      const algorithm = strategy === 'naive' ? 'first' : strategy === 'migrate' ? 'leastconn' : 'roundrobin';
      const result = await lab.engine.reload({ reloadId: `${mode}-${strategy}`, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm } }], strategy });
      expect(result.outcome).toBe('succeeded');
      expect(result.strategy).toBe(strategy);
      if (strategy !== 'naive') {
        expect(result.probe.failed).toBe(0);
        expect(result.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['prepare', 'cleanup']));
      }
      expect(await hostRules(lab)).toBe('');
      expect((await runner.run('sysctl', ['-n', 'net.ipv4.tcp_migrate_req'], { netns: lab.host.netns })).stdout.trim()).toBe(sysctlBefore);
    });
  }
});
