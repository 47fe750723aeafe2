// How figures read on the page; pure, so they are unit-tested in Node.
import type { AppliedChange, ChangeValue } from '@hitless/api-contract';

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US');
}

/** "12 s ago", "3 min ago", "5 h ago", "2 d ago"; "never" for null. */
export function formatAge(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A time as the operator's browser shows it, to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '–';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const INHERITED_FROM: Record<Exclude<ChangeValue['origin'], 'explicit'>, string> = {
  'default-server': 'from default-server',
  defaults: 'from defaults',
  'haproxy-default': "HAProxy's default",
};

function changeValue(value: ChangeValue): string {
  return value.origin === 'explicit' ? value.value || '(empty)' : `${value.value} (${INHERITED_FROM[value.origin]})`;
}

/** One applied change from its typed record: `api: balance roundrobin (HAProxy's default) → leastconn`. */
export function formatAppliedChange(change: AppliedChange): string {
  const subject = change.field === 'balance' ? 'balance' : `${change.server ?? ''} weight`;
  return `${change.backend}: ${subject} ${changeValue(change.before)} → ${changeValue(change.after)}`;
}

export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : 'unknown';
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
