// The REST API's contract: the route table with the zod schemas of every
// request and answer, the vocabulary the server and its clients share, and the
// one client. Depends on zod only and loads in a browser (the dashboard uses it).
export { ROLLOUT_STATES, TERMINAL_ROLLOUT_STATES, STOP_REASONS, HOST_STEP_STATES, SETTLED_STEP_STATES, isTerminal, isSettledStep } from './vocabulary/rollout-states';
export type { RolloutState, TerminalRolloutState, StopReason, HostStepState } from './vocabulary/rollout-states';
export { ROLES, roleAllows } from './vocabulary/roles';
export type { Role } from './vocabulary/roles';
export { FAILED_RELOAD_OUTCOMES, RELOAD_OUTCOMES, isFailedOutcome } from './vocabulary/reload-outcomes';
export type { ReloadOutcome } from './vocabulary/reload-outcomes';
export { CHANGED_FIELDS, LINE_EDITS, VALUE_ORIGINS } from './vocabulary/change-records';
export type { ChangedField, LineEdit, ValueOrigin } from './vocabulary/change-records';

export { hostNameSchema, isValidHostName } from './values/host-name';
export { INSTANT_RANGE_RULE, inInstantRange, instantText, isoInstantSchema } from './values/instant';
export { labelQuerySchema, labelsSchema } from './values/labels';
export type { Labels } from './values/labels';
export { RELOAD_ID_PATTERN, RELOAD_ID_RULE, reloadIdSchema } from './values/reload-id';
export { cursorSchema, encodeCursor, limitSchema, pageSchema } from './values/cursor';

export * from './schemas/error-bodies';
export * from './schemas/reload-result.schemas';
export * from './schemas/applied-change.schemas';
export * from './schemas/rollout.schemas';
export * from './schemas/host.schemas';
export * from './schemas/reload-history.schemas';
export * from './schemas/fleet-overview.schemas';
export * from './schemas/window.schemas';
export * from './schemas/token.schemas';

export { API_PREFIX, API_ROUTES } from './routes/api-routes';
export type { ApiRoutes, OperationId } from './routes/api-routes';
export { BODY_LIMIT_BYTES } from './routes/error-responses';
export { JSON_MEDIA_TYPE, SUCCESS_STATUSES } from './routes/route-spec';
export type { Method, NamedParameter, RequestOf, ResponseSpec, RouteSpec, ServedBody, SuccessAnswer, SuccessBody, SuccessStatus } from './routes/route-spec';
export type { Answer, Served } from './routes/operation-types';
export * from './schemas/answer-types';

export { ApiError, errorMessageOf } from './client/api-error';
export { createApiClient, pathOf } from './client/api-client';
export type { ApiClient, ApiClientOptions, FetchLike, LooseRequest, RawAnswer } from './client/api-client';
