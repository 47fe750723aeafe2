import { RuntimeParseError } from './runtime-parse-error';

/** srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping. */
export type ServerOpState = 'stopped' | 'starting' | 'running' | 'stopping' | 'unknown';
const OP_STATES: readonly ServerOpState[] = ['stopped', 'starting', 'running', 'stopping'];

// srv_admin_state is a bit field (server-t.h): forced/inherited/config/
// resolution/hostname maintenance, and forced/inherited drain.
const ADMIN_FORCED_MAINT = 0x01;
const ADMIN_ANY_MAINT = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
const ADMIN_FORCED_DRAIN = 0x08;
const ADMIN_ANY_DRAIN = 0x08 | 0x10;

export interface ServerAdmin {
  /** In maintenance for any reason (set by an operator, inherited from a tracked server, from the config, DNS). */
  maintenance: boolean;
  /** Maintenance set through the runtime API (`state maint`). */
  forcedMaintenance: boolean;
  draining: boolean;
  /** Drain set through the runtime API (`state drain`). */
  forcedDrain: boolean;
}

/** One row of `show servers state`. */
export interface ServerStateRow {
  backendId: number;
  backendName: string;
  serverId: number;
  serverName: string;
  address: string;
  port?: number;
  opState: ServerOpState;
  opStateCode: number;
  adminStateCode: number;
  admin: ServerAdmin;
  /** srv_uweight: the weight currently in force (changed by `set server ... weight`). */
  userWeight: number;
  /** srv_iweight: the weight from the configuration. */
  initialWeight: number;
  /** Every column by its header name, as printed. */
  fields: Readonly<Record<string, string>>;
}

export interface ServersState {
  /** The format version on the first line (1 for every release so far). */
  formatVersion: number;
  servers: ServerStateRow[];
}

export function decodeAdminState(code: number): ServerAdmin {
  return {
    maintenance: (code & ADMIN_ANY_MAINT) !== 0,
    forcedMaintenance: (code & ADMIN_FORCED_MAINT) !== 0,
    draining: (code & ADMIN_ANY_DRAIN) !== 0,
    forcedDrain: (code & ADMIN_FORCED_DRAIN) !== 0,
  };
}

const REQUIRED = ['be_id', 'be_name', 'srv_id', 'srv_name', 'srv_addr', 'srv_op_state', 'srv_admin_state', 'srv_uweight', 'srv_iweight'];

export function parseServersState(output: string): ServersState {
  const lines = output.split('\n').map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2 || !/^\d+$/.test(lines[0]) || !lines[1].startsWith('#')) {
    // HAProxy answers errors ("Can't find backend.") as plain text.
    throw new RuntimeParseError('show servers state: expected a format version line then a "# " header', output);
  }
  const columns = lines[1].slice(1).trim().split(/\s+/);
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new RuntimeParseError(`show servers state: header lacks ${missing.join(', ')}`, output);

  const servers = lines.slice(2).filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const values = line.split(/\s+/);
    const fields: Record<string, string> = {};
    columns.forEach((name, i) => (fields[name] = values[i] ?? ''));
    const num = (name: string) => {
      if (!/^-?\d+$/.test(fields[name])) throw new RuntimeParseError(`show servers state: ${name} is not a number in "${line}"`, output);
      return Number(fields[name]);
    };
    const opStateCode = num('srv_op_state');
    const adminStateCode = num('srv_admin_state');
    const port = fields['srv_port'];
    return {
      backendId: num('be_id'),
      backendName: fields['be_name'],
      serverId: num('srv_id'),
      serverName: fields['srv_name'],
      address: fields['srv_addr'],
      port: port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined,
      opState: OP_STATES[opStateCode] ?? 'unknown',
      opStateCode,
      adminStateCode,
      admin: decodeAdminState(adminStateCode),
      userWeight: num('srv_uweight'),
      initialWeight: num('srv_iweight'),
      fields,
    };
  });
  return { formatVersion: Number(lines[0]), servers };
}
