// The words of an agent's change record (what one change did to haproxy.cfg):
// the setting, where a value in effect came from, how the line was edited.
// The HAProxy model produces records in these words; the API serves them.

export const CHANGED_FIELDS = ['balance', 'weight'] as const;
export type ChangedField = (typeof CHANGED_FIELDS)[number];

/**
 * explicit: the backend's (or server's) own line. default-server: a `default-server` line of
 * the backend. defaults: the `defaults` section it uses. haproxy-default: nothing in the file.
 */
export const VALUE_ORIGINS = ['explicit', 'default-server', 'defaults', 'haproxy-default'] as const;
export type ValueOrigin = (typeof VALUE_ORIGINS)[number];

/** none: the value was already in effect and there was nothing to edit (an inherit of an inherited value). */
export const LINE_EDITS = ['replaced', 'inserted', 'removed', 'none'] as const;
export type LineEdit = (typeof LINE_EDITS)[number];
