// One ordering of host names for every decision, so the same inventory always
// gives the same batches. Numeric runs compare as numbers (lb-2 before lb-10),
// which is what an operator reading the plan expects.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function compareHostNames(a: string, b: string): number {
  const byCollator = collator.compare(a, b);
  if (byCollator !== 0) return byCollator;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortHostNames(names: Iterable<string>): string[] {
  return [...names].sort(compareHostNames);
}
