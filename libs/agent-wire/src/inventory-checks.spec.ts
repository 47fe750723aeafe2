import { InvalidChangeError } from '@hitless/haproxy';
import type { HostCapabilities } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { assertInventory, INVENTORY_LIMITS, inventoryText } from './inventory-checks';
import { inventoryToWire } from './inventory-mapping';

function inventory(over: Partial<wire.Inventory> = {}): wire.Inventory {
  return {
    hostName: 'lb-1',
    haproxyVersion: '2.6.12-1+deb12u1',
    haproxyMode: wire.HaproxyMode.HAPROXY_MODE_MASTER_WORKER,
    kernel: '6.18.0-1-amd64',
    strategies: [{ strategy: wire.Strategy.STRATEGY_SEAMLESS, available: true, reason: "master-worker mode: the master passes the listening sockets (\"expose-fd listeners\")" }],
    preferredStrategy: wire.Strategy.STRATEGY_SEAMLESS,
    preferredReason: 'kernel 6.18 lacks sch_plug: Error: Specified qdisc kind is unknown.',
    configHash: 'a'.repeat(64),
    agentVersion: '0.1.0',
    agentAddress: '10.0.0.7:7444',
    reloadInFlight: 'rs-0123456789abcdef-a1',
    ...over,
  };
}

describe('assertInventory', () => {
  it('takes what a real agent sends and returns its address', () => {
    expect(assertInventory(inventory())).toEqual({ family: 'ipv4', host: '10.0.0.7', port: 7444 });
    expect(assertInventory(inventory({ agentAddress: '', reloadInFlight: '' }))).toBeUndefined();
  });

  it.each<[string, Partial<wire.Inventory>, string]>([
    ['a scheme in the address', { agentAddress: 'unix:/run/x.sock:1' }, 'inventory.agent_address'],
    ['a huge kernel string', { kernel: 'x'.repeat(INVENTORY_LIMITS.tokenChars + 1) }, 'inventory.kernel'],
    ['a space in the kernel', { kernel: '6.1 evil' }, 'inventory.kernel'],
    ['a newline in the HAProxy version', { haproxyVersion: '2.6\nlua-load /tmp/x' }, 'inventory.haproxy_version'],
    ['a NUL in the agent version', { agentVersion: '0.1\u0000' }, 'inventory.agent_version'],
    ['a space in the config hash', { configHash: 'abc def' }, 'inventory.config_hash'],
    ['a path as the reload in flight', { reloadInFlight: '../../etc/passwd' }, 'inventory.reload_in_flight'],
    ['a NUL in a reason', { preferredReason: 'a\u0000b' }, 'inventory.preferred_reason'],
    ['a line separator in a reason', { preferredReason: 'a\u2028b' }, 'inventory.preferred_reason'],
    ['a bidi override in a reason', { preferredReason: 'a\u202eb' }, 'inventory.preferred_reason'],
    ['an escape sequence in a reason', { preferredReason: '\u001b[2J' }, 'inventory.preferred_reason'],
    ['a huge reason', { preferredReason: 'x'.repeat(INVENTORY_LIMITS.reasonChars + 1) }, 'inventory.preferred_reason'],
    ['a newline in a strategy reason', { strategies: [{ strategy: wire.Strategy.STRATEGY_NAIVE, available: true, reason: 'a\nb' }] }, 'inventory.strategies[0].reason'],
    [
      'too many strategies',
      { strategies: Array.from({ length: INVENTORY_LIMITS.strategies + 1 }, () => ({ strategy: wire.Strategy.STRATEGY_NAIVE, available: true, reason: '' })) },
      'inventory.strategies',
    ],
  ])('refuses %s, naming the field', (_what, over, field) => {
    expect(() => assertInventory(inventory(over))).toThrow(InvalidChangeError);
    expect(() => assertInventory(inventory(over))).toThrow(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
  });
});

describe('inventoryText', () => {
  it('turns forbidden characters into spaces and cuts to the limit, never inside a surrogate pair', () => {
    expect(inventoryText('tc: \u001b[31mError\u0000\nnext')).toBe('tc:  [31mError  next');
    expect(inventoryText('x'.repeat(600))).toHaveLength(INVENTORY_LIMITS.reasonChars);
    const cut = inventoryText(`${'x'.repeat(9)}😀😀`, 11);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
    expect(() => assertInventory(inventory({ preferredReason: inventoryText('a\u0000'.repeat(1000)) }))).not.toThrow();
  });

  it('is what the agent sends: a long tc error in a reason still passes the server', () => {
    const capabilities: HostCapabilities = {
      haproxy: { version: '2.6.12-1+deb12u1', mode: 'master-worker' },
      kernel: '6.18.0',
      strategies: [{ name: 'plug', available: false, reason: `kernel 6.18.0 lacks sch_plug: ${'Error: \u001b'.repeat(200)}` }],
      preferred: 'seamless',
      preferredReason: 'x\ny',
    };
    const sent = inventoryToWire(capabilities, { hostName: 'lb-1', configHash: 'a'.repeat(64), agentVersion: '0.1.0', agentAddress: '10.0.0.7:7444', reloadInFlight: '' });
    expect(() => assertInventory(sent)).not.toThrow();
    expect(sent.strategies[0].reason.startsWith('kernel 6.18.0 lacks sch_plug: Error: ')).toBe(true);
  });
});
