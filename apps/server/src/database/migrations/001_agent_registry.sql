-- Agents, their join tokens, and the reload results they report.

CREATE TABLE hosts (
  name              text PRIMARY KEY,
  enrolled_at       timestamptz NOT NULL DEFAULT now(),
  cert_serial       text NOT NULL,
  cert_not_after    timestamptz NOT NULL,
  last_heartbeat_at timestamptz,
  agent_address     text,
  agent_version     text,
  haproxy_version   text,
  haproxy_mode      text,
  kernel            text,
  config_hash       text,
  preferred_strategy text,
  inventory         jsonb
);

-- Only a hash of each token is kept: a database dump does not let anyone enrol.
CREATE TABLE join_tokens (
  token_hash text PRIMARY KEY,
  host_name  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

CREATE TABLE reload_results (
  reload_id   text PRIMARY KEY,
  host_name   text NOT NULL REFERENCES hosts (name),
  outcome     text NOT NULL,
  strategy    text NOT NULL,
  failed_requests bigint NOT NULL,
  started_at  timestamptz,
  finished_at timestamptz,
  result      jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- How many times the agent delivered it: at least once means sometimes twice.
  deliveries  integer NOT NULL DEFAULT 1
);

-- "What did host X do lately" and "which reloads dropped a connection".
CREATE INDEX reload_results_host_finished ON reload_results (host_name, finished_at DESC);
CREATE INDEX reload_results_failed ON reload_results (finished_at DESC) WHERE failed_requests > 0;
CREATE INDEX hosts_last_heartbeat ON hosts (last_heartbeat_at);
