// The packages as an operator installs them: `npm run build` and `npm run
// package`, then on clean Debian 12 (HAProxy 2.6, nodejs 18) and Debian 13
// (HAProxy 3.0, nodejs 20) roots from Debian's archive, `apt-get install` of
// both packages with haproxy and postgresql, with no network (the root's cache
// holds the archive's .debs: what nodejs and the rest come from is the packages'
// own Depends). Then the installed programs run with the root's own node, in
// network namespaces: PostgreSQL from the archive, the server under its unit's
// sandbox on it, the first admin token and a join token from `hitless-server`,
// HAProxy as Debian's haproxy.service starts it, the agent under its unit's
// sandbox enrolled with the token, and a set-balance rollout created and
// watched with the packaged CLI while clients send requests: a seamless reload
// with no failed request.
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createLabHost, type LabHost } from '@hitless/lab';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import * as wire from '@hitless/proto';
import { strategyFromWire } from '@hitless/agent-wire';
import { startProbe, type ProbeFigures } from '@hitless/reload';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';
import { apiClient } from '../support/api-client';
import { eventually } from '../support/eventually';
import { buildPackages, type BuiltPackages } from './built-packages';
import { debianRoot, type DebianSuite } from './debian-roots';
import { installedRoot, parseEnvironmentFile, type InstalledRoot } from './installed-root';
import { linkNamespaces } from './namespace-link';
import { overlayRoot, type RootOverlay } from './root-overlay';

jest.setTimeout(600_000);

const HOST = 'lb1.example.net';
const FRONTEND_PORT = 8080;
const BACKEND_PORTS = [9001, 9002];
const CLIENT_RATE = 200;
const EXPECTED: Record<DebianSuite, { node: number; haproxy: string }> = { bookworm: { node: 18, haproxy: '2.6' }, trixie: { node: 20, haproxy: '3.0' } };

const runner = new SystemProcessRunner();
let packages: BuiltPackages;

beforeAll(async () => {
  packages = await buildPackages();
});

it('lintian accepts both packages (its overrides explained in deploy/debian/*/lintian-overrides)', async () => {
  const result = await runner.run('lintian', ['--info', '--pedantic', '--fail-on', 'error,warning,info', packages.agentDeb, packages.serverDeb], { okExitCodes: [0, 1, 2] });
  expect(result.stdout.split('\n').filter((line) => /^[EWIP]: /.test(line))).toEqual([]);
  expect(result.exitCode).toBe(0);
});

/** Appended to Debian's stock haproxy.cfg: what a load balancer of the seed's shape adds. */
function loadBalancerSection(): string {
  const servers = BACKEND_PORTS.map((port, i) => `    server web${i + 1} 127.0.0.1:${port} check inter 500ms`).join('\n');
  return `\nfrontend www\n    bind *:${FRONTEND_PORT}\n    default_backend api\n\nbackend api\n    balance roundrobin\n${servers}\n`;
}

function backendsConfig(): string {
  const frontends = BACKEND_PORTS.map((port, i) => `frontend web${i + 1}\n    bind 127.0.0.1:${port}\n    http-request return status 200 content-type text/plain string "web${i + 1}"\n`).join('\n');
  return `global\n    maxconn 4000\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n\n${frontends}`;
}

