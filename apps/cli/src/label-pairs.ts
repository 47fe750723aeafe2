// `env=prod,region=eu` and `env=prod region=eu` as a label map.
import { UsageError } from './cli-errors';

export function parseLabelPairs(what: string, texts: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of texts.flatMap((t) => t.split(',')).filter((p) => p !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${what} takes KEY=VALUE, got '${pair}'`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}
