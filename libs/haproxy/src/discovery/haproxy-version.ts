import type { ProcessRunner } from '@hitless/process';

export interface HaproxyVersion {
  major: number;
  minor: number;
  /** 0 for development snapshots such as `3.1-dev5`. */
  patch: number;
  /** As printed, e.g. `2.6.12-1+deb12u4`. */
  full: string;
}

// `HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/`;
// releases before 1.9 spelled it `HA-Proxy version 1.8.x`.
const VERSION = /HA-?Proxy version ((\d+)\.(\d+)(?:\.(\d+))?\S*)/;

export function parseHaproxyVersion(output: string): HaproxyVersion {
  const match = VERSION.exec(output);
  if (!match) throw new Error(`not an HAProxy version banner: ${JSON.stringify(output.slice(0, 200))}`);
  return { full: match[1], major: Number(match[2]), minor: Number(match[3]), patch: Number(match[4] ?? 0) };
}

/** Runs `<binary> -v` and parses the banner. */
export async function haproxyVersion(binary: string, runner: ProcessRunner): Promise<HaproxyVersion> {
  const result = await runner.run(binary, ['-v'], { timeoutMs: 10_000 });
  return parseHaproxyVersion(result.stdout);
}
