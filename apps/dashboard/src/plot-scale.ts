// Axis arithmetic for the SVG plots: linear scales and round tick values.

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** Tick values at 1, 2 or 5 times a power of ten, covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max <= min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Maps [domain] onto [range]; a y scale from zero reaches the top tick. */
export function linearScale(domain: [number, number], range: [number, number], withTicks = false): Scale {
  const ticks = withTicks ? niceTicks(domain[0], domain[1]) : [];
  const d0 = withTicks ? ticks[0] : domain[0];
  const d1 = withTicks ? ticks[ticks.length - 1] : domain[1];
  const span = d1 - d0 || 1;
  const scale = ((value: number) => range[0] + ((value - d0) / span) * (range[1] - range[0])) as Scale;
  scale.ticks = ticks;
  return scale;
}
