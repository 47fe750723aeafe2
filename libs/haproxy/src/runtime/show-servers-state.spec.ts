import { fixture } from './fixtures';
import { decodeAdminState, parseServersState } from './show-servers-state';

describe('parseServersState', () => {
  it('reads 2.6.12 output (captured)', () => {
    const state = parseServersState(fixture('show-servers-state.2.6.12.txt'));
    expect(state.formatVersion).toBe(1);
    expect(state.servers).toHaveLength(3);
    expect(state.servers[0]).toEqual(
      expect.objectContaining({
        backendId: 3,
        backendName: 'be',
        serverId: 1,
        serverName: 's1',
        address: '127.0.0.1',
        port: 38082,
        opState: 'running',
        opStateCode: 2,
        adminStateCode: 0,
        admin: { maintenance: false, forcedMaintenance: false, draining: false, forcedDrain: false },
        userWeight: 7,
        initialWeight: 10,
      }),
    );
    // s2 has a failing health check: operationally stopped.
    expect(state.servers[1]).toEqual(expect.objectContaining({ serverName: 's2', opState: 'stopped', userWeight: 20 }));
    expect(state.servers[1].fields['srv_fqdn']).toBe('-');
  });

  it('reads drain, maint and a changed weight (captured on 2.6.12)', () => {
    const { servers } = parseServersState(fixture('show-servers-state.2.6.12-drain-maint.txt'));
    const byName = Object.fromEntries(servers.map((s) => [`${s.backendName}/${s.serverName}`, s]));
    expect(byName['be/s1'].admin).toEqual({ maintenance: false, forcedMaintenance: false, draining: true, forcedDrain: true });
    expect(byName['be/s1'].userWeight).toBe(3);
    expect(byName['be/s1'].initialWeight).toBe(10);
    expect(byName['be/s2'].admin.forcedMaintenance).toBe(true);
    expect(byName['tcpbe/t1']).toEqual(expect.objectContaining({ backendId: 5, opState: 'running' }));
  });

  it('accepts a backend with no servers (header only)', () => {
    const text = '1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight\n';
    expect(parseServersState(text)).toEqual({ formatVersion: 1, servers: [] });
  });

  it('rejects HAProxy error text (captured)', () => {
    expect(() => parseServersState(fixture('show-servers-state.2.6.12-unknown-backend.txt'))).toThrow(/format version/);
  });

  it('decodes inherited maintenance and drain bits', () => {
    expect(decodeAdminState(0x02)).toEqual({ maintenance: true, forcedMaintenance: false, draining: false, forcedDrain: false });
    expect(decodeAdminState(0x10)).toEqual({ maintenance: false, forcedMaintenance: false, draining: true, forcedDrain: false });
    expect(decodeAdminState(0x20).maintenance).toBe(true);
  });
});
