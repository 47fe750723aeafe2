// Options of `npm run demo`.
import { parseArgs } from 'node:util';

export interface DemoOptions {
  hosts: number;
  exit: boolean;
  jsonPath?: string;
  /** New client connections per second to every load balancer. */
  clientRate: number;
  algorithm: string;
  /** Bind the rollout to a short recurring maintenance window that closes mid-rollout. */
  window: boolean;
}

export function parseDemoOptions(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string', default: '5' },
      exit: { type: 'boolean', default: false },
      json: { type: 'string' },
      'client-rate': { type: 'string', default: '100' },
      algorithm: { type: 'string', default: 'leastconn' },
      window: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const hosts = Number(values.hosts);
  const clientRate = Number(values['client-rate']);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > 20) throw new Error('--hosts must be an integer from 1 to 20');
  if (!Number.isInteger(clientRate) || clientRate < 1 || clientRate > 1000) throw new Error('--client-rate must be an integer from 1 to 1000 (requests/s per host)');
  return { hosts, exit: values.exit, jsonPath: values.json, clientRate, algorithm: values.algorithm, window: values.window };
}
