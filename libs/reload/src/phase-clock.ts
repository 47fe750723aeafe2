// Times each phase of a reload and reports it as it starts and ends.
import type { PhaseEvent, PhaseName, PhaseTiming } from './reload-types';

export class PhaseClock {
  readonly timings: PhaseTiming[] = [];

  constructor(
    private readonly reloadId: string,
    private readonly onEvent: (event: PhaseEvent) => void,
  ) {}

  async run<T>(phase: PhaseName, work: () => Promise<T>, okWhen: (value: T) => boolean = () => true): Promise<T> {
    const started = performance.now();
    this.emit(phase, 'started');
    try {
      const value = await work();
      const ok = okWhen(value);
      this.timings.push({ phase, ms: round(performance.now() - started), ok });
      this.emit(phase, ok ? 'ok' : 'failed');
      return value;
    } catch (error) {
      this.timings.push({ phase, ms: round(performance.now() - started), ok: false });
      this.emit(phase, 'failed', (error as Error).message);
      throw error;
    }
  }

  ms(phase: PhaseName): number {
    return this.timings.filter((t) => t.phase === phase).reduce((sum, t) => sum + t.ms, 0);
  }

  private emit(phase: PhaseName, status: PhaseEvent['status'], detail?: string): void {
    this.onEvent({ reloadId: this.reloadId, phase, status, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
