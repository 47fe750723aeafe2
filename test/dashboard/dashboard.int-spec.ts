// The dashboard in a real browser against a real server (its API and pages over
// HTTPS, with a certificate from the server's own CA), database and lab
// fleet: sign-in with API tokens, the fleet overview, a rollout started through
// the API watched live on the page, paused / resumed / aborted with its buttons
// (and the API agreeing), a viewer who cannot control it, reload history plots,
// the maintenance window calendar, and the metrics behind the Grafana board.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { artifactsDir, certificatePin, launchChromium, signedInPage } from './dashboard-browser';

const HOSTS = ['dash-h1', 'dash-h2'];

interface RolloutBody {
  id: string;
  state: string;
}

describe('dashboard in Chromium against a real server and lab fleet', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let browser: Browser | undefined;
  let tokens: TestTokens;
  let api: ApiClient;
  let shots = '';
  let rolloutId = '';
  const pages: Page[] = [];

  const balances = () => Promise.all(fleet!.hosts.map(async (h) => /\n\s*balance (\S+)/.exec(await readFile(h.lb.configPath, 'utf8'))?.[1]));
  const distinctConfigs = async () => (await sql!<{ n: number }[]>`SELECT count(DISTINCT config_hash)::int AS n FROM hosts`)[0].n;
  const apiState = async (id: string) => (await api.get<{ rollout: RolloutBody }>(`/api/v1/rollouts/${id}`)).body.rollout.state;
  const open = async (token: string) => {
    const page = await signedInPage(browser!, server!.httpUrl, token);
    pages.push(page);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    shots = await artifactsDir();
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'dash-1', https: true });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    api = apiClient(server.httpUrl, tokens.operator, server.caFile);
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS, labels: { env: 'lab' } });
    browser = await launchChromium({ trustPins: [await certificatePin(join(server.stateDir, 'pki/https.crt'))] });
  }, 240_000);

  afterEach(async () => {
    // The page as each test left it (end-*.png): what a failed wait was looking at.
    // Then its context closes, so pages of earlier tests stop polling the server.
    const page = pages.at(-1);
    if (page && !page.isClosed()) await shot(page, `end-${expect.getState().currentTestName?.replace(/\W+/g, '-').slice(-60)}`);
    for (const used of pages.splice(0)) await used.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
  });

  it('refuses a bad token at sign-in with the reason, and shows nothing of the fleet', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${server!.httpUrl}/`);
    // / redirects to the dashboard, over HTTPS like every call the page makes (all same-origin).
    expect(page.url()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dashboard$/);
    await page.getByLabel('API token').fill('hlt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^This token was not accepted \(401\): a valid API token is required/);
    expect(await page.locator('#nav').isHidden()).toBe(true);
    // Nothing was kept: a refused token is not stored for later requests.
    expect(await page.evaluate('JSON.stringify(Object.keys(sessionStorage))')).toBe('[]');
    await shot(page, '01-sign-in-refused');
  });

  it('shows the fleet overview and the host table with its filters', async () => {
    const page = await open(tokens.viewer);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('test-viewer (viewer)');
    await page.locator('[data-testid="hosts-online"] .big', { hasText: /^2$/ }).waitFor();
    expect(await page.locator('[data-testid="hosts-offline"] .big').textContent()).toBe('0');
    // Every lab host runs Debian's HAProxy; each lab config names its own
    // addresses and paths, so the hashes differ and the page must call it skew.
    expect(await page.getByText(/^2\.6\.\d+/).count()).toBeGreaterThan(0);
    const hashes = await distinctConfigs();
    expect(hashes).toBe(2);
    expect(await page.locator('[data-testid="config-versions"]').textContent()).toBe(`Config versions${hashes}skew across the fleet`);
    await shot(page, '02-overview');

    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    const rows = page.locator('[data-testid="host-table"] tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^dash-h1online/), expect.stringMatching(/^dash-h2online/)]);
    await page.getByLabel('labels').fill('env=elsewhere');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('0 hosts').waitFor();
    await page.getByLabel('labels').fill('env=lab');
    await page.getByLabel('name').fill('h2');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('1 host', { exact: true }).waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^dash-h2online/)]);
    await shot(page, '03-hosts-filtered');
  });

  it('watches a rollout started through the API progress live, pauses, resumes and aborts it with the buttons', async () => {
    const created = await api.post<RolloutBody>('/api/v1/rollouts', {
      name: 'dashboard to leastconn',
      // A long pause after the canary keeps the second host waiting while the page is used.
      spec: { target: { labels: { env: 'lab' } }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan: { canary: { hosts: ['dash-h1'] }, batchSize: { count: 1 }, pauseBetweenBatchesSeconds: 3600 } },
    });
    expect(created.status).toBe(201);
    rolloutId = created.body.id;

    const page = await open(tokens.operator);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Rollouts', exact: true }).click();
    await page.getByRole('link', { name: 'dashboard to leastconn' }).click();
    // The canary's reload lands with its probe figures while the second host waits.
    // A reload probes for seconds; on a busy machine the canary may take a while.
    await page.locator('[data-testid="step-state-dash-h1"]', { hasText: 'succeeded' }).waitFor({ timeout: 150_000 });
    await page.locator('[data-testid="rollout-state"][data-state="running"]').waitFor();
    expect(await page.getByTestId('step-state-dash-h2').textContent()).toBe('pending');
    const canaryRow = page.locator('tr', { has: page.getByTestId('step-state-dash-h1') });
    const [, , strategy, requests, failed] = await canaryRow.locator('td').allTextContents();
    expect(strategy).toMatch(/^[a-z-]+$/);
    expect(Number(requests.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(failed).toBe('0');
    // What the canary's reload changed, from the agent's typed record.
    expect(await page.getByTestId('step-change-dash-h1').textContent()).toBe('api: balance roundrobin → leastconn');
    expect(await page.getByTestId('rollout-progress').textContent()).toMatch(/^1 of 2 hosts settled: 1 succeeded, 0 failed; 0 failed probe requests/);
    expect(await balances()).toEqual(['leastconn', 'roundrobin']);
    await shot(page, '04-rollout-live');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('[data-testid="rollout-state"][data-state="paused"]').waitFor();
    expect(await apiState(rolloutId)).toBe('paused');
    expect(await page.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);
    await shot(page, '05-rollout-paused');

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('[data-testid="rollout-state"][data-state="running"]').waitFor();
    expect(await apiState(rolloutId)).toBe('running');

    await page.getByRole('button', { name: 'Abort' }).click();
    await page.locator('[data-testid="rollout-state"][data-state="aborted"]').waitFor({ timeout: 150_000 });
    expect(await apiState(rolloutId)).toBe('aborted');
    await page.locator('[data-testid="step-state-dash-h1"]', { hasText: 'rolled-back' }).waitFor();
    expect(await balances()).toEqual(['roundrobin', 'roundrobin']);
    for (const name of ['Pause', 'Resume', 'Abort']) expect(await page.getByRole('button', { name }).isDisabled()).toBe(true);
    await shot(page, '06-rollout-aborted');
  }, 300_000);

  it('gives a viewer the rollout to watch but no working control, and the API refuses it too', async () => {
    const paused = await api.post<RolloutBody>('/api/v1/rollouts', {
      name: 'viewer watches',
      spec: { target: { hosts: ['dash-h2'] }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'source' }], plan: { batchSize: { count: 1 } }, scheduledStart: '2099-01-01T00:00:00Z' },
    });
    expect(paused.status).toBe(201);
    const page = await open(tokens.viewer);
    await page.goto(`${server!.httpUrl}/dashboard#/rollouts/${paused.body.id}`);
    await page.locator('[data-testid="rollout-state"][data-state="pending"]').waitFor();
    expect(await page.getByTestId('read-only-note').textContent()).toMatch(/viewer\) can watch this rollout but not pause, resume or abort it/);
    const controls = page.getByTestId('rollout-controls').getByRole('button');
    expect(await controls.count()).toBe(0);
    const refused = await apiClient(server!.httpUrl, tokens.viewer, server!.caFile).post(`/api/v1/rollouts/${paused.body.id}/pause`, undefined);
    expect(refused.status).toBe(403);
    expect(await apiState(paused.body.id)).toBe('pending');
    await shot(page, '07-viewer-read-only');
    expect((await api.post(`/api/v1/rollouts/${paused.body.id}/abort`, undefined)).status).toBe(200);
  });

  it('plots reload latency and failures, lists each host\'s history, and draws the window calendar', async () => {
    const window = await api.post<{ id: string }>('/api/v1/windows', { name: 'lab nights', window: { kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' } });
    expect(window.status).toBe(201);
    const page = await open(tokens.viewer);
    await page.getByRole('link', { name: 'Reloads', exact: true }).click();
    await page.locator('[data-testid="plot-latency"] svg circle').first().waitFor();
    // The canary's change and its rollback: two succeeded reloads on dash-h1, nothing dropped.
    const rows = page.locator('[data-testid="reload-table"] tbody tr');
    const cells = await Promise.all((await rows.all()).map(async (row) => (await row.locator('td').allTextContents()).filter((_, i) => [1, 2, 5].includes(i))));
    expect(cells).toEqual([
      ['dash-h1', 'succeeded', '0'],
      ['dash-h1', 'succeeded', '0'],
    ]);
    expect(await page.locator('[data-testid="plot-failures"] svg rect.bar').count()).toBe(2);
    expect(await page.locator('[data-testid="plot-failures"] svg rect.bad').count()).toBe(0);
    await shot(page, '08-reload-history');

    await page.getByRole('link', { name: 'dash-h1' }).first().click();
    await page.getByRole('heading', { name: 'Host dash-h1' }).waitFor();
    await page.locator('[data-testid="reload-table"] tbody tr').nth(1).waitFor();
    // What the agent found on the host, from GET /hosts/:name: the lab runs master-worker HAProxy, so seamless is there.
    const strategyRows = await page.locator('[data-testid="host-strategies"] tbody tr').allTextContents();
    expect(strategyRows.some((row) => /^seamlessyes/.test(row))).toBe(true);
    expect(strategyRows.length).toBeGreaterThanOrEqual(4);
    await shot(page, '08b-host');

    await page.getByRole('link', { name: 'Windows', exact: true }).click();
    await page.locator('[data-testid="window-calendar"] rect.open').first().waitFor();
    // Two openings a week: four in the fortnight shown (or five, by the weekday the test runs on).
    expect(await page.locator('[data-testid="window-calendar"] rect.open').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('window-table').textContent()).toContain('cron 0 2 * * 2,4 for 120 min, Europe/Berlin');
    await shot(page, '09-window-calendar');
  });

  it('exposes the fleet, rollout and reload figures at /metrics', async () => {
    const metrics = await eventually('metrics with both reloads', async () => {
      const text = await (await fetchTrusting(await readFile(server!.caFile, 'utf8'))(`${server!.httpUrl}/metrics`)).text();
      return /^hitless_server_reloads_total\{outcome="succeeded",strategy="[a-z-]+"\} 2$/m.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/^hitless_server_hosts\{status="online"\} 2$/m);
    expect(metrics).toMatch(/^hitless_server_hosts\{status="offline"\} 0$/m);
    expect(metrics).toMatch(new RegExp(`^hitless_server_config_versions ${await distinctConfigs()}$`, 'm'));
    expect(metrics).toMatch(/^hitless_server_rollouts\{state="aborted"\} 2$/m);
    expect(metrics).toMatch(/^hitless_server_reload_failed_requests_total\{strategy="[a-z-]+"\} 0$/m);
    expect(metrics).toMatch(/^hitless_server_step_dispatch_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^hitless_server_hosts_by_haproxy_version\{version="2\.6\.\d+[^"]*"\} 2$/m);
  });
});
