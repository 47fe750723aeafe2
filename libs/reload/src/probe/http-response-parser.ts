// Incremental parser for exactly one HTTP/1.x response, fed with socket chunks.
// It only needs to know where the response ends (status line, headers, body
// framing) and whether the connection may be reused; it never keeps the body.

/** Largest response head accepted; a real HAProxy answer is far below it. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE_BYTES = 4 * 1024;

export type ParseResult =
  | { kind: 'incomplete' }
  | {
      kind: 'complete';
      status: number;
      /** The server allows another request on this connection. */
      keepAlive: boolean;
      /** Bytes received after the end of the response (we never pipeline, so > 0 is suspect). */
      extraBytes: number;
    }
  | { kind: 'error'; code: 'EEMPTY' | 'ETRUNCATED' | 'EBADRESPONSE'; detail: string };

type BodyFraming =
  | { mode: 'none' }
  | { mode: 'length'; remaining: number }
  | { mode: 'chunked' }
  | { mode: 'until-close' };

type ChunkState = 'size' | 'data' | 'data-crlf' | 'trailer';

interface Head {
  status: number;
  keepAlive: boolean;
  framing: BodyFraming;
}

const INCOMPLETE: ParseResult = { kind: 'incomplete' };

export class HttpResponseParser {
  private bytesSeen = 0;
  private headBuffer: Buffer = Buffer.alloc(0);
  private head: Head | undefined;
  private result: ParseResult = INCOMPLETE;
  private chunkState: ChunkState = 'size';
  private chunkRemaining = 0;
  private lineBuffer = '';

  /** Feeds the next chunk; once complete or failed, further bytes only count as extra bytes. */
  feed(chunk: Buffer): ParseResult {
    this.bytesSeen += chunk.length;
    if (this.result.kind === 'complete') {
      this.result = { ...this.result, extraBytes: this.result.extraBytes + chunk.length };
      return this.result;
    }
    if (this.result.kind === 'error') return this.result;
    let rest: Buffer = chunk;
    while (rest.length > 0 && this.current().kind === 'incomplete') {
      rest = this.head === undefined ? this.consumeHead(rest) : this.consumeBody(rest);
    }
    const result = this.current();
    if (result.kind === 'complete' && rest.length > 0) this.result = { ...result, extraBytes: rest.length };
    return this.result;
  }

  /** The server closed its side (FIN): a body read until close ends here; anything else is cut short. */
  finish(): ParseResult {
    if (this.result.kind !== 'incomplete') return this.result;
    if (this.head?.framing.mode === 'until-close') {
      this.result = { kind: 'complete', status: this.head.status, keepAlive: false, extraBytes: 0 };
    } else if (this.bytesSeen === 0) {
      this.result = { kind: 'error', code: 'EEMPTY', detail: 'connection closed before any response byte' };
    } else {
      this.result = { kind: 'error', code: 'ETRUNCATED', detail: `connection closed after ${this.bytesSeen} response bytes` };
    }
    return this.result;
  }

  /** Read through a method so the compiler does not keep a narrowing that the consume steps change. */
  private current(): ParseResult {
    return this.result;
  }

  private consumeHead(chunk: Buffer): Buffer {
    const searchFrom = Math.max(0, this.headBuffer.length - 3);
    this.headBuffer = this.headBuffer.length === 0 ? chunk : Buffer.concat([this.headBuffer, chunk]);
    const end = this.headBuffer.indexOf('\r\n\r\n', searchFrom, 'latin1');
    if (end < 0) {
      if (this.headBuffer.length > MAX_HEAD_BYTES) this.fail(`response head longer than ${MAX_HEAD_BYTES} bytes`);
      return Buffer.alloc(0);
    }
    const text = this.headBuffer.subarray(0, end).toString('latin1');
    const rest = this.headBuffer.subarray(end + 4);
    this.headBuffer = Buffer.alloc(0);
    const head = parseHead(text);
    if (typeof head === 'string') {
      this.fail(head);
      return Buffer.alloc(0);
    }
    // An interim 1xx answer (100 Continue, 103 Early Hints) is followed by the real response.
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return rest;
    this.head = head;
    if (head.framing.mode === 'none' || (head.framing.mode === 'length' && head.framing.remaining === 0)) {
      this.complete();
    }
    return rest;
  }

