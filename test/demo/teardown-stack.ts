// Undo steps run last-first, once, each even when an earlier one fails. A step
// added after teardown began (start-up still in flight on Ctrl-C) runs at once,
// so nothing started late is left behind.
export class TeardownStack {
  private readonly steps: { what: string; run: () => Promise<void> }[] = [];
  private closing: Promise<string[]> | undefined;

  add(what: string, run: () => Promise<void>): void {
    if (this.closing) {
      void this.closing.then(() => run()).catch((error: unknown) => process.stderr.write(`demo: cleaning up ${what} failed: ${describe(error)}\n`));
      return;
    }
    this.steps.push({ what, run });
  }

  /** Resolves with one message per step that failed. */
  close(): Promise<string[]> {
    this.closing ??= (async () => {
      const problems: string[] = [];
      for (const step of this.steps.reverse()) await step.run().catch((error: unknown) => problems.push(`${step.what}: ${describe(error)}`));
      return problems;
    })();
    return this.closing;
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return `${error.message}: ${error.errors.map(describe).join('; ')}`;
  return error instanceof Error ? error.message : String(error);
}
