import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges, InvalidChangeError, parseConfig } from '@hitless/haproxy';
import { silentLogger } from '@hitless/log';
import { SystemProcessRunner } from '@hitless/process';
import * as wire from '@hitless/proto';
import type { ReloadRequest } from '@hitless/reload';
import { ResultFileStore } from '../storage/result-file-store';
import { MemoryExecutor } from '../testing/memory-executor';
import { HookRunner } from './hook-runner';
import { ReloadCoordinator } from './reload-coordinator';

// The hooks are real processes; on a loaded 2-core machine they can take seconds to start.
jest.setTimeout(30_000);
import { ReloadInFlightError } from './reload-errors';

const leastconn = (reloadId: string): ReloadRequest => ({
  reloadId,
  changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'leastconn' } }],
});

describe('ReloadCoordinator', () => {
  let dir: string;
  let executor: MemoryExecutor;
  let outbox: ResultFileStore;
  let coordinator: ReloadCoordinator;
  const noEvents = () => undefined;

  async function build(): Promise<ReloadCoordinator> {
    outbox = await new ResultFileStore(join(dir, 'outbox')).init();
    const results = await new ResultFileStore(join(dir, 'results')).init();
    const hooks = new HookRunner(
      {
        drain: { command: ['/usr/bin/touch', join(dir, 'drained')], timeoutMs: 5000 },
        undrain: { command: ['/usr/bin/touch', join(dir, 'undrained')], timeoutMs: 5000 },
        broken: { command: ['/bin/false'], timeoutMs: 5000 },
      },
      new SystemProcessRunner(),
    );
    const created = new ReloadCoordinator({
      hostName: 'lb-1',
      stateDir: dir,
      executor,
      results,
      outbox,
      hooks,
      precheck: async (request) => void applyChanges(parseConfig(executor.config), request.changes),
      onResult: () => undefined,
      log: silentLogger,
    });
    await created.recover();
    return created;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-coordinator-'));
    executor = new MemoryExecutor();
    coordinator = await build();
  });
  afterEach(async () => {
    executor.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies a reload id once and answers a repeat with the same result', async () => {
    const first = await coordinator.reload(leastconn('r-1'), { before: [], after: [] }, noEvents);
    const second = await coordinator.reload(leastconn('r-1'), { before: [], after: [] }, noEvents);
    expect(executor.applied).toBe(1);
    expect(second).toEqual(first);
    expect(first.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
    expect(first.hostName).toBe('lb-1');
    expect((await outbox.list()).map((r) => r.reloadId)).toEqual(['r-1']);
  });

  it('still answers a repeated id after a restart, without applying it again', async () => {
    const first = await coordinator.reload(leastconn('r-1'), { before: [], after: [] }, noEvents);
    const restarted = await build();
    expect(await restarted.reload(leastconn('r-1'), { before: [], after: [] }, noEvents)).toEqual(first);
    expect(executor.applied).toBe(1);
  });

  it('rejects another reload while one runs, naming it; the same id joins the running one', async () => {
    executor.hold();
    const joinedEvents: wire.PhaseEvent[] = [];
    const running = coordinator.reload(leastconn('r-1'), { before: [], after: [] }, noEvents);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(coordinator.reload(leastconn('r-2'), { before: [], after: [] }, noEvents)).rejects.toThrow(ReloadInFlightError);
    await expect(coordinator.reload(leastconn('r-2'), { before: [], after: [] }, noEvents)).rejects.toThrow(/r-1/);
    const joined = coordinator.reload(leastconn('r-1'), { before: [], after: [] }, (event) => joinedEvents.push(event));
    await new Promise((resolve) => setImmediate(resolve));
    executor.release();
    const [a, b] = await Promise.all([running, joined]);
    expect(b).toEqual(a);
    expect(executor.applied).toBe(1);
    expect(joinedEvents.map((event) => event.phase)).toContain('reload');
    expect((await outbox.list()).map((r) => r.reloadId)).toEqual(['r-1']);
  });

  it('refuses an unknown backend or hook before anything runs, and reports nothing', async () => {
    const unknownBackend: ReloadRequest = { reloadId: 'r-3', changes: [{ kind: 'set-balance', backend: 'nope', balance: { algorithm: 'leastconn' } }] };
    await expect(coordinator.reload(unknownBackend, { before: ['drain'], after: [] }, noEvents)).rejects.toThrow(InvalidChangeError);
    await expect(coordinator.reload(leastconn('r-4'), { before: ['rm-rf'], after: [] }, noEvents)).rejects.toThrow(/no hook named 'rm-rf'/);
    expect(executor.applied).toBe(0);
    expect(await outbox.list()).toEqual([]);
    expect(await readdir(join(dir, 'accepted'))).toEqual([]);
    await expect(stat(join(dir, 'drained'))).rejects.toThrow(/ENOENT/);
  });

  it('runs named hooks around a reload; a failing before hook leaves the config alone', async () => {
    await coordinator.reload(leastconn('r-5'), { before: ['drain'], after: ['undrain'] }, noEvents);
    await stat(join(dir, 'drained'));
    await stat(join(dir, 'undrained'));
    const before = executor.config;
    const refused = await coordinator.reload(leastconn('r-6'), { before: ['broken'], after: [] }, noEvents);
    expect(refused.outcome).toBe(wire.Outcome.OUTCOME_REJECTED);
    expect(refused.error).toMatch(/before hook failed/);
    expect(executor.config).toBe(before);
  });

  it('after a crash, reports the interrupted reload from what the engine recorded, or as failed', async () => {
    const recorded = await new MemoryExecutor().reload(leastconn('r-7'));
    executor.remember(recorded);
    await mkdir(join(dir, 'accepted'), { recursive: true });
    await writeFile(join(dir, 'accepted', 'r-7.json'), '{}');
    await writeFile(join(dir, 'accepted', 'r-8.json'), '{}');
    await build();
    const reported = new Map<string, wire.ReloadResult>((await outbox.list()).map((r) => [r.reloadId, r]));
    expect(reported.get('r-7')?.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
    expect(reported.get('r-8')?.outcome).toBe(wire.Outcome.OUTCOME_FAILED);
    expect(await readdir(join(dir, 'accepted'))).toEqual([]);
  });
});
