// A refusal with its gRPC status, thrown by edge code and sent as is. Anything
// else that escapes a handler is a bug or an outside failure: logged in full,
// answered as INTERNAL without details.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InvalidChangeError } from '@hitless/haproxy';
import { InvalidCsrError, InvalidHostNameError } from '@hitless/pki';
import type { Logger } from '@hitless/log';

export class GrpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
    /** Trailing metadata for the caller, e.g. a retry-after hint with RESOURCE_EXHAUSTED. */
    readonly metadata: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GrpcStatusError';
  }
}

function metadataOf(entries: Readonly<Record<string, string>>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}

export function toServiceError(error: unknown, log: Logger, method: string): Partial<ServiceError> {
  if (error instanceof GrpcStatusError) return { code: error.code, details: error.message, metadata: metadataOf(error.metadata) };
  if (error instanceof InvalidChangeError || error instanceof InvalidHostNameError || error instanceof InvalidCsrError) {
    return { code: status.INVALID_ARGUMENT, details: error.message, metadata: new Metadata() };
  }
  log.error({ err: error, method }, 'request failed');
  return { code: status.INTERNAL, details: 'internal error; see the log', metadata: new Metadata() };
}
