// The command line as a typed command. One strict option table for every
// command (each flag means the same everywhere), then a check that a command
// got only its own flags, so a typo is bad usage instead of being ignored.
import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors';
import type { Confirmation } from './confirm-rollout';
import type { SpecFlags } from './rollout-spec-flags';

export type OutputFormat = 'text' | 'json';

export interface GlobalOptions {
  server?: string;
  token?: string;
  caFile?: string;
  config?: string;
  output: OutputFormat;
}

export type Command =
  | { kind: 'help'; topic?: string }
  | { kind: 'rollout-create'; name?: string; specFile?: string; idempotencyKey?: string; spec: SpecFlags; confirmation: Confirmation; watch: boolean; intervalMs: number }
  | { kind: 'rollout-list'; state?: string; limit?: string }
  | { kind: 'rollout-status'; id: string; watch: boolean; intervalMs: number }
  | { kind: 'rollout-pause' | 'rollout-resume' | 'rollout-abort'; id: string }
  | { kind: 'rollout-rollback'; id: string; name?: string; idempotencyKey?: string; confirmation: Confirmation; watch: boolean; intervalMs: number }
  | { kind: 'hosts-list'; selector?: string; online?: string }
  | { kind: 'hosts-labels'; name: string; labels: string[] }
  | { kind: 'windows-list' }
  | { kind: 'windows-create'; name: string; cron?: string; duration?: string; timeZone?: string; start?: string; end?: string }
  | { kind: 'windows-delete'; id: string }
  | { kind: 'tokens-list' }
  | { kind: 'tokens-create'; name: string; role: string; expiresAt?: string }
  | { kind: 'tokens-revoke'; id: string }
  | { kind: 'join-token-create'; host: string; ttl?: string };

export interface CommandLine {
  global: GlobalOptions;
  command: Command;
}

const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'ca-file': { type: 'string' },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  spec: { type: 'string' },
  'idempotency-key': { type: 'string' },
  'set-balance': { type: 'string', multiple: true },
  'set-weight': { type: 'string', multiple: true },
  selector: { type: 'string', multiple: true },
  hosts: { type: 'string', multiple: true },
  canary: { type: 'string' },
  batch: { type: 'string' },
  'max-unavailable': { type: 'string' },
  'pause-between': { type: 'string' },
  'failure-budget': { type: 'string' },
  'probe-threshold': { type: 'string' },
  deadline: { type: 'string' },
  strategy: { type: 'string' },
  offline: { type: 'string' },
  window: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'confirm-hosts': { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  interval: { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  online: { type: 'string' },
  cron: { type: 'string' },
  duration: { type: 'string' },
  'time-zone': { type: 'string' },
  role: { type: 'string' },
  'expires-at': { type: 'string' },
  host: { type: 'string' },
  ttl: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

const GLOBAL: OptionName[] = ['server', 'token', 'ca-file', 'config', 'output', 'help'];
const WATCH: OptionName[] = ['watch', 'interval'];
const SPEC: OptionName[] = [
  'set-balance', 'set-weight', 'selector', 'hosts', 'canary', 'batch', 'max-unavailable', 'pause-between', 'failure-budget',
  'probe-threshold', 'deadline', 'strategy', 'offline', 'window', 'start', 'dry-run',
];

function only(command: string, values: Values, allowed: OptionName[]): void {
  const permitted = new Set<string>([...GLOBAL, ...allowed]);
  const stray = Object.keys(values).filter((key) => !permitted.has(key));
  if (stray.length > 0) throw new UsageError(`'${command}' does not take ${stray.map((s) => `--${s}`).join(', ')} (see hitless ${command.split(' ')[0]} --help)`);
}

function arity(command: string, args: string[], names: string[]): string[] {
  if (args.length !== names.length) throw new UsageError(`usage: hitless ${command} ${names.map((n) => n.toUpperCase()).join(' ')}`.trim());
  return args;
}

function required(command: string, value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`'${command}' needs --${flag}`);
  return value;
}

function intervalMs(values: Values): number {
  if (values.interval === undefined) return 1000;
  const seconds = Number(values.interval);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) throw new UsageError(`--interval takes seconds between 0.1 and 3600, got '${values.interval}'`);
  return Math.round(seconds * 1000);
}

function confirmation(values: Values): Confirmation {
  const text = values['confirm-hosts'];
  if (text === undefined) return { yes: values.yes ?? false };
  if (values.yes) throw new UsageError('give --confirm-hosts N or --yes, not both');
  if (!/^[1-9][0-9]*$/.test(text.trim())) throw new UsageError(`--confirm-hosts takes the number of targeted hosts, got '${text}'`);
  return { yes: false, hosts: Number(text.trim()) };
}

function specFlags(values: Values): SpecFlags {
  return {
    setBalance: values['set-balance'] ?? [],
    setWeight: values['set-weight'] ?? [],
    selector: values.selector ?? [],
    hosts: values.hosts ?? [],
    canary: values.canary,
    batch: values.batch,
    maxUnavailable: values['max-unavailable'],
    pauseBetween: values['pause-between'],
    failureBudget: values['failure-budget'],
    probeThreshold: values['probe-threshold'],
    deadline: values.deadline,
    strategy: values.strategy,
    offline: values.offline,
    window: values.window,
    start: values.start,
    dryRun: values['dry-run'] ?? false,
  };
}

