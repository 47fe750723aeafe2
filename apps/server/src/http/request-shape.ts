// What a request body must look like before any route sees it: JSON in UTF-8,
// uncompressed, at most BODY_LIMIT_BYTES, nested at most MAX_BODY_DEPTH deep, no `__proto__` key.
// Anything else is the caller's mistake and answered 413, 415 or 400 here,
// at the edge, instead of surfacing as a parser error (a 500) further in.
import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingHttpHeaders } from 'node:http';
import { BODY_LIMIT_BYTES } from '@hitless/api-contract';
import { BadInputError, type FieldProblem } from '../errors/domain-errors';

// The limit is the API contract's: the OpenAPI document states it, clients can read it.
export { BODY_LIMIT_BYTES };
/** The deepest body the API takes (a rollout spec nests 6 levels); deeper is an attack, not a spec. */
export const MAX_BODY_DEPTH = 32;

interface ShapedRequest {
  headers: IncomingHttpHeaders;
  body?: unknown;
}
type Next = (error?: unknown) => void;

/** True when the request carries a body, the way Node's parser and body-parser decide it. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** `application/json; charset=utf-8` as its media type and parameters, lower-cased; undefined when malformed. */
function parseMediaType(header: string): { type: string; params: Map<string, string> } | undefined {
  const [type, ...rest] = header.split(';');
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(type.trim())) return undefined;
  const params = new Map<string, string>();
  for (const param of rest) {
    const match = /^\s*([a-z0-9!#$&^_.+-]+)\s*=\s*("?)([^"]*)\2\s*$/i.exec(param);
    if (!match) return undefined;
    params.set(match[1].toLowerCase(), match[3].toLowerCase());
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Why a request's body cannot be read as the API's JSON (an HTTP exception to answer with), or undefined. */
export function bodyHeaderProblem(headers: IncomingHttpHeaders): HttpException | undefined {
  if (!hasBody(headers)) return undefined;
  const length = Number(headers['content-length'] ?? 0);
  if (length > BODY_LIMIT_BYTES) return new PayloadTooLargeException(`the body is ${length} bytes; the limit is ${BODY_LIMIT_BYTES}`);
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return new UnsupportedMediaTypeException(`Content-Encoding '${encoding.slice(0, 40)}' is not supported; send the body uncompressed`);
  const mediaType = parseMediaType(headers['content-type'] ?? '');
  if (!mediaType || mediaType.type !== 'application/json') {
    return new UnsupportedMediaTypeException(`the body must be Content-Type application/json, not '${(headers['content-type'] ?? '(none)').slice(0, 80)}'`);
  }
  const charset = mediaType.params.get('charset');
  // RFC 8259: JSON between systems is UTF-8.
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return new UnsupportedMediaTypeException(`charset '${charset.slice(0, 40)}' is not supported; send UTF-8`);
  return undefined;
}

/**
 * What makes a parsed body unfit for any route, with where: nesting deeper than `maxDepth`, or a
 * `__proto__` key. JSON.parse keeps that key as an own property, but the first copy into a plain
 * object (zod's record parsing makes one) assigns it as the copy's prototype instead: the key
 * vanished unreported where every other unknown key is refused, and the server held an object with
 * a prototype the caller chose. Iterative, so a deep body cannot overflow the stack here.
 */
export function bodyProblem(value: unknown, maxDepth: number): FieldProblem | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= maxDepth) return { field: path.join('.'), message: `nests deeper than ${maxDepth} levels` };
    for (const [key, child] of Object.entries(current)) {
      if (key === '__proto__') return { field: [...path, key].join('.'), message: 'is not a field any request takes' };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** body-parser's own failures (http-errors with a `type`) as answers that say what to fix, without echoing the body. */
function parserFailure(error: unknown): unknown {
  const failure = error as { type?: unknown; status?: unknown; message?: unknown };
  switch (failure?.type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`the body is over the limit of ${BODY_LIMIT_BYTES} bytes`);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException(String(failure.message));
    case 'entity.parse.failed': {
      // JSON.parse's message can quote the body; keep only where it broke.
      const position = /position (\d+)/.exec(String(failure.message))?.[1];
      return new BadRequestException(`the body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}`);
    }
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestException('the body ended before its declared length');
    default:
      return error;
  }
}

/** Installs the checks and the one JSON parser; the app must be created with `bodyParser: false`. */
export function useRequestShape(app: NestExpressApplication): void {
  app.use((req: ShapedRequest, _res: unknown, next: Next) => next(bodyHeaderProblem(req.headers)));
  // `inflate: false`: a compressed body is refused above; this makes sure none is ever expanded.
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES, inflate: false, strict: true });
  app.use((error: unknown, _req: unknown, _res: unknown, next: Next) => next(parserFailure(error)));
  app.use((req: ShapedRequest, _res: unknown, next: Next) => {
    const problem = req.body === undefined ? undefined : bodyProblem(req.body, MAX_BODY_DEPTH);
    next(problem && new BadInputError([problem]));
  });
}
