// What each Debian package holds: where every built file goes, what it depends
// on, and how it describes itself. Paths are relative to the installed root.
export type DebFile =
  | { path: string; from: string; mode?: number; gzip?: boolean }
  | { path: string; symlinkTo: string };

export interface DebPackage {
  name: 'hitless-agent' | 'hitless-server';
  /** Which bundles of dist/ it carries (for the third-party licences in its copyright file). */
  bundles: string[];
  depends: string[];
  recommends: string[];
  section: string;
  summary: string;
  description: string[];
  files: DebFile[];
}

// Debian 12's nodejs is 18.19 or later; the bundles target node18.
const NODEJS = 'nodejs (>= 18.19~)';

export const PACKAGES: DebPackage[] = [
  {
    name: 'hitless-agent',
    bundles: ['agent'],
    // ip and tc (iproute2) for the plug strategy and its probe, sysctl (procps)
    // for migrate. iptables serves syn-drop only, and HAProxy may come from
    // elsewhere (a backports or vendor build), so both are recommended.
    depends: [NODEJS, 'iproute2', 'procps'],
    recommends: ['haproxy (>= 2.6~)', 'iptables'],
    section: 'net',
    summary: 'zero-drop HAProxy reloads, driven by a Hitless server',
    description: [
      'The per-host agent of Hitless: it changes this host\'s HAProxy configuration',
      '(for example the balancing algorithm of a backend), validates it, reloads',
      'HAProxy with the best technique the host supports (master-worker socket',
      'transfer, tcp_migrate_req, a plug qdisc, or SYN drops), probes the listeners',
      'throughout, rolls back on any failure, and reports to the Hitless server',
      'over mutual TLS.',
    ],
    files: [
      { path: 'usr/lib/hitless/agent/hitless-agent.js', from: 'dist/agent/hitless-agent.js', mode: 0o755 },
      { path: 'usr/bin/hitless-agent', symlinkTo: '../lib/hitless/agent/hitless-agent.js' },
      { path: 'usr/lib/systemd/system/hitless-agent.service', from: 'deploy/systemd/hitless-agent.service' },
      { path: 'etc/hitless/agent.json', from: 'deploy/debian/hitless-agent/agent.json' },
      { path: 'usr/share/man/man8/hitless-agent.8.gz', from: 'deploy/debian/hitless-agent/hitless-agent.8', gzip: true },
      { path: 'usr/share/doc/hitless-agent/enrolling-a-host.md.gz', from: 'docs/enrolling-a-host.md', gzip: true },
      { path: 'usr/share/doc/hitless-agent/examples/agent.json', from: 'deploy/examples/agent.json' },
      { path: 'usr/share/doc/hitless-agent/examples/agent.env', from: 'deploy/examples/agent.env' },
      { path: 'usr/share/lintian/overrides/hitless-agent', from: 'deploy/debian/hitless-agent/lintian-overrides' },
    ],
  },
  {
    name: 'hitless-server',
    bundles: ['server', 'cli'],
    // adduser for the system user; PostgreSQL may well run on another machine.
    depends: [NODEJS, 'adduser'],
    recommends: ['postgresql'],
    section: 'net',
    summary: 'fleet-wide zero-drop HAProxy configuration rollouts',
    description: [
      'The server of Hitless: a REST API and dashboard, a rollout scheduler with',
      'canaries, batches, gates, maintenance windows and automatic rollback, and',
      'the mutual-TLS gateway that Hitless agents on load balancers enrol with.',
      'State lives in PostgreSQL. Also the operator command line, hitless.',
    ],
    files: [
      { path: 'usr/lib/hitless/server/hitless-server.js', from: 'dist/server/hitless-server.js', mode: 0o755 },
      { path: 'usr/lib/hitless/server/migrations', from: 'dist/server/migrations' },
      { path: 'usr/lib/hitless/server/dashboard', from: 'dist/server/dashboard' },
      { path: 'usr/lib/hitless/cli/hitless.js', from: 'dist/cli/hitless.js', mode: 0o755 },
      { path: 'usr/bin/hitless-server', symlinkTo: '../lib/hitless/server/hitless-server.js' },
      { path: 'usr/bin/hitless', symlinkTo: '../lib/hitless/cli/hitless.js' },
      { path: 'usr/lib/systemd/system/hitless-server.service', from: 'deploy/systemd/hitless-server.service' },
      { path: 'etc/hitless/server.json', from: 'deploy/debian/hitless-server/server.json' },
      { path: 'usr/share/man/man8/hitless-server.8.gz', from: 'deploy/debian/hitless-server/hitless-server.8', gzip: true },
      { path: 'usr/share/man/man1/hitless.1.gz', from: 'deploy/debian/hitless-server/hitless.1', gzip: true },
      { path: 'usr/share/doc/hitless-server/installing-the-server.md.gz', from: 'docs/installing-the-server.md', gzip: true },
      { path: 'usr/share/doc/hitless-server/upgrading-and-removing.md.gz', from: 'docs/upgrading-and-removing.md', gzip: true },
      { path: 'usr/share/lintian/overrides/hitless-server', from: 'deploy/debian/hitless-server/lintian-overrides' },
    ],
  },
];
