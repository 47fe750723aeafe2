// The address an agent gives for itself, which the server then dials. grpc-js
// reads a leading `unix:`, `dns:`, `ipv4:` or `ipv6:` as the resolver to use,
// so an address taken as is would let one agent point the server at a local
// socket or at a name of its choosing. Only `host:port` passes: an IPv4
// literal, an IPv6 literal in brackets, or a DNS name, and a port 1-65535;
// and the server dials it with the scheme spelt out, so even an address that
// slipped past (a row written before this check) cannot pick a resolver.
import { isIPv4, isIPv6 } from 'node:net';
import { InvalidChangeError } from '@hitless/haproxy';

export type AgentAddressFamily = 'ipv4' | 'ipv6' | 'dns';

export interface AgentAddress {
  family: AgentAddressFamily;
  /** Without brackets for IPv6. */
  host: string;
  port: number;
}

/** A 253-character DNS name, ':' and five digits; brackets for IPv6 fit in it too. */
export const MAX_AGENT_ADDRESS_LENGTH = 253 + 1 + 5;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;
const BRACKETED = /^\[([0-9A-Fa-f:.]+)\]:([^:]*)$/;
// Resolver schemes of gRPC implementations: `unix:1` must not read as a socket path to any of them.
const SCHEME_NAMES = new Set(['dns', 'unix', 'unix-abstract', 'ipv4', 'ipv6', 'vsock', 'xds', 'passthrough']);

const RULE = 'must be host:port with an IPv4 address, an IPv6 address in brackets or a DNS name, and a port 1-65535 (no scheme, no path)';

function isDnsName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  // An all-digit last label would be read as a (short-form) IPv4 address by the resolver.
  return labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels[labels.length - 1]) && !SCHEME_NAMES.has(host.toLowerCase());
}

function parsePort(text: string): number | undefined {
  if (!PORT.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** Undefined unless `text` is exactly host:port as described above. */
export function parseAgentAddress(text: string): AgentAddress | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_AGENT_ADDRESS_LENGTH) return undefined;
  const bracketed = BRACKETED.exec(text);
  if (bracketed) {
    const port = parsePort(bracketed[2]);
    return port !== undefined && isIPv6(bracketed[1]) ? { family: 'ipv6', host: bracketed[1], port } : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const host = text.slice(0, colon);
  const port = parsePort(text.slice(colon + 1));
  if (port === undefined) return undefined;
  if (isIPv4(host)) return { family: 'ipv4', host, port };
  return isDnsName(host) ? { family: 'dns', host, port } : undefined;
}

/** The parsed address, or InvalidChangeError naming `field` (the text itself is not echoed: it may hold anything). */
export function assertAgentAddress(text: string, field = 'agent_address'): AgentAddress {
  const address = parseAgentAddress(text);
  if (!address) throw new InvalidChangeError(field, RULE);
  return address;
}

/** The gRPC target for an address, its resolver named explicitly. */
export function agentTarget(address: AgentAddress): string {
  return address.family === 'ipv6' ? `ipv6:[${address.host}]:${address.port}` : `${address.family}:${address.host}:${address.port}`;
}
