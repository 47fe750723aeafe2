import { counterDeltas, KERNEL_COUNTER_NAMES, parseNstat, pickCounters } from './kernel-counters';

// Trimmed from `nstat -asz` on Linux 6.18.
const NSTAT = `#kernel
IpInReceives                    1520               0.0
TcpActiveOpens                  12                 0.0
TcpOutRsts                      4292               0.0
TcpExtListenOverflows           790                0.0
TcpExtListenDrops               791                0.0
TcpExtTCPAbortOnData            478                0.0
TcpExtTCPAbortOnClose           2581               0.0
TcpExtTCPAbortOnMemory          0                  0.0
TcpExtTCPAbortOnTimeout         3                  0.0
TcpExtTCPAbortOnLinger          0                  0.0
TcpExtTCPMigrateReqSuccess      7                  0.0
TcpExtTCPMigrateReqFailure      1                  0.0
`;

describe('kernel counters', () => {
  it('reads nstat output into our names', () => {
    expect(pickCounters(parseNstat(NSTAT))).toEqual({
      ListenDrops: 791, ListenOverflows: 790, TCPMigrateReqSuccess: 7, TCPMigrateReqFailure: 1, TCPAbortOnClose: 2581,
      TCPAbortOnData: 478, TCPAbortOnTimeout: 3, TCPAbortOnLinger: 0, TCPAbortOnMemory: 0, OutRsts: 4292,
    });
  });

  it('says null for a counter the kernel lacks, not 0', () => {
    const old = NSTAT.split('\n').filter((line) => !line.includes('MigrateReq')).join('\n');
    const counters = pickCounters(parseNstat(old));
    expect(counters.TCPMigrateReqSuccess).toBeNull();
    expect(counters.ListenDrops).toBe(791);
  });

  it('ignores the header and lines that are not counters', () => {
    expect([...parseNstat('#kernel\n\nnot a counter line\nTcpOutRsts 5 0.0\n').entries()]).toEqual([['TcpOutRsts', 5]]);
  });

  it('takes deltas counter by counter, null where either side has none', () => {
    const before = pickCounters(parseNstat(NSTAT));
    const after = { ...before, ListenDrops: 800, OutRsts: 4300, TCPMigrateReqSuccess: null };
    const delta = counterDeltas(before, after);
    expect(delta).toMatchObject({ ListenDrops: 9, OutRsts: 8, TCPMigrateReqSuccess: null, TCPAbortOnClose: 0 });
    expect(Object.keys(delta)).toEqual(KERNEL_COUNTER_NAMES);
  });
});
