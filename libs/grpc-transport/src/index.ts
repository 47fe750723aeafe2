// gRPC edge helpers shared by agent and server: deny-by-default guards, status
// mapping, TLS credentials, message limits and keepalives.
export { channelOptions, DEFAULT_MAX_MESSAGE_BYTES } from './channel-options';
export { GrpcStatusError, toServiceError } from './grpc-status-error';
export { optionalClientCertCredentials } from './optional-client-cert-credentials';
export { checkImplementation, guardedStream, guardedUnary } from './guarded-service';
export type { CallerPolicy, GuardContext, StreamHandler, UnaryHandler } from './guarded-service';
export { shutdownGracefully } from './graceful-shutdown';
