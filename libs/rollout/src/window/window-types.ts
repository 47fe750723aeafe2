/**
 * A recurring window opens at every instant its 5-field cron expression
 * matches in `timeZone` and stays open `durationMinutes` of elapsed time.
 */
export interface RecurringWindow {
  readonly kind: 'recurring';
  readonly cron: string;
  readonly durationMinutes: number;
  /** IANA name, e.g. Europe/Berlin. */
  readonly timeZone: string;
}

/** Open from `start` (inclusive) to `end` (exclusive). */
export interface OneOffWindow {
  readonly kind: 'one-off';
  readonly start: Date;
  readonly end: Date;
}

export type MaintenanceWindow = RecurringWindow | OneOffWindow;

/** Where `now` stands relative to a window. */
export type WindowStatus =
  | { readonly inside: true; readonly closesAt: Date }
  | { readonly inside: false; /** null: the window never opens again. */ readonly opensAt: Date | null };
