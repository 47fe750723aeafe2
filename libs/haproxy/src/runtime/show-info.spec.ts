import { fixture } from './fixtures';
import { parseShowInfo } from './show-info';

describe('parseShowInfo', () => {
  it('reads 2.6.12 output (captured)', () => {
    const info = parseShowInfo(fixture('show-info.2.6.12.txt'));
    expect(info.pid).toBe(8551);
    expect(info.uptimeSec).toBe(109);
    expect(info.version).toBe('2.6.12-1+deb12u4');
    expect(info.currConns).toBe(0);
    expect(info.cumConns).toBe(67);
    expect(info.fields['Unstoppable Jobs']).toBe('1');
    expect(info.fields['Uptime']).toBe('0d 0h01m49s');
    expect(info.fields['Name']).toBe('HAProxy');
  });

  it('rejects text that is not show info', () => {
    expect(() => parseShowInfo("Can't find the target PID matching the prefix '@5'\n")).toThrow(/Version/);
    expect(() => parseShowInfo('Version: 2.6.12\nPid: x\n')).toThrow(/Pid/);
  });
});
