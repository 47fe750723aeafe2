// Reported in every heartbeat so the dashboard can tell which agents need an
// upgrade. The workspace's version is the packages' version: one number to bump.
import { version } from '../../../../package.json';

export const AGENT_VERSION: string = version;
