// The CLI's connection to the REST API: the contract's client (@hitless/api-contract)
// over this CLI's fetch, which trusts the CA file when one is given, gives up after
// a timeout, and turns a failure to get any answer into the CLI's own errors (an
// untrusted certificate names the fix). Error statuses arrive as the contract's
// ApiError; describe-failure.ts gives them their exit codes.
import { API_PREFIX, createApiClient, type ApiClient, type FetchLike } from '@hitless/api-contract';
import { CliFailure, UnreachableError } from './cli-errors';
import type { Connection } from './cli-config';
import { EXIT } from './exit-codes';
import { isUntrustedCertificate, type Fetch } from './trusted-fetch';

const TIMEOUT_MS = 30_000;

function causeOf(error: unknown): { code?: string; text: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { code: cause?.code, text: cause?.code ?? cause?.message ?? (error as Error).message };
}

export function connectApi(connection: Connection, fetchImpl: Fetch = fetch): ApiClient {
  const cliFetch: FetchLike = async (url, init) => {
    try {
      return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const cause = causeOf(error);
      if (isUntrustedCertificate(cause.code)) {
        const hint = connection.caFile ? `it does not chain to ${connection.caFile}` : "pass the server's CA certificate with --ca-file FILE or HITLESS_CA_FILE";
        throw new CliFailure(`the server at ${connection.server} presented a certificate this CLI does not trust (${cause.code}): ${hint}`, EXIT.unreachable);
      }
      throw new UnreachableError(connection.server, cause.text);
    }
  };
  // apiUrl ends in /api/v1 (cli-config.ts); the route table's paths start with it.
  return createApiClient({ baseUrl: connection.apiUrl.slice(0, -API_PREFIX.length), token: connection.token, fetch: cliFetch });
}
