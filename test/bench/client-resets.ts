// Resets the load balancer sent to its clients. The kernel's TcpOutRsts counts
// every reset in the namespace, including the ones HAProxy sends its backends
// over loopback when it drops a server connection (it aborts them rather than
// leave TIME_WAIT behind), which says nothing about clients. A counting rule on
// the way out of every interface but lo (no target: it only counts) separates
// what clients received. The rule dies with the lab host's namespace.
import type { ProcessRunner } from '@hitless/process';

const COMMENT = 'bench-rst-to-clients';
const RULE = ['OUTPUT', '!', '-o', 'lo', '-p', 'tcp', '--tcp-flags', 'RST', 'RST', '-m', 'comment', '--comment', COMMENT];

export async function startCountingClientResets(runner: ProcessRunner, netns: string): Promise<void> {
  await runner.run('iptables', ['-w', '5', '-I', ...RULE], { netns });
}

/** The packet count of our rule in `iptables -S OUTPUT -v` output; null when the rule is not there. */
export function parseClientResets(iptablesRules: string): number | null {
  const line = iptablesRules.split('\n').find((l) => l.includes(`--comment ${COMMENT}`));
  const counts = line && / -c (\d+) \d+/.exec(line);
  return counts ? Number(counts[1]) : null;
}

export async function readClientResets(runner: ProcessRunner, netns: string): Promise<number | null> {
  const rules = await runner.run('iptables', ['-w', '5', '-S', 'OUTPUT', '-v'], { netns });
  return parseClientResets(rules.stdout);
}
