import { plugPlan } from './plug-guard';
import { synDropCommands } from './syn-drop-guard';

const listeners = [
  { family: 'ipv4' as const, portFrom: 80, portTo: 80 },
  { family: 'ipv4' as const, host: '198.18.0.2', portFrom: 8000, portTo: 8002 },
  { family: 'ipv6' as const, portFrom: 443, portTo: 443 },
];

describe('syn-drop commands', () => {
  it('drops SYNs per listener with a tagged rule, and undoes exactly the same rules', () => {
    const { steps, undo } = synDropCommands({ listeners, reloadId: 'r1' });
    expect(steps.map((s) => [s.command, ...s.args].join(' '))).toEqual([
      'iptables -w 5 -I INPUT -p tcp --syn --dport 80 -m comment --comment hitless:r1 -j DROP',
      'iptables -w 5 -I INPUT -p tcp --syn -d 198.18.0.2 --dport 8000:8002 -m comment --comment hitless:r1 -j DROP',
      'ip6tables -w 5 -I INPUT -p tcp --syn --dport 443 -m comment --comment hitless:r1 -j DROP',
    ]);
    expect(undo.map((u) => u.args.join(' '))).toEqual(steps.map((s) => s.args.join(' ').replace(' -I ', ' -D ')));
    expect(undo.every((u) => u.okExitCodes?.includes(1))).toBe(true);
  });
});

describe('plug plan', () => {
  it('holds SYNs on lo and on each ingress interface, opens the plugs at set-up and closes them only to block', () => {
    const plan = plugPlan({ listeners, reloadId: 'r2' }, ['eth0']);
    const text = (cmds: typeof plan.setup) => cmds.map((c) => [c.command, ...c.args].join(' '));
    expect(text(plan.setup)).toEqual(
      expect.arrayContaining([
        'tc qdisc add dev lo root handle 1: prio bands 4',
        'tc qdisc add dev lo parent 1:4 handle 40: plug limit 10000',
        'ip link add hlifb0 type ifb',
        'tc qdisc add dev eth0 handle ffff: ingress',
        'tc qdisc change dev lo handle 40: plug release_indefinite',
        'tc qdisc change dev hlifb0 handle 40: plug release_indefinite',
      ]),
    );
    expect(text(plan.block)).toEqual(['tc qdisc change dev lo handle 40: plug block', 'tc qdisc change dev hlifb0 handle 40: plug block']);
    // One mirred redirect per IPv4 port.
    expect(text(plan.setup).filter((c) => c.includes('mirred')).length).toBe(4);
    // Undo releases first, then tears down everything set up.
    expect(text(plan.undo).slice(0, 2)).toEqual(text(plan.release));
    expect(text(plan.undo)).toEqual(
      expect.arrayContaining(['tc qdisc del dev lo root', 'tc qdisc del dev eth0 ingress', 'ip link del hlifb0']),
    );
  });
});
