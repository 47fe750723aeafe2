// What a command may touch: the API, its output streams, the clock, files.
// main.ts builds the real one; the shape keeps commands free of globals.
import type { ApiClient } from '@hitless/api-contract';
import type { OutputFormat } from './cli-args';

export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

export interface InputStream {
  readonly isTTY: boolean;
  /** Writes `prompt` to stderr and reads one line; undefined at end of input or on Ctrl-C. */
  readLine(prompt: string): Promise<string | undefined>;
}

export interface CliContext {
  api: ApiClient;
  output: OutputFormat;
  stdout: OutputStream;
  /** Progress notes and warnings, never the data a script parses. */
  stderr: OutputStream;
  /** Read only to ask an operator to confirm, and only when it is a terminal. */
  stdin: InputStream;
  now(): Date;
  newIdempotencyKey(): string;
  readFile(path: string): Promise<string>;
  sleep(ms: number): Promise<void>;
}

/** One JSON document per line with --output json, the text otherwise. */
export function emit(ctx: CliContext, json: unknown, text: string): void {
  ctx.stdout.write(ctx.output === 'json' ? `${JSON.stringify(json)}\n` : text.endsWith('\n') ? text : `${text}\n`);
}
