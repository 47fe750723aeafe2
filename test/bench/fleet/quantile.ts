// Nearest-rank quantiles for the fleet figures (p50, p99), rounded to 0.1 ms.
import { roundMs } from '../stats';

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return roundMs(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
}
