// CLI entry of `npm run bench:reload -- --out FILE ...`. Ctrl-C (or SIGTERM)
// aborts the benchmark, which tears down the running lab host before exiting.
import { BenchUsageError } from './bench-options';
import { benchMain } from './bench-main';

async function cli(): Promise<number> {
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping and cleaning up (again to quit at once; the next run sweeps what is left)\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const report = await benchMain(process.argv.slice(2), {
      signal: controller.signal,
      progress: (line) => process.stderr.write(`bench: ${line}\n`),
      print: (text) => process.stdout.write(`${text}\n`),
    });
    // Dropped requests are results; a run that could not be measured is a failure of the benchmark.
    return report.broken_runs.length ? 1 : 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(`bench:reload: ${(controller.signal.reason as Error).message}; lab hosts removed, no report written\n`);
      return 130;
    }
    process.stderr.write(`bench:reload: ${error instanceof BenchUsageError ? error.message : (error as Error).stack ?? String(error)}\n`);
    return error instanceof BenchUsageError ? 2 : 1;
  }
}

void cli().then((code) => {
  process.exitCode = code;
});
