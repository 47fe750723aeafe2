import { createHash } from 'node:crypto';
import type { HaproxyConfig } from './config-model';
import { renderConfig } from './render-config';

/** The config version: sha256 (hex) of the exact text HAProxy will read. */
export function configHash(config: string | HaproxyConfig): string {
  const text = typeof config === 'string' ? config : renderConfig(config);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
