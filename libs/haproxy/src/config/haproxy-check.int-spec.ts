// Integration tier: every config this module renders must be accepted by the
// real HAProxy 2.6 (`haproxy -c`). Needs /usr/sbin/haproxy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';
import type { ConfigChange } from './config-change';
import { applyChanges } from './apply-changes';
import { VALID_BALANCE_CASES } from './fixtures/balance-cases';
import { loadFixture } from './fixtures/load-fixture';
import { listBackends } from './list-backends';
import { parseConfig } from './parse-config';
import { renderConfig } from './render-config';

const HAPROXY = '/usr/sbin/haproxy';
const runner = new SystemProcessRunner();
let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hitless-config-check-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the text and runs `haproxy -c`; returns exit code and combined output. */
async function check(text: string): Promise<{ exitCode: number; output: string }> {
  const file = join(dir, `haproxy-${++counter}.cfg`);
  writeFileSync(file, text);
  const result = await runner.run(HAPROXY, ['-c', '-f', file], { okExitCodes: [0, 1, 2], timeoutMs: 20_000 });
  return { exitCode: result.exitCode, output: result.stdout + result.stderr };
}

async function expectValid(text: string): Promise<void> {
  const { exitCode, output } = await check(text);
  expect({ exitCode, output }).toEqual({ exitCode: 0, output: expect.stringContaining('Configuration file is valid') });
  expect(output).not.toMatch(/ALERT|WARNING/);
}

describe('haproxy -c accepts rendered configs', () => {
  const serverfault = loadFixture('serverfault-style.cfg');

  it('accepts the ServerFault-style fixture as is', async () => {
    await expectValid(serverfault);
  });

  it('accepts the Debian default fixture as is', async () => {
    await expectValid(loadFixture('debian-default.cfg'));
  });

  it('rejects a config the tests know is broken (the check can fail)', async () => {
    const { exitCode, output } = await check(serverfault.replace('balance roundrobin', 'balance random(0)'));
    expect(exitCode).toBe(1);
    expect(output).toMatch(/ALERT/);
  });

  describe.each(VALID_BALANCE_CASES)('balance %s', (text, setting) => {
    it.each([
      ['replacing the balance line of backend apache', 'apache'],
      ['inserting a balance line into backend static', 'static'],
    ])('%s', async (_how, backend) => {
      const change: ConfigChange = { kind: 'set-balance', backend, balance: setting };
      const { config } = applyChanges(parseConfig(serverfault), [change]);
      const rendered = renderConfig(config);
      expect(listBackends(config).find((b) => b.name === backend)?.balance).toMatchObject({ text, source: 'explicit' });
      await expectValid(rendered);
    });
  });

  it.each([0, 1, 128, 256])('accepts server weight %i set and appended', async (weight) => {
    const { config } = applyChanges(parseConfig(serverfault), [
      { kind: 'set-server-weight', backend: 'apache', server: 'web1', weight },
      { kind: 'set-server-weight', backend: 'apache', server: 'web2', weight },
    ]);
    await expectValid(renderConfig(config));
  });

  it('accepts changes to a CRLF file', async () => {
    const crlf = serverfault.replace(/\n/g, '\r\n');
    const { config } = applyChanges(parseConfig(crlf), [
      { kind: 'set-balance', backend: 'mysql', balance: { algorithm: 'source' } },
      { kind: 'set-balance', backend: 'static', balance: { algorithm: 'leastconn' } },
      { kind: 'set-server-weight', backend: 'mysql', server: 'db1', weight: 3 },
    ]);
    await expectValid(renderConfig(config));
  });

  it('keeps a missing final newline missing (HAProxy 2.6 itself refuses such a file)', async () => {
    const { config } = applyChanges(parseConfig(serverfault.trimEnd()), [{ kind: 'set-balance', backend: 'mysql', balance: { algorithm: 'first' } }]);
    const rendered = renderConfig(config);
    expect(rendered.endsWith('\n')).toBe(false);
    const { exitCode, output } = await check(rendered);
    expect(exitCode).toBe(1);
    expect(output).toContain('Missing LF on last line');
  });
});
