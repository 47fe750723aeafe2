// Makes the next reload of a lab host fail at start although its config passes
// `haproxy -c`: the live config gains a bind on a port that another process
// already owns without SO_REUSEPORT, so the new worker cannot bind and the
// agent's engine rolls back.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import type { FleetHost } from './lab-fleet';

const TRAP_PORT = 8099;
const TRAP = `\nfrontend trap\n    bind 127.0.0.1:${TRAP_PORT}\n    http-request return status 200\n`;

export interface PortConflict {
  /** Stops the squatter and takes the trap out of the live config again. */
  remove(): Promise<void>;
}

export async function plantPortConflict(host: FleetHost): Promise<PortConflict> {
  const runner = new SystemProcessRunner();
  const squatter: RunningProcess = runner.spawn(process.execPath, ['-e', `require('net').createServer().listen(${TRAP_PORT}, '127.0.0.1')`], { netns: host.lab.netns });
  await appendFile(host.lb.configPath, TRAP);
  for (let i = 0; i < 100 && !(await runner.run('ss', ['-Hltn', `sport = :${TRAP_PORT}`], { netns: host.lab.netns })).stdout.trim(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    remove: async () => {
      await squatter.stop('SIGKILL');
      await writeFile(host.lb.configPath, (await readFile(host.lb.configPath, 'utf8')).replace(TRAP, ''));
    },
  };
}
