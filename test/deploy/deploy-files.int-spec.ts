// What ships in deploy/ must be usable as it is: systemd accepts the units, they
// start what the Debian packages install, and the example agent configuration
// passes the agent's own validation. (test/install verifies the units again as
// installed, with their programs in place, on Debian 12 and 13.)
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgentConfig } from '../../apps/agent/src/daemon';
import { parseServerConfig } from '../../apps/server/src/config/server-config';
import { CommandError, SystemProcessRunner } from '@hitless/process';
import { PACKAGES } from '../../scripts/package/deb-packages';

const deploy = join(__dirname, '../../deploy');
const runner = new SystemProcessRunner();

describe('deploy/', () => {
  it.each(['hitless-agent.service', 'hitless-server.service'])('systemd-analyze verify accepts %s', async (unit) => {
    const text = await readFile(join(deploy, 'systemd', unit), 'utf8');
    const program = /^ExecStart=(\S+)/m.exec(text)?.[1] ?? '';
    // The program is what the unit's package installs in /usr/bin.
    const installed = PACKAGES.flatMap((pkg) => pkg.files).map((file) => `/${file.path}`);
    expect(installed).toContain(program);
    expect(installed).toContain(`/usr/lib/systemd/system/${unit}`);
    // This machine has not installed it: verify checks that ExecStart is executable, so a stand-in takes its place.
    const dir = await mkdtemp(join(tmpdir(), 'hitless-unit-'));
    try {
      const standIn = join(dir, 'program');
      await writeFile(standIn, '#!/bin/sh\n');
      await chmod(standIn, 0o755);
      await writeFile(join(dir, unit), text.replace(`ExecStart=${program}`, `ExecStart=${standIn}`));
      const result = await runner.run('systemd-analyze', ['verify', '--man=no', join(dir, unit)]).catch((error: unknown) => error);
      if (result instanceof CommandError) throw new Error(`systemd-analyze rejected ${unit}:\n${result.stderr}`);
      // verify exits 0 on warnings too; a warning about our unit is still a defect.
      expect((result as { stderr: string }).stderr.split('\n').filter((line) => line.includes(unit))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('confines the agent to the capabilities a reload needs', async () => {
    const unit = await readFile(join(deploy, 'systemd', 'hitless-agent.service'), 'utf8');
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^CapabilityBoundingSet=.*CAP_NET_ADMIN/m);
    expect(unit).not.toMatch(/^CapabilityBoundingSet=.*CAP_SYS_ADMIN/m);
    // The takeover check of every reload (ss -p on HAProxy's workers) needs it.
    expect(unit).toMatch(/^CapabilityBoundingSet=.*CAP_SYS_PTRACE/m);
  });

  it('ships an example agent configuration that the agent accepts', async () => {
    const example = JSON.parse(await readFile(join(deploy, 'examples', 'agent.json'), 'utf8')) as Record<string, unknown>;
    const config = parseAgentConfig(example, {});
    expect(config.haproxy.masterSocket).toBe('/run/haproxy-master.sock');
    expect(Object.keys(config.hooks)).toEqual(['drain-keepalived', 'undrain-keepalived']);
  });

  it('ships an example server configuration that the server accepts, serving its API over HTTPS', async () => {
    const example = JSON.parse(await readFile(join(deploy, 'examples', 'server.json'), 'utf8')) as Record<string, unknown>;
    const config = parseServerConfig(example, { DATABASE_URL: 'postgres://hitless@db.example.net/hitless' });
    expect(config.httpTls).toEqual({ source: 'ca', altNames: ['hitless.example.net'] });
    expect(config.httpListen).toBe('0.0.0.0:8443');
  });
});
