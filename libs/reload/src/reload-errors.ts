/** The caller asked for something this host cannot do; nothing was touched. */
export class ReloadRequestError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'ReloadRequestError';
  }
}

/** Another reload runs on this host; one at a time. */
export class ReloadInProgressError extends Error {
  constructor(readonly reloadInFlight: string) {
    super(`reload ${reloadInFlight} is in progress on this host; one reload at a time`);
    this.name = 'ReloadInProgressError';
  }
}
