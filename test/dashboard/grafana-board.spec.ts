// The Grafana board in deploy/grafana must only chart metrics that the server
// and the agent really export: a renamed metric would leave a panel silently empty.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentMetrics } from '../../apps/agent/src/daemon/metrics/agent-metrics';
import { ServerMetrics } from '../../apps/server/src/metrics/server-metrics';

interface Board {
  panels: { title: string; targets?: { expr: string }[] }[];
}

const board = JSON.parse(readFileSync(join(__dirname, '../../deploy/grafana/hitless-fleet.json'), 'utf8')) as Board;

function exported(): Set<string> {
  const server = new ServerMetrics();
  server.watchFleet({ counts: () => Promise.reject(new Error('not scraped here')), rolloutsByState: () => Promise.resolve([]) });
  const agent = new AgentMetrics();
  return new Set([...server.registry.getMetricsAsArray(), ...agent.registry.getMetricsAsArray()].map((metric) => metric.name));
}

describe('deploy/grafana/hitless-fleet.json', () => {
  const names = exported();
  const queried = board.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => (target.expr.match(/hitless_[a-z0-9_]+/g) ?? []).map((name) => [panel.title, name.replace(/_(bucket|sum|count)$/, '')])));

  it('queries something in every panel', () => {
    expect(queried.length).toBeGreaterThan(15);
  });

  it.each(queried)('panel "%s" charts %s, which is exported', (_panel, name) => {
    expect(names.has(name)).toBe(true);
  });
});
