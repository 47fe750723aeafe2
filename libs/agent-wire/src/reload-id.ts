// Caller-chosen reload ids end up in file names, logs and database keys. The
// rule is the API contract's (the REST history pages by reload id too); here it
// refuses a wire message's id the way every wire check does.
import { RELOAD_ID_PATTERN, RELOAD_ID_RULE } from '@hitless/api-contract';
import { InvalidChangeError } from '@hitless/haproxy';

export function assertReloadId(id: string, field = 'reload_id'): string {
  if (!RELOAD_ID_PATTERN.test(id)) throw new InvalidChangeError(field, RELOAD_ID_RULE);
  return id;
}
