/** An external program said no: keeps what it printed so the caller can report it. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    readonly reason: 'exit' | 'timeout' | 'aborted' | 'spawn',
  ) {
    const detail = stderr.trim() || stdout.trim();
    super(
      `${[command, ...args].join(' ')} ${
        reason === 'exit' ? `exited with ${exitCode}` : reason === 'timeout' ? 'timed out' : reason === 'aborted' ? 'was cancelled' : 'could not start'
      }${detail ? `: ${detail.split('\n').slice(-5).join(' | ')}` : ''}`,
    );
    this.name = 'CommandError';
  }
}
