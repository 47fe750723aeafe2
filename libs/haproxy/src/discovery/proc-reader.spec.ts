import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ppidFromStat, systemProcReader } from './proc-reader';

describe('ppidFromStat', () => {
  it('skips a comm holding spaces and parentheses', () => {
    expect(ppidFromStat('123 (my (odd) name) S 45 123 123 0 -1')).toBe(45);
  });
});

describe('systemProcReader over a fake /proc tree', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hitless-proc-'));
    mkdirSync(join(root, '77'));
    writeFileSync(join(root, '77', 'cmdline'), 'haproxy\0-W\0-f\0/etc/h.cfg\0');
    writeFileSync(join(root, '77', 'stat'), '77 (haproxy) S 1 77 77 0');
    symlinkSync('/usr/sbin/haproxy', join(root, '77', 'exe'));
    mkdirSync(join(root, '78')); // a zombie: empty cmdline
    writeFileSync(join(root, '78', 'cmdline'), '');
    mkdirSync(join(root, 'self'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads pids, argv, ppid and exe; missing files read as unknown', async () => {
    const proc = systemProcReader(root);
    expect((await proc.listPids()).sort()).toEqual([77, 78]);
    expect(await proc.readCmdline(77)).toEqual(['haproxy', '-W', '-f', '/etc/h.cfg']);
    expect(await proc.readCmdline(78)).toBeUndefined();
    expect(await proc.readCmdline(99)).toBeUndefined();
    expect(await proc.readPpid(77)).toBe(1);
    expect(await proc.readExe(77)).toBe('/usr/sbin/haproxy');
    expect(await proc.readCwd(77)).toBeUndefined();
  });
});
