import { commandProblem, toCommandLine } from './command-line';
import { isValidObjectName } from './object-names';
import { parseUptime } from './uptime';

describe('command lines', () => {
  it('accepts one clean command', () => {
    expect(toCommandLine('show info')).toEqual({ line: 'show info' });
  });

  it('refuses command separators and line breaks inside one command', () => {
    expect(toCommandLine('show info; shutdown frontend fe').problem).toMatch(/';'/);
    expect(toCommandLine('show info\nshutdown frontend fe').problem).toMatch(/newline/);
    expect(commandProblem('show info\r')).toBeDefined();
    expect(commandProblem('   ')).toBe('empty command');
  });

  it('joins an explicit list, still refusing smuggled separators in its elements', () => {
    expect(toCommandLine(['show info', 'show stat'])).toEqual({ line: 'show info; show stat' });
    expect(toCommandLine(['show info', 'show stat; disable frontend fe']).problem).toBeDefined();
    expect(toCommandLine([]).problem).toBe('empty command list');
  });
});

describe('object names', () => {
  it('allows what HAProxy allows and nothing that changes a command', () => {
    expect(isValidObjectName('be_app-1.v2:blue')).toBe(true);
    for (const bad of ['', 'a b', 'a/b', 'a;b', 'a\nb', 'é']) expect(isValidObjectName(bad)).toBe(false);
  });
});

describe('parseUptime', () => {
  it('reads both uptime spellings', () => {
    expect(parseUptime('1d02h03m04s')).toBe(93784);
    expect(parseUptime('0d 0h12m50s')).toBe(770);
    expect(parseUptime('-')).toBeUndefined();
  });
});
