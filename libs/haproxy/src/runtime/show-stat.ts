import { splitCsvLine } from './csv-line';
import { RuntimeParseError } from './runtime-parse-error';

export type StatRowType = 'frontend' | 'backend' | 'server' | 'listener' | 'unknown';

/** One `show stat` CSV row. */
export interface StatRow {
  /** pxname: the frontend/backend/listen section. */
  proxy: string;
  /** svname: FRONTEND, BACKEND, a server name or a listener name. */
  name: string;
  type: StatRowType;
  /** e.g. OPEN, UP, DOWN, MAINT, DRAIN, "no check". */
  status: string;
  /** Effective weight for servers and backends, when printed. */
  weight?: number;
  /** Every column by its header name. */
  fields: Readonly<Record<string, string>>;
}

// The `type` column: 0 frontend, 1 backend, 2 server, 3 listener.
const TYPES: Record<string, StatRowType> = { '0': 'frontend', '1': 'backend', '2': 'server', '3': 'listener' };

export function parseShowStat(output: string): StatRow[] {
  const lines = output.split('\n').map((line) => line.replace(/\r$/, ''));
  const header = lines.find((line) => line.startsWith('# '));
  if (!header) throw new RuntimeParseError('show stat: no "# pxname,..." header line', output);
  // The header (and each row) ends with a comma: drop the empty last name.
  const names = splitCsvLine(header.slice(2));
  if (names[names.length - 1] === '') names.pop();
  if (names[0] !== 'pxname' || names[1] !== 'svname') throw new RuntimeParseError('show stat: header does not start with pxname,svname', output);

  const rows: StatRow[] = [];
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const values = splitCsvLine(line);
    const fields: Record<string, string> = {};
    names.forEach((name, i) => (fields[name] = values[i] ?? ''));
    const weight = fields['weight'];
    rows.push({
      proxy: fields['pxname'],
      name: fields['svname'],
      type: TYPES[fields['type']] ?? 'unknown',
      status: fields['status'] ?? '',
      weight: weight !== undefined && /^\d+$/.test(weight) ? Number(weight) : undefined,
      fields,
    });
  }
  return rows;
}
