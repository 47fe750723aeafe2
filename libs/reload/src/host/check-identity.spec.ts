import { CommandError, type ProcessRunner, type RunResult } from '@hitless/process';
import { resolveCheckIdentity } from './check-identity';

/** getent over a fixed account database; records what it was asked. */
function fakeGetent(): ProcessRunner & { asked: string[][] } {
  const passwd: Record<string, string> = {
    root: 'root:x:0:0:root:/root:/bin/bash',
    '0': 'root:x:0:0:root:/root:/bin/bash',
    haproxy: 'haproxy:x:108:111::/var/lib/haproxy:/usr/sbin/nologin',
    '108': 'haproxy:x:108:111::/var/lib/haproxy:/usr/sbin/nologin',
    nobody: 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    wheelie: 'wheelie:x:1001:0::/home/wheelie:/bin/sh',
  };
  const group: Record<string, string> = { haproxy: 'haproxy:x:111:', root: 'root:x:0:', nogroup: 'nogroup:x:65534:' };
  const asked: string[][] = [];
  return {
    asked,
    async run(command: string, args: readonly string[]): Promise<RunResult> {
      asked.push([command, ...args]);
      const [database, key] = args;
      const line = (database === 'passwd' ? passwd : group)[key];
      if (line === undefined) throw new CommandError(command, args, 2, '', '', 'exit');
      return { command, args: [...args], exitCode: 0, stdout: `${line}\n`, stderr: '' };
    },
    spawn: () => {
      throw new Error('not used');
    },
  };
}

describe('resolveCheckIdentity', () => {
  it("runs as HAProxy's own user and group", async () => {
    expect(await resolveCheckIdentity({ user: 'haproxy', group: 'haproxy' }, fakeGetent())).toEqual({ uid: 108, gid: 111, label: 'haproxy (uid 108, gid 111)' });
    expect(await resolveCheckIdentity({ uid: 108, gid: 111 }, fakeGetent())).toMatchObject({ uid: 108, gid: 111 });
  });

  it("takes the user's own group when the config names none (HAProxy would keep gid 0)", async () => {
    expect(await resolveCheckIdentity({ user: 'haproxy' }, fakeGetent())).toMatchObject({ uid: 108, gid: 111 });
    expect(await resolveCheckIdentity({ user: 'wheelie' }, fakeGetent())).toMatchObject({ uid: 1001, gid: 65534 });
  });

  it('falls back to nobody without a user, for an unknown one, and instead of root', async () => {
    const nobody = { uid: 65534, gid: 65534, label: 'nobody (uid 65534, gid 65534)' };
    expect(await resolveCheckIdentity({}, fakeGetent())).toEqual(nobody);
    expect(await resolveCheckIdentity({ user: 'ghost' }, fakeGetent())).toEqual(nobody);
    expect(await resolveCheckIdentity({ user: 'root', group: 'root' }, fakeGetent())).toEqual(nobody);
    expect(await resolveCheckIdentity({ uid: 0, gid: 0 }, fakeGetent())).toEqual(nobody);
  });

  it('keeps a numeric uid that has no account', async () => {
    expect(await resolveCheckIdentity({ uid: 4242 }, fakeGetent())).toEqual({ uid: 4242, gid: 65534, label: 'uid 4242 (uid 4242, gid 65534)' });
  });

  it('never hands getent a name that could be read as an option', async () => {
    const runner = fakeGetent();
    expect(await resolveCheckIdentity({ user: '--service=x', group: '-s' }, runner)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(runner.asked.flat().filter((arg) => arg.startsWith('-'))).toEqual([]);
  });
});
