// Command-line options of `npm run bench:fleet`. Every number is bounded so a
// typo cannot start a run this machine cannot hold.
export interface FleetBenchOptions {
  out: string;
  /** One run per fleet size, in order. */
  agents: number[];
  /** Mean simulated reload time of a host; each host varies by up to +-10%. */
  reloadMs: number;
  /** Reload rows in the database when the status queries are timed. */
  historyRows: number;
  /** Timed calls per status query: at 40 the p99 was simply the slowest call; 100 gives it a meaning. */
  querySamples: number;
  /** The server's heartbeat interval (its production default is 15 s). */
  heartbeatSeconds: number;
  /** An earlier report to print before/after against. */
  baseline?: string;
}

export const FLEET_USAGE = `usage: npm run bench:fleet -- --out FILE [--agents 100,300,1000] [--reload-ms 2000]
       [--history-rows 1000000] [--query-samples 100] [--heartbeat-seconds 15]
       [--baseline EARLIER.json]`;

export class FleetUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${FLEET_USAGE}`);
    this.name = 'FleetUsageError';
  }
}

const LIMITS = { agents: [1, 5000], reloadMs: [10, 60_000], historyRows: [0, 20_000_000], querySamples: [1, 1000], heartbeatSeconds: [1, 3600] } as const;

function integerIn(flag: string, text: string, [min, max]: readonly [number, number]): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new FleetUsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

export function parseFleetOptions(argv: readonly string[]): FleetBenchOptions {
  const options: Partial<FleetBenchOptions> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new FleetUsageError(`${flag} needs a value`);
    switch (flag) {
      case '--out':
        options.out = value;
        break;
      case '--agents':
        options.agents = value.split(',').map((part) => integerIn('--agents', part.trim(), LIMITS.agents));
        break;
      case '--reload-ms':
        options.reloadMs = integerIn(flag, value, LIMITS.reloadMs);
        break;
      case '--history-rows':
        options.historyRows = integerIn(flag, value, LIMITS.historyRows);
        break;
      case '--query-samples':
        options.querySamples = integerIn(flag, value, LIMITS.querySamples);
        break;
      case '--baseline':
        options.baseline = value;
        break;
      case '--heartbeat-seconds':
        options.heartbeatSeconds = integerIn(flag, value, LIMITS.heartbeatSeconds);
        break;
      default:
        throw new FleetUsageError(`unknown option ${flag}`);
    }
  }
  if (!options.out) throw new FleetUsageError('--out FILE is required');
  return { agents: [100, 300, 1000], reloadMs: 2000, historyRows: 1_000_000, querySamples: 100, heartbeatSeconds: 15, ...options, out: options.out };
}
