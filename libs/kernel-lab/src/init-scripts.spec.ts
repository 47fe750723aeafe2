import { BOOT_MODULES, stage1Script, stage2Script } from './init-scripts';
import { qemuArgs } from './qemu-args';
import { compareKernelVersions } from './stock-kernel';

describe('kernel lab boot pieces', () => {
  it('stage 1 loads the modules in the given order, then switches root to the 9p share', () => {
    const script = stage1Script(BOOT_MODULES.map((m) => `${m}.ko`));
    expect(script).toContain(`for module in ${BOOT_MODULES.map((m) => `'${m}.ko'`).join(' ')}; do`);
    expect(script.indexOf('insmod')).toBeLessThan(script.indexOf('switch_root'));
    expect(script).toMatch(/mount -t tmpfs -o mode=1777 tmpfs \/newroot\/tmp/);
  });

  it('stage 2 passes the command through env(1) word by word and records its exit status', () => {
    const script = stage2Script({ command: ['node', `it's`, '$HOME'], cwd: '/work/main', env: { A: 'x y' } });
    expect(script).toContain(`exec /usr/bin/env -- 'node' 'it'\\''s' '$HOME'`);
    expect(script).toContain(`export A='x y'`);
    expect(script).toMatch(/echo \$\? >\/run\/kernel-lab\/status\.tmp/);
    // The checkout is mounted at its own path, before the command runs in it: it may be under /tmp.
    expect(script.indexOf("mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,ro,cache=loose project '/work/main'")).toBeGreaterThan(-1);
    expect(script.indexOf('mount -t 9p')).toBeLessThan(script.indexOf("cd '/work/main'"));
    expect(() => stage2Script({ command: ['true'], cwd: '/', env: { 'A;rm': '1' } })).toThrow(/invalid environment variable/);
  });

  it('QEMU exports the host root and the project read-only and the outbox writable, with no network device', () => {
    const args = qemuArgs({ kernelImage: '/boot/vmlinuz', initramfs: '/cache/i.gz', outboxDir: '/tmp/o', projectDir: '/tmp/ci/main', memoryMb: 512, cpus: 2 }).join(' ');
    expect(args).toContain('local,id=project,path=/tmp/ci/main,security_model=passthrough,multidevs=remap,readonly=on -device virtio-9p-pci,fsdev=project,mount_tag=project');
    expect(args).toContain('local,id=root,path=/,security_model=passthrough,multidevs=remap,readonly=on');
    expect(args).toContain('local,id=outbox,path=/tmp/o,security_model=passthrough,multidevs=remap -device');
    expect(args).toContain('-nodefaults');
    expect(args).not.toMatch(/-nic|-netdev/);
    // A panic ends the VM at once; a soft lockup is only reported (the kernel lab judges hangs itself).
    expect(args).toMatch(/-append '?console=ttyS0 .*panic=-1/);
    expect(args).toContain('softlockup_panic=0');
  });

  it('orders kernel versions numerically', () => {
    expect(['6.1.0-56-amd64', '6.1.0-9-amd64', '6.12.1-1-amd64'].sort(compareKernelVersions)).toEqual(['6.1.0-9-amd64', '6.1.0-56-amd64', '6.12.1-1-amd64']);
  });
});
