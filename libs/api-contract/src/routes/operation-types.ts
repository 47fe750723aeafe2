// Shorthands by operation id: what a server handler returns, what a client reads.
import type { ApiRoutes, OperationId } from './api-routes';
import type { ServedBody, SuccessBody } from './route-spec';

/** What the handler of an operation returns (its success schema's input side: Dates allowed). */
export type Served<K extends OperationId> = ServedBody<ApiRoutes[K]>;

/** The body of an operation's successful answer as a client reads it. */
export type Answer<K extends OperationId> = SuccessBody<ApiRoutes[K]>;
