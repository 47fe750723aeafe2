// Command-line options of `npm run bench:reload`. Every number is bounded so a
// typo cannot start an hour-long run or a load the probe cannot generate.
import type { ProbeClientMode } from '@hitless/reload';
import { BENCH_CLIENTS, BENCH_STRATEGIES, BenchStrategy } from './bench-types';

export interface BenchOptions {
  out: string;
  rate: number;
  reloads: number;
  intervalMs: number;
  strategies: BenchStrategy[];
  clients: ProbeClientMode[];
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'out'> = {
  rate: 2000,
  reloads: 30,
  intervalMs: 200,
  strategies: [...BENCH_STRATEGIES],
  clients: [...BENCH_CLIENTS],
};

// The probe sustains about 6,000 new connections/s on 2 cores; above that its own
// event loop, not HAProxy, would set the latencies.
const LIMITS = { rate: [1, 10_000], reloads: [1, 500], intervalMs: [0, 10_000] } as const;

export const USAGE = `usage: npm run bench:reload -- --out FILE [--rate N] [--reloads N] [--interval-ms N]
       [--strategies ${BENCH_STRATEGIES.join(',')}] [--clients ${BENCH_CLIENTS.join(',')}]`;

export class BenchUsageError extends Error {
  constructor(message: string, usage = USAGE) {
    super(`${message}\n${usage}`);
    this.name = 'BenchUsageError';
  }
}

export function integerIn(flag: string, text: string, [min, max]: readonly [number, number], usage = USAGE): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new BenchUsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`, usage);
  return value;
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[], usage = USAGE): T {
  if (!(allowed as readonly string[]).includes(text)) throw new BenchUsageError(`${flag}: unknown ${text} (choose from ${allowed.join(', ')})`, usage);
  return text as T;
}

function listOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new BenchUsageError(`${flag} needs at least one of ${allowed.join(', ')}`);
  const known = new Set<string>(allowed);
  const unknown = items.filter((item) => !known.has(item));
  if (unknown.length) throw new BenchUsageError(`${flag}: unknown ${unknown.join(', ')} (choose from ${allowed.join(', ')})`);
  if (new Set(items).size !== items.length) throw new BenchUsageError(`${flag} lists a value twice: ${text}`);
  return items as T[];
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const options: Partial<BenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--out': options.out = value; break;
      case '--rate': options.rate = integerIn(flag, value, LIMITS.rate); break;
      case '--reloads': options.reloads = integerIn(flag, value, LIMITS.reloads); break;
      case '--interval-ms': options.intervalMs = integerIn(flag, value, LIMITS.intervalMs); break;
      case '--strategies': options.strategies = listOf(flag, value, BENCH_STRATEGIES); break;
      case '--clients': options.clients = listOf(flag, value, BENCH_CLIENTS); break;
      default: throw new BenchUsageError(`unknown option ${flag}`);
    }
  }
  if (!options.out) throw new BenchUsageError('--out FILE is required');
  return { ...DEFAULT_OPTIONS, ...options, out: options.out };
}
