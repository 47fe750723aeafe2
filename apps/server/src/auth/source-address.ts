// The key a client's failures are counted under: its IPv4 address, or the /64 of
// an IPv6 one (a single host commonly holds a whole /64, so counting single IPv6
// addresses would let it step around the limit by changing address).
import { isIPv4, isIPv6 } from 'node:net';

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) is two groups; only its prefix matters here.
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups.map((group) => (isIPv4(group) ? group : group.toLowerCase().replace(/^0+(?=.)/, '')));
}

export function sourceKeyOf(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress);
  if (mapped) return mapped[1];
  if (isIPv4(remoteAddress)) return remoteAddress;
  if (isIPv6(remoteAddress)) return `${expandIPv6(remoteAddress.replace(/%.*$/, '')).slice(0, 4).join(':')}::/64`;
  return remoteAddress;
}

/** The same key for a gRPC call, whose getPeer() is `${remoteAddress}:${remotePort}` (IPv6 without brackets). */
export function sourceKeyOfPeer(peer: string): string {
  const match = /^(.+):\d+$/.exec(peer);
  return sourceKeyOf(match ? match[1] : peer === 'unknown' ? undefined : peer);
}
