export { CommandError } from './command-error';
export { SystemProcessRunner } from './process-runner';
export type { ProcessRunner, RunOptions, RunResult, RunningProcess, SpawnOptions } from './process-runner';
export { isProcessAlive } from './process-alive';
