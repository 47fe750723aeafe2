-- Indexes for the reload history as GET /api/v1/reloads reads it: newest first
-- by coalesce(finished_at, 'epoch') (a reload without a finish time sorts as
-- oldest) and reload_id. The finished_at indexes of 001/002 cannot give that
-- order, so with a million rows every page sorted the whole (filtered) table.
CREATE INDEX reload_results_newest ON reload_results ((coalesce(finished_at, 'epoch'::timestamptz)) DESC, reload_id DESC);
CREATE INDEX reload_results_host_newest ON reload_results (host_name, (coalesce(finished_at, 'epoch'::timestamptz)) DESC, reload_id DESC);
CREATE INDEX reload_results_outcome_newest ON reload_results (outcome, (coalesce(finished_at, 'epoch'::timestamptz)) DESC, reload_id DESC);
-- Superseded by the two above for every query the server makes (the host's
-- history and outcome filters), and each one costs every insert.
DROP INDEX reload_results_host_finished;
DROP INDEX reload_results_outcome_finished;
