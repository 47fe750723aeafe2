import { DEFAULT_OPTIONS, parseBenchOptions } from './bench-options';

describe('bench:reload options', () => {
  it('fills in the defaults around --out', () => {
    expect(parseBenchOptions(['--out', 'r.json'])).toEqual({ ...DEFAULT_OPTIONS, out: 'r.json' });
    expect(DEFAULT_OPTIONS).toMatchObject({ rate: 2000, reloads: 30, intervalMs: 200 });
    expect(DEFAULT_OPTIONS.strategies).toEqual(['none', 'seamless', 'naive', 'syn-drop', 'migrate', 'plug']);
    expect(DEFAULT_OPTIONS.clients).toEqual(['close', 'keepalive', 'h2', 'idle']);
  });

  it('takes any of the four client kinds', () => {
    expect(parseBenchOptions(['--out', 'x', '--clients', 'h2,idle']).clients).toEqual(['h2', 'idle']);
    expect(() => parseBenchOptions(['--out', 'x', '--clients', 'http3'])).toThrow(/unknown http3 \(choose from close, keepalive, h2, idle\)/);
  });

  it('reads every option', () => {
    expect(parseBenchOptions(['--out', 'x', '--rate', '300', '--reloads', '3', '--interval-ms', '0', '--strategies', 'none,plug', '--clients', 'keepalive'])).toEqual({
      out: 'x', rate: 300, reloads: 3, intervalMs: 0, strategies: ['none', 'plug'], clients: ['keepalive'],
    });
  });

  it.each([
    [[], /--out FILE is required/],
    [['--out'], /--out needs a value/],
    [['--out', 'x', '--rate', '0'], /--rate must be an integer from 1/],
    [['--out', 'x', '--rate', '2.5'], /--rate must be an integer/],
    [['--out', 'x', '--reloads', '100000'], /--reloads must be an integer from 1 to 500/],
    [['--out', 'x', '--strategies', 'seamless,fast'], /unknown fast/],
    [['--out', 'x', '--strategies', 'naive,naive'], /twice/],
    [['--out', 'x', '--clients', ''], /needs a value|at least one/],
    [['--out', 'x', '--verbose', '1'], /unknown option --verbose/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
