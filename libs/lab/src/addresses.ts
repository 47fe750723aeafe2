// Test hosts get addresses from the benchmarking range 198.18.0.0/15 (RFC 2544),
// one /30 per veth pair, so nothing a test does can reach a real network.
const SUBNETS_IN_RANGE = 2 ** 17 / 4;

export interface VethAddresses {
  /** The root-namespace end of the pair. */
  outside: string;
  /** The lab host's own address, inside its namespace. */
  inside: string;
  prefixLength: 30;
}

export function addressesForSlot(slot: number): VethAddresses {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SUBNETS_IN_RANGE) throw new RangeError(`slot ${slot} is outside 198.18.0.0/15`);
  const base = slot * 4;
  const octet = (offset: number) => {
    const n = base + offset;
    return `198.${18 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
  };
  return { outside: octet(1), inside: octet(2), prefixLength: 30 };
}
