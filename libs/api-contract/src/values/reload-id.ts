// Caller-chosen reload ids end up in file names, logs and database keys. Four
// characters short of the engine's 64 so that the agent can suffix a dry run's id.
import { z } from 'zod';

export const RELOAD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/;
export const RELOAD_ID_RULE = 'must be 1-60 characters of A-Z a-z 0-9 . _ - starting with a letter or digit';

export const reloadIdSchema = z.string().regex(RELOAD_ID_PATTERN, 'is not a reload id');
