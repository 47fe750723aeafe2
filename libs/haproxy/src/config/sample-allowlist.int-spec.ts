// Integration tier: the allowlist names what the real HAProxy 2.6 has. Every
// allowed fetch exists and may be used in a `balance` rule, every allowed
// converter exists (from HAProxy's own keyword dump, `-dKsmp` / `-dKcnv`), and
// the allowed example expressions pass `haproxy -c` in a `balance hash` line.
// Needs /usr/sbin/haproxy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner } from '@hitless/process';
import { applyChanges } from './apply-changes';
import { ALLOWED_BUT_ILL_TYPED, ALLOWED_SAMPLE_EXPRESSIONS } from './fixtures/sample-expressions';
import { loadFixture } from './fixtures/load-fixture';
import { parseConfig } from './parse-config';
import { renderConfig } from './render-config';
import { ALLOWED_CONVERTERS, ALLOWED_FETCHES } from './sample-allowlist';

const HAPROXY = '/usr/sbin/haproxy';
const runner = new SystemProcessRunner();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hitless-allowlist-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function keywordDump(kind: 'smp' | 'cnv'): Promise<string[]> {
  // The dump comes first; the empty config then makes `-c` exit 2, which is beside the point here.
  const result = await runner.run(HAPROXY, [`-dK${kind}`, '-q', '-c', '-f', '/dev/null'], { okExitCodes: [0, 1, 2], timeoutMs: 20_000 });
  return (result.stdout + result.stderr).split('\n');
}

/** Fetch name -> may it be used where `balance` evaluates it (the dump's "balance" column). */
async function balanceFetches(): Promise<Map<string, boolean>> {
  const lines = await keywordDump('smp');
  // Header lines name one column each, in the order of the flags: `#   / / _.---- backend use-server, balance ...`.
  const columns = lines.filter((line) => line.startsWith('#') && line.includes('_.'));
  const column = columns.findIndex((line) => line.includes('balance'));
  expect(column).toBeGreaterThanOrEqual(0);
  const fetches = new Map<string, boolean>();
  for (const line of lines) {
    const match = /^\[ ((?:[Y.] )+)\] ([^(:]+)/.exec(line);
    if (match) fetches.set(match[2], match[1].split(' ')[column] === 'Y');
  }
  return fetches;
}

async function check(text: string): Promise<{ exitCode: number; output: string }> {
  const file = join(dir, `haproxy-${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, text);
  const result = await runner.run(HAPROXY, ['-c', '-f', file], { okExitCodes: [0, 1, 2], timeoutMs: 20_000 });
  return { exitCode: result.exitCode, output: result.stdout + result.stderr };
}

function withHash(expression: string): string {
  const { config } = applyChanges(parseConfig(loadFixture('serverfault-style.cfg')), [
    { kind: 'set-balance', backend: 'apache', balance: { algorithm: 'hash', expression } },
  ]);
  return renderConfig(config);
}

describe('the sample allowlist against HAProxy 2.6', () => {
  it('allows only fetches HAProxy has and accepts in a balance rule', async () => {
    const fetches = await balanceFetches();
    expect(fetches.size).toBeGreaterThan(100);
    // The column is read right: a response fetch exists but cannot pick a server.
    expect([fetches.get('src'), fetches.get('res.hdr')]).toEqual([true, false]);
    const unusable = Object.keys(ALLOWED_FETCHES).filter((name) => fetches.get(name) !== true);
    expect(unusable).toEqual([]);
  });

  it('allows only converters HAProxy has', async () => {
    const names = new Set((await keywordDump('cnv')).map((line) => /^([a-z0-9_.+-]+)[(:]/.exec(line)?.[1]).filter((name): name is string => name !== undefined));
    expect(names.size).toBeGreaterThan(50);
    expect(Object.keys(ALLOWED_CONVERTERS).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(ALLOWED_SAMPLE_EXPRESSIONS)('haproxy -c accepts balance hash %s', async (expression) => {
    const { exitCode, output } = await check(withHash(expression));
    expect({ exitCode, output }).toEqual({ exitCode: 0, output: expect.stringContaining('Configuration file is valid') });
  });

  it('leaves types to HAProxy: an allowed but ill-typed expression is refused by haproxy -c', async () => {
    const { exitCode, output } = await check(withHash(ALLOWED_BUT_ILL_TYPED));
    expect(exitCode).toBe(1);
    expect(output).toMatch(/converter 'ipmask' cannot be applied/);
  });
});
