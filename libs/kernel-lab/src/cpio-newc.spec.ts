import { cpioNewc } from './cpio-newc';

function headerAt(archive: Buffer, offset: number): { mode: number; fileSize: number; nameSize: number; name: string } {
  const field = (i: number) => parseInt(archive.subarray(offset + 6 + i * 8, offset + 14 + i * 8).toString(), 16);
  const nameSize = field(11);
  return { mode: field(1), fileSize: field(6), nameSize, name: archive.subarray(offset + 110, offset + 110 + nameSize - 1).toString() };
}

describe('cpioNewc', () => {
  it('writes 4-byte aligned newc records that a reader can walk, ending with the trailer', () => {
    const archive = cpioNewc([
      { kind: 'directory', path: 'bin' },
      { kind: 'file', path: 'init', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    ]);
    const seen: Array<{ name: string; mode: number; body: string }> = [];
    let offset = 0;
    for (;;) {
      expect(archive.subarray(offset, offset + 6).toString()).toBe('070701');
      const header = headerAt(archive, offset);
      const bodyStart = offset + Math.ceil((110 + header.nameSize) / 4) * 4;
      seen.push({ name: header.name, mode: header.mode, body: archive.subarray(bodyStart, bodyStart + header.fileSize).toString() });
      offset = bodyStart + Math.ceil(header.fileSize / 4) * 4;
      if (header.name === 'TRAILER!!!') break;
    }
    expect(offset).toBe(archive.length);
    expect(seen).toEqual([
      { name: 'bin', mode: 0o040755, body: '' },
      { name: 'init', mode: 0o100755, body: '#!/bin/sh\n' },
      { name: 'bin/sh', mode: 0o120777, body: 'busybox' },
      { name: 'TRAILER!!!', mode: 0, body: '' },
    ]);
  });

  it('refuses absolute paths, which the kernel would unpack relative anyway', () => {
    expect(() => cpioNewc([{ kind: 'directory', path: '/bin' }])).toThrow(/relative/);
  });
});
