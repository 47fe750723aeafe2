// What one change of a reload did, as the agent recorded it and the API serves
// it: the setting it touched, the value in effect before and after (and where
// each came from), and the line it edited. A rollback restores `before`; the
// CLI and the dashboard show the record. Nothing reads the human summary.
import { z } from 'zod';
import { CHANGED_FIELDS, LINE_EDITS, VALUE_ORIGINS } from '../vocabulary/change-records';

export const changeValueSchema = z
  .object({
    value: z.string().describe('balance: its arguments as HAProxy reads them (`hdr(Host)`); weight: a decimal integer'),
    origin: z.enum(VALUE_ORIGINS),
  })
  .strict();

export const appliedChangeSchema = z
  .object({
    backend: z.string(),
    server: z.string().optional().describe('weight changes only'),
    field: z.enum(CHANGED_FIELDS),
    before: changeValueSchema,
    after: changeValueSchema,
    line: z.number().int().describe('1-based line of haproxy.cfg that was edited (removed: its number before the edit; 0 with edit `none`)'),
    edit: z.enum(LINE_EDITS),
  })
  .strict();

/**
 * The same record inside an agent's whole result (proto3 JSON, as stored when it
 * arrived): enum names as the proto spells them, fields at their zero value left out.
 */
export const wireAppliedChangeSchema = z
  .object({
    backend: z.string().optional(),
    server: z.string().optional(),
    field: z.string().optional().describe('CHANGED_FIELD_BALANCE or CHANGED_FIELD_WEIGHT'),
    before: z.object({ value: z.string().optional(), origin: z.string().optional() }).strict().optional(),
    after: z.object({ value: z.string().optional(), origin: z.string().optional() }).strict().optional(),
    line: z.number().int().optional(),
    edit: z.string().optional(),
  })
  .strict();
