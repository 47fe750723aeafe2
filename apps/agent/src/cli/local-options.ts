// Command-line options for using the reload engine on one host, without a server.
import { parseArgs } from 'node:util';
import { ConfigChange, InvalidChangeError, parseSetBalanceArg, parseSetWeightArg } from '@hitless/haproxy';
import { HaproxyRuntime, ReloadEngineOptions, STRATEGY_NAMES, StrategyName } from '@hitless/reload';

export class UsageError extends Error {}

export interface LocalCommand {
  engine: ReloadEngineOptions;
  changes: ConfigChange[];
  strategy?: StrategyName;
  dryRun: boolean;
  reloadId: string;
  json: boolean;
}

const OPTIONS = {
  config: { type: 'string', default: '/etc/haproxy/haproxy.cfg' },
  'master-socket': { type: 'string' },
  'pid-file': { type: 'string' },
  'state-dir': { type: 'string', default: '/var/lib/hitless-agent' },
  'set-balance': { type: 'string', multiple: true },
  'set-weight': { type: 'string', multiple: true },
  strategy: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'reload-id': { type: 'string' },
  'probe-rate': { type: 'string' },
  'probe-host': { type: 'string' },
  netns: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export const LOCAL_USAGE = `Options:
  --config PATH            live haproxy.cfg (default /etc/haproxy/haproxy.cfg)
  --master-socket PATH     master CLI socket (master-worker mode); discovered when omitted
  --pid-file PATH          pid file (legacy daemon mode); discovered when omitted
  --state-dir DIR          last-known-good config, results, ledger (default /var/lib/hitless-agent)
  --set-balance B=ALGO     set the balance algorithm of backend B (repeatable), e.g. api=leastconn
  --set-weight B/S=N       set the weight of server S in backend B (repeatable), e.g. api/web1=50
  --strategy NAME          force one of: ${STRATEGY_NAMES.join(', ')}
  --dry-run                render and validate only; change nothing
  --reload-id ID           idempotency key (default: a new one)
  --probe-rate N           probe requests per second during the reload (default 200, 0 = off)
  --probe-host ADDR        where this host reaches its own wildcard binds (default 127.0.0.1)
  --netns NAME             run host commands inside this network namespace
  --json                   print the result as JSON`;

export function parseLocalCommand(argv: string[], needsChanges: boolean): LocalCommand {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const changes: ConfigChange[] = [...(values['set-balance'] ?? []).map(parseSetBalanceArg), ...(values['set-weight'] ?? []).map(parseSetWeightArg)];
  if (needsChanges && changes.length === 0) throw new UsageError('nothing to change: give --set-balance or --set-weight');
  const strategy = values.strategy;
  if (strategy !== undefined && !(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new InvalidChangeError('strategy', `unknown strategy '${strategy}'; one of ${STRATEGY_NAMES.join(', ')}`);
  }
  if (values['master-socket'] && values['pid-file']) throw new UsageError('give --master-socket or --pid-file, not both');
  const runtime: HaproxyRuntime | undefined = values['master-socket']
    ? { mode: 'master-worker', masterSocket: values['master-socket'] }
    : values['pid-file']
      ? { mode: 'daemon', pidFile: values['pid-file'] }
      : undefined;
  const probeRate = values['probe-rate'] === undefined ? undefined : Number(values['probe-rate']);
  if (probeRate !== undefined && !(Number.isInteger(probeRate) && probeRate >= 0 && probeRate <= 20_000)) {
    throw new UsageError('--probe-rate must be an integer from 0 to 20000');
  }
  return {
    engine: {
      configPath: values.config,
      stateDir: values['state-dir'],
      runtime,
      netns: values.netns,
      probeHost: values['probe-host'],
      probe: probeRate === undefined ? undefined : { ratePerSecond: probeRate },
    },
    changes,
    strategy: strategy as StrategyName | undefined,
    dryRun: values['dry-run'],
    reloadId: values['reload-id'] ?? `local-${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-${process.pid}`,
    json: values.json,
  };
}
