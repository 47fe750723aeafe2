// migrate: with net.ipv4.tcp_migrate_req=1 (Linux >= 5.14) the kernel moves the
// connections queued on a closing listener to another listener of the same
// SO_REUSEPORT group, the new HAProxy's, instead of resetting them. The sysctl
// belongs to the network namespace; its previous value is restored afterwards.
import { applyRecorded, ReloadGuard, releaseRecorded } from './reload-guard';

const WHAT = 'tcp_migrate_req';
export const MIGRATE_SYSCTL = 'net.ipv4.tcp_migrate_req';

export const migrateGuard: ReloadGuard = {
  async engage(context) {
    const current = (await context.runner.run('sysctl', ['-n', MIGRATE_SYSCTL], { netns: context.netns })).stdout.trim();
    if (current === '1') return;
    await applyRecorded(
      context,
      WHAT,
      [{ command: 'sysctl', args: ['-q', '-w', `${MIGRATE_SYSCTL}=1`] }],
      [{ command: 'sysctl', args: ['-q', '-w', `${MIGRATE_SYSCTL}=${current}`] }],
    );
  },
  release: (context) => releaseRecorded(context, WHAT),
};
