// Character rules for host names and labels. They end up in logs, SQL
// parameters and agent certificates, never in haproxy.cfg, but a newline or a
// control character in them is always a mistake.
import { IDENTIFIER } from '@hitless/haproxy';
import { z } from 'zod';

export const hostNameSchema = z.string().max(253).regex(IDENTIFIER, "must be a host name (letters, digits, '_', '.', ':', '-')");

export const labelKeySchema = z
  .string()
  .max(63)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9_./-]*[A-Za-z0-9])?$/, "must be a label key (letters, digits, '_', '.', '/', '-')");

export const labelValueSchema = z.string().max(63).regex(/^[A-Za-z0-9_.:-]*$/, "must be a label value (letters, digits, '_', '.', ':', '-')");
