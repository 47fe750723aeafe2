// One way to make loggers: pino JSON with service metadata, secrets redacted,
// pretty-ish single lines only when a person is watching a terminal.
import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where log lines go; defaults to stderr so that stdout stays free for command output. */
  destination?: pino.DestinationStream;
}

const SECRET_KEYS = ['authorization', 'Authorization', 'cookie', 'token', 'joinToken', 'password', 'key'];
// pino redacts by path, and a wildcard stands for one level: each key is listed at
// every depth up to five, which covers pino-http's req.headers.authorization and an
// error's request options (err.config.headers.authorization) alike.
const REDACT_DEPTH = 5;
const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => Array.from({ length: REDACT_DEPTH }, (_, depth) => `${'*.'.repeat(depth)}${key}`));

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? process.env.HITLESS_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { service: options.service, pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything: for unit tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });
