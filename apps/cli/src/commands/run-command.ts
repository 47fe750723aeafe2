// Dispatches a parsed command to its handler.
import type { Command } from '../cli-args';
import type { CliContext } from '../cli-context';
import type { ExitCode } from '../exit-codes';
import { hostsLabels, hostsList } from './hosts-commands';
import { rolloutAction, rolloutCreate, rolloutList, rolloutRollback, rolloutStatus } from './rollout-commands';
import { joinTokenCreate, tokensCreate, tokensList, tokensRevoke } from './tokens-commands';
import { windowsCreate, windowsDelete, windowsList } from './windows-commands';

export function runCommand(ctx: CliContext, command: Exclude<Command, { kind: 'help' }>): Promise<ExitCode> {
  switch (command.kind) {
    case 'rollout-create':
      return rolloutCreate(ctx, command);
    case 'rollout-list':
      return rolloutList(ctx, command);
    case 'rollout-status':
      return rolloutStatus(ctx, command);
    case 'rollout-pause':
    case 'rollout-resume':
    case 'rollout-abort':
      return rolloutAction(ctx, command);
    case 'rollout-rollback':
      return rolloutRollback(ctx, command);
    case 'hosts-list':
      return hostsList(ctx, command);
    case 'hosts-labels':
      return hostsLabels(ctx, command);
    case 'windows-list':
      return windowsList(ctx);
    case 'windows-create':
      return windowsCreate(ctx, command);
    case 'windows-delete':
      return windowsDelete(ctx, command);
    case 'tokens-list':
      return tokensList(ctx);
    case 'tokens-create':
      return tokensCreate(ctx, command);
    case 'tokens-revoke':
      return tokensRevoke(ctx, command);
    case 'join-token-create':
      return joinTokenCreate(ctx, command);
  }
}
