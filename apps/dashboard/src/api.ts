// The dashboard's connection to the API: the contract's client (@hitless/api-contract)
// with the signed-in token, over a fetch that never answers from the browser's cache
// (every poll asks the server) and that turns a failure to get any answer into an
// ApiError with status 0. Error answers carry the server's own message, so the page
// can say exactly what went wrong.
import { ApiError, createApiClient, type ApiClient } from '@hitless/api-contract';

export { ApiError };
export type Api = ApiClient;

/** `onUnauthorized` hears every 401: the token was revoked or mistyped. */
export function connectApi(token: string, onUnauthorized: (message: string) => void = () => undefined): Api {
  return createApiClient({
    baseUrl: '',
    token,
    fetch: async (url, init) => {
      try {
        return await fetch(url, { ...init, cache: 'no-store' });
      } catch (error) {
        throw new ApiError(0, undefined, `cannot reach the server: ${(error as Error).message}`);
      }
    },
    onError: (error) => {
      if (error.status === 401) onUnauthorized(error.message);
    },
  });
}

/** A filter field's value as a query parameter: left out when empty. */
export function filterValue<T extends string = string>(value: string): T | undefined {
  return value === '' ? undefined : (value as T);
}
