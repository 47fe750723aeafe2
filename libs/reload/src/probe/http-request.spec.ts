import { buildRequest } from './http-request';

describe('buildRequest', () => {
  it('writes a minimal HTTP/1.1 GET', () => {
    expect(buildRequest('/health', 'lb.example:80', false).toString('latin1')).toBe(
      'GET /health HTTP/1.1\r\nHost: lb.example:80\r\nUser-Agent: hitless-probe\r\nConnection: close\r\n\r\n',
    );
    expect(buildRequest('/', 'x', true).toString('latin1')).toContain('\r\nConnection: keep-alive\r\n');
  });

  it('refuses what would break the request line or inject headers', () => {
    expect(() => buildRequest('health', 'x', false)).toThrow(RangeError);
    expect(() => buildRequest('/a b', 'x', false)).toThrow(RangeError);
    expect(() => buildRequest('/', 'x\r\nEvil: 1', false)).toThrow(RangeError);
  });
});
