// The one request the probe sends, built once per target and reused as a Buffer
// so that issuing thousands of requests per second allocates nothing per request.

export function buildRequest(path: string, hostHeader: string, keepAlive: boolean): Buffer {
  if (!path.startsWith('/') || /[\s]/.test(path)) throw new RangeError(`path must start with / and contain no whitespace: ${JSON.stringify(path)}`);
  if (/[\r\n]/.test(hostHeader)) throw new RangeError('host header must not contain line breaks');
  const connection = keepAlive ? 'keep-alive' : 'close';
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: hitless-probe\r\nConnection: ${connection}\r\n\r\n`,
    'latin1',
  );
}
