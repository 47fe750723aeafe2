// The shape of one entry of the route table, and the types a server and a client
// derive from an entry: what a request carries, what a handler may return, what
// a client reads back.
import type { z, ZodTypeAny } from 'zod';
import type { Role } from '../vocabulary/roles';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** A path parameter or header: its schema, and a value a reader (and the API input walker) can start from. */
export interface NamedParameter {
  schema: ZodTypeAny;
  example: string;
}

export interface ResponseSpec {
  description: string;
  /** The body's schema; absent when the answer has no body (204, a redirect). */
  schema?: ZodTypeAny;
  /** application/json unless said otherwise. */
  contentType?: string;
}

export interface RouteSpec {
  method: Method;
  /** With `{name}` for each path parameter, e.g. /api/v1/rollouts/{id}. */
  path: string;
  summary: string;
  /** The least role that may call it; 'public' needs no token. */
  role: Role | 'public';
  params?: Record<string, NamedParameter>;
  query?: ZodTypeAny;
  headers?: Record<string, NamedParameter>;
  /** The body as the server validates it. */
  body?: ZodTypeAny;
  /** Valid bodies by name: readers copy them, the input walker starts from each. */
  examples?: Record<string, unknown>;
  /** Every status the route answers with on purpose, each with its body. */
  responses: Record<number, ResponseSpec>;
}

export const JSON_MEDIA_TYPE = 'application/json';

/** Statuses that mean the request did what it asked. */
export type SuccessStatus = 200 | 201 | 204 | 302;
export const SUCCESS_STATUSES: readonly number[] = [200, 201, 204, 302] satisfies readonly SuccessStatus[];

type ResponseBody<R, Side extends 'input' | 'output'> = R extends { schema: infer S extends ZodTypeAny } ? (Side extends 'input' ? z.input<S> : z.output<S>) : undefined;

type SuccessKeys<R extends RouteSpec> = Extract<keyof R['responses'], SuccessStatus>;

/** A successful answer as a client reads it: the status and its body (dates as ISO 8601 text). */
export type SuccessAnswer<R extends RouteSpec> = { [S in SuccessKeys<R>]: { status: S; body: ResponseBody<R['responses'][S], 'output'> } }[SuccessKeys<R>];

/** The body of a successful answer as a client reads it. */
export type SuccessBody<R extends RouteSpec> = SuccessAnswer<R>['body'];

/** What a handler may return for a successful answer: the schema's input side (a Date where JSON carries its text). */
export type ServedBody<R extends RouteSpec> = { [S in SuccessKeys<R>]: ResponseBody<R['responses'][S], 'input'> }[SuccessKeys<R>];

/** The path parameters, query, headers and body a request for this route carries. */
export type RequestOf<R extends RouteSpec> = (R extends { params: infer P extends Record<string, NamedParameter> } ? { params: { [N in keyof P]: string } } : { params?: undefined }) &
  (R extends { query: infer Q extends ZodTypeAny } ? { query?: z.input<Q> } : { query?: undefined }) &
  (R extends { headers: infer H extends Record<string, NamedParameter> } ? { headers?: { [N in keyof H]?: string } } : { headers?: undefined }) &
  (R extends { body: infer B extends ZodTypeAny } ? { body: z.input<B> } : { body?: undefined });
