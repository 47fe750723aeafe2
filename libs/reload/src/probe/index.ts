export { startProbe, defaultMaxInFlight } from './start-probe';
export type { ProbeClientMode, ProbeFigures, ProbeOptions, ProbeRun, ProbeTarget, ProbeTargetFigures } from './probe-types';
