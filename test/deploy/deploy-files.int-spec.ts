// What ships in deploy/ must be usable as it is: systemd accepts the units, and
// the example agent configuration passes the agent's own validation.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAgentConfig } from '../../apps/agent/src/daemon';
import { parseServerConfig } from '../../apps/server/src/config/server-config';
import { CommandError, SystemProcessRunner } from '@hitless/process';

const deploy = join(__dirname, '../../deploy');
const runner = new SystemProcessRunner();

describe('deploy/', () => {
  it.each(['hitless-agent.service', 'hitless-server.service'])('systemd-analyze verify accepts %s', async (unit) => {
    const result = await runner.run('systemd-analyze', ['verify', '--man=no', join(deploy, 'systemd', unit)]).catch((error: unknown) => error);
    if (result instanceof CommandError) throw new Error(`systemd-analyze rejected ${unit}:\n${result.stderr}`);
    // verify exits 0 on warnings too; a warning about our unit is still a defect.
    expect((result as { stderr: string }).stderr.split('\n').filter((line) => line.includes(unit))).toEqual([]);
  });

  it('confines the agent to the capabilities a reload needs', async () => {
    const unit = await readFile(join(deploy, 'systemd', 'hitless-agent.service'), 'utf8');
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^CapabilityBoundingSet=.*CAP_NET_ADMIN/m);
    expect(unit).not.toMatch(/^CapabilityBoundingSet=.*CAP_SYS_ADMIN/m);
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
