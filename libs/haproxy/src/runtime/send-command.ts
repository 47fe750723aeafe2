import { createConnection } from 'node:net';
import { toCommandLine } from './command-line';
import { RuntimeApiError, type RuntimeApiFailure } from './runtime-api-error';

export interface SendCommandOptions {
  /** Deadline for connect + answer; default 5 s. */
  timeoutMs?: number;
  /** Refuse answers larger than this (a runaway dump must not eat the agent's memory); default 64 MiB. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

function failureOf(error: NodeJS.ErrnoException): RuntimeApiFailure {
  switch (error.code) {
    case 'ENOENT':
      return 'not-found';
    case 'ECONNREFUSED':
      return 'refused';
    case 'EACCES':
    case 'EPERM':
      return 'permission';
    default:
      return 'io';
  }
}

/**
 * Sends one command line in HAProxy's non-interactive mode and returns all it
 * printed. The write side is half-closed right after the line: a 2.6 master
 * CLI keeps the connection open until it sees end-of-input, while a worker's
 * stats socket closes by itself; both then end the connection, which marks
 * the end of the answer.
 */
export function sendCommand(
  socketPath: string,
  command: string | readonly string[],
  options: SendCommandOptions = {},
): Promise<string> {
  const { line, problem } = toCommandLine(command);
  if (problem) {
    return Promise.reject(new RuntimeApiError(`refused to send: ${problem}`, { socketPath, command: line, reason: 'invalid-command' }));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = createConnection({ path: socketPath });

    const finish = (error?: RuntimeApiError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(
      () => finish(new RuntimeApiError(`no complete answer within ${timeoutMs} ms`, { socketPath, command: line, reason: 'timeout' })),
      timeoutMs,
    );

    socket.on('connect', () => {
      socket.end(`${line}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(new RuntimeApiError(`answer exceeds ${maxBytes} bytes`, { socketPath, command: line, reason: 'io' }));
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => finish());
    // 'close' without 'end' happens after an error, which already settled.
    socket.on('close', () => finish());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        new RuntimeApiError(`socket error ${error.code ?? ''}: ${error.message}`.trim(), {
          socketPath,
          command: line,
          reason: failureOf(error),
          cause: error,
        }),
      );
    });
  });
}
