import { Writable } from 'node:stream';
import { createLogger } from './index';

function capture(): { stream: Writable; text(): string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out };
}

describe('log redaction', () => {
  it('hides the Authorization header and tokens at every depth a log line has them, at every level', () => {
    const sink = capture();
    const log = createLogger({ service: 'test', level: 'trace', destination: sink.stream });
    const secret = 'hlt_s3cr3t-never-logged';
    log.trace({ req: { headers: { authorization: `Bearer ${secret}` } } }, 'pino-http shape');
    log.debug({ headers: { Authorization: `Bearer ${secret}` }, token: secret }, 'top');
    log.child({ component: 'x' }).info({ err: { config: { headers: { authorization: secret } } } }, 'an error with its request');
    log.error({ a: { b: { c: { d: { joinToken: secret } } } } }, 'deep');
    const text = sink.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
