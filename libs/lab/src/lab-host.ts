// A lab host: a network namespace joined to the root namespace by a veth pair,
// with an address from 198.18.0.0/15 and no route anywhere else. Names carry the
// creating process's pid so that a later run can sweep what a crashed run left.
import { CommandError, isProcessAlive, ProcessRunner, SystemProcessRunner } from '@hitless/process';
import { addressesForSlot } from './addresses';

export interface LabHost {
  name: string;
  netns: string;
  /** The host's address inside its namespace (what clients connect to). */
  address: string;
  /** The root namespace's end of the veth pair. */
  gatewayAddress: string;
  vethOutside: string;
  /** Cuts the host off (or connects it again): its veth carries nothing while down. */
  setLinkUp(up: boolean): Promise<void>;
  destroy(): Promise<void>;
}

const PREFIX = 'hl';
let created = 0;

/**
 * The whole lab range is unreachable from the root namespace except through a lab host's own veth
 * (its /30 is more specific): if a veth or its route goes away while traffic still flows, packets
 * to 198.18.x are refused here instead of following the default route off the machine.
 */
const LAB_RANGE_GUARD = ['unreachable', '198.18.0.0/15', 'metric', '4000'];

export async function createLabHost(label: string, runner: ProcessRunner = new SystemProcessRunner()): Promise<LabHost> {
  if (!/^[a-z0-9-]{1,12}$/.test(label)) throw new Error(`lab host label "${label}" must be 1-12 of [a-z0-9-]`);
  const index = created++;
  // Random slots keep parallel test workers apart; a taken slot is retried below.
  for (let attempt = 0; ; attempt++) {
    const slot = Math.floor(Math.random() * 32768);
    try {
      return await createInSlot(label, index, slot, runner);
    } catch (error) {
      if (attempt >= 4 || !(error instanceof CommandError) || !/exists/i.test(error.stderr)) throw error;
    }
  }
}

async function createInSlot(label: string, index: number, slot: number, runner: ProcessRunner): Promise<LabHost> {
  const netns = `${PREFIX}-${process.pid}-${index}-${label}`;
  const vethOutside = `hlv${slot}o`;
  const vethInside = `hlv${slot}i`;
  const { outside, inside, prefixLength } = addressesForSlot(slot);
  const ip = (...args: string[]) => runner.run('ip', args);

  await ip('route', 'replace', ...LAB_RANGE_GUARD);
  await ip('netns', 'add', netns);
  try {
    await ip('-n', netns, 'link', 'set', 'lo', 'up');
    await ip('link', 'add', vethOutside, 'type', 'veth', 'peer', 'name', vethInside, 'netns', netns);
    await ip('addr', 'add', `${outside}/${prefixLength}`, 'dev', vethOutside);
    await ip('link', 'set', vethOutside, 'up');
    await ip('-n', netns, 'addr', 'add', `${inside}/${prefixLength}`, 'dev', vethInside);
    await ip('-n', netns, 'link', 'set', vethInside, 'up');
  } catch (error) {
    await destroyNamespace(netns, vethOutside, runner);
    throw error;
  }
  return {
    name: label,
    netns,
    address: inside,
    gatewayAddress: outside,
    vethOutside,
    // The namespace's end goes down, not the root's: with the root end down the kernel deletes the
    // root namespace's route to the host, and traffic to its address would then follow the default
    // route off the machine. This way the route stays on the veth, which carries nothing.
    setLinkUp: async (up) => void (await ip('-n', netns, 'link', 'set', vethInside, up ? 'up' : 'down')),
    destroy: () => destroyNamespace(netns, vethOutside, runner),
  };
}

async function destroyNamespace(netns: string, vethOutside: string | undefined, runner: ProcessRunner): Promise<void> {
  // Processes started inside would keep running after the namespace is gone.
  const pids = await runner.run('ip', ['netns', 'pids', netns], { okExitCodes: [0, 1] });
  for (const pid of pids.stdout.split('\n').map(Number).filter((n) => n > 0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  await runner.run('ip', ['netns', 'del', netns], { okExitCodes: [0, 1] });
  // Deleting the namespace deletes the pair; this only matters if creation failed halfway.
  if (vethOutside) await runner.run('ip', ['link', 'del', vethOutside], { okExitCodes: [0, 1] });
  await removeRangeGuardWhenUnused(runner);
}

/** The guard goes with the last lab host of any process on this machine. */
async function removeRangeGuardWhenUnused(runner: ProcessRunner): Promise<void> {
  const list = await runner.run('ip', ['netns', 'list']);
  if (list.stdout.split('\n').some((line) => line.startsWith(`${PREFIX}-`))) return;
  await runner.run('ip', ['route', 'del', ...LAB_RANGE_GUARD], { okExitCodes: [0, 2] });
}

/** Removes lab namespaces whose creating process no longer runs (a crashed or killed test run). */
export async function sweepStaleLabHosts(runner: ProcessRunner = new SystemProcessRunner()): Promise<string[]> {
  const list = await runner.run('ip', ['netns', 'list']);
  const swept: string[] = [];
  for (const line of list.stdout.split('\n')) {
    const name = line.split(' ')[0];
    const match = /^hl-(\d+)-/.exec(name ?? '');
    if (!name || !match) continue;
    if (isProcessAlive(Number(match[1]))) continue;
    await destroyNamespace(name, undefined, runner);
    swept.push(name);
  }
  await removeRangeGuardWhenUnused(runner);
  return swept;
}
