// One HTTP/1.1 request over a plain socket, written byte for byte as given: no
// client-side normalisation of paths, header values or bodies, so a test can send
// what a hostile client would (raw bytes in headers, a lying Content-Length).
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: path and query, already percent-encoded. */
  target: string;
  /** Header values are sent as Latin-1 bytes (the caller encodes anything else). */
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseResponse(data: Buffer): RawResponse | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(headEnd + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest.subarray(0, Number(headers['content-length'] ?? rest.length));
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

/** Sends the request with `Connection: close` and resolves with the whole answer. */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const body = request.body ?? Buffer.alloc(0);
  const headers = { host: `127.0.0.1:${port}`, connection: 'close', ...(request.body === undefined ? {} : { 'content-length': String(body.length) }), ...request.headers };
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer to ${request.method} ${request.target.slice(0, 200)} within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      const response = parseResponse(Buffer.concat(chunks));
      // A server that answers early (413) may reset the connection while the body is still being
      // written; the answer it sent first is what counts.
      if (response) resolve(response);
      else reject(error ?? new Error(`the server closed the connection without an answer to ${request.method} ${request.target.slice(0, 200)}`));
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish());
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  });
}
