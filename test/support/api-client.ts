// A tiny REST client for the server's /api/v1, returning status and JSON body;
// over HTTPS it trusts the CA file it is given (the server's own), as the CLI does.
import { readFileSync } from 'node:fs';
import { fetchTrusting } from '../../apps/cli/src/trusted-fetch';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface ApiClient {
  get<T = Record<string, unknown>>(path: string, token?: string): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  put<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, defaultToken?: string, caFile?: string): ApiClient {
  const fetch = caFile ? fetchTrusting(readFileSync(caFile, 'utf8')) : globalThis.fetch;
  const call = async <T>(method: string, path: string, body: unknown, token: string | undefined, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const bearer = token ?? defaultToken;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token, headers) => call('POST', path, body, token, headers),
    put: (path, body, token) => call('PUT', path, body, token),
  };
}
