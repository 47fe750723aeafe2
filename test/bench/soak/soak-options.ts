// Command-line options of `npm run bench:soak`. Every number is bounded, and the
// run has a hard time limit, so a soak always stops by itself.
import type { StrategyName } from '@hitless/reload';
import { BENCH_STRATEGIES } from '../bench-types';
import { BenchUsageError, integerIn, oneOf } from '../bench-options';

export interface SoakOptions {
  out: string;
  strategy: StrategyName;
  /** Requests over all client kinds, per strategy. */
  requests: number;
  reloads: number;
  /** New connections per second (close clients): the load the listening sockets see. */
  rate: number;
  /** Requests per second of each persistent client kind (keepalive, h2, idle). */
  persistentRate: number;
  /** The no-reload baseline's length; default: the planned run, at most a minute. */
  baselineSeconds: number | undefined;
  /** Hard limit on the whole invocation. */
  maxMinutes: number | undefined;
}

const RELOAD_STRATEGIES = BENCH_STRATEGIES.filter((s): s is StrategyName => s !== 'none');

/**
 * rate: at least the 3,000 new connections/s the goal asks for by default; above 8,000 the probe's own
 * event loop would set the latencies on 2 cores. persistentRate: idle clients hold about 2.5 s of
 * requests as open connections, and the lab's maxconn (9,000) bounds what they may hold.
 */
const LIMITS = {
  requests: [1000, 20_000_000], reloads: [1, 5000], rate: [1, 8000], persistentRate: [0, 2000], baselineSeconds: [1, 3600], maxMinutes: [1, 24 * 60],
} as const;

export const SOAK_DEFAULTS = { rate: 3000, persistentRate: 500 } as const;

export const SOAK_USAGE = `usage: npm run bench:soak -- --strategy ${RELOAD_STRATEGIES.join('|')} --requests N --reloads M --out FILE
       [--rate NEW_CONNECTIONS_PER_S (${SOAK_DEFAULTS.rate})] [--persistent-rate PER_KIND_PER_S (${SOAK_DEFAULTS.persistentRate})]
       [--baseline-s S] [--max-minutes T]`;

export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  const values: Partial<SoakOptions> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`${flag} needs a value`, SOAK_USAGE);
    switch (flag) {
      case '--out': values.out = value; break;
      case '--strategy': values.strategy = oneOf(flag, value, RELOAD_STRATEGIES, SOAK_USAGE); break;
      case '--requests': values.requests = integerIn(flag, value, LIMITS.requests, SOAK_USAGE); break;
      case '--reloads': values.reloads = integerIn(flag, value, LIMITS.reloads, SOAK_USAGE); break;
      case '--rate': values.rate = integerIn(flag, value, LIMITS.rate, SOAK_USAGE); break;
      case '--persistent-rate': values.persistentRate = integerIn(flag, value, LIMITS.persistentRate, SOAK_USAGE); break;
      case '--baseline-s': values.baselineSeconds = integerIn(flag, value, LIMITS.baselineSeconds, SOAK_USAGE); break;
      case '--max-minutes': values.maxMinutes = integerIn(flag, value, LIMITS.maxMinutes, SOAK_USAGE); break;
      default: throw new BenchUsageError(`unknown option ${flag}`, SOAK_USAGE);
    }
  }
  const missing = (['strategy', 'requests', 'reloads', 'out'] as const).filter((key) => values[key] === undefined);
  if (missing.length) throw new BenchUsageError(`${missing.map((key) => `--${key}`).join(', ')} required`, SOAK_USAGE);
  return {
    out: values.out as string,
    strategy: values.strategy as StrategyName,
    requests: values.requests as number,
    reloads: values.reloads as number,
    rate: values.rate ?? SOAK_DEFAULTS.rate,
    persistentRate: values.persistentRate ?? SOAK_DEFAULTS.persistentRate,
    baselineSeconds: values.baselineSeconds,
    maxMinutes: values.maxMinutes,
  };
}
