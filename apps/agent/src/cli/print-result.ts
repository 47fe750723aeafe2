// Human-readable output of a reload result and of a host's capabilities.
import type { HostCapabilities, PhaseEvent, ReloadResult } from '@hitless/reload';

export function formatPhaseEvent(event: PhaseEvent): string {
  return `  ${event.phase.padEnd(9)} ${event.status}${event.detail ? `: ${event.detail}` : ''}`;
}

export function formatResult(result: ReloadResult): string {
  const lines = [
    `reload ${result.reloadId}: ${result.outcome}`,
    `  strategy   ${result.strategy} (${result.strategyReason})`,
    ...result.summary.map((s) => `  change     ${s}`),
    `  pids       ${result.oldPids.join(',') || '-'} -> ${result.newPids.join(',') || '-'}`,
    `  config     ${result.configHashBefore.slice(0, 12)} -> ${result.configHashAfter.slice(0, 12)}`,
    `  phases     ${result.phases.map((p) => `${p.phase} ${p.ms} ms${p.ok ? '' : ' (failed)'}`).join(', ')}`,
    `  probe      ${result.probe.requests} requests, ${result.probe.failed} failed${
      result.probe.failed ? ` ${JSON.stringify(result.probe.errors)}` : ''
    }, p50 ${result.probe.p50_ms} ms, p99 ${result.probe.p99_ms} ms, max ${result.probe.max_ms} ms`,
  ];
  if (result.error) lines.push(`  error      ${result.error}`);
  if (result.outcome === 'rejected' && result.validationOutput) lines.push('  haproxy -c said:', ...result.validationOutput.split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

export function formatCapabilities(capabilities: HostCapabilities): string {
  return [
    `HAProxy ${capabilities.haproxy.version} (${capabilities.haproxy.mode}), kernel ${capabilities.kernel}`,
    ...capabilities.strategies.map((s) => `  ${s.available ? 'yes' : 'no '} ${s.name.padEnd(9)} ${s.reason}`),
    `preferred: ${capabilities.preferred}`,
  ].join('\n');
}
