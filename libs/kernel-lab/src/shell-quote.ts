// The VM's init is a shell script, so the command to run inside reaches it as
// text; every word is single-quoted so that no character in it means anything.

export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a command word cannot contain a NUL byte');
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  if (words.length === 0) throw new Error('the command to run in the kernel lab is empty');
  return words.map(shellQuote).join(' ');
}
