// Makes a host's HAProxy config directory read-only for its agent: a read-only
// bind mount of the directory onto itself, made inside the agent process's own
// mount namespace (`ip netns exec` gives it one), so the agent's writes fail
// with EROFS even as root, while HAProxy and the test keep their view.
import { SystemProcessRunner } from '@hitless/process';
import type { FleetHost } from '../support/lab-fleet';

export interface ReadOnlyDir {
  /** Removes the mount again; safe to call twice. */
  restore(): Promise<void>;
}

export async function makeConfigDirReadOnly(host: FleetHost): Promise<ReadOnlyDir> {
  const pid = host.agent.pid;
  if (pid === undefined) throw new Error(`the agent of ${host.name} is not a process of its own`);
  const runner = new SystemProcessRunner();
  const inAgentMounts = (...args: string[]) => runner.run('nsenter', ['--target', String(pid), '--mount', '--', ...args]);
  const dir = host.lb.dir;
  await inAgentMounts('mount', '--bind', dir, dir);
  let mounted = true;
  const restore = async () => {
    if (!mounted) return;
    await inAgentMounts('umount', dir);
    mounted = false;
  };
  try {
    await inAgentMounts('mount', '-o', 'remount,ro,bind', dir, dir);
    // Proof from the agent's point of view: creating a file there must fail.
    const probe = await runner.run('nsenter', ['--target', String(pid), '--mount', '--', 'touch', `${dir}/.hitless-write-probe`], { okExitCodes: [0, 1] });
    if (probe.exitCode === 0 || !/read-only/i.test(probe.stderr)) throw new Error(`the config dir of ${host.name} is still writable for its agent: ${probe.stderr}`);
  } catch (error) {
    await restore();
    throw error;
  }
  return { restore };
}
