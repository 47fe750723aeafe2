-- Rollouts, their per-host steps, maintenance windows, API tokens, the audit log,
-- and host labels. Every piece of scheduler state lives here so that any replica
-- can pick a rollout up where another one left it.

ALTER TABLE hosts ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb;
-- "hosts with env=prod": containment queries on labels.
CREATE INDEX hosts_labels ON hosts USING gin (labels jsonb_path_ops);

CREATE TABLE maintenance_windows (
  id           uuid PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  -- The window as accepted (recurring: cron, duration, IANA zone; one-off: start,
  -- end), re-validated by @hitless/rollout's parseMaintenanceWindow on every read.
  spec         jsonb NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- Deleting a window that rollouts reference keeps the row, so they keep waiting
  -- instead of running unbounded.
  deleted_at   timestamptz
);

CREATE TABLE rollouts (
  id              uuid PRIMARY KEY,
  name            text NOT NULL,
  -- The validated spec as the API accepted it.
  spec            jsonb NOT NULL,
  -- @hitless/rollout's RolloutState vocabulary.
  state           text NOT NULL CHECK (state IN ('pending', 'waiting-for-window', 'running', 'paused', 'rolling-back', 'succeeded', 'failed', 'aborted', 'rolled-back')),
  stop_reason     text CHECK (stop_reason IN ('aborted', 'canary-failed', 'failure-budget')),
  summary         text,
  -- The state machine's next wake-up (pause between batches, window opening, deadlines).
  wake_at         timestamptz,
  window_id       uuid REFERENCES maintenance_windows (id),
  not_before      timestamptz,
  dry_run         boolean NOT NULL DEFAULT false,
  idempotency_key text UNIQUE,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  -- Leader lease per rollout: the replica that holds it is the only one that
  -- dispatches; lease_epoch grows on every take-over and fences stale writers.
  lease_owner     text,
  lease_until     timestamptz,
  lease_epoch     bigint NOT NULL DEFAULT 0
);
CREATE INDEX rollouts_active ON rollouts (state, lease_until) WHERE state IN ('pending', 'waiting-for-window', 'running', 'paused', 'rolling-back');
CREATE INDEX rollouts_created ON rollouts (created_at DESC, id);
CREATE INDEX rollouts_state_created ON rollouts (state, created_at DESC);

CREATE TABLE rollout_steps (
  rollout_id        uuid NOT NULL REFERENCES rollouts (id),
  host_name         text NOT NULL REFERENCES hosts (name),
  -- Index into the plan's batches; 0 is the canary batch when there is one.
  batch             integer NOT NULL,
  position          integer NOT NULL,
  -- @hitless/rollout's HostStepState vocabulary.
  state             text NOT NULL CHECK (state IN ('pending', 'dispatched', 'succeeded', 'failed', 'skipped', 'rolling-back', 'rolled-back')),
  -- Grows only when a step is deliberately tried again. A re-dispatch of the same
  -- attempt (after a crash, or by a replica that took the lease over) reuses
  -- reload_id, so the agent answers it from its record and never applies it twice.
  attempt           integer NOT NULL DEFAULT 1,
  reload_id         text,
  dispatched_epoch  bigint,
  dispatched_at     timestamptz,
  -- The agent's answer (outcome, error, probe figures, answeredAt), written once.
  result            jsonb,
  outcome           text,
  failed_requests   bigint,
  finished_at       timestamptz,
  changed           boolean,
  failure_reasons   jsonb,
  -- Backend name -> its balance before the change, from the agent's own account
  -- of its edit; a rollback sets these back.
  previous_balances jsonb,
  rollback_reload_id text,
  rollback_dispatched_at timestamptz,
  rollback_result   jsonb,
  PRIMARY KEY (rollout_id, host_name)
);
CREATE INDEX rollout_steps_order ON rollout_steps (rollout_id, batch, position);
-- "What has happened on host X" and the busy-host check at rollout creation.
CREATE INDEX rollout_steps_host ON rollout_steps (host_name, state);
-- At most one reload in flight per host across all rollouts, enforced by the database itself.
CREATE UNIQUE INDEX rollout_steps_one_in_flight ON rollout_steps (host_name) WHERE state IN ('dispatched', 'rolling-back');

-- Every Reload call a replica actually made: how tests and operators see that a
-- step went out once (or was re-sent with the same reload id after a crash).
CREATE TABLE step_dispatches (
  id          bigserial PRIMARY KEY,
  rollout_id  uuid NOT NULL REFERENCES rollouts (id),
  host_name   text NOT NULL,
  reload_id   text NOT NULL,
  replica     text NOT NULL,
  epoch       bigint NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX step_dispatches_rollout ON step_dispatches (rollout_id, host_name);

CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  -- SHA-256 of the secret; the secret itself is shown once, at creation.
  token_hash  text NOT NULL UNIQUE,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  last_used_at timestamptz
);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  action     text NOT NULL,
  target     text,
  details    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Reload history filtered by outcome and time.
CREATE INDEX reload_results_outcome_finished ON reload_results (outcome, finished_at DESC);
CREATE INDEX reload_results_finished ON reload_results (finished_at DESC, reload_id);
