// The agent daemon as a process of its own, for tests that kill it: what
// `hitless-agent run --config FILE` does, without the CLI around it.
import { runDaemon } from '../../../apps/agent/src/daemon';

runDaemon({ configFile: process.argv[2] }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