async function waitForLine(child: RunningProcess, what: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return eventually(
    what,
    async () => {
      const match = pattern.exec(child.output().stdout);
      if (match) return match[0];
      if (await Promise.race([child.exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 50))]) !== undefined) {
        throw new Error(`${what}: the process ended: ${child.output().stderr.slice(-3000)}`);
      }
      return undefined;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\nstderr: ${child.output().stderr.slice(-3000)}`);
  });
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function rssKib(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
}

/** The daemon's own pid: the sandbox's last exec (setpriv) becomes the program, under `ip netns exec` and unshare. */
async function programPid(wrapper: RunningProcess, program: string): Promise<number> {
  return eventually(`the ${program} process`, async () => {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid === wrapper.pid && cmdline.split('\0').some((arg) => arg.endsWith(program))) return Number(entry);
    }
    return undefined;
  });
}

describe.each<DebianSuite>(['bookworm', 'trixie'])('on a clean Debian root (%s)', (suite) => {
  let overlay: RootOverlay | undefined;
  let root: InstalledRoot;
  const hosts: LabHost[] = [];
  const children: RunningProcess[] = [];
  let srv: LabHost;
  let lb: LabHost;
  let link: { a: string; b: string };
  let postgresVersion = '';
  let adminToken = '';
  let apiBase = '';
  let server: RunningProcess | undefined;
  let agent: RunningProcess | undefined;

  const startServer = async () => {
    server = root.startService('hitless-server.service', ['/usr/bin/hitless-server', 'run', '--config', '/etc/hitless/server.json'], { netns: srv.netns });
    children.push(server);
    await waitForLine(server, 'the server to listen', /"httpPort":8443,"httpScheme":"https"/);
  };
  const startAgent = async () => {
    // EnvironmentFile=-/etc/hitless/agent.env, as the unit reads it.
    const env = parseEnvironmentFile(await readFile(join(root.dir, 'etc/hitless/agent.env'), 'utf8').catch(() => ''));
    const started = root.startService('hitless-agent.service', ['/usr/bin/hitless-agent', 'run', '--config', '/etc/hitless/agent.json'], { netns: lb.netns, env });
    agent = started;
    children.push(started);
    return started;
  };
  const hostOnline = (since: Date) =>
    eventually(
      'the host to be online',
      async () => {
        const answer = await apiClient(apiBase, adminToken, caFile()).get<{ online: boolean; lastHeartbeatAt: string }>(`/api/v1/hosts/${HOST}`);
        return answer.status === 200 && answer.body.online && new Date(answer.body.lastHeartbeatAt) > since ? true : undefined;
      },
      60_000,
    );
  /** What API clients trust: the server's own CA (the packaged config serves HTTPS with a certificate from it). */
  const caFile = () => join(root.dir, 'var/lib/hitless-server/pki/ca.crt');
  const CLI_ENV = () => ({ HITLESS_SERVER: 'https://127.0.0.1:8443', HITLESS_CA_FILE: '/var/lib/hitless-server/pki/ca.crt', HITLESS_TOKEN: adminToken });
  const apt = (args: string[]) => root.run(['apt-get', '--yes', '--quiet', ...args], { netns: srv.netns, env: { DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 300_000 });
  const installedVersion = async (name: string) => (await root.run(['dpkg-query', '-W', '-f', '${Version}', name])).stdout;
  const figures: Record<string, unknown> = { suite };

  beforeAll(async () => {
    const cached = await debianRoot(suite);
    figures.rootBuildSeconds = cached.builtInMs / 1000;
    overlay = await overlayRoot(cached.dir);
    root = installedRoot(overlay.dir);
    srv = await createLabHost('srv');
    hosts.push(srv);
    lb = await createLabHost('lb');
    hosts.push(lb);
    link = await linkNamespaces(srv.netns, lb.netns);
    apiBase = `https://${srv.address}:8443`;
  });

  afterAll(async () => {
    console.log(`install test figures: ${JSON.stringify(figures)}`);
    if (postgresVersion) await root.run(['pg_ctlcluster', postgresVersion, 'main', 'stop', '--', '-m', 'fast'], { netns: srv.netns, okExitCodes: [0, 1, 2] }).catch(() => undefined);
    for (const child of children.reverse()) await child.stop('SIGTERM', 10_000).catch(() => undefined);
    // Destroying a lab host kills whatever still runs in it (HAProxy's daemonised workers too).
    for (const host of hosts.reverse()) await host.destroy().catch(() => undefined);
    await overlay?.close();
  });

  it('installs both packages with apt from the archive, offline, and they run on the root\'s own node', async () => {
    await copyFile(packages.agentDeb, join(root.dir, 'tmp/hitless-agent.deb'));
    await copyFile(packages.serverDeb, join(root.dir, 'tmp/hitless-server.deb'));
    // As in any chroot: packages must not start services while they install.
    await writeFile(join(root.dir, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n');
    await chmod(join(root.dir, 'usr/sbin/policy-rc.d'), 0o755);
    const started = Date.now();
    // In the server's namespace: no route leaves it, so nothing can be downloaded.
    await root.run(['apt-get', 'install', '--yes', '--quiet', '/tmp/hitless-agent.deb', '/tmp/hitless-server.deb', 'haproxy', 'postgresql'], {
      netns: srv.netns,
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      timeoutMs: 300_000,
    });
    figures.aptInstallSeconds = (Date.now() - started) / 1000;

    const node = await root.run(['node', '--version']);
    expect(Number(/^v(\d+)/.exec(node.stdout)?.[1])).toBe(EXPECTED[suite].node);
    const haproxy = await root.run(['haproxy', '-v']);
    expect(haproxy.stdout).toMatch(new RegExp(`version ${EXPECTED[suite].haproxy.replace('.', '\\.')}\\.`));
    figures.node = node.stdout.trim();
    figures.haproxy = /version (\S+)/.exec(haproxy.stdout)?.[1];

    // No TypeScript, no node_modules: the three programs are single files.
    const shipped = await root.run(['find', '/usr/lib/hitless', '-type', 'f']);
    expect(shipped.stdout).not.toMatch(/node_modules|\.ts$|\.map$/m);
    for (const [program, marker] of [['hitless-agent', 'usage: hitless-agent'], ['hitless', 'hitless rollout create'], ['hitless-server', 'usage: hitless-server']]) {
      const help = await root.run([`/usr/bin/${program}`, '--help']);
      expect(`${help.stdout}${help.stderr}`).toContain(marker);
    }
    // The maintainer scripts: the server's user, its state dir, its config readable by it alone.
    expect((await root.run(['getent', 'passwd', 'hitless'])).stdout).toMatch(/^hitless:x:\d+:\d+:.*:\/var\/lib\/hitless-server:\/usr\/sbin\/nologin\n$/);
    expect((await root.run(['stat', '-c', '%U:%G %a', '/var/lib/hitless-server', '/var/lib/hitless-agent', '/etc/hitless/server.json'])).stdout).toBe('hitless:hitless 700\nroot:root 700\nroot:hitless 640\n');
    expect((await root.run(['dpkg-query', '-W', '-f', '${Conffiles}', 'hitless-agent', 'hitless-server'])).stdout).toMatch(/\/etc\/hitless\/agent\.json [0-9a-f]{32}[\s\S]*\/etc\/hitless\/server\.json [0-9a-f]{32}/);
  });

  it('systemd-analyze verify accepts the installed units', async () => {
    await root.run(['apt-get', 'install', '--yes', '--quiet', 'systemd'], { netns: srv.netns, env: { DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 300_000 });
    for (const unit of ['hitless-agent.service', 'hitless-server.service']) {
      const result = await root.run(['systemd-analyze', 'verify', '--man=no', `/usr/lib/systemd/system/${unit}`]);
      // verify exits 0 on warnings too; a warning about our unit is still a defect.
      expect(result.stderr.split('\n').filter((line) => line.includes(unit))).toEqual([]);
    }
  });

  it('starts PostgreSQL from the archive and the server under its unit\'s sandbox, with an admin and a join token from hitless-server', async () => {
    postgresVersion = (await readdir(join(root.dir, 'etc/postgresql')))[0];
    await root.run(['pg_ctlcluster', postgresVersion, 'main', 'start'], { netns: srv.netns });
    // docs/installing-the-server.md, step by step.
    await root.run(['runuser', '-u', 'postgres', '--', 'psql', '--quiet', '-v', 'ON_ERROR_STOP=1', '-c', "CREATE ROLE hitless LOGIN PASSWORD 'install-test'"], { netns: srv.netns });
    await root.run(['runuser', '-u', 'postgres', '--', 'createdb', '--owner', 'hitless', 'hitless'], { netns: srv.netns });
    const configPath = join(root.dir, 'etc/hitless/server.json');
    const shipped = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(
      configPath,
      // The names clients use: the gRPC port's for agents (link.a), the API's for this test (srv.address).
      JSON.stringify({ ...shipped, databaseUrl: 'postgres://hitless:install-test@127.0.0.1:5432/hitless', serverAltNames: ['localhost', '127.0.0.1', link.a, srv.address], heartbeatSeconds: 1 }, null, 2),
    );
    const admin = await root.run(['runuser', '-u', 'hitless', '--', 'hitless-server', 'api-token', '--name', 'first-admin', '--role', 'admin', '--config', '/etc/hitless/server.json'], { netns: srv.netns });
    adminToken = (JSON.parse(admin.stdout) as { token: string }).token;

    await startServer();
    const whoami = await apiClient(apiBase, adminToken, caFile()).get<{ name: string; role: string }>('/api/v1/whoami');
    expect(whoami).toMatchObject({ status: 200, body: { name: 'first-admin', role: 'admin' } });
    const dashboard = await fetchTrusting(await readFile(caFile(), 'utf8'))(`${apiBase}/dashboard/app.js`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).not.toMatch(/sourceMappingURL/);
  });

  it('enrols an agent under its unit\'s sandbox, and rolls out set-balance with the packaged CLI: a seamless reload, no failed request', async () => {
    // HAProxy as Debian's haproxy.service runs it, and two backend servers.
    const stockUnit = await readFile(join(root.dir, 'usr/lib/systemd/system/haproxy.service'), 'utf8').catch(() => readFile(join(root.dir, 'lib/systemd/system/haproxy.service'), 'utf8'));
    expect(stockUnit).toMatch(/-S \/run\/haproxy-master\.sock/);
    const cfg = join(root.dir, 'etc/haproxy/haproxy.cfg');
    await writeFile(cfg, `${await readFile(cfg, 'utf8')}${loadBalancerSection()}`);
    await writeFile(join(root.dir, 'root/backends.cfg'), backendsConfig());
    await root.run(['mkdir', '-p', '/run/haproxy']);
    await root.run(['haproxy', '-D', '-f', '/root/backends.cfg'], { netns: lb.netns });
    children.push(root.start(['/usr/sbin/haproxy', '-Ws', '-f', '/etc/haproxy/haproxy.cfg', '-p', '/run/haproxy.pid', '-S', '/run/haproxy-master.sock'], { netns: lb.netns }));
    await eventually('HAProxy to answer', async () => ((await accepts(lb.address, FRONTEND_PORT)) ? true : undefined));

    // docs/enrolling-a-host.md: a join token, the CA, the agent's config and env file.
    const joined = await root.run(['runuser', '-u', 'hitless', '--', 'hitless-server', 'join-token', '--host', HOST, '--config', '/etc/hitless/server.json'], { netns: srv.netns });
    const { token } = JSON.parse(joined.stdout) as { token: string };
    await root.run(['install', '-m', '0644', '/var/lib/hitless-server/pki/ca.crt', '/etc/hitless/ca.crt']);
    const agentConfigPath = join(root.dir, 'etc/hitless/agent.json');
    const shipped = JSON.parse(await readFile(agentConfigPath, 'utf8')) as Record<string, unknown>;
    await writeFile(
      agentConfigPath,
      JSON.stringify({ ...shipped, hostName: HOST, advertiseAddress: `${link.b}:7444`, heartbeatSeconds: 1, server: { address: `${link.a}:7443`, caFile: '/etc/hitless/ca.crt' } }, null, 2),
    );
    await root.run(['install', '-m', '0600', '/dev/null', '/etc/hitless/agent.env']);
    await writeFile(join(root.dir, 'etc/hitless/agent.env'), `HITLESS_JOIN_TOKEN=${token}\n`);

    const started = Date.now();
    const agent = await startAgent();
    await eventually('the agent to listen', async () => (agent.output().stderr.includes('"fatal"') ? Promise.reject(new Error(agent.output().stderr)) : (await accepts(lb.address, 7444)) ? true : undefined), 60_000, 20);
    figures.agentListeningMs = Date.now() - started;
    const api = apiClient(apiBase, adminToken, caFile());
    const host = await eventually(
      'the agent to enrol and heartbeat',
      async () => {
        if (await Promise.race([agent.exited, Promise.resolve(undefined)]) !== undefined) throw new Error(`the agent ended: ${agent.output().stderr.slice(-3000)}`);
        const answer = await api.get<{ online: boolean; haproxyVersion: string; preferredStrategy: string; inventory: { strategies: { strategy: string; available: boolean; reason: string }[] } }>(`/api/v1/hosts/${HOST}`);
        return answer.status === 200 && answer.body.online ? answer.body : undefined;
      },
      60_000,
      50,
    );
    figures.agentEnrolledMs = Date.now() - started;
    expect(host.haproxyVersion).toMatch(new RegExp(`^${EXPECTED[suite].haproxy.replace('.', '\\.')}\\.`));
    expect(host.preferredStrategy).toBe('seamless');
    // The capability probe ran under the unit's sandbox: every strategy's answer is about the host, none about the sandbox.
    // The stored inventory is the wire message as JSON: enum names.
    const strategies = Object.fromEntries(host.inventory.strategies.map((s) => [strategyFromWire(wire.strategyFromJSON(s.strategy)) ?? s.strategy, s]));
    figures.strategies = Object.fromEntries(Object.entries(strategies).map(([name, s]) => [name, s.reason]));
    expect(strategies.seamless.available).toBe(true);
    expect(strategies['syn-drop'].available).toBe(true);
    expect(strategies.migrate.available).toBe(true);
    // plug's answer is the kernel's (this one has no sch_prio), not the sandbox's: the probe
    // used to need a scratch namespace, which the unit (no CAP_SYS_ADMIN, RestrictNamespaces) forbids.
    expect(strategies.plug.reason).toMatch(/^kernel \S+ (lacks (ifb|sch_prio|sch_plug|cls_fw): |has sch_prio)/);
    expect(strategies.plug.reason).not.toMatch(/namespace|not permitted/i);

    const agentPid = await programPid(agent, 'hitless-agent');
    figures.agentIdleRssMiB = Math.round((await rssKib(agentPid)) / 102.4) / 10;

    const clients = startProbe({ targets: [{ host: lb.address, port: FRONTEND_PORT }], ratePerSecond: CLIENT_RATE, client: 'close' });
    let peakRss = 0;
    const sampler = setInterval(() => void rssKib(agentPid).then((kib) => (peakRss = Math.max(peakRss, kib)), () => undefined), 20);
    let traffic: ProbeFigures;
    let created;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      created = await root.run(['hitless', 'rollout', 'create', '--name', 'install test', '--set-balance', 'api=leastconn', '--hosts', HOST, '--strategy', 'seamless', '--watch', '--interval', '0.2', '--output', 'json'], {
        netns: srv.netns,
        env: CLI_ENV(),
        okExitCodes: [0, 1, 2, 3, 4, 5, 6, 7],
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      clearInterval(sampler);
      traffic = await clients.stop();
    }
    figures.agentReloadPeakRssMiB = Math.round(peakRss / 102.4) / 10;
    figures.clients = { requests: traffic.requests, failed: traffic.failed, errors: traffic.errors };
    const lines = created.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const history = await api.get<{ items: { hostName: string; outcome: string; strategy: string; failedRequests: number }[] }>(`/api/v1/reloads?host=${HOST}`);
    // On failure, what the operator would look at: the CLI's last line, the reload record, the agent's log.
    const seen = { code: created.exitCode, stderr: created.stderr, last: lines.at(-1), reloads: history.body.items, agentLog: created.exitCode === 0 ? '' : agent.output().stderr.slice(-4000) };
    expect(seen).toMatchObject({ code: 0, stderr: '', last: { state: 'succeeded', terminal: true, failedRequests: 0 }, agentLog: '' });
    expect(traffic.requests).toBeGreaterThan(CLIENT_RATE);
    expect(traffic.failed).toBe(0);
    expect(await readFile(cfg, 'utf8')).toMatch(/backend api\n\s+balance leastconn\n/);
    expect(history.body.items.map((r) => [r.hostName, r.outcome, r.strategy, r.failedRequests])).toEqual([[HOST, 'succeeded', 'seamless', 0]]);
  });

  it('a second replica given the CA by the documented copy serves the same CA and sees the same fleet (docs/installing-the-server.md)', async () => {
    // Another machine in the docs; here a second state dir and ports in the same root.
    await root.run(['tar', '-C', '/var/lib/hitless-server', '-czf', '/root/pki.tgz', 'pki/ca.crt', 'pki/ca.key']);
    await root.run(['install', '-d', '-m', '0700', '-o', 'hitless', '-g', 'hitless', '/var/lib/hitless-server-2']);
    await root.run(['tar', '-C', '/var/lib/hitless-server-2', '-xzf', '/root/pki.tgz']);
    await root.run(['chown', '-R', 'hitless:hitless', '/var/lib/hitless-server-2/pki']);
    const first = JSON.parse(await readFile(join(root.dir, 'etc/hitless/server.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(root.dir, 'etc/hitless/server-2.json'), JSON.stringify({ ...first, stateDir: '/var/lib/hitless-server-2', listen: '0.0.0.0:7445', httpListen: '0.0.0.0:8444', replicaName: 'replica-2' }));
    await root.run(['chown', 'root:hitless', '/etc/hitless/server-2.json']);
    const replica = root.start(['runuser', '-u', 'hitless', '--', 'hitless-server', 'run', '--config', '/etc/hitless/server-2.json'], { netns: srv.netns });
    children.push(replica);
    try {
      await waitForLine(replica, 'the second replica to listen', /"httpPort":8444/);
      // Trusting the first replica's CA file is enough: its HTTPS certificate comes from the same CA.
      const hosts = await apiClient(`https://${srv.address}:8444`, adminToken, caFile()).get<{ items: { name: string }[] }>('/api/v1/hosts');
      expect(hosts.status).toBe(200);
      expect(hosts.body.items.map((h) => h.name)).toEqual([HOST]);
    } finally {
      await replica.stop('SIGTERM', 15_000);
      // What the second machine would hold; the uninstall below expects only the first's files.
      await root.run(['rm', '-rf', '/etc/hitless/server-2.json', '/var/lib/hitless-server-2', '/root/pki.tgz']);
    }
  });

  it('upgrades in place keeping config and state, rolls the upgrade back, removes the host and uninstalls (docs/upgrading-and-removing.md)', async () => {
    // The token is spent once the agent enrolled: the agent restarts on its certificate alone.
    await writeFile(join(root.dir, 'etc/hitless/agent.env'), '');
    const newer = await repackWithVersion([packages.serverDeb, packages.agentDeb], `${await installedVersion('hitless-server')}+upgrade1`, join(root.dir, 'tmp'));
    await root.run(['runuser', '-u', 'postgres', '--', 'pg_dump', '--format=custom', '--file=/var/lib/postgresql/hitless-before-upgrade.dump', 'hitless'], { netns: srv.netns });

    // Upgrade: the package restarts running units (try-restart); here, without systemd, the test does.
    await apt(['install', ...newer.map((deb) => `/tmp/${deb}`)]);
    expect(await installedVersion('hitless-server')).toMatch(/\+upgrade1$/);
    expect(await installedVersion('hitless-agent')).toMatch(/\+upgrade1$/);
    expect(JSON.parse(await readFile(join(root.dir, 'etc/hitless/server.json'), 'utf8'))).toMatchObject({ databaseUrl: expect.stringContaining('127.0.0.1:5432') });
    expect(JSON.parse(await readFile(join(root.dir, 'etc/hitless/agent.json'), 'utf8'))).toMatchObject({ hostName: HOST });
    expect((await root.run(['stat', '-c', '%U:%G %a', '/etc/hitless/server.json', '/var/lib/hitless-server/pki/ca.key'])).stdout).toBe('root:hitless 640\nhitless:hitless 600\n');
    let since = new Date();
    await server?.stop('SIGTERM', 15_000);
    await agent?.stop('SIGTERM', 15_000);
    await startServer();
    await startAgent();
    await hostOnline(since);

    // Roll back: the previous packages again, and the database as it was before the upgrade.
    await server?.stop('SIGTERM', 15_000);
    await agent?.stop('SIGTERM', 15_000);
    await apt(['install', '--allow-downgrades', '/tmp/hitless-server.deb', '/tmp/hitless-agent.deb']);
    expect(await installedVersion('hitless-server')).not.toMatch(/\+upgrade1$/);
    await root.run(['runuser', '-u', 'postgres', '--', 'pg_restore', '--clean', '--if-exists', '--dbname=hitless', '/var/lib/postgresql/hitless-before-upgrade.dump'], { netns: srv.netns });
    since = new Date();
    await startServer();
    await startAgent();
    await hostOnline(since);

    // Removing a host: its agent goes; HAProxy keeps serving as the last reload left it.
    const retired = await root.run(['hitless', 'hosts', 'labels', HOST, 'retired=true'], { netns: srv.netns, env: CLI_ENV() });
    expect(retired.stderr).toBe('');
    await agent?.stop('SIGTERM', 15_000);
    await apt(['purge', 'hitless-agent']);
    expect(await accepts(lb.address, FRONTEND_PORT)).toBe(true);
    expect((await root.run(['test', '-e', '/var/lib/hitless-agent'], { okExitCodes: [0, 1] })).exitCode).toBe(1);

    // Uninstalling: remove keeps config and state, purge deletes them; the system user stays.
    await server?.stop('SIGTERM', 15_000);
    await apt(['remove', 'hitless-server']);
    expect((await root.run(['test', '-e', '/var/lib/hitless-server/pki/ca.key'], { okExitCodes: [0, 1] })).exitCode).toBe(0);
    await apt(['purge', 'hitless-server']);
    for (const path of ['/var/lib/hitless-server', '/etc/hitless', '/usr/lib/hitless', '/usr/bin/hitless']) {
      expect([path, (await root.run(['test', '-e', path], { okExitCodes: [0, 1] })).exitCode]).toEqual([path, 1]);
    }
    expect((await root.run(['dpkg-statoverride', '--list', '/etc/hitless/server.json'], { okExitCodes: [0, 1] })).exitCode).toBe(1);
    expect((await root.run(['getent', 'passwd', 'hitless'])).exitCode).toBe(0);
    await root.run(['runuser', '-u', 'postgres', '--', 'dropdb', 'hitless'], { netns: srv.netns });
    await root.run(['runuser', '-u', 'postgres', '--', 'dropuser', 'hitless'], { netns: srv.netns });
    await root.run(['deluser', '--system', 'hitless']);
    expect((await root.run(['getent', 'passwd', 'hitless'], { okExitCodes: [0, 2] })).exitCode).toBe(2);
  });
});

/** The same packages with a higher version: what an upgrade installs. Returns the new files' names. */
async function repackWithVersion(debs: string[], version: string, outDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const deb of debs) {
    const tree = await mkdtemp(join(tmpdir(), 'hitless-repack-'));
    try {
      await runner.run('dpkg-deb', ['--raw-extract', deb, tree]);
      const controlPath = join(tree, 'DEBIAN/control');
      await writeFile(controlPath, (await readFile(controlPath, 'utf8')).replace(/^Version: .*$/m, `Version: ${version}`));
      const name = `${/([^/]+?)_[^_/]+_all\.deb$/.exec(deb)?.[1]}_${version}_all.deb`;
      await runner.run('dpkg-deb', ['--root-owner-group', '--build', tree, join(outDir, name)]);
      names.push(name);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  }
  return names;
}
