// The QEMU command line of one lab boot: TCG (KVM is not available here), no
// network device, the host's root read-only and the outbox directory writable
// over virtio-9p, the serial console on stdio.
import { OUTBOX_TAG, PROJECT_TAG, ROOT_TAG } from './init-scripts';

export interface QemuBoot {
  kernelImage: string;
  initramfs: string;
  outboxDir: string;
  /** Mounted read-only at the same path inside the VM (stage 2). */
  projectDir: string;
  memoryMb: number;
  cpus: number;
}

export const QEMU_BINARY = 'qemu-system-x86_64';

export function qemuArgs(boot: QemuBoot): string[] {
  // multidevs=remap: the host root spans several file systems (overlay, /proc, ...) whose
  // inode numbers would otherwise collide in the guest.
  const share = (id: string, path: string, tag: string, readonly: boolean) => [
    '-fsdev', `local,id=${id},path=${path},security_model=passthrough,multidevs=remap${readonly ? ',readonly=on' : ''}`,
    '-device', `virtio-9p-pci,fsdev=${id},mount_tag=${tag}`,
  ];
  return [
    '-nodefaults', '-no-user-config', '-no-reboot',
    '-machine', 'pc', '-accel', 'tcg,thread=multi', '-cpu', 'max',
    '-smp', String(boot.cpus), '-m', String(boot.memoryMb),
    '-display', 'none', '-serial', 'stdio', '-monitor', 'none',
    '-kernel', boot.kernelImage, '-initrd', boot.initramfs,
    // panic=-1 with -no-reboot: a kernel panic ends QEMU at once instead of hanging until the timeout.
    // A soft lockup is reported (loglevel=5 lets the stuck CPU's backtrace reach the console) but
    // does not panic: under TCG on a busy host a guest CPU can go 20 s without a scheduling point
    // and then carry on (each guest instruction costs many host ones, and the vCPU threads wait for
    // the host's cores), so a report is no verdict. The kernel lab tells a hang from a stall by how
    // long the same CPU stays stuck (GUEST_HUNG_AFTER_S), and keeps the reports it recovered from.
    '-append', 'console=ttyS0 quiet loglevel=5 panic=-1 softlockup_panic=0',
    ...share('root', '/', ROOT_TAG, true),
    ...share('outbox', boot.outboxDir, OUTBOX_TAG, false),
    ...share('project', boot.projectDir, PROJECT_TAG, true),
  ];
}
