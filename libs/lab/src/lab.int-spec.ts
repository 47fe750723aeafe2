import { request } from 'node:http';
import { SystemProcessRunner } from '@hitless/process';
import { createLabHost, LabHaproxy, LabHost, loadBalancerConfig, startLabBackends, startLabHaproxy } from './index';

function get(host: string, port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('lab host with HAProxy inside', () => {
  let host: LabHost;
  const started: LabHaproxy[] = [];

  beforeAll(async () => {
    host = await createLabHost('lab');
  });
  afterAll(async () => {
    for (const h of started) await h.stop();
    await host?.destroy();
  });

  it('serves traffic from the root namespace to the host address through a master-worker HAProxy', async () => {
    started.push(await startLabBackends([9001, 9002], host.netns));
    const lb = await startLabHaproxy({
      mode: 'master-worker',
      netns: host.netns,
      config: (dir) => loadBalancerConfig({ dir, frontendPort: 8080, backendPorts: [9001, 9002] }),
    });
    started.push(lb);
    expect(host.address).toMatch(/^198\.1[89]\./);
    const bodies = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await get(host.address, 8080);
      expect(res.status).toBe(200);
      bodies.add(res.body.trim());
    }
    expect(bodies).toEqual(new Set(['web1', 'web2']));
    expect((await lb.workerPids()).length).toBe(1);
  });

  it('has no route out of the machine: only its own /30 is reachable from inside', async () => {
    const routes = await new SystemProcessRunner().run('ip', ['-n', host.netns, '-4', 'route', 'show']);
    const lines = routes.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^198\.1[89]\.\d+\.\d+\/30 dev hlv\d+i /);
    expect(routes.stdout).not.toMatch(/default/);
  });
});
