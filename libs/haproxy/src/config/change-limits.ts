// The size limits of a typed change, in one place: the agent enforces them on
// what arrives over gRPC, the engine on what it applies, and the server's
// rollout schema on what it accepts, so a request the API takes can never be
// refused by every host later for being too big.

/** Changes in one reload (one rollout step). */
export const MAX_CHANGES_PER_RELOAD = 64;

/**
 * Backend, server, header, cookie and URL parameter names. HAProxy sets no
 * limit of its own; names in real configs are far shorter.
 */
export const MAX_NAME_LENGTH = 128;

/** Any one word of a `balance` line, a whole `hash` sample expression included. */
export const MAX_BALANCE_WORD_LENGTH = 256;
