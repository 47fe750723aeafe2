// Options of `npm run demo`.
import { parseArgs } from 'node:util';

export interface DemoOptions {
  hosts: number;
  exit: boolean;
  jsonPath?: string;
  clientRate: number;
  algorithm: string;
}

export function parseDemoOptions(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string', default: '3' },
      exit: { type: 'boolean', default: false },
      json: { type: 'string' },
      'client-rate': { type: 'string', default: '300' },
      algorithm: { type: 'string', default: 'leastconn' },
    },
    strict: true,
  });
  const hosts = Number(values.hosts);
  const clientRate = Number(values['client-rate']);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > 20) throw new Error('--hosts must be an integer from 1 to 20');
  if (!Number.isInteger(clientRate) || clientRate < 1 || clientRate > 3000) throw new Error('--client-rate must be an integer from 1 to 3000 (requests/s per host)');
  return { hosts, exit: values.exit, jsonPath: values.json, clientRate, algorithm: values.algorithm };
}
