// `hitless --help` and `hitless GROUP --help`.
import { EXIT_CODE_HELP } from './exit-codes';

const CONNECTION = `Connection (flags override the environment, which overrides the file):
  --server URL       HITLESS_SERVER   e.g. https://lb-ctl:8080, or http://127.0.0.1:8080 on the server itself
  --token TOKEN      HITLESS_TOKEN    an API token (viewer < operator < admin)
  --ca-file FILE     HITLESS_CA_FILE  the CA certificate to trust for https:// (the server's own CA is
                     <stateDir>/pki/ca.crt); without it the system's CAs are trusted
  --config FILE      default ~/.config/hitless/cli.json: {"server": "...", "token": "...", "caFile": "..."}
  --output text|json json prints one JSON document per line, for scripts; a failure
                     then also prints {"error": {...}} on stdout. Errors go to stderr as one line.`;

const ROLLOUT = `hitless rollout create [--name NAME] CHANGES TARGET [PLAN] [--spec FILE] [--idempotency-key KEY]
                      [--confirm-hosts N | --yes] [--watch]
  CHANGES  --set-balance BACKEND=ALGORITHM   (repeatable; e.g. api=leastconn, "api=hdr(Host)")
           --set-weight BACKEND/SERVER=N      (repeatable)
  TARGET   --selector KEY=VALUE[,KEY=VALUE]   --hosts NAME[,NAME]
  PLAN     --canary N|HOST,HOST  --batch N|N%  --max-unavailable N  --pause-between SECONDS
           --failure-budget N  --probe-threshold N  --deadline SECONDS  --strategy NAME
           --offline skip|wait  --window WINDOW_ID  --start ISO8601  --dry-run
  --spec FILE is a JSON rollout spec; flags override its fields. The idempotency key is
  generated unless given and printed, so a retry with the same key creates nothing new.
  A wide rollout (first batch over 10 hosts or 25% of the targets, no canary) must be
  confirmed: on a terminal the CLI shows the count and asks you to type it; scripts
  pass --confirm-hosts N (the number of targeted hosts) or --yes. Dry runs need neither.
hitless rollout list [--state STATE] [--limit N]
hitless rollout status ID [--watch [--interval SECONDS]]
  --watch redraws a progress bar in place on a terminal, prints a line per change
  otherwise (one JSON object per line with --output json), and ends when the rollout ends.
hitless rollout pause|resume|abort ID
hitless rollout rollback ID [--name NAME] [--idempotency-key KEY] [--yes] [--watch]
  The server has no rollback endpoint: this creates a new rollout that sets every
  changed backend back to the balance each host reported before the change. Only
  set-balance changes can be rolled back; the rollout must have ended.`;

const HOSTS = `hitless hosts [list] [--selector KEY=VALUE[,KEY=VALUE]] [--online true|false]
hitless hosts labels NAME [KEY=VALUE ...]   replaces the host's labels`;

const WINDOWS = `hitless windows [list]
hitless windows create --name NAME --cron "0 2 * * 2,4" --duration MINUTES --time-zone Europe/Berlin
hitless windows create --name NAME --start ISO8601 --end ISO8601
hitless windows delete ID`;

const TOKENS = `hitless tokens [list]                         (admin)
hitless tokens create --name NAME --role viewer|operator|admin [--expires-at ISO8601]
  Names are unique, also after revocation. A token past --expires-at is refused.
hitless tokens revoke ID
hitless join-token create --host NAME [--ttl MINUTES]   a single-use agent enrolment token`;

const TOPICS: Record<string, string> = { rollout: ROLLOUT, rollouts: ROLLOUT, hosts: HOSTS, windows: WINDOWS, tokens: TOKENS, 'join-token': TOKENS };

export function helpText(topic?: string): string {
  const body = topic !== undefined && TOPICS[topic] ? TOPICS[topic] : [ROLLOUT, HOSTS, WINDOWS, TOKENS].join('\n\n');
  return `hitless: roll HAProxy config changes across the fleet\n\n${body}\n\n${CONNECTION}\n\n${EXIT_CODE_HELP}\n`;
}
