// The one client of the REST API, derived from the route table: the CLI, the
// dashboard and the tests send every request through it. Small on purpose: it
// builds the URL from the route's path and the request's parameters, sends JSON
// with the token, and reads the answer. Whatever a caller needs around that (a CA
// file, a timeout, no caching, what an unreachable server means to it) it puts
// into the fetch it passes in.
import { API_ROUTES, type ApiRoutes, type OperationId } from '../routes/api-routes';
import { JSON_MEDIA_TYPE, SUCCESS_STATUSES, type RequestOf, type RouteSpec, type SuccessAnswer, type SuccessBody } from '../routes/route-spec';
import type { ErrorBody } from '../schemas/error-bodies';
import { ApiError } from './api-error';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Scheme, host and port (a path prefix too, if a proxy adds one); '' in a browser on the server's own origin. */
  baseUrl: string;
  /** The API token, sent as `Authorization: Bearer`; none for public routes. */
  token?: string;
  fetch?: FetchLike;
  /** Sees every error answer before it is thrown (the dashboard signs out on a 401). */
  onError?: (error: ApiError) => void;
}

/** Any answer, error statuses included, as `send` returns it. */
export interface RawAnswer {
  status: number;
  /** Parsed JSON, text for other media types, undefined when there was no body. */
  body: unknown;
  headers: Headers;
}

export interface ApiClient {
  /** The body of a successful answer; an error status throws ApiError. */
  call<K extends OperationId>(operation: K, request: RequestOf<ApiRoutes[K]>): Promise<SuccessBody<ApiRoutes[K]>>;
  /** As `call`, with the status: 201 and 200 tell a new rollout from one an idempotency key found. */
  answer<K extends OperationId>(operation: K, request: RequestOf<ApiRoutes[K]>): Promise<SuccessAnswer<ApiRoutes[K]>>;
  /** Any answer, never thrown for its status: for tests that send what a route must refuse. */
  send(operation: OperationId, request: LooseRequest): Promise<RawAnswer>;
}

/** A request whose parts are not checked against the route's schemas. */
export interface LooseRequest {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The path with each `{name}` replaced by its parameter, percent-encoded. */
export function pathOf(route: Pick<RouteSpec, 'path'>, params: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

function searchOf(query: LooseRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  if (!(response.headers.get('content-type') ?? '').toLowerCase().startsWith(JSON_MEDIA_TYPE)) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Said to be JSON but is not (a proxy's error page): keep the text for whoever reads it.
    return text;
  }
}

function asErrorBody(body: unknown): ErrorBody | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as ErrorBody;
  // An error page from a proxy in between: its first words are the message.
  return typeof body === 'string' ? { error: 'http_error', message: body.slice(0, 200) } : undefined;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));

  const send = async (operation: OperationId, request: LooseRequest): Promise<RawAnswer> => {
    const route: RouteSpec = API_ROUTES[operation];
    const hasBody = request.body !== undefined;
    const response = await fetchImpl(`${options.baseUrl}${pathOf(route, request.params)}${searchOf(request.query)}`, {
      method: route.method.toUpperCase(),
      headers: {
        accept: JSON_MEDIA_TYPE,
        ...(hasBody ? { 'content-type': JSON_MEDIA_TYPE } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...request.headers,
      },
      body: hasBody ? JSON.stringify(request.body) : undefined,
      redirect: 'manual',
    });
    return { status: response.status, body: await bodyOf(response), headers: response.headers };
  };

  const answer = async <K extends OperationId>(operation: K, request: RequestOf<ApiRoutes[K]>): Promise<SuccessAnswer<ApiRoutes[K]>> => {
    const raw = await send(operation, request as LooseRequest);
    if (!SUCCESS_STATUSES.includes(raw.status)) {
      const error = new ApiError(raw.status, asErrorBody(raw.body));
      options.onError?.(error);
      throw error;
    }
    // The server's answers are checked against these schemas by the integration tests; a client trusts them.
    return { status: raw.status, body: raw.body } as SuccessAnswer<ApiRoutes[K]>;
  };

  return {
    send,
    answer,
    call: async (operation, request) => (await answer(operation, request)).body,
  };
}
