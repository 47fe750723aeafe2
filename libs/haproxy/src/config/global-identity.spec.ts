import { globalIdentity } from './global-identity';
import { loadFixture } from './fixtures/load-fixture';
import { parseConfig } from './parse-config';

const global = (body: string) => parseConfig(`global\n${body}\ndefaults\n    mode http\n`);

describe('globalIdentity', () => {
  it("reads Debian's stock `user haproxy` / `group haproxy`", () => {
    expect(globalIdentity(parseConfig(loadFixture('debian-default.cfg')))).toEqual({ user: 'haproxy', group: 'haproxy' });
  });

  it('reads numeric ids', () => {
    expect(globalIdentity(global('    uid 108\n    gid 111'))).toEqual({ uid: 108, gid: 111 });
  });

  it('takes the first of each, as HAProxy does (it refuses a second with an alert)', () => {
    expect(globalIdentity(global('    user haproxy\n    uid 0\n    group haproxy\n    group root'))).toEqual({ user: 'haproxy', group: 'haproxy' });
  });

  it('looks in every global section and nowhere else', () => {
    const cfg = parseConfig('global\n    maxconn 10\nbackend b\n    user root\nglobal\n    user haproxy\n');
    expect(globalIdentity(cfg)).toEqual({ user: 'haproxy' });
  });

  it('is empty without any of them', () => {
    expect(globalIdentity(global('    maxconn 100'))).toEqual({});
    expect(globalIdentity(parseConfig('defaults\n    mode http\n'))).toEqual({});
  });
});
