// The generated gRPC contract (package hitless.v1), and nothing else: it depends
// on no other lib. Regenerate with `npm run proto`; never edit the generated
// files by hand. Import it as a namespace (`import * as wire from '@hitless/proto'`):
// several messages share a name with the domain type they carry (ReloadResult,
// ConfigChange, ...), and `wire.` says which one a line means. Mapping between
// the two lives in @hitless/agent-wire.
export * from './generated/hitless/v1/reload';
export * from './generated/hitless/v1/inventory';
export * from './generated/hitless/v1/agent';
export * from './generated/hitless/v1/server';
