// Caller-chosen reload ids end up in file names, logs and database keys. Four
// characters short of the engine's 64 so that the agent can suffix a dry run's id.
import { InvalidChangeError } from '@hitless/haproxy';

const RELOAD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/;

export function assertReloadId(id: string, field = 'reload_id'): string {
  if (!RELOAD_ID.test(id)) throw new InvalidChangeError(field, 'must be 1-60 characters of A-Z a-z 0-9 . _ - starting with a letter or digit');
  return id;
}
