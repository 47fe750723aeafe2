/** An external program said no: keeps what it printed so the caller can report it. */
export class CommandError extends Error {
  /** What happened, without the program's output: for messages that must not quote it. */
  readonly brief: string;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    readonly reason: 'exit' | 'timeout' | 'aborted' | 'spawn',
    /** Set when the program ended by a signal it did not get from us (a crash, the OOM killer): reason 'exit', exitCode null. */
    readonly signal: string | null = null,
  ) {
    const detail = stderr.trim() || stdout.trim();
    const ended = signal ? `was killed by ${signal}` : `exited with ${exitCode}`;
    const brief = `${[command, ...args].join(' ')} ${
      reason === 'exit' ? ended : reason === 'timeout' ? 'timed out' : reason === 'aborted' ? 'was cancelled' : 'could not start'
    }`;
    super(`${brief}${detail ? `: ${detail.split('\n').slice(-5).join(' | ')}` : ''}`);
    this.brief = brief;
    this.name = 'CommandError';
  }
}
