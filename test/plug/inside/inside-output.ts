// How a scenario inside the VM hands its findings to the test on the host: one
// line, `RESULT <json>`, last on stdout (the VM's console carries kernel noise).
export const RESULT_PREFIX = 'RESULT ';

export function emitResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

/** Runs a scenario's main, prints its result, and fails the process (exit 1) with the stack on error. */
export function runScenario(main: () => Promise<unknown>): void {
  main().then(
    (value) => {
      emitResult(value);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
