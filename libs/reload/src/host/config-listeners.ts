// What a config listens on, seen from the reload's side: the listeners a guard
// must cover (all of them: a restart touches every socket), the probe targets
// (binds of the frontends that route to a changed backend) and the stats socket
// through which a daemon can hand its sockets over.
import { findSection, FrontendInfo, HaproxyConfig, listFrontends, sectionDirectives, wordValues } from '@hitless/haproxy';
import type { ProbeTarget } from '../probe';
import type { GuardedListener } from '../strategies/reload-guard';

export function guardedListeners(cfg: HaproxyConfig): GuardedListener[] {
  return listFrontends(cfg).flatMap((frontend) =>
    frontend.binds.flatMap((bind) =>
      bind.addresses.map((address) => ({
        family: address.family === 'ipv6' ? ('ipv6' as const) : ('ipv4' as const),
        host: address.wildcard || address.family === 'hostname' ? undefined : address.host,
        portFrom: address.portFrom,
        portTo: address.portTo,
      })),
    ),
  );
}

export interface ProbePlan {
  targets: ProbeTarget[];
  /** Frontends or binds that cannot be probed over HTTP, with why. */
  skipped: string[];
}

function routesTo(frontend: FrontendInfo, backends: Set<string>): boolean {
  if (frontend.type === 'listen' && backends.has(frontend.name)) return true;
  return [frontend.defaultBackend, ...frontend.useBackends].some((name) => name !== undefined && backends.has(name));
}

/** `wildcardHost` is where this host can reach its own `*` binds (loopback, or its address). */
export function probePlan(cfg: HaproxyConfig, changedBackends: string[], wildcardHost: string): ProbePlan {
  const frontends = listFrontends(cfg);
  const wanted = new Set(changedBackends);
  const concerned = frontends.filter((f) => routesTo(f, wanted));
  const chosen = concerned.length > 0 ? concerned : frontends;
  const targets: ProbeTarget[] = [];
  const skipped: string[] = [];
  for (const frontend of chosen) {
    if (frontend.mode !== 'http') {
      skipped.push(`${frontend.name}: mode ${frontend.mode} is not probed over HTTP`);
      continue;
    }
    for (const bind of frontend.binds) {
      if (bind.params.includes('ssl')) {
        skipped.push(`${frontend.name} ${bind.address}: TLS binds are not probed yet`);
        continue;
      }
      for (const address of bind.addresses) {
        const host = address.wildcard ? wildcardHost : address.host;
        // A port range is probed on its first port: enough to see a listener change.
        targets.push({ host, port: address.portFrom, label: `${frontend.name}@${host}:${address.portFrom}` });
      }
      skipped.push(...bind.skipped.map((s) => `${frontend.name} ${s.raw}: ${s.reason}`));
    }
  }
  return { targets, skipped };
}

function statsSockets(cfg: HaproxyConfig): string[][] {
  const global = findSection(cfg, 'global');
  if (!global) return [];
  return sectionDirectives(cfg, global)
    .map(wordValues)
    .filter((words) => words[0] === 'stats' && words[1] === 'socket' && words[2] !== undefined && !/^(ipv4|ipv6)@|:\d+$/.test(words[2]));
}

/** The path of a global Unix `stats socket` that has `expose-fd listeners`, if any. */
export function socketTransferSocket(cfg: HaproxyConfig): string | undefined {
  const words = statsSockets(cfg).find((w) => {
    const exposeAt = w.indexOf('expose-fd');
    return exposeAt > 0 && w[exposeAt + 1] === 'listeners';
  });
  return words?.[2].replace(/^unix@/, '');
}

/** The path of the first global Unix `stats socket` at admin level (the default level is not enough). */
export function adminStatsSocket(cfg: HaproxyConfig): string | undefined {
  const words = statsSockets(cfg).find((w) => w[w.indexOf('level') + 1] === 'admin' && w.includes('level'));
  return words?.[2].replace(/^unix@/, '');
}
