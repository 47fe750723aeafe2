// Who HAProxy runs as once it has dropped root: the `user`/`uid` and
// `group`/`gid` keywords of the global section(s). HAProxy refuses a second
// `user`/`uid` (or `group`/`gid`) with an alert, so the first one is taken.
import { sectionDirectives, wordValues } from './config-model';
import type { HaproxyConfig } from './config-model';

export interface GlobalIdentity {
  /** `user NAME` */
  readonly user?: string;
  /** `uid N` */
  readonly uid?: number;
  /** `group NAME` */
  readonly group?: string;
  /** `gid N` */
  readonly gid?: number;
}

const NUMBER = /^[0-9]{1,10}$/;

export function globalIdentity(cfg: HaproxyConfig): GlobalIdentity {
  let identity: GlobalIdentity = {};
  const lines = cfg.sections.filter((section) => section.type === 'global').flatMap((section) => sectionDirectives(cfg, section));
  for (const line of lines) {
    const [keyword, value] = wordValues(line);
    if (value === undefined) continue;
    const hasUser = identity.user !== undefined || identity.uid !== undefined;
    const hasGroup = identity.group !== undefined || identity.gid !== undefined;
    if (keyword === 'user' && !hasUser) identity = { ...identity, user: value };
    else if (keyword === 'uid' && !hasUser && NUMBER.test(value)) identity = { ...identity, uid: Number(value) };
    else if (keyword === 'group' && !hasGroup) identity = { ...identity, group: value };
    else if (keyword === 'gid' && !hasGroup && NUMBER.test(value)) identity = { ...identity, gid: Number(value) };
  }
  return identity;
}
