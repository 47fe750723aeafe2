import type { ProcessRunner, RunResult } from '@hitless/process';
import { haproxyVersion, parseHaproxyVersion } from './haproxy-version';

describe('parseHaproxyVersion', () => {
  it('reads the Debian 2.6.12 banner', () => {
    const banner = 'HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\nStatus: long-term supported branch\n';
    expect(parseHaproxyVersion(banner)).toEqual({ major: 2, minor: 6, patch: 12, full: '2.6.12-1+deb12u4' });
  });

  it('reads 3.x, development snapshots and the old spelling', () => {
    expect(parseHaproxyVersion('HAProxy version 3.2.4-1 2025/08/14')).toEqual({ major: 3, minor: 2, patch: 4, full: '3.2.4-1' });
    expect(parseHaproxyVersion('HAProxy version 3.1-dev5-6fd2b4e 2024/08/01')).toEqual({ major: 3, minor: 1, patch: 0, full: '3.1-dev5-6fd2b4e' });
    expect(parseHaproxyVersion('HA-Proxy version 1.8.19 2019/02/11')).toEqual({ major: 1, minor: 8, patch: 19, full: '1.8.19' });
  });

  it('rejects other text', () => {
    expect(() => parseHaproxyVersion('bash: haproxy: command not found')).toThrow(/banner/);
  });
});

describe('haproxyVersion', () => {
  it('runs `<binary> -v` through the process runner', async () => {
    const calls: Array<[string, readonly string[]]> = [];
    const runner: ProcessRunner = {
      async run(command, args): Promise<RunResult> {
        calls.push([command, args]);
        return { command, args: [...args], exitCode: 0, stdout: 'HAProxy version 2.6.12-1+deb12u4 2026/10/17\n', stderr: '' };
      },
      spawn() {
        throw new Error('not used');
      },
    };
    await expect(haproxyVersion('/usr/sbin/haproxy', runner)).resolves.toEqual({ major: 2, minor: 6, patch: 12, full: '2.6.12-1+deb12u4' });
    expect(calls).toEqual([['/usr/sbin/haproxy', ['-v']]]);
  });
});
