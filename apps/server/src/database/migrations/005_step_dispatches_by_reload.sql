-- The gateway accepts a reload result only for an id that was dispatched to the
-- reporting host: one lookup per reported result, by reload id and host. The
-- table grows by one row per Reload call, so without this every report scanned it.
CREATE INDEX step_dispatches_reload_host ON step_dispatches (reload_id, host_name);
