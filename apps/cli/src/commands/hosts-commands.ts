// `hitless hosts ...`
import type { Command } from '../cli-args';
import type { Host } from '@hitless/api-contract';
import { emit, type CliContext } from '../cli-context';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatLabels, formatTable } from '../format-table';
import { parseLabelPairs } from '../label-pairs';
import { serverChecked } from '../server-checked';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

const PAGE = 500;

export async function hostsList(ctx: CliContext, command: Of<'hosts-list'>): Promise<ExitCode> {
  // Every page: a script asking for the hosts wants all of them.
  const hosts: Host[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.api.call('listHosts', { query: { label: command.selector, online: serverChecked<'true' | 'false'>(command.online), limit: PAGE, cursor } });
    hosts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const rows = hosts.map((h) => [h.name, h.online ? 'online' : 'offline', h.haproxyVersion ?? '', h.agentVersion ?? '', (h.configHash ?? '').slice(0, 12), formatLabels(h.labels)]);
  emit(ctx, { items: hosts }, formatTable(['NAME', 'STATUS', 'HAPROXY', 'AGENT', 'CONFIG', 'LABELS'], rows));
  return EXIT.ok;
}

export async function hostsLabels(ctx: CliContext, command: Of<'hosts-labels'>): Promise<ExitCode> {
  const labels = parseLabelPairs('hosts labels', command.labels);
  const result = await ctx.api.call('setHostLabels', { params: { name: command.name }, body: { labels } });
  emit(ctx, result, `${result.name}: labels ${formatLabels(result.labels) || '(none)'}`);
  return EXIT.ok;
}
