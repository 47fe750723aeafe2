import { ConfigError, parseServerConfig } from './server-config';

describe('server configuration', () => {
  it('takes DATABASE_URL from the environment over the file', () => {
    const config = parseServerConfig({ stateDir: '/var/lib/hitless', databaseUrl: 'postgres://file/db' }, { DATABASE_URL: 'postgres://env/db' });
    expect(config.databaseUrl).toBe('postgres://env/db');
    expect(config.listen).toBe('0.0.0.0:7443');
  });

  it('lists every bad key at once', () => {
    let error: unknown;
    try {
      parseServerConfig({ listen: 'nowhere', maxMessageBytes: 1, extra: 1 }, { HITLESS_SERVER_HEARTBEAT_SECONDS: 'soon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['listen', 'stateDir', 'maxMessageBytes', 'heartbeatSeconds', "'extra'"]) expect(problems).toContain(key);
  });

  const problemsOf = (values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string[] => {
    try {
      parseServerConfig({ stateDir: '/var/lib/hitless', ...values }, env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('serves plain HTTP on loopback by default, and everywhere by default only with TLS', () => {
    expect(parseServerConfig({ stateDir: '/s' }, {}).httpListen).toBe('127.0.0.1:8080');
    expect(parseServerConfig({ stateDir: '/s', httpTls: { source: 'ca' } }, {})).toMatchObject({ httpListen: '0.0.0.0:8080', httpTls: { source: 'ca', altNames: [] } });
    expect(parseServerConfig({ stateDir: '/s' }, { HITLESS_SERVER_HTTP_TLS: 'ca' }).httpTls).toEqual({ source: 'ca', altNames: [] });
    expect(parseServerConfig({ stateDir: '/s', httpListen: 'localhost:9000' }, {}).httpListen).toBe('localhost:9000');
  });

  it('refuses plain HTTP on a non-loopback address unless allowPlainHttp says so', () => {
    expect(problemsOf({ httpListen: '0.0.0.0:8080' })).toEqual([expect.stringMatching(/^httpListen: 0\.0\.0\.0:8080 is not a loopback address and the API has no TLS: set httpTls .* or allowPlainHttp: true/)]);
    expect(problemsOf({}, { HITLESS_SERVER_HTTP_LISTEN: '198.18.0.1:80' })).toHaveLength(1);
    expect(problemsOf({ httpListen: '0.0.0.0:8080', allowPlainHttp: true })).toEqual([]);
    expect(problemsOf({ httpListen: '0.0.0.0:8080' }, { HITLESS_SERVER_ALLOW_PLAIN_HTTP: 'true' })).toEqual([]);
    expect(problemsOf({ httpListen: '0.0.0.0:8080', httpTls: { source: 'files', certFile: '/c', keyFile: '/k' } })).toEqual([]);
  });

  it('names a bad TLS or flood-limit setting', () => {
    expect(problemsOf({ httpTls: { source: 'files', certFile: '/c' } })).toEqual([expect.stringMatching(/^httpTls\.keyFile: /)]);
    expect(problemsOf({ httpTls: { source: 'self-signed' } })).toEqual([expect.stringMatching(/^httpTls\.source: /)]);
    expect(problemsOf({}, { HITLESS_SERVER_ALLOW_PLAIN_HTTP: 'yes' })).toEqual([expect.stringMatching(/^allowPlainHttp: /)]);
    expect(problemsOf({ authLimits: { burst: 0, checksInFlight: 9, bogus: 1 } })).toEqual([
      expect.stringMatching(/^authLimits\.burst: /),
      expect.stringMatching(/^authLimits\.checksInFlight: /),
      expect.stringMatching(/^authLimits: Unrecognized key.*bogus/),
    ]);
    expect(parseServerConfig({ stateDir: '/s' }, {}).authLimits).toEqual({ burst: 20, refillPerMinute: 60, maxSources: 10_000, checksInFlight: 2, checksQueued: 200 });
  });
});
