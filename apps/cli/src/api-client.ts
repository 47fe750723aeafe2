// The REST API over Node's fetch: JSON in, JSON out, every error status an
// ApiError and every failure to get an answer an UnreachableError.
import { ApiError, CliFailure, UnreachableError } from './cli-errors';
import type { Connection } from './cli-config';
import { EXIT } from './exit-codes';
import { isUntrustedCertificate, type Fetch } from './trusted-fetch';

export type { Fetch } from './trusted-fetch';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

const TIMEOUT_MS = 30_000;

function causeOf(error: unknown): { code?: string; text: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { code: cause?.code, text: cause?.code ?? cause?.message ?? (error as Error).message };
}

export class HitlessApi {
  constructor(
    private readonly connection: Connection,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {}, headers });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  delete(path: string): Promise<unknown> {
    return this.request<unknown>('DELETE', path, {});
  }

  /** The body is whatever JSON the server sent; callers name the type they read. */
  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    return (await this.send<T>(method, path, options)).body;
  }

  /** As request, with the status: 201 and 200 tell a new rollout from one an idempotency key found. */
  async send<T>(method: string, path: string, options: RequestOptions): Promise<{ status: number; body: T }> {
    const url = new URL(`${this.connection.apiUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = causeOf(error);
      if (isUntrustedCertificate(cause.code)) {
        const hint = this.connection.caFile ? `it does not chain to ${this.connection.caFile}` : "pass the server's CA certificate with --ca-file FILE or HITLESS_CA_FILE";
        throw new CliFailure(`the server at ${this.connection.server} presented a certificate this CLI does not trust (${cause.code}): ${hint}`, EXIT.unreachable);
      }
      throw new UnreachableError(this.connection.server, cause.text);
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        if (response.ok) throw new Error(`the server answered ${method} ${path} with something that is not JSON: ${(error as Error).message}`);
        // An error page from a proxy in between: keep its first words as the message.
        body = { message: text.slice(0, 200) };
      }
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return { status: response.status, body: body as T };
  }
}
