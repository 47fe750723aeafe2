import { describeSoftLockup, findSoftLockups, longestSoftLockup } from './soft-lockups';

// The shape of Debian 6.1's report on the serial console.
const CONSOLE = `[  812.113204] watchdog: BUG: soft lockup - CPU#1 stuck for 23s! [wrk:1412]
[  812.114011] Modules linked in: sch_plug sch_prio cls_fw ifb act_mirred cls_u32 9p
[  812.115502] CPU: 1 PID: 1412 Comm: wrk Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1
[  812.116001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[  812.116900] RIP: 0010:_raw_spin_unlock_irqrestore+0x1e/0x40
[  812.117444] Code: 90 90 90
[  840.220001] watchdog: BUG: soft lockup - CPU#0 stuck for 49s! [haproxy:2001]
[  840.220900] RIP: 0010:__tcp_close+0x12/0x420
`;

describe('guest soft-lockup reports', () => {
  it('reads each report with its CPU, duration, task and where the CPU was', () => {
    expect(findSoftLockups(CONSOLE)).toEqual([
      { cpu: 1, stuckS: 23, command: 'wrk', at: '_raw_spin_unlock_irqrestore+0x1e/0x40' },
      { cpu: 0, stuckS: 49, command: 'haproxy', at: '__tcp_close+0x12/0x420' },
    ]);
  });

  it('finds none in a clean console, and names the longest', () => {
    expect(findSoftLockups('[    1.0] Run /init as init process\nkernel-lab: running the command\n')).toEqual([]);
    const longest = longestSoftLockup(findSoftLockups(CONSOLE));
    expect(longest && describeSoftLockup(longest)).toBe('CPU#0 stuck for 49 s in haproxy at __tcp_close+0x12/0x420');
    expect(longestSoftLockup([])).toBeUndefined();
  });
});
