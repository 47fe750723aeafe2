// Counts TIME_WAIT sockets of IPv4 connections to or from one local port, read
// from /proc/net/tcp, to check which side of a probe connection keeps TIME_WAIT.
import { readFile } from 'node:fs/promises';

const TIME_WAIT = '06';

export interface TimeWaitCount {
  /** Entries whose remote port is the server's: the client closed first, its ephemeral port is held. */
  clientSide: number;
  /** Entries whose local port is the server's: the server closed first. */
  serverSide: number;
}

export async function countTimeWait(serverPort: number): Promise<TimeWaitCount> {
  const text = await readFile('/proc/net/tcp', 'utf8');
  const count: TimeWaitCount = { clientSide: 0, serverSide: 0 };
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== TIME_WAIT) continue;
    const localPort = parseInt(fields[1].split(':')[1], 16);
    const remotePort = parseInt(fields[2].split(':')[1], 16);
    if (remotePort === serverPort) count.clientSide += 1;
    if (localPort === serverPort) count.serverSide += 1;
  }
  return count;
}