  private consumeBody(chunk: Buffer): Buffer {
    const framing = this.head?.framing;
    if (framing === undefined || framing.mode === 'none') return chunk;
    if (framing.mode === 'until-close') return Buffer.alloc(0);
    if (framing.mode === 'length') {
      const used = Math.min(framing.remaining, chunk.length);
      framing.remaining -= used;
      if (framing.remaining === 0) this.complete();
      return chunk.subarray(used);
    }
    return this.consumeChunked(chunk);
  }

  private consumeChunked(chunk: Buffer): Buffer {
    let offset = 0;
    while (offset < chunk.length && this.current().kind === 'incomplete') {
      if (this.chunkState === 'data') {
        const used = Math.min(this.chunkRemaining, chunk.length - offset);
        this.chunkRemaining -= used;
        offset += used;
        if (this.chunkRemaining === 0) this.chunkState = 'data-crlf';
        continue;
      }
      const newline = chunk.indexOf(0x0a, offset);
      const lineEnd = newline < 0 ? chunk.length : newline;
      this.lineBuffer += chunk.subarray(offset, lineEnd).toString('latin1');
      offset = newline < 0 ? chunk.length : newline + 1;
      if (this.lineBuffer.length > MAX_CHUNK_LINE_BYTES) {
        this.fail('chunk line too long');
        break;
      }
      if (newline < 0) break;
      const line = this.lineBuffer.replace(/\r$/, '');
      this.lineBuffer = '';
      this.onChunkLine(line);
    }
    return chunk.subarray(offset);
  }

  private onChunkLine(line: string): void {
    if (this.chunkState === 'data-crlf') {
      if (line !== '') this.fail('missing CRLF after chunk data');
      else this.chunkState = 'size';
      return;
    }
    if (this.chunkState === 'trailer') {
      if (line === '') this.complete();
      return;
    }
    const sizeText = line.split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) {
      this.fail(`bad chunk size line ${JSON.stringify(line)}`);
      return;
    }
    const size = parseInt(sizeText, 16);
    this.chunkRemaining = size;
    this.chunkState = size === 0 ? 'trailer' : 'data';
  }

  private complete(): void {
    if (this.head === undefined) throw new Error('response completed before its head');
    this.result = { kind: 'complete', status: this.head.status, keepAlive: this.head.keepAlive, extraBytes: 0 };
  }

  private fail(detail: string): void {
    this.result = { kind: 'error', code: 'EBADRESPONSE', detail };
  }
}

/** Parses a status line and headers; returns an error message for anything malformed. */
export function parseHead(text: string): Head | string {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]);
  if (!statusLine) return `bad status line ${JSON.stringify(lines[0].slice(0, 80))}`;
  const minor = Number(statusLine[1]);
  const status = Number(statusLine[2]);
  let contentLength: number | undefined;
  let chunked = false;
  const connectionTokens: string[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `bad header line ${JSON.stringify(line.slice(0, 80))}`;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value)) return `bad Content-Length ${JSON.stringify(value)}`;
      const length = Number(value);
      if (contentLength !== undefined && contentLength !== length) return 'conflicting Content-Length headers';
      contentLength = length;
    } else if (name === 'transfer-encoding') {
      const codings = value.toLowerCase().split(',').map((token) => token.trim());
      chunked = codings[codings.length - 1] === 'chunked';
    } else if (name === 'connection') {
      connectionTokens.push(...value.toLowerCase().split(',').map((token) => token.trim()));
    }
  }
  const keepAlive = minor === 1 ? !connectionTokens.includes('close') : connectionTokens.includes('keep-alive');
  // Responses to GET without a body by definition (RFC 9112 section 6.3).
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { status, keepAlive: keepAlive && status !== 101, framing: { mode: 'none' } };
  }
  if (chunked) return { status, keepAlive, framing: { mode: 'chunked' } };
  if (contentLength !== undefined) return { status, keepAlive, framing: { mode: 'length', remaining: contentLength } };
  return { status, keepAlive: false, framing: { mode: 'until-close' } };
}
