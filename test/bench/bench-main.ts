// `bench:reload` as a function: parse the options, run the benchmark, write the
// JSON, print the table. The CLI entry and the integration test both call it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseBenchOptions } from './bench-options';
import type { BenchReport } from './bench-types';
import { formatTable } from './report-table';
import type { BenchHooks } from './bench-host';
import { runBenchmark } from './run-benchmark';

export interface BenchMainHooks extends BenchHooks {
  /** Where the table goes (stdout for the CLI). */
  print: (text: string) => void;
}

export async function benchMain(argv: readonly string[], hooks: BenchMainHooks): Promise<BenchReport> {
  const options = parseBenchOptions(argv);
  const out = resolve(options.out);
  const report = await runBenchmark(options, hooks);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  hooks.print(formatTable(report));
  hooks.print(`wrote ${out}`);
  return report;
}