function rolloutCommand(verb: string | undefined, args: string[], values: Values): Command {
  const name = `rollout ${verb ?? ''}`.trim();
  switch (verb) {
    case 'create':
      only(name, values, ['name', 'spec', 'idempotency-key', 'yes', 'confirm-hosts', ...SPEC, ...WATCH]);
      arity(name, args, []);
      return {
        kind: 'rollout-create',
        name: values.name,
        specFile: values.spec,
        idempotencyKey: values['idempotency-key'],
        spec: specFlags(values),
        confirmation: confirmation(values),
        watch: values.watch ?? false,
        intervalMs: intervalMs(values),
      };
    case 'list':
      only(name, values, ['state', 'limit']);
      arity(name, args, []);
      return { kind: 'rollout-list', state: values.state, limit: values.limit };
    case 'status': {
      only(name, values, WATCH);
      const [id] = arity(name, args, ['id']);
      return { kind: 'rollout-status', id, watch: values.watch ?? false, intervalMs: intervalMs(values) };
    }
    case 'pause':
    case 'resume':
    case 'abort': {
      only(name, values, []);
      const [id] = arity(name, args, ['id']);
      return { kind: `rollout-${verb}`, id };
    }
    case 'rollback': {
      // No --confirm-hosts: a rollback may be several rollouts, each with its own count.
      only(name, values, ['name', 'idempotency-key', 'yes', ...WATCH]);
      const [id] = arity(name, args, ['id']);
      return { kind: 'rollout-rollback', id, name: values.name, idempotencyKey: values['idempotency-key'], confirmation: confirmation(values), watch: values.watch ?? false, intervalMs: intervalMs(values) };
    }
    default:
      throw new UsageError(`unknown command 'rollout ${verb ?? ''}'; try: create, list, status, pause, resume, abort, rollback`);
  }
}

function hostsCommand(verb: string | undefined, args: string[], values: Values): Command {
  switch (verb ?? 'list') {
    case 'list':
      only('hosts list', values, ['selector', 'online']);
      arity('hosts list', args, []);
      if (values.online !== undefined && !['true', 'false'].includes(values.online)) throw new UsageError(`--online takes true or false, got '${values.online}'`);
      return { kind: 'hosts-list', selector: values.selector?.join(','), online: values.online };
    case 'labels': {
      only('hosts labels', values, []);
      const [name, ...labels] = args;
      if (name === undefined) throw new UsageError('usage: hitless hosts labels NAME [KEY=VALUE ...] (the labels given replace all of the host\'s labels)');
      return { kind: 'hosts-labels', name, labels };
    }
    default:
      throw new UsageError(`unknown command 'hosts ${verb}'; try: list, labels`);
  }
}

function windowsCommand(verb: string | undefined, args: string[], values: Values): Command {
  switch (verb ?? 'list') {
    case 'list':
      only('windows list', values, []);
      arity('windows list', args, []);
      return { kind: 'windows-list' };
    case 'create':
      only('windows create', values, ['name', 'cron', 'duration', 'time-zone', 'start', 'end']);
      arity('windows create', args, []);
      return { kind: 'windows-create', name: required('windows create', values.name, 'name'), cron: values.cron, duration: values.duration, timeZone: values['time-zone'], start: values.start, end: values.end };
    case 'delete': {
      only('windows delete', values, []);
      const [id] = arity('windows delete', args, ['id']);
      return { kind: 'windows-delete', id };
    }
    default:
      throw new UsageError(`unknown command 'windows ${verb}'; try: list, create, delete`);
  }
}

function tokensCommand(verb: string | undefined, args: string[], values: Values): Command {
  switch (verb ?? 'list') {
    case 'list':
      only('tokens list', values, []);
      arity('tokens list', args, []);
      return { kind: 'tokens-list' };
    case 'create':
      only('tokens create', values, ['name', 'role', 'expires-at']);
      arity('tokens create', args, []);
      return {
        kind: 'tokens-create',
        name: required('tokens create', values.name, 'name'),
        role: required('tokens create', values.role, 'role'),
        ...(values['expires-at'] !== undefined ? { expiresAt: values['expires-at'] } : {}),
      };
    case 'revoke': {
      only('tokens revoke', values, []);
      const [id] = arity('tokens revoke', args, ['id']);
      return { kind: 'tokens-revoke', id };
    }
    default:
      throw new UsageError(`unknown command 'tokens ${verb}'; try: list, create, revoke`);
  }
}

function joinTokenCommand(verb: string | undefined, args: string[], values: Values): Command {
  if (verb !== 'create') throw new UsageError(`unknown command 'join-token ${verb ?? ''}'; try: create`);
  only('join-token create', values, ['host', 'ttl']);
  arity('join-token create', args, []);
  return { kind: 'join-token-create', host: required('join-token create', values.host, 'host'), ttl: values.ttl };
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's own message names the flag ("Unknown option '--bacth'").
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output takes text or json, got '${output}'`);
  const global: GlobalOptions = { server: values.server, token: values.token, caFile: values['ca-file'], config: values.config, output };
  const [group, verb, ...args] = positionals;
  if (group === undefined || group === 'help') return { global, command: { kind: 'help', topic: verb } };
  if (values.help) return { global, command: { kind: 'help', topic: group } };
  switch (group) {
    case 'rollout':
    case 'rollouts':
      return { global, command: rolloutCommand(verb, args, values) };
    case 'hosts':
      return { global, command: hostsCommand(verb, args, values) };
    case 'windows':
      return { global, command: windowsCommand(verb, args, values) };
    case 'tokens':
      return { global, command: tokensCommand(verb, args, values) };
    case 'join-token':
      return { global, command: joinTokenCommand(verb, args, values) };
    default:
      throw new UsageError(`unknown command '${group}'; try: rollout, hosts, windows, tokens, join-token, help`);
  }
}
