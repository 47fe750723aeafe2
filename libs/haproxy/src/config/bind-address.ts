// Reads the address word of a `bind` line into TCP endpoints. Only what a
// prober can connect to over TCP is returned; unix sockets, abstract
// namespaces, inherited fds and UDP/QUIC listeners are reported as skipped
// with the reason, not silently dropped.

export type BindFamily = 'ipv4' | 'ipv6' | 'any' | 'hostname';

export interface BindAddress {
  /** This entry as written, e.g. `ipv4@1.2.3.4:80`. */
  readonly raw: string;
  /** Host without brackets; `*` when no address (or `*`) was given. */
  readonly host: string;
  readonly family: BindFamily;
  /** True for `*`, empty, `0.0.0.0` and `::`. */
  readonly wildcard: boolean;
  readonly portFrom: number;
  /** Same as portFrom unless a range like `8000-8002` was given. */
  readonly portTo: number;
}

export interface SkippedBind {
  readonly raw: string;
  readonly reason: string;
}

export interface ParsedBindAddresses {
  readonly addresses: BindAddress[];
  readonly skipped: SkippedBind[];
}

const TCP_PREFIXES: Record<string, BindFamily | undefined> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  tcp: undefined,
  tcp4: 'ipv4',
  tcp6: 'ipv6',
};

const NON_TCP_PREFIXES: Record<string, string> = {
  unix: 'unix socket',
  abns: 'abstract unix socket',
  fd: 'inherited file descriptor',
  sockpair: 'socket pair',
  udp: 'UDP listener',
  udp4: 'UDP listener',
  udp6: 'UDP listener',
  quic4: 'QUIC (UDP) listener',
  quic6: 'QUIC (UDP) listener',
  uxst: 'unix socket',
  uxdg: 'unix datagram socket',
  rhttp: 'reverse HTTP listener',
};

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseBindAddresses(word: string): ParsedBindAddresses {
  const addresses: BindAddress[] = [];
  const skipped: SkippedBind[] = [];
  for (const raw of word.split(',')) {
    if (raw === '') continue;
    const result = parseOne(raw);
    if ('reason' in result) skipped.push(result);
    else addresses.push(result);
  }
  return { addresses, skipped };
}

function parseOne(raw: string): BindAddress | SkippedBind {
  let rest = raw;
  let family: BindFamily | undefined;
  const prefix = /^([a-z0-9]+)@(.*)$/.exec(raw);
  if (prefix) {
    const [, name, after] = prefix;
    if (name in NON_TCP_PREFIXES) return { raw, reason: `${NON_TCP_PREFIXES[name]} is not a TCP address` };
    if (!(name in TCP_PREFIXES)) return { raw, reason: `unknown address prefix '${name}@'` };
    family = TCP_PREFIXES[name];
    rest = after;
  }
  if (rest.startsWith('/')) return { raw, reason: 'unix socket is not a TCP address' };
  if (rest.includes('$')) return { raw, reason: 'address uses an environment variable that is only known at start-up' };

  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracketed) {
    [, host, portText] = bracketed;
    family ??= 'ipv6';
  } else {
    // HAProxy takes the port after the last colon, so `:::80` is [::]:80.
    const colon = rest.lastIndexOf(':');
    if (colon < 0) return { raw, reason: 'no port given' };
    host = rest.slice(0, colon);
    portText = rest.slice(colon + 1);
  }
  const ports = parsePortRange(portText);
  if (!ports) return { raw, reason: `'${portText}' is not a port or port range` };

  if (host === '' || host === '*') {
    return { raw, host: '*', family: family ?? 'any', wildcard: true, portFrom: ports[0], portTo: ports[1] };
  }
  if (IPV4.test(host)) {
    if (!host.split('.').every((octet) => Number(octet) <= 255)) return { raw, reason: `'${host}' is not an IPv4 address` };
    return { raw, host, family: family ?? 'ipv4', wildcard: host === '0.0.0.0', portFrom: ports[0], portTo: ports[1] };
  }
  if (host.includes(':')) {
    return { raw, host, family: family ?? 'ipv6', wildcard: /^[0:]+$/.test(host), portFrom: ports[0], portTo: ports[1] };
  }
  return { raw, host, family: 'hostname', wildcard: false, portFrom: ports[0], portTo: ports[1] };
}

function parsePortRange(text: string): [number, number] | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || to > 65535 || to < from) return undefined;
  return [from, to];
}
