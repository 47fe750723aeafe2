// The HAProxy adapter: the haproxy.cfg model, the runtime API clients and
// discovery of how HAProxy runs on this host.
export * from './config';
export * from './runtime';
export * from './discovery';
