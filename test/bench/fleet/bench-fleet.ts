// `npm run bench:fleet -- --agents 100,300,1000 --out FILE`: one run per fleet
// size against one Postgres, printed side by side and written as JSON.
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { startBenchPostgres } from './bench-database';
import { comparisonTable } from './fleet-compare';
import { FleetUsageError, parseFleetOptions, type FleetBenchOptions } from './fleet-options';
import { runFleet } from './fleet-run';
import { fleetTable } from './fleet-table';
import type { FleetBenchReport, FleetRunReport } from './fleet-types';

export async function benchFleet(options: FleetBenchOptions, say: (line: string) => void): Promise<FleetBenchReport> {
  const postgres = await startBenchPostgres();
  try {
    const runs: FleetRunReport[] = [];
    for (const agents of options.agents) {
      say(`fleet of ${agents} agents`);
      runs.push(await runFleet(postgres, { agents, reloadMs: options.reloadMs, historyRows: options.historyRows, querySamples: options.querySamples, heartbeatSeconds: options.heartbeatSeconds, say }));
    }
    const version = await postgres.serverVersion();
    return { env: { cores: availableParallelism(), node: process.version, postgres: version }, reload_ms: options.reloadMs, runs };
  } finally {
    await postgres.stop();
  }
}

async function main(): Promise<void> {
  let options: FleetBenchOptions;
  try {
    options = parseFleetOptions(process.argv.slice(2).filter((arg) => arg !== '--'));
  } catch (error) {
    if (error instanceof FleetUsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const report = await benchFleet(options, (line) => process.stdout.write(`${line}\n`));
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${fleetTable(report.runs).join('\n')}\n\nwrote ${options.out}\n`);
  if (options.baseline) {
    const baseline = JSON.parse(await readFile(options.baseline, 'utf8')) as FleetBenchReport;
    process.stdout.write(`\nbefore (${options.baseline}) and after (this run):\n${comparisonTable(baseline, report).join('\n')}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
