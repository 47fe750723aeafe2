// Hosts: the list's filters, labels, and a host as answers carry it.
import { z } from 'zod';
import { cursorSchema, limitSchema, pageSchema } from '../values/cursor';
import { hostNameSchema } from '../values/host-name';
import { instantText } from '../values/instant';
import { labelQuerySchema, labelsSchema } from '../values/labels';

export const listHostsQuerySchema = z
  .object({
    limit: limitSchema,
    // The last host's name.
    cursor: cursorSchema(z.tuple([hostNameSchema])).optional(),
    label: labelQuerySchema.optional(),
    online: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();

export const setLabelsBodySchema = z.object({ labels: labelsSchema }).strict();

export const hostLabelsSchema = z.object({ name: z.string(), labels: z.record(z.string()) }).strict();

const hostFields = {
  name: z.string(),
  labels: z.record(z.string()),
  online: z.boolean(),
  lastHeartbeatAt: instantText.nullable(),
  agentAddress: z.string().nullable(),
  agentVersion: z.string().nullable(),
  haproxyVersion: z.string().nullable(),
  haproxyMode: z.string().nullable(),
  preferredStrategy: z.string().nullable(),
  configHash: z.string().nullable(),
};

export const hostSummarySchema = z.object(hostFields).strict();

/** The agent's last inventory as it sent it (proto3 JSON): each strategy available or not, and why. */
export const inventorySchema = z
  .object({
    strategies: z.array(z.object({ strategy: z.string().optional(), available: z.boolean().optional(), reason: z.string().optional() }).passthrough()).optional(),
    preferredReason: z.string().optional(),
  })
  .passthrough();

export const hostDetailSchema = z
  .object({ ...hostFields, enrolledAt: instantText, kernel: z.string().nullable(), inventory: inventorySchema.nullable() })
  .strict();

export const hostPageSchema = pageSchema(hostSummarySchema);
