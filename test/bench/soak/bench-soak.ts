// CLI entry of `npm run bench:soak -- --strategy S --requests N --reloads M --out FILE`.
// Ctrl-C (or SIGTERM) aborts the soak, which tears down the running lab host before exiting.
import { BenchUsageError } from '../bench-options';
import { soakMain } from './soak-main';

async function cli(): Promise<number> {
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping and cleaning up (again to quit at once; the next run sweeps what is left)\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const report = await soakMain(process.argv.slice(2), {
      signal: controller.signal,
      progress: (line) => process.stderr.write(`soak: ${line}\n`),
      print: (text) => process.stdout.write(`${text}\n`),
    });
    // Dropped requests are results; a run that could not be measured, or was cut short, is a failure of the soak.
    return report.broken_runs.length || report.incomplete.length ? 1 : 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(`bench:soak: ${(controller.signal.reason as Error).message}; lab hosts removed, no report written\n`);
      return 130;
    }
    process.stderr.write(`bench:soak: ${error instanceof BenchUsageError ? error.message : (error as Error).stack ?? String(error)}\n`);
    return error instanceof BenchUsageError ? 2 : 1;
  }
}

void cli().then((code) => {
  process.exitCode = code;
});
