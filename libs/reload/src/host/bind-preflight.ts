// `haproxy -c` does not bind, so a config that listens on an address this host
// does not have passes validation and fails only at start, and a failing start
// makes HAProxy pause the old process's listeners while it retries: refused
// connections. Catch that case before touching anything.
import { HaproxyConfig, listFrontends } from '@hitless/haproxy';
import type { ProcessRunner } from '@hitless/process';

export function parseLocalAddresses(ipAddrOutput: string): Set<string> {
  const addresses = new Set<string>();
  for (const match of ipAddrOutput.matchAll(/\sinet6?\s+([0-9a-fA-F.:]+)\//g)) addresses.add(match[1].toLowerCase());
  return addresses;
}

export function unassignedBindAddresses(cfg: HaproxyConfig, local: Set<string>): string[] {
  const problems: string[] = [];
  for (const frontend of listFrontends(cfg)) {
    for (const bind of frontend.binds) {
      if (bind.params.includes('transparent') || bind.params.includes('freebind')) continue;
      for (const address of bind.addresses) {
        if (address.wildcard || address.family === 'hostname') continue;
        if (!local.has(address.host.toLowerCase())) {
          problems.push(`${frontend.name}: bind ${address.raw} uses ${address.host}, which is not an address of this host`);
        }
      }
    }
  }
  return problems;
}

export async function checkBindAddresses(cfg: HaproxyConfig, runner: ProcessRunner, netns?: string): Promise<string[]> {
  const output = await runner.run('ip', ['-o', 'addr', 'show'], { netns });
  return unassignedBindAddresses(cfg, parseLocalAddresses(output.stdout));
}
