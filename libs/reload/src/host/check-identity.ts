// The user and group `haproxy -c` runs as: the ones HAProxy itself drops to
// (`user`/`uid`, `group`/`gid` of the global section), else nobody, and never
// root. HAProxy reads maps and other files of the config while it parses it,
// so a check run as root could read any file the config names; as HAProxy's
// own user it reads only what that user could. Names are looked up with
// getent, so users from NSS (LDAP, systemd-userdb) resolve as HAProxy's
// getpwnam() would resolve them.
import type { GlobalIdentity } from '@hitless/haproxy';
import { CommandError, type ProcessRunner } from '@hitless/process';

export interface CheckIdentity {
  readonly uid: number;
  readonly gid: number;
  /** For messages: `haproxy (uid 108, gid 111)`. */
  readonly label: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

// Names getent may be asked about: what useradd and groupadd accept. Anything else
// (a leading '-' included) is never passed on, and falls back to nobody.
const ACCOUNT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;
const NOBODY: PasswdEntry = { name: 'nobody', uid: 65534, gid: 65534 };

async function getent(runner: ProcessRunner, database: 'passwd' | 'group', key: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await runner.run('getent', [database, key], { timeoutMs: 10_000 });
    return stdout.trim().split('\n')[0]?.split(':');
  } catch (error) {
    // Exit 2: no such entry. Anything else (getent missing, NSS broken) is the host's problem to report.
    if (error instanceof CommandError && error.reason === 'exit' && error.exitCode === 2) return undefined;
    throw error;
  }
}

async function passwd(runner: ProcessRunner, key: string | number): Promise<PasswdEntry | undefined> {
  if (typeof key === 'string' && !ACCOUNT_NAME.test(key)) return undefined;
  const fields = await getent(runner, 'passwd', String(key));
  if (!fields || fields.length < 4) return undefined;
  return { name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function groupId(runner: ProcessRunner, name: string): Promise<number | undefined> {
  if (!ACCOUNT_NAME.test(name)) return undefined;
  const fields = await getent(runner, 'group', name);
  return fields && fields.length >= 3 ? Number(fields[2]) : undefined;
}

export async function resolveCheckIdentity(identity: GlobalIdentity, runner: ProcessRunner): Promise<CheckIdentity> {
  const nobody = (await passwd(runner, 'nobody')) ?? NOBODY;
  let user: PasswdEntry | undefined;
  if (identity.user !== undefined) user = await passwd(runner, identity.user);
  else if (identity.uid !== undefined) user = (await passwd(runner, identity.uid)) ?? { name: `uid ${identity.uid}`, uid: identity.uid, gid: nobody.gid };
  // An unknown user (HAProxy itself will refuse the config) or root: nobody instead.
  const chosen = user && user.uid !== 0 ? user : nobody;
  const named = identity.gid ?? (identity.group !== undefined ? await groupId(runner, identity.group) : undefined);
  // Without a group HAProxy keeps gid 0; the check takes the user's own group instead, never root's.
  const gid = named !== undefined && named !== 0 ? named : chosen.gid !== 0 ? chosen.gid : nobody.gid;
  return { uid: chosen.uid, gid, label: `${chosen.name} (uid ${chosen.uid}, gid ${gid})` };
}
