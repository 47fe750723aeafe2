// A writer for the "newc" cpio format the kernel unpacks as an initramfs. Done
// here rather than with cpio(1) so building the lab's initramfs needs no tool
// beyond what the lab installs anyway.

export type CpioEntry =
  | { kind: 'directory'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Buffer; mode?: number }
  | { kind: 'symlink'; path: string; target: string };

const MAGIC = '070701';
const TYPE_DIRECTORY = 0o040000;
const TYPE_FILE = 0o100000;
const TYPE_SYMLINK = 0o120000;

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function padTo4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function record(ino: number, mode: number, path: string, body: Buffer): Buffer[] {
  const name = Buffer.from(`${path}\0`);
  const fields = [ino, mode, 0, 0, 1, 0, body.length, 0, 0, 0, 0, name.length, 0];
  const header = Buffer.from(MAGIC + fields.map(hex8).join(''));
  return [header, name, padTo4(header.length + name.length), body, padTo4(body.length)];
}

/** The archive of `entries` in order, ending with the TRAILER!!! record. Paths are relative, without a leading slash. */
export function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((entry, index) => {
    if (entry.path.startsWith('/') || entry.path === '') throw new Error(`cpio path must be relative: "${entry.path}"`);
    const ino = index + 1;
    if (entry.kind === 'directory') parts.push(...record(ino, TYPE_DIRECTORY | (entry.mode ?? 0o755), entry.path, Buffer.alloc(0)));
    else if (entry.kind === 'file') parts.push(...record(ino, TYPE_FILE | (entry.mode ?? 0o644), entry.path, entry.data));
    else parts.push(...record(ino, TYPE_SYMLINK | 0o777, entry.path, Buffer.from(entry.target)));
  });
  parts.push(...record(0, 0, 'TRAILER!!!', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
