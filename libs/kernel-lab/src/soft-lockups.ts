// The guest kernel's soft-lockup reports, read from the VM's console. Under
// TCG on a busy host a guest CPU can go tens of seconds without reaching a
// scheduling point although nothing is wrong (each guest instruction costs many
// host ones, and the vCPU threads share the host's cores with everything else),
// so a report alone is no verdict. A real hang keeps the same CPU stuck, and the
// kernel repeats its report with a growing duration; a slow emulator recovers.

export interface SoftLockup {
  cpu: number;
  stuckS: number;
  /** The task that was current on the stuck CPU. */
  command: string;
  /** Where the CPU was (`RIP: function+off/len`), when the report says. */
  at?: string;
}

const REPORT = /BUG: soft lockup - CPU#(\d+) stuck for (\d+)s! \[([^\]]*?):\d+\]/g;
const RIP = /RIP: \d+:([^\s]+)/;

export function findSoftLockups(console: string): SoftLockup[] {
  const lockups: SoftLockup[] = [];
  for (const match of console.matchAll(REPORT)) {
    // The RIP line follows within the report's first lines (modules, CPU, hardware, then RIP).
    const after = console.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 1500);
    const at = RIP.exec(after)?.[1];
    lockups.push({ cpu: Number(match[1]), stuckS: Number(match[2]), command: match[3], ...(at ? { at } : {}) });
  }
  return lockups;
}

/** The longest report, which for a hang is its latest; undefined with none. */
export function longestSoftLockup(lockups: readonly SoftLockup[]): SoftLockup | undefined {
  return lockups.reduce<SoftLockup | undefined>((worst, lockup) => (worst === undefined || lockup.stuckS > worst.stuckS ? lockup : worst), undefined);
}

export function describeSoftLockup(lockup: SoftLockup): string {
  return `CPU#${lockup.cpu} stuck for ${lockup.stuckS} s in ${lockup.command}${lockup.at ? ` at ${lockup.at}` : ''}`;
}
