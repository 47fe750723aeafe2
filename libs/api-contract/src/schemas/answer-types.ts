// The answers' types as a client reads them (z.output: dates are ISO 8601 text).
import type { z } from 'zod';
import type { compactReloadResultSchema, probeFiguresSchema, reloadResultSchema } from './reload-result.schemas';
import type { appliedChangeSchema, changeValueSchema } from './applied-change.schemas';
import type { fleetOverviewSchema, versionCountSchema } from './fleet-overview.schemas';
import type { hostDetailSchema, hostSummarySchema } from './host.schemas';
import type { reloadEntrySchema } from './reload-history.schemas';
import type { rolloutDetailSchema, rolloutSchema, stepDetailSchema, stepSummarySchema } from './rollout.schemas';
import type { apiTokenSchema, whoamiSchema } from './token.schemas';
import type { maintenanceWindowRecordSchema, windowCalendarSchema } from './window.schemas';

export type Rollout = z.output<typeof rolloutSchema>;
export type RolloutStep = z.output<typeof stepSummarySchema>;
export type RolloutDetail = z.output<typeof rolloutDetailSchema>;
export type StepDetail = z.output<typeof stepDetailSchema>;
export type CompactReloadResult = z.output<typeof compactReloadResultSchema>;
export type StoredReloadResult = z.output<typeof reloadResultSchema>;
export type ProbeFigures = z.output<typeof probeFiguresSchema>;
export type AppliedChange = z.output<typeof appliedChangeSchema>;
export type ChangeValue = z.output<typeof changeValueSchema>;
export type Host = z.output<typeof hostSummarySchema>;
export type HostDetail = z.output<typeof hostDetailSchema>;
export type ReloadEntry = z.output<typeof reloadEntrySchema>;
export type Overview = z.output<typeof fleetOverviewSchema>;
export type VersionCount = z.output<typeof versionCountSchema>;
export type MaintenanceWindowRecord = z.output<typeof maintenanceWindowRecordSchema>;
export type WindowCalendar = z.output<typeof windowCalendarSchema>;
export type CalendarWindow = WindowCalendar['windows'][number];
export type ApiToken = z.output<typeof apiTokenSchema>;
export type Whoami = z.output<typeof whoamiSchema>;

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
