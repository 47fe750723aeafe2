// This machine's own kernel has no sch_plug: the capability probe must say so,
// with the reason, rather than offer a strategy that would fail mid-reload.
import { HAPROXY_BINARY } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import { probeCapabilities } from '@hitless/reload';

describe('plug capability on the host kernel', () => {
  it('reports plug unavailable, naming the missing feature', async () => {
    const capabilities = await probeCapabilities({ haproxyBinary: HAPROXY_BINARY, mode: 'master-worker', runner: new SystemProcessRunner() });
    const plug = capabilities.strategies.find((s) => s.name === 'plug');
    if (plug?.available) {
      // A host whose kernel has the modules: nothing to assert about their absence.
      console.warn(`kernel ${capabilities.kernel} has sch_plug; the "unavailable" case cannot be seen here`);
      return;
    }
    expect(plug).toMatchObject({ available: false });
    expect(plug?.reason).toMatch(/^kernel \S+ lacks (sch_prio|sch_plug|cls_fw|ifb): /);
    expect(capabilities.preferred).not.toBe('plug');
  });
});
