import { splitCsvLine } from './csv-line';
import { fixture } from './fixtures';
import { parseShowStat } from './show-stat';

describe('parseShowStat', () => {
  it('reads 2.6.12 output (captured)', () => {
    const rows = parseShowStat(fixture('show-stat.2.6.12.txt'));
    expect(rows.map((row) => [row.proxy, row.name, row.type, row.status, row.weight])).toEqual([
      ['fe', 'FRONTEND', 'frontend', 'OPEN', undefined],
      ['be', 's1', 'server', 'no check', 7],
      ['be', 's2', 'server', 'DOWN', 20],
      ['be', 'BACKEND', 'backend', 'UP', 7],
      ['tcpfe', 'FRONTEND', 'frontend', 'OPEN', undefined],
      ['tcpbe', 't1', 'server', 'no check', 1],
      ['tcpbe', 'BACKEND', 'backend', 'UP', 1],
    ]);
    expect(rows[2].fields['check_desc']).toBe('Layer4 connection problem');
    expect(rows[1].fields['addr']).toBe('127.0.0.1:38082');
    // The trailing comma of the header does not create a nameless column.
    expect(Object.keys(rows[0].fields)).not.toContain('');
  });

  it('shows runtime drain and maint (captured on 2.6.12)', () => {
    const rows = parseShowStat(fixture('show-stat.2.6.12-drain-maint.txt'));
    const status = Object.fromEntries(rows.map((row) => [`${row.proxy}/${row.name}`, row.status]));
    expect(status['be/s1']).toBe('DRAIN');
    expect(status['be/s2']).toBe('MAINT');
  });

  it('rejects text without the CSV header', () => {
    expect(() => parseShowStat('Unknown command\n')).toThrow(/header/);
  });
});

describe('splitCsvLine', () => {
  it('splits bare and quoted fields', () => {
    expect(splitCsvLine('a,,"b,c","say ""hi""",')).toEqual(['a', '', 'b,c', 'say "hi"', '']);
  });
});
