import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterWorkerController } from './master-worker-controller';

const HEADER = '#<PID>          <type>          <reloads>       <uptime>        <version>\n';
const showProc = (master: string, workers: number[], oldWorkers: number[] = []) =>
  `${HEADER}${master}\n# workers\n${workers.map((pid) => `${pid}  worker  0  0d00h00m01s  3.0.11`).join('\n')}\n# old workers\n${oldWorkers.map((pid) => `${pid}  worker  1  0d00h01m00s  3.0.11`).join('\n')}\n`;

/** A master CLI that answers each command from a script (the last answer for a command repeats). */
async function fakeMaster(script: Record<string, string[]>): Promise<{ path: string; received: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hitless-master-'));
  const path = join(dir, 'master.sock');
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      const command = chunk.toString().trim();
      received.push(command);
      const answers = script[command] ?? [''];
      socket.end((answers.length > 1 ? answers.shift() : answers[0]) ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    received,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('MasterWorkerController.restart', () => {
  it('2.7+: takes the master\'s synchronous Success=1 and names the new worker from one show proc, without waiting for the reload counter', async () => {
    // The counter is the same before and after: only the answer and the new pid tell.
    const master = await fakeMaster({
      'show proc': [showProc('901  master  7 [failed: 0]  0d04h00m00s  3.0.11', [4302]), showProc('901  master  7 [failed: 0]  0d04h00m00s  3.0.11', [4410], [4302])],
      reload: ['Success=1\n--\n[NOTICE]   (901) : haproxy version is 3.0.11\n'],
    });
    try {
      const outcome = await new MasterWorkerController(master.path).restart({ transferSockets: true, timeoutMs: 500 });
      expect(outcome).toEqual({ ok: true, oldPids: [4302], newPids: [4410], detail: '', output: '' });
      expect(master.received).toEqual(['show proc', 'reload', 'show proc']);
    } finally {
      await master.close();
    }
  });

  it('2.7+: Success=0 fails at once with the new process\'s alerts; the old worker is still the one', async () => {
    const master = await fakeMaster({
      'show proc': [showProc('901  master  7 [failed: 0]  0d04h00m00s  3.0.11', [4302])],
      reload: ["Success=0\n--\n[ALERT]    (901) : config : parsing [/etc/haproxy/haproxy.cfg:14] : unknown keyword 'garbage' in 'backend' section\n"],
    });
    try {
      const outcome = await new MasterWorkerController(master.path).restart({ transferSockets: true, timeoutMs: 500 });
      expect(outcome).toMatchObject({ ok: false, oldPids: [4302], newPids: [4302], detail: 'the master reported a failed reload' });
      expect(outcome.output).toContain("unknown keyword 'garbage'");
      expect(master.received).toEqual(['show proc', 'reload']);
    } finally {
      await master.close();
    }
  });

  it('2.6: an empty answer, so show proc is watched until the reload counter moves and a new worker appears', async () => {
    const master = await fakeMaster({
      'show proc': [
        showProc('901  master  3 [failed: 0]  0d04h00m00s  2.6.12', [4302]),
        showProc('901  master  3 [failed: 0]  0d04h00m00s  2.6.12', [4302]),
        showProc('901  master  4 [failed: 0]  0d04h00m00s  2.6.12', [4410], [4302]),
      ],
      reload: [''],
    });
    try {
      const outcome = await new MasterWorkerController(master.path).restart({ transferSockets: true, timeoutMs: 5000 });
      expect(outcome).toEqual({ ok: true, oldPids: [4302], newPids: [4410], detail: '', output: '' });
      expect(master.received).toEqual(['show proc', 'reload', 'show proc', 'show proc']);
    } finally {
      await master.close();
    }
  });
});
