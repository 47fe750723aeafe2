import { isAbsolute, resolve } from 'node:path';

/** What an HAProxy command line says about how it runs. */
export interface HaproxyArgs {
  /** `-W` / `-Ws` (systemd flavour). */
  masterWorker: boolean;
  systemd: boolean;
  /** `-D`. */
  daemon: boolean;
  /** `-f` files or directories, and anything after `--`; resolved against the base directory. */
  configFiles: string[];
  pidFile?: string;
  /** Every `-S` argument as written, e.g. `/run/haproxy-master.sock` or `ipv4@127.0.0.1:9999,level,admin`. */
  masterCliSpecs: string[];
  /** The first `-S` that is a Unix socket, as a resolved path. */
  masterSocket?: string;
  /** `-x <socket>`: where a new process fetches listening sockets from (may be `sockpair@N` in workers). */
  exposeSocket?: string;
  /** `-sf` pids (soft stop: old processes finishing their connections). */
  softStopPids: number[];
  /** `-st` pids (hard stop). */
  hardStopPids: number[];
}

// Options that consume the next argument (haproxy.c's argument loop).
const WITH_VALUE = new Set(['-f', '-p', '-S', '-x', '-L', '-C', '-n', '-m', '-N']);

/** Unix path of a `-S` spec, or undefined for a TCP one. Options follow the first comma. */
export function unixPathOfCliSpec(spec: string): string | undefined {
  const address = spec.split(',')[0];
  if (address.startsWith('unix@')) return address.slice('unix@'.length);
  if (/^[a-z0-9]+@/i.test(address)) return undefined; // ipv4@, ipv6@, fd@, sockpair@, abns@...
  if (address.includes(':')) return undefined; // host:port
  return address;
}

/**
 * Parses HAProxy's argv (argv[0] included). Relative paths are resolved
 * against `baseDir` (the process's cwd), and `-f` against `-C` when given,
 * as HAProxy itself changes to that directory before loading files.
 */
export function parseHaproxyArgv(argv: readonly string[], baseDir = '/'): HaproxyArgs {
  const args: HaproxyArgs = {
    masterWorker: false,
    systemd: false,
    daemon: false,
    configFiles: [],
    masterCliSpecs: [],
    softStopPids: [],
    hardStopPids: [],
  };
  const rawConfigs: string[] = [];
  let chdir: string | undefined;
  const abs = (path: string, base: string) => (isAbsolute(path) ? path : resolve(base, path));

  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rawConfigs.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-sf' || arg === '-st') {
      const list = arg === '-sf' ? args.softStopPids : args.hardStopPids;
      while (i + 1 < argv.length && /^\d+$/.test(argv[i + 1])) list.push(Number(argv[++i]));
      continue;
    }
    if (arg === '-W' || arg === '-Ws') {
      args.masterWorker = true;
      args.systemd ||= arg === '-Ws';
      continue;
    }
    if (arg === '-D') {
      args.daemon = true;
      continue;
    }
    if (WITH_VALUE.has(arg) && i + 1 < argv.length) {
      const value = argv[++i];
      if (arg === '-f') rawConfigs.push(value);
      else if (arg === '-p') args.pidFile = abs(value, baseDir);
      else if (arg === '-S') args.masterCliSpecs.push(value);
      else if (arg === '-x') args.exposeSocket = value.includes('@') ? value : abs(value, baseDir);
      else if (arg === '-C') chdir = abs(value, baseDir);
    }
  }
  args.configFiles = rawConfigs.map((path) => abs(path, chdir ?? baseDir));
  const unix = args.masterCliSpecs.map(unixPathOfCliSpec).find((path) => path !== undefined);
  if (unix !== undefined) args.masterSocket = abs(unix, baseDir);
  return args;
}
