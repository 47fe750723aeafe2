// The tests' REST client: the contract's client (@hitless/api-contract), over
// a fetch that checks every answer against the route table (api-answer-check.ts)
// and, over HTTPS, trusts the CA file it is given (the server's own), as the CLI
// does. `get`/`post`/`put` take a path as the server sees it, for tests that
// send what a route must refuse; `typed` sends by operation, with the types.
import { readFileSync } from 'node:fs';
import { createApiClient, type ApiClient as ContractClient, type FetchLike } from '@hitless/api-contract';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';
import { answerCheckingFetch, routeOf } from './api-answer-check';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface ApiClient {
  get<T = Record<string, unknown>>(path: string, token?: string): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  put<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>>;
  /** The contract's client with the default token: typed requests by operation. */
  typed: ContractClient;
}

/** `baseUrl` is the server's address, or that with /api/v1 when `path`s leave it out. */
export function apiClient(baseUrl: string, defaultToken?: string, caFile?: string): ApiClient {
  const fetchImpl: FetchLike = caFile ? fetchTrusting(readFileSync(caFile, 'utf8')) : (url, init) => fetch(url, init);
  const checked = answerCheckingFetch(fetchImpl);
  const origin = new URL(baseUrl).origin;
  const clientFor = (token: string | undefined) => createApiClient({ baseUrl: origin, token, fetch: checked });
  const call = async <T>(method: string, path: string, body: unknown, token: string | undefined, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const url = new URL(`${baseUrl}${path}`);
    const matched = routeOf(method, url.pathname);
    if (!matched) throw new Error(`${method} ${url.pathname}: no route of the API's route table has this path`);
    const query = Object.fromEntries(url.searchParams);
    const answer = await clientFor(token ?? defaultToken).send(matched.operation, { params: matched.params, query, headers, body });
    return { status: answer.status, body: (answer.body ?? {}) as T };
  };
  return {
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token, headers) => call('POST', path, body, token, headers),
    put: (path, body, token) => call('PUT', path, body, token),
    typed: clientFor(defaultToken),
  };
}
