// Reported in every heartbeat so the dashboard can tell which agents need an upgrade.
export const AGENT_VERSION = '0.1.0';
