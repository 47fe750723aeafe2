// The generated gRPC contract (package hitless.v1). Regenerate with `npm run proto`;
// never edit the generated files by hand.
export * from './generated/hitless/v1/reload';
export * from './generated/hitless/v1/inventory';
export * from './generated/hitless/v1/agent';
export * from './generated/hitless/v1/server';
// Between the wire and the engine's own types, in one place for agent and server.
export * from './mapping';
// gRPC edge helpers shared by agent and server: deny-by-default guards, status mapping, limits.
export * from './transport';
