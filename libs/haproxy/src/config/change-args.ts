// Command-line spellings of changes: `api=leastconn`, `api=uri len 10`,
// `api/web1=50`. Names are checked here so that a typo fails before any host
// is contacted.
import { MAX_SERVER_WEIGHT, type ConfigChange } from './config-change';
import { InvalidChangeError } from './errors';
import { parseBalance } from './parse-balance';
import { assertIdentifier, printable } from './safe-text';

/** `<backend>=<balance spec>`, e.g. `api=leastconn` or `api=hdr(Host) use_domain_only`. */
export function parseSetBalanceArg(arg: string): Extract<ConfigChange, { kind: 'set-balance' }> {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new InvalidChangeError('set-balance', `expected <backend>=<algorithm>, got '${printable(arg)}'`);
  const backend = assertIdentifier(arg.slice(0, eq), 'set-balance.backend');
  const balance = parseBalance(arg.slice(eq + 1), 'set-balance.balance');
  return { kind: 'set-balance', backend, balance };
}

/** `<backend>/<server>=<weight>`, e.g. `api/web1=50`. */
export function parseSetWeightArg(arg: string): Extract<ConfigChange, { kind: 'set-server-weight' }> {
  const match = /^([^/=]*)\/([^=]*)=(.*)$/s.exec(arg);
  if (!match) throw new InvalidChangeError('set-weight', `expected <backend>/<server>=<weight>, got '${printable(arg)}'`);
  const backend = assertIdentifier(match[1], 'set-weight.backend');
  const server = assertIdentifier(match[2], 'set-weight.server');
  const weightText = match[3];
  if (!/^\d{1,3}$/.test(weightText) || Number(weightText) > MAX_SERVER_WEIGHT) {
    throw new InvalidChangeError('set-weight.weight', `must be an integer from 0 to ${MAX_SERVER_WEIGHT} (got '${printable(weightText)}')`);
  }
  return { kind: 'set-server-weight', backend, server, weight: Number(weightText) };
}
