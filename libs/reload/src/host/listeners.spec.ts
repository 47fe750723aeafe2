import { parseSsListeners } from './listeners';

describe('parseSsListeners', () => {
  it('reads ports and every process that shares a socket', () => {
    const out = [
      'LISTEN 0      4000         0.0.0.0:8080       0.0.0.0:*    users:(("haproxy",pid=812,fd=7),("haproxy",pid=790,fd=7))',
      'LISTEN 0      4000       127.0.0.1:9001       0.0.0.0:*    users:(("haproxy",pid=700,fd=5))',
      'LISTEN 0      4096            [::]:8443          [::]:*    users:(("haproxy",pid=812,fd=9))',
      '',
    ].join('\n');
    expect(parseSsListeners(out)).toEqual([
      { local: '0.0.0.0:8080', port: 8080, pids: [812, 790] },
      { local: '127.0.0.1:9001', port: 9001, pids: [700] },
      { local: '[::]:8443', port: 8443, pids: [812] },
    ]);
  });
});
