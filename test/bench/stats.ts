// Small statistics over a run's reload timings.

/** The median (mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function maximum(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

/** Counts each key's occurrences. */
export function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** Rounds to 0.1 ms: finer digits in a report are noise. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Each run's p99 over the p99 of the `none` run of the same client kind (rounded to 0.01);
 * null without such a baseline, or when its p99 is 0 (nothing measured).
 */
export function withP99Ratios<R extends { strategy: string; client: string; p99_ms: number; p99_ratio: number | null }>(runs: readonly R[]): R[] {
  return runs.map((run) => {
    const baseline = runs.find((r) => r.strategy === 'none' && r.client === run.client);
    const ratio = baseline && baseline.p99_ms > 0 ? Math.round((run.p99_ms / baseline.p99_ms) * 100) / 100 : null;
    return { ...run, p99_ratio: ratio };
  });
}
