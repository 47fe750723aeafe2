// `hitless windows ...`
import type { Command } from '../cli-args';
import { emit, type CliContext } from '../cli-context';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatTable } from '../format-table';
import { windowSpec } from '../window-flags';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

function describe(spec: Record<string, unknown>): string {
  if (spec.kind === 'recurring') return `cron '${String(spec.cron)}' for ${String(spec.durationMinutes)} min (${String(spec.timeZone)})`;
  if (spec.kind === 'one-off') return `${String(spec.start)} to ${String(spec.end)}`;
  return JSON.stringify(spec);
}

export async function windowsList(ctx: CliContext): Promise<ExitCode> {
  const { items } = await ctx.api.call('listWindows', {});
  emit(ctx, { items }, formatTable(['ID', 'NAME', 'WHEN'], items.map((w) => [w.id, w.name, describe(w.spec)])));
  return EXIT.ok;
}

export async function windowsCreate(ctx: CliContext, command: Of<'windows-create'>): Promise<ExitCode> {
  const window = await ctx.api.call('createWindow', { body: { name: command.name, window: windowSpec(command) } });
  emit(ctx, window, `created window ${window.id} '${window.name}': ${describe(window.spec)}`);
  return EXIT.ok;
}

export async function windowsDelete(ctx: CliContext, command: Of<'windows-delete'>): Promise<ExitCode> {
  await ctx.api.call('deleteWindow', { params: { id: command.id } });
  emit(ctx, { id: command.id, deleted: true }, `deleted window ${command.id}`);
  return EXIT.ok;
}
