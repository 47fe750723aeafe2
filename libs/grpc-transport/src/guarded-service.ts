// Every gRPC method is denied unless a policy allows it: each method names who
// may call it, the caller's certificate is checked against our CA on every call,
// and the handler receives the checked identity.
import { status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { checkPeerCertificate, type CertificateRole, type PeerIdentity } from '@hitless/pki';
import type { Logger } from '@hitless/log';
import { GrpcStatusError, toServiceError } from './grpc-status-error';

/** 'anyone': also callers without a client certificate (enrollment only). */
export type CallerPolicy = 'anyone' | CertificateRole;

export type UnaryHandler<Req, Res, Who> = (request: Req, caller: Who, call: ServerUnaryCall<Req, Res>) => Promise<Res>;
export type StreamHandler<Req, Res, Who> = (request: Req, caller: Who, call: ServerWritableStream<Req, Res>) => Promise<void>;

type CallerFor<P extends CallerPolicy> = P extends 'anyone' ? PeerIdentity | undefined : PeerIdentity;

export interface GuardContext {
  caCertPem: string;
  log: Logger;
}

type AnyCall = ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>;

function authorize(call: AnyCall, policy: CallerPolicy, context: GuardContext): PeerIdentity | undefined {
  const der = call.getAuthContext().sslPeerCertificate?.raw;
  if (policy === 'anyone' && !der) return undefined;
  const check = checkPeerCertificate(der, context.caCertPem);
  if (!check.ok) throw new GrpcStatusError(status.UNAUTHENTICATED, check.reason);
  if (policy !== 'anyone' && check.identity.role !== policy) {
    throw new GrpcStatusError(status.PERMISSION_DENIED, `a ${check.identity.role} certificate may not call this method`);
  }
  return check.identity;
}

export function guardedUnary<P extends CallerPolicy, Req, Res>(
  name: string,
  policy: P,
  handler: UnaryHandler<Req, Res, CallerFor<P>>,
  context: GuardContext,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    const run = async () => handler(call.request, authorize(call as AnyCall, policy, context) as CallerFor<P>, call);
    run().then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error, context.log, name)),
    );
  };
}

export function guardedStream<P extends CallerPolicy, Req, Res>(
  name: string,
  policy: P,
  handler: StreamHandler<Req, Res, CallerFor<P>>,
  context: GuardContext,
): (call: ServerWritableStream<Req, Res>) => void {
  return (call) => {
    const run = async () => handler(call.request, authorize(call as AnyCall, policy, context) as CallerFor<P>, call);
    run().then(
      () => call.end(),
      // grpc-js turns an 'error' event on a server stream into the call's final status.
      (error: unknown) => call.emit('error', toServiceError(error, context.log, name)),
    );
  };
}

/** Rejects an implementation that has a method the service definition does not (a typo would otherwise stay unguarded). */
export function checkImplementation<T extends UntypedServiceImplementation>(definition: Record<string, unknown>, implementation: T): T {
  for (const key of Object.keys(implementation)) {
    if (!(key in definition)) throw new Error(`handler '${key}' has no method in the service definition`);
  }
  for (const key of Object.keys(definition)) {
    if (!(key in implementation)) throw new Error(`method '${key}' has no handler`);
  }
  return implementation;
}
