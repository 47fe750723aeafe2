-- One agent result, one record. reload_results is written by one code path only:
-- the gateway storing what an agent's outbox delivers. A step refers to its
-- results by reload_id and rollback_reload_id and keeps no copy of them (until
-- now the scheduler wrote the Reload stream's answer into the step a second time,
-- in another shape). What only a step held moves first:
--   * a dry run's answer: validations never went through the outbox, so each
--     becomes the reload_results row of its reload id;
--   * a refusal (the agent said no before anything ran, so no outbox ever had it;
--     or a rollback that could not even be built) becomes the step's refusal or
--     rollback_refusal: {error, at}. It is not a reload result: nothing reloaded.
-- Any other answer a step held without a reload_results row is still in its
-- agent's outbox, which delivers until the server stores it; nothing is made up
-- for it here (a copy made now would stand in for the agent's whole result).

ALTER TABLE rollout_steps ADD COLUMN refusal jsonb, ADD COLUMN rollback_refusal jsonb;

INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, finished_at, result, received_at)
SELECT s.reload_id, s.host_name, s.result->>'outcome', 'unspecified', coalesce((s.result->'probe'->>'failed')::bigint, 0),
       (s.result->>'answeredAt')::timestamptz,
       -- The shape every other row has: the agent's ReloadResult as proto JSON.
       jsonb_strip_nulls(jsonb_build_object(
         'reloadId', s.reload_id,
         'hostName', s.host_name,
         'outcome', 'OUTCOME_' || upper(replace(s.result->>'outcome', '-', '_')),
         'error', s.result->'error',
         'probe', s.result->'probe',
         'backendServers', s.result->'backendServers',
         'finishedAt', s.result->'answeredAt')),
       coalesce((s.result->>'answeredAt')::timestamptz, now())
FROM rollout_steps s JOIN rollouts r ON r.id = s.rollout_id
WHERE r.dry_run AND s.result IS NOT NULL AND s.reload_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reload_results x WHERE x.reload_id = s.reload_id);

UPDATE rollout_steps s SET refusal = jsonb_build_object('error', coalesce(s.result->>'error', 'refused by the agent'), 'at', s.result->'answeredAt')
FROM rollouts r
WHERE r.id = s.rollout_id AND NOT r.dry_run AND s.result->>'outcome' = 'rejected'
  AND NOT EXISTS (SELECT 1 FROM reload_results x WHERE x.reload_id = s.reload_id AND x.host_name = s.host_name);

UPDATE rollout_steps s SET rollback_refusal = jsonb_build_object('error', coalesce(s.rollback_result->>'error', 'refused by the agent'), 'at', s.rollback_result->'answeredAt')
WHERE s.rollback_result IS NOT NULL AND (s.rollback_result->>'ok')::boolean IS NOT TRUE
  AND NOT EXISTS (SELECT 1 FROM reload_results x WHERE x.reload_id = s.rollback_reload_id AND x.host_name = s.host_name);

-- previous_balances was read off the answer's summary; it is read off the stored result now.
ALTER TABLE rollout_steps
  DROP COLUMN result,
  DROP COLUMN outcome,
  DROP COLUMN failed_requests,
  DROP COLUMN previous_balances,
  DROP COLUMN rollback_result;
