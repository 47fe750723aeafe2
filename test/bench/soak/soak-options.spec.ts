import { parseSoakOptions, SOAK_DEFAULTS } from './soak-options';
import { runLimitMs, soakSettings } from './soak-main';
import { progressLine, reloadDueMs } from './soak-run';

const REQUIRED = ['--strategy', 'seamless', '--requests', '1000000', '--reloads', '1000', '--out', 's.json'];

describe('bench:soak options', () => {
  it('reads the required options and fills in the rates', () => {
    expect(parseSoakOptions(REQUIRED)).toEqual({
      out: 's.json', strategy: 'seamless', requests: 1_000_000, reloads: 1000,
      rate: SOAK_DEFAULTS.rate, persistentRate: SOAK_DEFAULTS.persistentRate, baselineSeconds: undefined, maxMinutes: undefined,
    });
    // The goal's floor: at least 3,000 new connections per second unless told otherwise.
    expect(SOAK_DEFAULTS.rate).toBeGreaterThanOrEqual(3000);
  });

  it('reads every option', () => {
    expect(parseSoakOptions([...REQUIRED, '--rate', '4000', '--persistent-rate', '0', '--baseline-s', '30', '--max-minutes', '90'])).toMatchObject({
      rate: 4000, persistentRate: 0, baselineSeconds: 30, maxMinutes: 90,
    });
  });

  it.each([
    [[], /--strategy, --requests, --reloads, --out required/],
    [['--strategy', 'none', '--requests', '5000', '--reloads', '1', '--out', 'x'], /--strategy: unknown none/],
    [['--strategy', 'fast', '--requests', '5000', '--reloads', '1', '--out', 'x'], /unknown fast \(choose from seamless, naive, syn-drop, migrate, plug\)/],
    [[...REQUIRED, '--requests', '999'], /--requests must be an integer from 1000 to 20000000/],
    [[...REQUIRED, '--reloads', '0'], /--reloads must be an integer from 1 to 5000/],
    [[...REQUIRED, '--rate', '9000'], /--rate must be an integer from 1 to 8000/],
    [[...REQUIRED, '--persistent-rate', '-1'], /--persistent-rate needs a value|must be an integer/],
    [[...REQUIRED, '--max-minutes', '0'], /--max-minutes must be an integer from 1/],
    [[...REQUIRED, '--verbose', '1'], /unknown option --verbose/],
    [['--out'], /--out needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSoakOptions(argv)).toThrow(message);
  });
});

describe('bench:soak plan', () => {
  it('runs every kind, naive beside the strategy, a baseline, and a time limit above the plan', () => {
    const settings = soakSettings(parseSoakOptions(REQUIRED));
    expect(settings.strategies).toEqual(['seamless', 'naive', 'none']);
    expect(settings.clients).toEqual(['close', 'keepalive', 'h2', 'idle']);
    expect(settings.rates).toEqual({ close: 3000, keepalive: 500, h2: 500, idle: 500 });
    expect(settings.new_connections_per_s).toBe(3000);
    // 1,000,000 requests at 4,500/s.
    expect(settings.planned_s).toBe(223);
    expect(settings.baseline_s).toBe(60);
    // Two runs of up to 2 s per reload (more than twice their plan here), the baseline's up to a
    // minute more than its own, then 5 min.
    expect(settings.max_minutes).toBe(Math.ceil((2000 * 2 + 120) / 60) + 5);
  });

  it('leaves out the persistent kinds at rate 0, and does not run naive twice', () => {
    const settings = soakSettings(parseSoakOptions(['--strategy', 'naive', '--requests', '6000', '--reloads', '3', '--out', 'x', '--persistent-rate', '0', '--max-minutes', '7']));
    expect(settings).toMatchObject({ strategies: ['naive', 'none'], clients: ['close'], rates: { close: 3000 }, planned_s: 2, baseline_s: 2, max_minutes: 7 });
  });

  it('cuts a run off at twice its plan, a minute more at least, or 2 s per reload', () => {
    expect(runLimitMs(300_000, 10)).toBe(600_000);
    expect(runLimitMs(10_000, 3)).toBe(70_000);
    expect(runLimitMs(223_000, 1000)).toBe(2_000_000);
  });

  it('spreads the reloads evenly, none at the very start or end', () => {
    expect([0, 1, 2].map((i) => reloadDueMs(i, 3, 4000))).toEqual([1000, 2000, 3000]);
  });

  it('prints requests, their rate since the last line, reloads and failures by kind', () => {
    const previous = { requests: 1000, atMs: 5000 };
    const line = progressLine({ strategy: 'seamless', durationMs: 200_000, reloads: 1000 }, 10_000, 25, [['close', { requests: 16_000, failed: 0 }], ['idle', { requests: 4000, failed: 2 }]], previous);
    expect(line).toBe('seamless: 10/200 s, 20000 requests (3800/s), 25/1000 reloads, failed: close 0, idle 2');
    expect(previous).toEqual({ requests: 20_000, atMs: 10_000 });
  });
});
