import type { HaproxyInstance } from './haproxy-instance';

export interface DiscoveryHints {
  configPath?: string;
  masterSocket?: string;
  pidFile?: string;
}

function describe(instance: HaproxyInstance): string {
  const pid = instance.masterPid ?? instance.workerPids[0];
  return `pid ${pid} (${instance.mode}, -f ${instance.configFiles.join(' ') || 'none'}${instance.masterSocket ? `, -S ${instance.masterSocket}` : ''}${
    instance.pidFile ? `, -p ${instance.pidFile}` : ''
  })`;
}

/** Discovery could not settle on exactly one HAProxy: none matched, or several did. */
export class HaproxyDiscoveryError extends Error {
  constructor(
    readonly reason: 'not-found' | 'ambiguous',
    readonly hints: DiscoveryHints,
    /** The instances that matched the hints (ambiguous), or every instance seen (not-found). */
    readonly candidates: HaproxyInstance[],
  ) {
    const wanted = Object.entries(hints)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    const seen = candidates.length === 0 ? 'no HAProxy process is running' : candidates.map(describe).join('; ');
    super(
      reason === 'not-found'
        ? `no running HAProxy matches ${wanted || 'the (empty) hints'}: ${seen}`
        : `${candidates.length} running HAProxy instances match ${wanted || 'the (empty) hints'}; give a config path, master socket or pid file to choose: ${seen}`,
    );
    this.name = 'HaproxyDiscoveryError';
  }
}
