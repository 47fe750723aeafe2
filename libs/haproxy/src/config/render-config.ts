import type { HaproxyConfig } from './config-model';

/** Model -> text: every line's original text and ending, concatenated. */
export function renderConfig(cfg: HaproxyConfig): string {
  let out = '';
  for (const line of cfg.lines) out += line.text + line.eol;
  return out;
}
