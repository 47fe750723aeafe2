// GET /overview: the dashboard's fleet summary.
import { z } from 'zod';
import { instantText } from '../values/instant';

export const overviewQuerySchema = z
  .object({
    // How far back the reload totals reach.
    hours: z.coerce.number().int().min(1).max(24 * 90).default(24),
  })
  .strict();

export const versionCountSchema = z
  .object({
    /** null: not reported yet (an agent that never sent inventory). */
    value: z.string().nullable(),
    hosts: z.number().int(),
    online: z.number().int(),
  })
  .strict();

export const fleetOverviewSchema = z
  .object({
    hosts: z.object({ total: z.number().int(), online: z.number().int(), offline: z.number().int() }).strict(),
    haproxyVersions: z.array(versionCountSchema),
    agentVersions: z.array(versionCountSchema),
    /** One entry per distinct config hash: more than one means the fleet is skewed. */
    configVersions: z.array(versionCountSchema),
    strategies: z.array(versionCountSchema),
    rollouts: z.array(z.object({ state: z.string(), count: z.number().int() }).strict()),
    reloads: z
      .object({
        since: instantText,
        total: z.number().int(),
        /** Reloads that did not go through: failed, rolled back, rejected. */
        failed: z.number().int(),
        /** Reloads during which the probe saw at least one failed request. */
        dropping: z.number().int(),
        failedRequests: z.number(),
      })
      .strict(),
    generatedAt: instantText,
  })
  .strict();
