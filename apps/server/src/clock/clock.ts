// Time as an injectable: the scheduler asks this, so tests can move it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads an offset from a function, for tests that jump to a window. */
export function offsetClock(offsetMs: () => number): Clock {
  return { now: () => new Date(Date.now() + offsetMs()) };
}
