import { parseConfig } from '@hitless/haproxy';
import { keepAliveAdvice } from './keepalive-advice';

describe('keep-alive advice', () => {
  it('names HTTP frontends that close idle connections on reload, honouring defaults and "no option"', () => {
    const cfg = parseConfig(`defaults
    mode http
    option idle-close-on-response

frontend covered
    bind :80

frontend opted-out
    bind :81
    no option idle-close-on-response

defaults plain
    mode http

frontend bare from plain
    bind :82

listen raw
    mode tcp
    bind :83
`);
    expect(keepAliveAdvice(cfg)).toEqual([
      'advice: frontend opted-out closes idle keep-alive connections when reloaded; "option idle-close-on-response" lets clients finish them',
      'advice: frontend bare closes idle keep-alive connections when reloaded; "option idle-close-on-response" lets clients finish them',
    ]);
  });
});
