import { constants } from 'node:http2';
import { h2FailureCode, h2ResetCode } from './h2-transport';

describe('h2 failure codes', () => {
  it('names a reset by its RFC 9113 code', () => {
    expect(h2ResetCode(constants.NGHTTP2_REFUSED_STREAM)).toBe('H2_REFUSED_STREAM');
    expect(h2ResetCode(constants.NGHTTP2_CANCEL)).toBe('H2_CANCEL');
    expect(h2ResetCode(0x42)).toBe('H2_ERROR_66');
  });

  it('prefers the peer\'s reset code over the error Node raised for it', () => {
    const error = Object.assign(new Error('Stream closed with error code NGHTTP2_REFUSED_STREAM'), { code: 'ERR_HTTP2_STREAM_ERROR' });
    expect(h2FailureCode({ rstCode: constants.NGHTTP2_REFUSED_STREAM, error, sawResponse: false })).toBe('H2_REFUSED_STREAM');
  });

  it('names a connection-level error rather than the INTERNAL_ERROR Node marks its destroyed streams with', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(h2FailureCode({ rstCode: constants.NGHTTP2_INTERNAL_ERROR, error, sawResponse: false })).toBe('ECONNREFUSED');
  });

  it('looks through the cancel Node puts on each stream of a failed connection', () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const cancel = Object.assign(new Error('The pending stream has been canceled'), { code: 'ERR_HTTP2_STREAM_CANCEL', cause });
    expect(h2FailureCode({ rstCode: constants.NGHTTP2_CANCEL, error: cancel, sawResponse: false })).toBe('ECONNRESET');
    const bare = Object.assign(new Error('canceled'), { code: 'ERR_HTTP2_STREAM_CANCEL' });
    expect(h2FailureCode({ error: bare, sawResponse: false })).toBe('ERR_HTTP2_STREAM_CANCEL');
  });

  it('uses the error\'s code when the stream ended without a reset', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(h2FailureCode({ rstCode: constants.NGHTTP2_NO_ERROR, error, sawResponse: false })).toBe('ECONNRESET');
  });

  it('tells a stream closed before any answer from one cut in the middle', () => {
    expect(h2FailureCode({ sawResponse: false })).toBe('EEMPTY');
    expect(h2FailureCode({ rstCode: constants.NGHTTP2_NO_ERROR, sawResponse: true })).toBe('ETRUNCATED');
  });
});
