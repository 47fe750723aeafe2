// Checks every answer a test receives against the route table of
// @hitless/api-contract: the status must be one the route documents, and the
// body must match that status's schema. Wrapped around the fetch of the tests'
// API client, so an answer the contract does not describe fails the test that
// received it, whichever test that is.
import { API_ROUTES, type OperationId, type RouteSpec } from '@hitless/api-contract';
import type { FetchLike } from '@hitless/api-contract';

export interface MatchedRoute {
  operation: OperationId;
  route: RouteSpec;
  params: Record<string, string>;
}

const MATCHERS = (Object.entries(API_ROUTES) as [OperationId, RouteSpec][]).map(([operation, route]) => {
  const names: string[] = [];
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { operation, route, names, regex: new RegExp(`^${pattern}/?$`) };
});

/** The operation a method and path (percent-encoded, as sent) name, with its path parameters decoded. */
export function routeOf(method: string, pathname: string): MatchedRoute | undefined {
  for (const matcher of MATCHERS) {
    if (matcher.route.method !== method.toLowerCase()) continue;
    const match = matcher.regex.exec(pathname);
    if (match) return { operation: matcher.operation, route: matcher.route, params: Object.fromEntries(matcher.names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

/** What is wrong with an answer, by the route table; empty when it is as documented. */
export function answerProblems(operation: OperationId, status: number, contentType: string, body: string): string[] {
  const route: RouteSpec = API_ROUTES[operation];
  const documented = route.responses[status];
  if (!documented) return [`${operation} answered ${status}, a status the route table does not document for it (${Object.keys(route.responses).join(', ')})`];
  if (!documented.schema) return body === '' ? [] : [`${operation} ${status}: documented without a body, but one came: ${body.slice(0, 200)}`];
  const expectedType = documented.contentType ?? 'application/json';
  if (!contentType.toLowerCase().startsWith(expectedType)) return [`${operation} ${status}: Content-Type ${contentType || '(none)'}, documented ${expectedType}`];
  let value: unknown = body;
  if (expectedType === 'application/json') {
    try {
      value = JSON.parse(body);
    } catch {
      return [`${operation} ${status}: not JSON: ${body.slice(0, 200)}`];
    }
  }
  const parsed = documented.schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${operation} ${status}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
}

/** Operations and statuses checked so far in this test file, e.g. `getRollout 200`. */
export const checkedAnswers = new Set<string>();

/** `fetch`, with each answer to an API route checked (and recorded) before the caller sees it. */
export function answerCheckingFetch(fetchImpl: FetchLike): FetchLike {
  return async (url, init) => {
    const response = await fetchImpl(url, init);
    const matched = routeOf(init.method ?? 'GET', new URL(url).pathname);
    if (!matched) throw new Error(`${init.method} ${url}: no route of the API's route table has this path`);
    const problems = answerProblems(matched.operation, response.status, response.headers.get('content-type') ?? '', await response.clone().text());
    if (problems.length > 0) throw new Error(`an answer the API contract does not describe:\n  ${problems.join('\n  ')}`);
    checkedAnswers.add(`${matched.operation} ${response.status}`);
    return response;
  };
}
