import { shellCommand, shellQuote } from './shell-quote';

describe('shellQuote', () => {
  it('keeps quotes, dollars, spaces and newlines literal', () => {
    expect(shellQuote(`it's $HOME`)).toBe(`'it'\\''s $HOME'`);
    expect(shellQuote('a\nb')).toBe(`'a\nb'`);
    expect(shellQuote('')).toBe(`''`);
  });

  it('refuses an empty command and NUL bytes', () => {
    expect(() => shellCommand([])).toThrow(/empty/);
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});
