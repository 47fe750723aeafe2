// The agent daemon as a real process of its own, started the way an operator
// (or systemd) starts it: `hitless-agent run --config FILE`.
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';

const ROOT = join(__dirname, '../..');

export interface AgentProcess {
  pid: number;
  name: string;
  /** True once the process has ended; its stderr then says why (a refused enrolment, a bad config). */
  hasExited(): boolean;
  stderr(): string;
  stop(graceMs: number): Promise<void>;
  /** SIGKILL: no shutdown code runs (the fault suite's crash). */
  kill(): Promise<void>;
}

export interface AgentProcessOptions {
  /** Run inside this network namespace, so the agent's own traffic crosses the host's veth. */
  netns?: string;
}

export function startAgentProcess(name: string, configFile: string, options: AgentProcessOptions = {}): AgentProcess {
  const child: RunningProcess = new SystemProcessRunner().spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/agent/src/main.ts'), 'run', '--config', configFile], {
    cwd: ROOT,
    stdio: 'pipe',
    netns: options.netns,
    env: { ...(process.env as Record<string, string>), HITLESS_LOG_LEVEL: 'warn' },
  });
  let ended = false;
  void child.exited.then(() => (ended = true));
  return {
    pid: child.pid,
    name,
    hasExited: () => ended,
    stderr: () => child.output().stderr,
    stop: (graceMs) => child.stop('SIGTERM', graceMs),
    kill: () => child.stop('SIGKILL', 0),
  };
}
