// Fixed-width text tables for the benchmarks' side-by-side figures: the first
// `textColumns` columns are names (left-aligned), the rest numbers (right-aligned).
export type Column<T> = [title: string, cell: (row: T) => string];

export function renderTable<T>(columns: Column<T>[], rows: readonly T[], textColumns: number): string[] {
  const cells = [columns.map(([title]) => title), ...rows.map((row) => columns.map(([, cell]) => cell(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

/** `ECONNRESET:3 EEMPTY:1`, or `-` when nothing failed. */
export function errorsCell(errors: Record<string, number>): string {
  return Object.entries(errors).map(([code, n]) => `${code}:${n}`).join(' ') || '-';
}
