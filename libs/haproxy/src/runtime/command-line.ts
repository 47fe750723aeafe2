// HAProxy's CLI splits a line on ';' and ends a command at a newline, so any
// such character inside a caller-provided string would smuggle in a second
// command. Single commands must be clean; several commands must be asked for
// explicitly as a list, and each element must itself be one clean command.

const FORBIDDEN = /[\r\n\0;]/;

/** Returns the reason a single command is unsafe, or undefined when it is fine. */
export function commandProblem(command: string): string | undefined {
  if (command.trim() === '') return 'empty command';
  if (FORBIDDEN.test(command)) return "command contains a newline, NUL or ';' (pass a list for several commands)";
  return undefined;
}

/** The line to write: one command, or an explicit list joined with HAProxy's separator. */
export function toCommandLine(command: string | readonly string[]): { line: string; problem?: string } {
  const parts = typeof command === 'string' ? [command] : [...command];
  if (parts.length === 0) return { line: '', problem: 'empty command list' };
  for (const part of parts) {
    const problem = commandProblem(part);
    if (problem) return { line: parts.join('; '), problem };
  }
  return { line: parts.map((part) => part.trim()).join('; ') };
}
