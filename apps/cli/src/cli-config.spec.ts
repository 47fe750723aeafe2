import { apiUrlOf, defaultConfigPath, parseConfigFile, resolveConnection } from './cli-config';

describe('connection settings', () => {
  it('takes flags over the environment over the file', () => {
    const file = { server: 'http://file:1', token: 'file-token' };
    const env = { HITLESS_SERVER: 'http://env:2', HITLESS_TOKEN: 'env-token' };
    expect(resolveConnection({}, {}, file)).toEqual({ apiUrl: 'http://file:1/api/v1', server: 'http://file:1', token: 'file-token' });
    expect(resolveConnection({}, env, file)).toMatchObject({ server: 'http://env:2', token: 'env-token' });
    expect(resolveConnection({ server: 'http://flag:3', token: 'flag-token' }, env, file)).toMatchObject({ server: 'http://flag:3', token: 'flag-token' });
  });

  it('takes the CA file from --ca-file, HITLESS_CA_FILE or the file, in that order', () => {
    const file = { server: 'https://file:1', caFile: '/etc/hitless/file-ca.crt' };
    expect(resolveConnection({}, {}, file).caFile).toBe('/etc/hitless/file-ca.crt');
    expect(resolveConnection({}, { HITLESS_CA_FILE: '/env-ca.crt' }, file).caFile).toBe('/env-ca.crt');
    expect(resolveConnection({ caFile: '/flag-ca.crt' }, { HITLESS_CA_FILE: '/env-ca.crt' }, file).caFile).toBe('/flag-ca.crt');
    expect(resolveConnection({ server: 'http://a:1' }, {}, undefined)).not.toHaveProperty('caFile');
  });

  it('needs a server but not a token (the server answers 401)', () => {
    expect(() => resolveConnection({}, {}, undefined)).toThrow(/no server address/);
    expect(resolveConnection({ server: 'http://a:1' }, {}, undefined).token).toBeUndefined();
  });

  it('normalises the API base', () => {
    expect(apiUrlOf('http://a:1')).toBe('http://a:1/api/v1');
    expect(apiUrlOf('https://a/hitless/api/v1/')).toBe('https://a/hitless/api/v1');
    expect(() => apiUrlOf('a:1:2')).toThrow(/not a URL|must be http/);
    expect(() => apiUrlOf('ftp://a')).toThrow(/must be http/);
  });

  it('reads the config file strictly and finds it under XDG_CONFIG_HOME', () => {
    expect(parseConfigFile('c.json', '{"server":"http://a:1"}')).toEqual({ server: 'http://a:1' });
    expect(() => parseConfigFile('c.json', '{"sever":"x"}')).toThrow(/c.json/);
    expect(defaultConfigPath({}, '/home/op')).toBe('/home/op/.config/hitless/cli.json');
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/x' }, '/home/op')).toBe('/x/hitless/cli.json');
  });
});
