// hitless: the operator CLI for the Hitless server's REST API. Wiring only:
// the command line, the connection, real streams and the exit code.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { createInterface } from 'node:readline';
import { parseCommandLine, type OutputFormat } from './cli-args';
import { connectApi } from './api-connection';
import { defaultConfigPath, parseConfigFile, resolveConnection, type ConfigFile } from './cli-config';
import type { CliContext } from './cli-context';
import { UsageError } from './cli-errors';
import { describeFailure } from './describe-failure';
import { EXIT, type ExitCode } from './exit-codes';
import { helpText } from './help-text';
import { runCommand } from './commands/run-command';
import { fetchTrusting } from './trusted-fetch';

async function loadConfigFile(explicit: string | undefined): Promise<ConfigFile | undefined> {
  const path = explicit ?? defaultConfigPath(process.env, homedir());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // Only the default file may be absent; a file the user named must exist.
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  return parseConfigFile(path, text);
}

/** The fetch for this connection: trusting only its CA file when it names one. */
async function fetchFor(caFile: string | undefined): Promise<typeof fetch> {
  if (caFile === undefined) return fetch;
  let pem: string;
  try {
    pem = await readFile(caFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the CA file ${caFile}: ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`the CA file ${caFile} holds no PEM certificate`);
  return fetchTrusting(pem);
}

/** One line from the terminal; undefined when input ends or the operator presses Ctrl-C. */
function readLine(prompt: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.once('close', () => resolve(undefined));
    rl.once('SIGINT', () => rl.close());
    rl.question(prompt, (answer) => {
      resolve(answer);
      rl.close();
    });
  });
}

async function main(argv: string[]): Promise<ExitCode> {
  let output: OutputFormat = 'text';
  try {
    if (argv.length === 0) {
      process.stderr.write(helpText());
      return EXIT.usage;
    }
    const { global, command } = parseCommandLine(argv);
    output = global.output;
    if (command.kind === 'help') {
      process.stdout.write(helpText(command.topic));
      return EXIT.ok;
    }
    const connection = resolveConnection(global, process.env, await loadConfigFile(global.config));
    const ctx: CliContext = {
      api: connectApi(connection, await fetchFor(connection.caFile)),
      output,
      stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
      stderr: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
      stdin: { isTTY: process.stdin.isTTY === true, readLine },
      now: () => new Date(),
      newIdempotencyKey: () => randomUUID(),
      readFile: (path) => readFile(path, 'utf8'),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    return await runCommand(ctx, command);
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`hitless: ${failure.message}\n`);
    if (failure.exitCode === EXIT.internal && error instanceof Error && error.stack && !failure.known) process.stderr.write(`${error.stack}\n`);
    if (output === 'json') process.stdout.write(`${JSON.stringify({ error: failure.json })}\n`);
    return failure.exitCode;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
