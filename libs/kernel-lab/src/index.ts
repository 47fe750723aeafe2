// Kernel lab: Debian's stock kernel under QEMU (TCG) with the host's root over
// virtio-9p, for testing kernel features this machine's own kernel lacks.
export { KERNEL_LAB_PACKAGES, ensureKernelLabPackages } from './lab-packages';
export { findStockKernel } from './stock-kernel';
export type { StockKernel } from './stock-kernel';
export { GUEST_HUNG_AFTER_S, KernelLabError, kernelLabUnavailable, prepareKernelLab, runInKernelLab } from './kernel-lab';
export { describeSoftLockup, findSoftLockups, longestSoftLockup } from './soft-lockups';
export type { SoftLockup } from './soft-lockups';
export type { KernelLabCommand, KernelLabResult, PreparedKernelLab } from './kernel-lab';
// Also for the CLI test that runs the CLI on a terminal through script(1), which takes one command line.
export { shellCommand } from './shell-quote';
