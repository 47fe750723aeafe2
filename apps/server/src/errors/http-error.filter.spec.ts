import { PayloadTooLargeException, UnsupportedMediaTypeException, type ArgumentsHost } from '@nestjs/common';
import type { Logger } from '@hitless/log';
import postgres from 'postgres';
import { HttpErrorFilter } from './http-error.filter';

// As postgres.js raises them: its PostgresError with the SQLSTATE in `code`.
const databaseError = (code: string, message: string) => Object.assign(new postgres.PostgresError(message), { code, message });

function answer(error: unknown): { status: number; body: unknown; logged: string[] } {
  const logged: string[] = [];
  const log = { error: (_fields: unknown, message: string) => logged.push(message) } as unknown as Logger;
  const response = { status: 0, body: undefined as unknown };
  const res = {
    status(code: number) {
      response.status = code;
      return res;
    },
    json(body: unknown) {
      response.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpErrorFilter(log).catch(error, host);
  return { ...response, logged };
}

describe('HttpErrorFilter', () => {
  it('names the edge answers by their status', () => {
    expect(answer(new PayloadTooLargeException('the body is over the limit'))).toMatchObject({ status: 413, body: { error: 'payload_too_large', message: 'the body is over the limit' } });
    expect(answer(new UnsupportedMediaTypeException('send UTF-8'))).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
  });

  it('answers a value Postgres refused with 400 and no driver text, and logs it as a bug', () => {
    const refused = databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    const { status, body, logged } = answer(refused);
    expect({ status, body }).toEqual({ status: 400, body: { error: 'bad_input', message: 'a value in the request is not acceptable' } });
    expect(logged).toEqual(['bug: validation let through a value the database refused; answered 400']);
  });

  it('keeps any other database failure a 500 without its text', () => {
    const down = databaseError('57P03', 'the database system is shutting down');
    expect(answer(down)).toMatchObject({ status: 500, body: { error: 'internal', message: 'internal error; see the server log' } });
  });
});
