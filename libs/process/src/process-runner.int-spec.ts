// Integration tier: real child processes. A command run with fewer privileges
// really has them (ids, groups, capabilities, memory limit), and a timeout
// ends the command's whole process tree. Needs root, setpriv and prlimit.
import { readFileSync } from 'node:fs';
import { CommandError } from './command-error';
import { isProcessAlive } from './process-alive';
import { SystemProcessRunner } from './process-runner';

const runner = new SystemProcessRunner();
const NOBODY = { uid: 65534, gid: 65534 };

function statusField(status: string, name: string): string {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(status)?.[1].trim() ?? '';
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true; // reaped while we looked: as good as a zombie
    throw error;
  }
}

async function refusal(run: Promise<unknown>): Promise<CommandError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('SystemProcessRunner', () => {
  it('runs a command as another user: every uid and gid, no groups, no capabilities, no new privileges', async () => {
    const { stdout } = await runner.run('cat', ['/proc/self/status'], { runAs: NOBODY });
    expect(statusField(stdout, 'Uid').split(/\s+/)).toEqual(['65534', '65534', '65534', '65534']);
    expect(statusField(stdout, 'Gid').split(/\s+/)).toEqual(['65534', '65534', '65534', '65534']);
    expect(statusField(stdout, 'Groups')).toBe('');
    expect(statusField(stdout, 'CapEff')).toBe('0000000000000000');
    expect(statusField(stdout, 'CapPrm')).toBe('0000000000000000');
    expect(statusField(stdout, 'NoNewPrivs')).toBe('1');
    // The same command as root reads what nobody cannot.
    await runner.run('cat', ['/etc/shadow']);
    const denied = await refusal(runner.run('cat', ['/etc/shadow'], { runAs: NOBODY }));
    expect(denied.reason).toBe('exit');
    expect(denied.stderr).toMatch(/Permission denied/);
  });

  it('limits the address space of a command', async () => {
    const limit = 512 * 1024 * 1024;
    const { stdout } = await runner.run('cat', ['/proc/self/limits'], { maxMemoryBytes: limit, runAs: NOBODY });
    expect(stdout).toMatch(new RegExp(`^Max address space\\s+${limit}\\s+${limit}\\s+bytes`, 'm'));
  });

  it('reports a command killed by a signal as such, not as one that could not start', async () => {
    const crashed = await refusal(runner.run(process.execPath, ['-e', "process.kill(process.pid, 'SIGSEGV')"]));
    expect({ reason: crashed.reason, signal: crashed.signal, exitCode: crashed.exitCode }).toEqual({ reason: 'exit', signal: 'SIGSEGV', exitCode: null });
    expect(crashed.message).toMatch(/was killed by SIGSEGV/);
  });

  it('kills the whole process tree on timeout, not only the direct child', async () => {
    // The child starts a grandchild that holds stdout open for 60 s, prints its pid, and idles.
    const script = "const c = require('child_process').spawn('sleep', ['60'], { stdio: 'inherit' }); console.log(c.pid); setInterval(() => {}, 1000);";
    const started = Date.now();
    const timedOut = await refusal(runner.run(process.execPath, ['-e', script], { timeoutMs: 1500 }));
    expect(timedOut.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(15_000);
    const grandchild = Number(timedOut.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    // Killed, then reaped by whoever inherited it: give the reaper a moment.
    const deadline = Date.now() + 5000;
    while (isProcessAlive(grandchild) && !isZombie(grandchild) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isProcessAlive(grandchild) && !isZombie(grandchild)).toBe(false);
  });
});
