import { createHash } from 'node:crypto';
import { applyChanges } from './apply-changes';
import { configHash } from './config-hash';
import { loadFixture } from './fixtures/load-fixture';
import { parseConfig } from './parse-config';

describe('configHash', () => {
  const text = loadFixture('serverfault-style.cfg');

  it('is the sha256 hex of the rendered text, for text and model alike', () => {
    const expected = createHash('sha256').update(text).digest('hex');
    expect(configHash(text)).toBe(expected);
    expect(configHash(parseConfig(text))).toBe(expected);
    expect(configHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('changes when the config changes, including line endings', () => {
    const changed = applyChanges(parseConfig(text), [{ kind: 'set-balance', backend: 'apache', balance: { algorithm: 'leastconn' } }]).config;
    expect(configHash(changed)).not.toBe(configHash(text));
    expect(configHash(text.replace(/\n/g, '\r\n'))).not.toBe(configHash(text));
  });
});
