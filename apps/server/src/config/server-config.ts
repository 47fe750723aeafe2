// The server's one validated configuration: a JSON file overlaid by HITLESS_SERVER_*
// environment variables, checked at start, every bad key listed at once.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');

/** HTTPS for the REST API and the dashboard: a certificate the operator has, or one our own CA issues. */
const httpTlsSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('files'), certFile: z.string().min(1), keyFile: z.string().min(1) }).strict(),
  /** Issued for serverName, serverAltNames and these names; clients trust <stateDir>/pki/ca.crt. */
  z.object({ source: z.literal('ca'), altNames: z.array(z.string().min(1)).default([]) }).strict(),
]);

/**
 * Requests that present no credential or a wrong one, per source address (REST and
 * the gRPC Enroll call): a token bucket of `burst` failures, refilled at
 * `refillPerMinute`. A request with a valid token never draws from it.
 */
const authLimitsSchema = z
  .object({
    burst: z.number().int().min(1).max(10_000).default(20),
    refillPerMinute: z.number().int().min(1).max(60_000).default(60),
    /** Sources remembered at once; past this the one seen longest ago is forgotten. */
    maxSources: z.number().int().min(100).max(1_000_000).default(10_000),
    /**
     * Credential checks (API token lookups; separately, enrolments) running at once. The
     * database pool has 10 connections: at most 2 x 4 of them ever check credentials, so
     * heartbeats and the scheduler's leases always find one.
     */
    checksInFlight: z.number().int().min(1).max(4).default(2),
    /** Checks waiting for one of those; a check past this is answered 429 / RESOURCE_EXHAUSTED at once. */
    checksQueued: z.number().int().min(0).max(10_000).default(200),
  })
  .strict();

export type AuthLimits = z.infer<typeof authLimitsSchema>;

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/;

function isLoopbackListen(listen: string): boolean {
  return LOOPBACK_HOST.test(listen.slice(0, listen.lastIndexOf(':')));
}

const configObject = z
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
    /**
     * The REST API, the dashboard, /metrics, /healthz and /readyz; port 0 picks a free one (tests).
     * Default: 0.0.0.0:8080 with httpTls, else 127.0.0.1:8080. Plain HTTP on any other than a
     * loopback address needs allowPlainHttp: tokens would cross the network readable.
     */
    httpListen: hostPort.optional(),
    httpTls: httpTlsSchema.optional(),
    /** Serve plain HTTP on a non-loopback httpListen (behind a TLS-terminating proxy, say). */
    allowPlainHttp: z.boolean().default(false),
    authLimits: authLimitsSchema.default({}),
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

export const serverConfigSchema = configObject
  .superRefine((config, context) => {
    if (config.httpListen && !config.httpTls && !config.allowPlainHttp && !isLoopbackListen(config.httpListen)) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['httpListen'],
        message: `${config.httpListen} is not a loopback address and the API has no TLS: set httpTls ({"source": "ca"} or {"source": "files", ...}), or allowPlainHttp: true to serve plain HTTP there anyway`,
      });
    }
  })
  .transform((config) => ({ ...config, httpListen: config.httpListen ?? (config.httpTls ? '0.0.0.0:8080' : '127.0.0.1:8080') }));

export type ServerConfig = z.output<typeof serverConfigSchema>;
export type HttpTlsConfig = NonNullable<ServerConfig['httpTls']>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ENV_KEYS: Record<string, { key: keyof ServerConfig; type: 'string' | 'number' | 'list' | 'boolean' | 'tls' }> = {
  HITLESS_SERVER_LISTEN: { key: 'listen', type: 'string' },
  HITLESS_SERVER_NAME: { key: 'serverName', type: 'string' },
  HITLESS_SERVER_STATE_DIR: { key: 'stateDir', type: 'string' },
  DATABASE_URL: { key: 'databaseUrl', type: 'string' },
  HITLESS_SERVER_MAX_MESSAGE_BYTES: { key: 'maxMessageBytes', type: 'number' },
  HITLESS_SERVER_HEARTBEAT_SECONDS: { key: 'heartbeatSeconds', type: 'number' },
  HITLESS_LOG_LEVEL: { key: 'logLevel', type: 'string' },
  HITLESS_SERVER_HTTP_LISTEN: { key: 'httpListen', type: 'string' },
  /** `ca`: HTTPS with a certificate from the server's own CA (files need the config file). */
  HITLESS_SERVER_HTTP_TLS: { key: 'httpTls', type: 'tls' },
  HITLESS_SERVER_ALLOW_PLAIN_HTTP: { key: 'allowPlainHttp', type: 'boolean' },
  HITLESS_SERVER_REPLICA: { key: 'replicaName', type: 'string' },
  HITLESS_SERVER_SCHEDULER_TICK_MS: { key: 'schedulerTickMs', type: 'number' },
  HITLESS_SERVER_LEASE_TTL_MS: { key: 'leaseTtlMs', type: 'number' },
};

function fromEnv(raw: string, type: (typeof ENV_KEYS)[string]['type']): unknown {
  switch (type) {
    case 'number':
      return Number(raw);
    case 'list':
      return raw.split(',');
    // Anything but true/false stays a string, which the schema then refuses by name.
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'tls':
      return raw === 'ca' ? { source: 'ca' } : raw;
    default:
      return raw;
  }
}

export function parseServerConfig(fileValues: Record<string, unknown>, env: NodeJS.ProcessEnv): ServerConfig {
  const merged: Record<string, unknown> = { ...fileValues };
  for (const [name, { key, type }] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    merged[key] = fromEnv(raw, type);
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
