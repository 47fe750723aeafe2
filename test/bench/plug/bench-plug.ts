// CLI of `npm run bench:plug -- --out FILE [--reloads N] [--interval-ms N] [--connections N]`:
// the plug-against-naive comparison inside the kernel lab (loopback and veth
// ingress), written as JSON in bench:reload's shape and printed as a table.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { prepareKernelLab } from '@hitless/kernel-lab';
import type { LoadScenarioOptions } from '../../plug/inside/load-scenario';
import { runScenarioInLab } from '../../plug/plug-lab';
import type { PlugBenchReport, PlugPath } from './plug-bench-types';
import { formatPlugTable } from './plug-table';

const USAGE = 'usage: npm run bench:plug -- --out FILE [--reloads 1-200] [--interval-ms 0-10000] [--connections 1-256] [--paths loopback,ingress]';
const PATHS: readonly PlugPath[] = ['loopback', 'ingress'];
const LIMITS: Record<string, [number, number]> = { '--reloads': [1, 200], '--interval-ms': [0, 10_000], '--connections': [1, 256] };

function paths(text: string | undefined): PlugPath[] {
  if (text === undefined) return [...PATHS];
  const chosen = text.split(',');
  const unknown = chosen.filter((path) => !(PATHS as readonly string[]).includes(path));
  if (unknown.length || chosen.length === 0 || new Set(chosen).size !== chosen.length) throw new Error(`--paths takes ${PATHS.join(' and/or ')}, each once\n${USAGE}`);
  return chosen as PlugPath[];
}

function parse(argv: readonly string[]): { out: string; scenario: LoadScenarioOptions } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--out', '--paths', ...Object.keys(LIMITS)].includes(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    values[flag] = value;
  }
  if (!values['--out']) throw new Error(`--out FILE is required\n${USAGE}`);
  const number = (flag: string, fallback: number) => {
    if (values[flag] === undefined) return fallback;
    const [min, max] = LIMITS[flag];
    const n = Number(values[flag]);
    if (!/^\d+$/.test(values[flag]) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  return {
    out: values['--out'],
    scenario: {
      reloads: number('--reloads', 10), intervalMs: number('--interval-ms', 300), connections: number('--connections', 4),
      paths: paths(values['--paths']), strategies: ['plug', 'naive'],
    },
  };
}

async function main(): Promise<void> {
  const { out, scenario } = parse(process.argv.slice(2));
  const lab = await prepareKernelLab();
  // Reloads take seconds each under TCG: allow a generous minute per reload and run, then give up.
  const timeoutMs = (scenario.reloads * scenario.paths.length * scenario.strategies.length + 4) * 60_000;
  process.stderr.write(`bench:plug: booting kernel ${lab.kernel.version} under QEMU (TCG); ${scenario.reloads} reloads x ${scenario.paths.length * scenario.strategies.length} runs\n`);
  const { result, softLockups } = await runScenarioInLab<PlugBenchReport>(lab, 'load-scenario', timeoutMs, [JSON.stringify(scenario)]);
  const report: PlugBenchReport = { ...result, guest_soft_lockups: softLockups };
  const path = resolve(out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatPlugTable(report)}\nwrote ${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:plug: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
