// The agent's one validated configuration: a JSON file overlaid by HITLESS_AGENT_*
// environment variables, checked once at start; every bad key is listed at once.
import { readFile } from 'node:fs/promises';
import { isValidHostName } from '@hitless/pki';
import { parseAgentAddress } from '@hitless/agent-wire';
import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');
const HOOK_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const hookSchema = z
  .object({
    /** argv: an absolute program path, then its arguments. Never a shell string. */
    command: z.array(z.string().min(1)).min(1).refine((argv) => argv[0].startsWith('/'), 'command[0] must be an absolute path'),
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  })
  .strict();

export const agentConfigSchema = z
  .object({
    hostName: z.string().refine(isValidHostName, 'must be a lowercase DNS name'),
    /** Certificates, the outbox and the engine's journal live here. */
    stateDir: z.string().min(1),
    /** The agent's mTLS gRPC service; port 0 picks a free one (tests). */
    listen: hostPort.default('0.0.0.0:7444'),
    /** What the server dials; default: `listen` with the port actually bound. */
    advertiseAddress: z
      .string()
      .refine((text) => parseAgentAddress(text) !== undefined, 'must be host:port with an IP address (IPv6 in brackets) or DNS name and a port 1-65535')
      .optional(),
    /** Prometheus text exposition at /metrics; `off` disables it. */
    metricsListen: z.union([hostPort, z.literal('off')]).default('127.0.0.1:9464'),
    server: z
      .object({
        address: hostPort,
        /** The name the server's certificate must carry. */
        name: z.string().min(1).default('hitless-server'),
        /** The CA certificate the server's certificate must chain to, handed out with the join token. */
        caFile: z.string().min(1),
      })
      .strict(),
    /** Needed on first start only, while no certificate is on disk. */
    joinToken: z.string().min(1).optional(),
    heartbeatSeconds: z.number().int().min(1).max(3600).default(15),
    outboxRetrySeconds: z.number().min(0.1).max(3600).default(5),
    maxMessageBytes: z.number().int().min(4096).max(64 * 1024 * 1024).default(1024 * 1024),
    haproxy: z
      .object({
        configPath: z.string().min(1).default('/etc/haproxy/haproxy.cfg'),
        masterSocket: z.string().min(1).optional(),
        pidFile: z.string().min(1).optional(),
        binary: z.string().min(1).optional(),
        netns: z.string().min(1).optional(),
        probeHost: z.string().min(1).optional(),
        /** Limits of `haproxy -c` (which runs as HAProxy's own user): past them a check is killed and the change rejected. */
        checkTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
        checkMemoryMb: z.number().int().min(64).max(64 * 1024).default(1024),
      })
      .strict()
      .refine((h) => !(h.masterSocket && h.pidFile), 'set masterSocket or pidFile, not both')
      .default({}),
    /** Named commands a reload request may reference by name; nothing else is ever run on request. */
    hooks: z
      .record(z.string(), hookSchema)
      .refine((hooks) => Object.keys(hooks).every((name) => HOOK_NAME.test(name)), 'hook names must match [a-z][a-z0-9-]{0,39}')
      .default({}),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  })
  .strict()
  .superRefine((config, ctx) => {
    // The server refuses a heartbeat whose address it could not dial: say so at start, not by going offline.
    if (config.advertiseAddress === undefined && !parseAgentAddress(`${config.listen.slice(0, config.listen.lastIndexOf(':'))}:1`)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['listen'], message: 'its host is not an IP address or DNS name the server could dial; set advertiseAddress' });
    }
  });

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type HookDefinition = z.infer<typeof hookSchema>;

export class AgentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid agent configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AgentConfigError';
  }
}

type EnvTarget = { path: string[]; type: 'string' | 'number' };

const ENV: Record<string, EnvTarget> = {
  HITLESS_AGENT_HOST_NAME: { path: ['hostName'], type: 'string' },
  HITLESS_AGENT_STATE_DIR: { path: ['stateDir'], type: 'string' },
  HITLESS_AGENT_LISTEN: { path: ['listen'], type: 'string' },
  HITLESS_AGENT_ADVERTISE_ADDRESS: { path: ['advertiseAddress'], type: 'string' },
  HITLESS_AGENT_METRICS_LISTEN: { path: ['metricsListen'], type: 'string' },
  HITLESS_AGENT_SERVER_ADDRESS: { path: ['server', 'address'], type: 'string' },
  HITLESS_AGENT_SERVER_NAME: { path: ['server', 'name'], type: 'string' },
  HITLESS_AGENT_SERVER_CA_FILE: { path: ['server', 'caFile'], type: 'string' },
  HITLESS_JOIN_TOKEN: { path: ['joinToken'], type: 'string' },
  HITLESS_AGENT_HEARTBEAT_SECONDS: { path: ['heartbeatSeconds'], type: 'number' },
  HITLESS_AGENT_HAPROXY_CONFIG: { path: ['haproxy', 'configPath'], type: 'string' },
  HITLESS_LOG_LEVEL: { path: ['logLevel'], type: 'string' },
};

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

export function parseAgentConfig(fileValues: Record<string, unknown>, env: NodeJS.ProcessEnv): AgentConfig {
  const merged: Record<string, unknown> = { ...fileValues };
  for (const [name, target] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(merged, target.path, target.type === 'number' ? Number(raw) : raw);
  }
  const parsed = agentConfigSchema.safeParse(merged);
  if (!parsed.success) throw new AgentConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  return parsed.data;
}

export async function loadAgentConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  let values: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AgentConfigError([`${file}: ${(error as Error).message}`]);
    }
    try {
      values = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new AgentConfigError([`${file}: not JSON: ${(error as Error).message}`]);
    }
    if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new AgentConfigError([`${file}: must hold a JSON object`]);
  }
  return parseAgentConfig(values, env);
}
