// The server's one validated configuration: a JSON file overlaid by HITLESS_SERVER_*
// environment variables, checked at start, every bad key listed at once.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');

export const serverConfigSchema = z
  .object({
    /** Where agents reach the gRPC gateway; port 0 picks a free one (tests). */
    listen: hostPort.default('0.0.0.0:7443'),
    /** The name in the server's certificate that agents check. */
    serverName: z.string().min(1).default('hitless-server'),
    /** Extra SANs for the server certificate (addresses agents dial). */
    serverAltNames: z.array(z.string().min(1)).default(['localhost', '127.0.0.1']),
    /** CA and server key material live here (keys 0600). */
    stateDir: z.string().min(1),
    /** Absent: embedded PostgreSQL in a temp dir. */
    databaseUrl: z.string().url().optional(),
    maxMessageBytes: z.number().int().min(4096).max(64 * 1024 * 1024).default(1024 * 1024),
    heartbeatSeconds: z.number().int().min(1).max(3600).default(15),
    certValidDays: z.number().int().min(1).max(3650).default(365),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** The REST API, /metrics, /healthz and /readyz; port 0 picks a free one (tests). */
    httpListen: hostPort.default('0.0.0.0:8080'),
    /** Names this replica in leases and logs; must differ between replicas. */
    replicaName: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).default(`${hostname()}-${process.pid}`),
    /** Off: this replica serves the API and agents but dispatches nothing. */
    schedulerEnabled: z.boolean().default(true),
    schedulerTickMs: z.number().int().min(50).max(60_000).default(500),
    /** A replica that stops renewing loses its rollouts to another after this long. */
    leaseTtlMs: z.number().int().min(1000).max(600_000).default(10_000),
    maxLeasesPerReplica: z.number().int().min(1).max(10_000).default(50),
    /** A host is online while its last heartbeat is younger than this many heartbeat intervals. */
    offlineAfterHeartbeats: z.number().int().min(2).max(100).default(3),
  })
  .strict();

export type ServerConfig = z.infer<typeof serverConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ENV_KEYS: Record<string, { key: keyof ServerConfig; type: 'string' | 'number' | 'list' }> = {
  HITLESS_SERVER_LISTEN: { key: 'listen', type: 'string' },
  HITLESS_SERVER_NAME: { key: 'serverName', type: 'string' },
  HITLESS_SERVER_STATE_DIR: { key: 'stateDir', type: 'string' },
  DATABASE_URL: { key: 'databaseUrl', type: 'string' },
  HITLESS_SERVER_MAX_MESSAGE_BYTES: { key: 'maxMessageBytes', type: 'number' },
  HITLESS_SERVER_HEARTBEAT_SECONDS: { key: 'heartbeatSeconds', type: 'number' },
  HITLESS_LOG_LEVEL: { key: 'logLevel', type: 'string' },
  HITLESS_SERVER_HTTP_LISTEN: { key: 'httpListen', type: 'string' },
  HITLESS_SERVER_REPLICA: { key: 'replicaName', type: 'string' },
  HITLESS_SERVER_SCHEDULER_TICK_MS: { key: 'schedulerTickMs', type: 'number' },
  HITLESS_SERVER_LEASE_TTL_MS: { key: 'leaseTtlMs', type: 'number' },
};

export function parseServerConfig(fileValues: Record<string, unknown>, env: NodeJS.ProcessEnv): ServerConfig {
  const merged: Record<string, unknown> = { ...fileValues };
  for (const [name, { key, type }] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    merged[key] = type === 'number' ? Number(raw) : type === 'list' ? raw.split(',') : raw;
  }
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  return parsed.data;
}

export async function loadServerConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ServerConfig> {
  let values: Record<string, unknown> = {};
  if (file) {
    try {
      values = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError([`${file}: ${(error as Error).message}`]);
    }
  }
  return parseServerConfig(values, env);
}
