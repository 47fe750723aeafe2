// Reads wrk's end-of-run report (`--latency`): completed requests, socket
// errors, non-2xx answers, and the latency percentiles and maximum.

export interface WrkFigures {
  completed: number;
  errors: Record<string, number>;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a wrk duration: "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

export function parseWrkOutput(output: string): WrkFigures {
  const need = (pattern: RegExp, what: string) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk output has no ${what}:\n${output}`);
    return match;
  };
  const completed = Number(need(/^\s*(\d+) requests in /m, 'request count')[1]);
  const max = need(/^\s*Latency\s+\S+\s+\S+\s+(\S+)/m, 'latency line')[1];
  const p50 = need(/^\s*50%\s+(\S+)/m, '50th percentile (run it with --latency)')[1];
  const p99 = need(/^\s*99%\s+(\S+)/m, '99th percentile')[1];
  const errors: Record<string, number> = {};
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  if (socket) {
    (['connect', 'read', 'write', 'timeout'] as const).forEach((kind, i) => {
      const count = Number(socket[i + 1]);
      if (count > 0) errors[kind] = count;
    });
  }
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx && Number(non2xx[1]) > 0) errors['non-2xx'] = Number(non2xx[1]);
  return { completed, errors, p50_ms: durationMs(p50), p99_ms: durationMs(p99), max_ms: durationMs(max) };
}
