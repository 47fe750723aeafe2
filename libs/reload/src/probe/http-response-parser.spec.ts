import { HttpResponseParser, parseHead, type ParseResult } from './http-response-parser';

function feedAll(parts: string[]): { parser: HttpResponseParser; result: ParseResult } {
  const parser = new HttpResponseParser();
  let result: ParseResult = { kind: 'incomplete' };
  for (const part of parts) result = parser.feed(Buffer.from(part, 'latin1'));
  return { parser, result };
}

/** Every way of cutting the text into two pieces must parse the same. */
function everySplit(text: string): ParseResult[] {
  const results: ParseResult[] = [];
  for (let cut = 1; cut < text.length; cut += 1) results.push(feedAll([text.slice(0, cut), text.slice(cut)]).result);
  return results;
}

describe('HttpResponseParser', () => {
  it('completes on Content-Length', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    expect(feedAll([text]).result).toEqual({ kind: 'complete', status: 200, keepAlive: true, extraBytes: 0 });
    for (const result of everySplit(text)) expect(result).toEqual({ kind: 'complete', status: 200, keepAlive: true, extraBytes: 0 });
  });

  it('waits for the rest of the body', () => {
    expect(feedAll(['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel']).result).toEqual({ kind: 'incomplete' });
  });

  it('completes a zero-length body at the end of the head (HAProxy http-request return)', () => {
    const text = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n';
    expect(feedAll([text]).result).toEqual({ kind: 'complete', status: 200, keepAlive: false, extraBytes: 0 });
  });

  it('reports 5xx statuses as complete responses (the caller decides they are failures)', () => {
    const result = feedAll(['HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n']).result;
    expect(result).toMatchObject({ kind: 'complete', status: 503 });
  });

  it('decodes chunked bodies, whatever the chunking of the bytes', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n';
    expect(feedAll([text]).result).toEqual({ kind: 'complete', status: 200, keepAlive: true, extraBytes: 0 });
    for (const result of everySplit(text)) expect(result).toEqual({ kind: 'complete', status: 200, keepAlive: true, extraBytes: 0 });
    expect(feedAll([text.slice(0, -2)]).result).toEqual({ kind: 'incomplete' });
  });

  it('rejects broken chunk framing', () => {
    expect(feedAll(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n']).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
    expect(feedAll(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n']).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
  });

  it('reads until close when there is no framing', () => {
    const { parser, result } = feedAll(['HTTP/1.0 200 OK\r\n\r\nsome body']);
    expect(result).toEqual({ kind: 'incomplete' });
    expect(parser.finish()).toEqual({ kind: 'complete', status: 200, keepAlive: false, extraBytes: 0 });
  });

  it('skips interim 1xx responses', () => {
    const text = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n';
    expect(feedAll([text]).result).toEqual({ kind: 'complete', status: 204, keepAlive: true, extraBytes: 0 });
  });

  it('counts bytes after the response as extra', () => {
    const { parser, result } = feedAll(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP']);
    expect(result).toMatchObject({ kind: 'complete', extraBytes: 4 });
    expect(parser.feed(Buffer.from('/1.1'))).toMatchObject({ kind: 'complete', extraBytes: 8 });
  });

  it('tells an empty close from a truncated response', () => {
    expect(new HttpResponseParser().finish()).toMatchObject({ kind: 'error', code: 'EEMPTY' });
    expect(feedAll(['HTTP/1.1 200 OK\r\nContent-Le']).parser.finish()).toMatchObject({ kind: 'error', code: 'ETRUNCATED' });
    expect(feedAll(['HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc']).parser.finish()).toMatchObject({ kind: 'error', code: 'ETRUNCATED' });
  });

  it('keeps its verdict once complete, even if the connection then closes', () => {
    const { parser } = feedAll(['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n']);
    expect(parser.finish()).toMatchObject({ kind: 'complete', status: 200 });
  });

  it('rejects what is not HTTP/1.x', () => {
    expect(feedAll(['SSH-2.0-OpenSSH_9.2\r\n\r\n']).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
    expect(feedAll(['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n']).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
    expect(feedAll(['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n']).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
    expect(feedAll(['x'.repeat(70 * 1024)]).result).toMatchObject({ kind: 'error', code: 'EBADRESPONSE' });
  });
});

describe('parseHead keep-alive rules', () => {
  it('HTTP/1.1 is persistent unless Connection: close', () => {
    expect(parseHead('HTTP/1.1 200 OK\r\nContent-Length: 0')).toMatchObject({ keepAlive: true });
    expect(parseHead('HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0')).toMatchObject({ keepAlive: false });
  });

  it('HTTP/1.0 is persistent only with Connection: keep-alive', () => {
    expect(parseHead('HTTP/1.0 200 OK\r\nContent-Length: 0')).toMatchObject({ keepAlive: false });
    expect(parseHead('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0')).toMatchObject({ keepAlive: true });
  });
});
