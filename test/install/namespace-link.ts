// A direct link between two lab hosts' namespaces (a veth pair with a /30 from
// 198.18.0.0/15), so that they reach each other without routing through the
// root namespace: the server's host and a load balancer on one wire.
import { addressesForSlot } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';

export interface NamespaceLink {
  /** The first namespace's address on the link. */
  a: string;
  /** The second namespace's address on the link. */
  b: string;
}

export async function linkNamespaces(nsA: string, nsB: string): Promise<NamespaceLink> {
  const runner = new SystemProcessRunner();
  const slot = 16_384 + Math.floor(Math.random() * 16_384);
  const { outside, inside, prefixLength } = addressesForSlot(slot);
  const [ifA, ifB] = [`hlk${slot}a`, `hlk${slot}b`];
  // Made in nsA and moved: deleting either namespace deletes the pair.
  await runner.run('ip', ['-n', nsA, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
  await runner.run('ip', ['-n', nsA, 'addr', 'add', `${outside}/${prefixLength}`, 'dev', ifA]);
  await runner.run('ip', ['-n', nsB, 'addr', 'add', `${inside}/${prefixLength}`, 'dev', ifB]);
  await runner.run('ip', ['-n', nsA, 'link', 'set', ifA, 'up']);
  await runner.run('ip', ['-n', nsB, 'link', 'set', ifB, 'up']);
  return { a: outside, b: inside };
}
