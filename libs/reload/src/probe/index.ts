export { startProbe, defaultIdlePoolMax, defaultMaxInFlight } from './start-probe';
export { PROBE_CLIENT_MODES } from './probe-types';
export type { ProbeClientMode, ProbeFigures, ProbeOptions, ProbeRun, ProbeTarget, ProbeTargetFigures } from './probe-types';
