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
});
