// The agent that dies mid-reload: a real engine runs a `plug` reload and, with
// the plug engaged and HAProxy about to restart, kills itself with SIGKILL (no
// finally block, no exit handler runs). It prints when it engaged the plug.
import { ReloadEngine } from '@hitless/reload';
import { HoldingRunner } from './holding-runner';

interface ChildArgs {
  configPath: string;
  stateDir: string;
  pidFile: string;
  netns: string;
  probeHost: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '') as ChildArgs;
  const runner = new HoldingRunner();
  runner.atNextRestart(async () => {
    process.stdout.write(`plugged ${Date.now()}\n`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  });
  const engine = await ReloadEngine.open({
    configPath: args.configPath, stateDir: args.stateDir, runtime: { mode: 'daemon', pidFile: args.pidFile },
    netns: args.netns, probeHost: args.probeHost, probe: { ratePerSecond: 0 }, runner,
  });
  await engine.reload({ reloadId: 'crash-1', strategy: 'plug', changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm: 'leastconn' } }] });
  throw new Error('the reload finished although the engine should have died during it');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
