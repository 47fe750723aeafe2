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
});
