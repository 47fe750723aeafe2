// Refusals of the daemon's reload coordinator, each mapped to one gRPC status at the edge.

/** Another reload runs on this host. The daemon rejects rather than queues: the server schedules. */
export class ReloadInFlightError extends Error {
  constructor(readonly reloadInFlight: string) {
    super(`reload '${reloadInFlight}' is in flight on this host; one reload at a time, retry when it has finished`);
    this.name = 'ReloadInFlightError';
  }
}

