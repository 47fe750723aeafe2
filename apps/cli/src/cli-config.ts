// Where the server is, which token to use and which CA to trust for HTTPS:
// flags, then the environment (HITLESS_SERVER, HITLESS_TOKEN, HITLESS_CA_FILE),
// then the config file. The files are read by main.ts; this module only decides.
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './cli-errors';

export interface Connection {
  /** Base of the REST API, ending in /api/v1. */
  apiUrl: string;
  /** Where the server is, as the user gave it (for messages). */
  server: string;
  token?: string;
  /** A PEM CA certificate file to trust for HTTPS instead of the system's CAs. */
  caFile?: string;
}

const fileSchema = z.object({ server: z.string().min(1).optional(), token: z.string().min(1).optional(), caFile: z.string().min(1).optional() }).strict();
export type ConfigFile = z.infer<typeof fileSchema>;

export function defaultConfigPath(env: Record<string, string | undefined>, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'hitless', 'cli.json');
}

export function parseConfigFile(path: string, text: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`config file ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`config file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** `http://lb-ctl:8443`, with or without a trailing /api/v1. */
export function apiUrlOf(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch (error) {
    throw new UsageError(`the server address '${server}' is not a URL, e.g. http://127.0.0.1:8080 (${(error as Error).message})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`the server address '${server}' must be http:// or https://`);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}/api/v1`;
}

export function resolveConnection(
  flags: { server?: string; token?: string; caFile?: string },
  env: Record<string, string | undefined>,
  file: ConfigFile | undefined,
): Connection {
  const server = flags.server || env.HITLESS_SERVER || file?.server;
  if (!server) throw new UsageError('no server address: pass --server URL, set HITLESS_SERVER, or put "server" in ~/.config/hitless/cli.json');
  const token = flags.token || env.HITLESS_TOKEN || file?.token;
  const caFile = flags.caFile || env.HITLESS_CA_FILE || file?.caFile;
  return { apiUrl: apiUrlOf(server), server, ...(token ? { token } : {}), ...(caFile ? { caFile } : {}) };
}
