import { fixture } from './fixtures';
import { parseShowProc } from './show-proc';

describe('parseShowProc', () => {
  it('reads 2.6.12 output (captured): master with failed counter, one worker, empty programs', () => {
    const proc = parseShowProc(fixture('show-proc.2.6.12.txt'));
    expect(proc.master).toEqual({
      pid: 7092,
      reloads: 4,
      failedReloads: 0,
      uptime: '0d00h15m05s',
      uptimeSec: 905,
      version: '2.6.12-1+deb12u4',
    });
    expect(proc.workers).toEqual([{ pid: 8551, reloads: 0, uptime: '0d00h01m50s', uptimeSec: 110, version: '2.6.12-1+deb12u4' }]);
    expect(proc.oldWorkers).toEqual([]);
    expect(proc.programs).toEqual([]);
  });

  it('reads 2.6.12 old workers (captured while a connection held the old worker)', () => {
    const proc = parseShowProc(fixture('show-proc.2.6.12-old-workers.txt'));
    expect(proc.workers.map((w) => w.pid)).toEqual([8551]);
    expect(proc.oldWorkers).toEqual([{ pid: 8505, reloads: 1, uptime: '0d00h00m02s', uptimeSec: 2, version: '2.6.12-1+deb12u4' }]);
  });

  it('reads a failed reload on 2.6.12 (captured): counter moves, failed > 0, worker kept', () => {
    const proc = parseShowProc(fixture('show-proc.2.6.12-failed-reload.txt'));
    expect(proc.master.reloads).toBe(2);
    expect(proc.master.failedReloads).toBe(1);
    expect(proc.workers).toEqual([expect.objectContaining({ pid: 8133, reloads: 1 })]);
  });

  it('reads the pre-2.5 layout with <relative PID> and [was: N]', () => {
    const proc = parseShowProc(fixture('show-proc.2.4.txt'));
    expect(proc.master).toEqual(expect.objectContaining({ pid: 1021, reloads: 2, relativePid: 0 }));
    expect(proc.master.failedReloads).toBeUndefined();
    expect(proc.workers).toEqual([expect.objectContaining({ pid: 2210, relativePid: 1, reloads: 0 })]);
    expect(proc.oldWorkers).toEqual([expect.objectContaining({ pid: 1990, relativePid: 1, reloads: 1 })]);
    expect(proc.programs).toEqual([{ pid: 1030, name: 'dataplaneapi', reloads: 2, uptime: '1d02h03m03s', uptimeSec: 93783 }]);
  });

  it('reads 3.0 output without a programs section and with several old workers', () => {
    const proc = parseShowProc(fixture('show-proc.3.0.txt'));
    expect(proc.master).toEqual(expect.objectContaining({ pid: 901, reloads: 7, failedReloads: 0, version: '3.0.5-1~bpo12+1' }));
    expect(proc.workers.map((w) => w.pid)).toEqual([4410]);
    expect(proc.oldWorkers.map((w) => [w.pid, w.reloads])).toEqual([
      [4302, 1],
      [4120, 2],
    ]);
    expect(proc.programs).toEqual([]);
  });

  it('reads 3.2 programs and old programs', () => {
    const proc = parseShowProc(fixture('show-proc.3.2-programs.txt'));
    expect(proc.programs).toEqual([expect.objectContaining({ pid: 80, name: 'logshipper', reloads: 1 })]);
    expect(proc.oldPrograms).toEqual([expect.objectContaining({ pid: 79, name: 'logshipper', reloads: 2 })]);
  });

  it('ignores the extra debug columns of `show proc debug`', () => {
    const text =
      '#<PID>          <type>          <reloads>       <uptime>        <version>      \t\t <ipc_fd[0]>     <ipc_fd[1]>    \n' +
      '10              master          0 [failed: 0]   0d00h00m01s     3.1.0          \t\t 5               6              \n' +
      '# workers\n' +
      '11              worker          0               0d00h00m01s     3.1.0          \t\t 7               -1             \n';
    const proc = parseShowProc(text);
    expect(proc.master).toEqual(expect.objectContaining({ pid: 10, failedReloads: 0, version: '3.1.0' }));
    expect(proc.workers).toEqual([expect.objectContaining({ pid: 11, version: '3.1.0' })]);
  });

  it('rejects answers that are not show proc', () => {
    expect(() => parseShowProc("Unknown command, but maybe one of the following ones is a better match:\n")).toThrow(/header/);
    expect(() => parseShowProc('#<PID> <type> <reloads> <uptime> <version>\n# weird\n')).toThrow(/unknown section/);
    expect(() => parseShowProc('#<PID> <type> <reloads> <uptime> <version>\n# workers\n')).toThrow(/no master/);
  });
});
