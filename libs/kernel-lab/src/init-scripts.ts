// The two scripts that run in the VM. Stage 1 is the initramfs's /init: it loads
// the virtio and 9p modules, mounts the host's root read-only with writable
// tmpfs on /tmp and /run, and switches root to it, so that the kernel's own
// module loader (request_module) finds /lib/modules and later `modprobe sch_plug`
// works. Stage 2 runs as PID 1 on the host's root: it runs the one command,
// records its exit status in the shared "outbox" directory, and powers off.
import { shellCommand, shellQuote } from './shell-quote';

/** Load order matters: each module needs the ones before it (design.md). */
export const BOOT_MODULES = ['virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', '9pnet', '9pnet_virtio', 'netfs', 'fscache', '9p'] as const;

export const ROOT_TAG = 'hostroot';
export const OUTBOX_TAG = 'outbox';
/** The project checkout, shared on its own: it may live under /tmp, which the VM covers with a tmpfs. */
export const PROJECT_TAG = 'project';
/** Where the outbox is mounted inside the VM (on the tmpfs /run). */
export const OUTBOX_IN_VM = '/run/kernel-lab';
export const STAGE2_NAME = 'stage2.sh';

// Large 9p messages cut the round trips of reading node_modules over virtio.
const NINEP = 'trans=virtio,version=9p2000.L,msize=262144';

/** `moduleFiles` are file names under /modules in the initramfs, in load order. */
export function stage1Script(moduleFiles: readonly string[]): string {
  const bb = '/bin/busybox';
  return `#!${bb} sh
${bb} mount -t devtmpfs dev /dev
exec 0</dev/console 1>/dev/console 2>&1
fail() { echo "kernel-lab stage 1: $*"; ${bb} poweroff -f; }
${bb} mount -t proc proc /proc
${bb} mount -t sysfs sys /sys
for module in ${moduleFiles.map(shellQuote).join(' ')}; do
  ${bb} insmod "/modules/$module" || fail "insmod $module failed"
done
# The root is read-only and changes on the host are not expected while the VM
# runs, so the guest may cache it (cache=loose): node reads thousands of files.
${bb} mount -t 9p -o ${NINEP},ro,cache=loose ${ROOT_TAG} /newroot || fail "cannot mount the host root over 9p"
${bb} mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp || fail "cannot mount /tmp"
${bb} mount -t tmpfs -o mode=755 tmpfs /newroot/run || fail "cannot mount /run"
${bb} mkdir -p /newroot${OUTBOX_IN_VM}
${bb} mount -t 9p -o ${NINEP} ${OUTBOX_TAG} /newroot${OUTBOX_IN_VM} || fail "cannot mount the outbox"
${bb} mount -t proc proc /newroot/proc
${bb} mount -t sysfs sys /newroot/sys
${bb} mount -t devtmpfs dev /newroot/dev
exec ${bb} switch_root /newroot ${bb} sh ${OUTBOX_IN_VM}/${STAGE2_NAME}
`;
}

export interface Stage2Options {
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * Stage 2 runs under the host's static busybox, whose shell prefers its own
 * applets (`ip`, `tc`, `sh` ...): the command goes through env(1) so that it
 * and everything it starts resolve to the host's real programs.
 */
export function stage2Script(options: Stage2Options): string {
  const exports = Object.entries(options.env).map(([key, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`invalid environment variable name "${key}"`);
    return `export ${key}=${shellQuote(value)}`;
  });
  const out = OUTBOX_IN_VM;
  return `export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8
${exports.join('\n')}
/bin/busybox ip link set lo up
/bin/busybox mkdir -p ${shellQuote(options.cwd)} 2>/dev/null
/bin/busybox mount -t 9p -o ${NINEP},ro,cache=loose ${PROJECT_TAG} ${shellQuote(options.cwd)} || echo "kernel-lab: cannot mount the project at ${options.cwd.replace(/[^A-Za-z0-9_./-]/g, '?')}"
echo "kernel-lab: running the command"
(cd ${shellQuote(options.cwd)} && exec /usr/bin/env -- ${shellCommand(options.command)}) </dev/null >${out}/stdout 2>${out}/stderr
echo $? >${out}/status.tmp && /bin/busybox mv ${out}/status.tmp ${out}/status
/bin/busybox sync
/bin/busybox poweroff -f
`;
}
