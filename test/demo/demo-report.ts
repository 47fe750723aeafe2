// The demo's final table and its JSON form (the shape design.md promises scripts).
import type { ProbeFigures, ReloadResult } from '@hitless/reload';

export interface DemoHostRow {
  name: string;
  address: string;
  strategy: string;
  reload_ms: number;
  requests_during_reload: number;
  failed: number;
  outcome: string;
}

export interface DemoReport {
  rollout: { id: string; state: 'succeeded' | 'aborted' };
  hosts: DemoHostRow[];
  clients: { requests: number; failed: number; errors: Record<string, number> };
}

export function hostRow(name: string, address: string, result: ReloadResult): DemoHostRow {
  const reloadMs = result.phases.filter((p) => p.phase === 'prepare' || p.phase === 'reload' || p.phase === 'verify' || p.phase === 'cleanup').reduce((sum, p) => sum + p.ms, 0);
  return {
    name,
    address,
    strategy: result.strategy,
    reload_ms: Math.round(reloadMs),
    requests_during_reload: result.probe.requests,
    failed: result.probe.failed,
    outcome: result.outcome,
  };
}

export function clientTotals(figures: ProbeFigures[]): DemoReport['clients'] {
  const errors: Record<string, number> = {};
  for (const f of figures) for (const [code, count] of Object.entries(f.errors)) errors[code] = (errors[code] ?? 0) + count;
  return { requests: figures.reduce((s, f) => s + f.requests, 0), failed: figures.reduce((s, f) => s + f.failed, 0), errors };
}

export function formatTable(report: DemoReport): string {
  const header = ['host', 'address', 'strategy', 'outcome', 'reload ms', 'requests during reload', 'failed'];
  const rows = report.hosts.map((h) => [h.name, h.address, h.strategy, h.outcome, String(h.reload_ms), String(h.requests_during_reload), String(h.failed)]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `rollout ${report.rollout.id}: ${report.rollout.state}`,
    `clients: ${report.clients.requests} requests, ${report.clients.failed} failed${report.clients.failed ? ` ${JSON.stringify(report.clients.errors)}` : ''}`,
  ].join('\n');
}
