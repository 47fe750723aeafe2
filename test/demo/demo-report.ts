// The demo's final table and its JSON form (the shape design.md promises scripts).
import type { ProbeFigures } from '@hitless/reload';
import { probeFigures, reloadMs, strategyName, type RolloutView } from './rollout-view';

export interface DemoHostRow {
  name: string;
  address: string;
  strategy: string;
  reload_ms: number;
  requests_during_reload: number;
  failed: number;
}

export interface DemoReport {
  rollout: { id: string; state: string };
  hosts: DemoHostRow[];
  clients: { requests: number; failed: number; errors: Record<string, number> };
}

/** One row per fleet host, from the agents' results as the server stored them. */
export function hostRows(view: RolloutView, addresses: Map<string, string>): DemoHostRow[] {
  return [...addresses].map(([name, address]) => {
    const result = view.steps.find((s) => s.hostName === name)?.reloadResult;
    if (!result) return { name, address, strategy: 'not-reloaded', reload_ms: 0, requests_during_reload: 0, failed: 0 };
    const probe = probeFigures(result);
    return { name, address, strategy: strategyName(result.strategy), reload_ms: reloadMs(result), requests_during_reload: probe.requests, failed: probe.failed };
  });
}

/** `succeeded` only when the server says so and every host's step succeeded (none skipped as offline). */
export function rolloutState(view: RolloutView): string {
  if (view.rollout.state !== 'succeeded') return view.rollout.state;
  return view.steps.every((s) => s.state === 'succeeded') ? 'succeeded' : 'incomplete';
}

export function clientTotals(figures: ProbeFigures[]): DemoReport['clients'] {
  const errors: Record<string, number> = {};
  for (const f of figures) for (const [code, count] of Object.entries(f.errors)) errors[code] = (errors[code] ?? 0) + count;
  return { requests: figures.reduce((s, f) => s + f.requests, 0), failed: figures.reduce((s, f) => s + f.failed, 0), errors };
}

export function formatTable(report: DemoReport): string {
  const header = ['host', 'address', 'strategy', 'reload ms', 'requests during reload', 'failed'];
  const rows = report.hosts.map((h) => [h.name, h.address, h.strategy, String(h.reload_ms), String(h.requests_during_reload), String(h.failed)]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `rollout ${report.rollout.id}: ${report.rollout.state}`,
    `clients (counted by the clients themselves): ${report.clients.requests} requests, ${report.clients.failed} failed${report.clients.failed ? ` ${JSON.stringify(report.clients.errors)}` : ''}`,
  ].join('\n');
}
