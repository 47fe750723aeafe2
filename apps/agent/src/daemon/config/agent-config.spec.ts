import { AgentConfigError, parseAgentConfig } from './agent-config';

const minimal = { hostName: 'lb-1', stateDir: '/var/lib/hitless', server: { address: 'hitless:7443', caFile: '/etc/hitless/ca.crt' } };

describe('agent configuration', () => {
  it('fills defaults and lets the environment override the file', () => {
    const config = parseAgentConfig(minimal, { HITLESS_AGENT_SERVER_ADDRESS: '10.0.0.1:7443', HITLESS_AGENT_HEARTBEAT_SECONDS: '5' });
    expect(config.server).toEqual({ address: '10.0.0.1:7443', name: 'hitless-server', caFile: '/etc/hitless/ca.crt' });
    expect(config.heartbeatSeconds).toBe(5);
    expect(config.haproxy.configPath).toBe('/etc/haproxy/haproxy.cfg');
    expect(config.hooks).toEqual({});
  });

  it('lists every bad key at once', () => {
    let error: unknown;
    try {
      parseAgentConfig(
        {
          hostName: 'LB 1',
          server: { address: 'no-port', caFile: '' },
          heartbeatSeconds: 0,
          hooks: { drain: { command: ['keepalived-drain'] } },
          surprise: true,
        },
        {},
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AgentConfigError);
    const problems = (error as AgentConfigError).problems.join('\n');
    for (const key of ['hostName', 'stateDir', 'server.address', 'server.caFile', 'heartbeatSeconds', 'hooks.drain.command', "'surprise'"]) {
      expect(problems).toContain(key);
    }
  });

  it('refuses an address the server would refuse to dial, at start rather than by going offline', () => {
    for (const advertiseAddress of ['unix:/run/x.sock:1', 'dns:evil:443', 'lb-1:0', '[::1']) {
      expect(() => parseAgentConfig({ ...minimal, advertiseAddress }, {})).toThrow(/advertiseAddress: must be host:port/);
    }
    expect(() => parseAgentConfig({ ...minimal, listen: 'unix:7444' }, {})).toThrow(/listen: its host is not an IP address or DNS name/);
    expect(parseAgentConfig({ ...minimal, advertiseAddress: '[2001:db8::7]:7444' }, {}).advertiseAddress).toBe('[2001:db8::7]:7444');
    expect(parseAgentConfig({ ...minimal, listen: '10.0.0.7:0' }, {}).listen).toBe('10.0.0.7:0');
  });
});
