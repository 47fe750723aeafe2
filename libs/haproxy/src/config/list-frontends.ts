// What accepts connections: frontend and listen sections with their binds and
// the backends they route to.
import type { ConfigSection, HaproxyConfig } from './config-model';
import { sectionDirectives, wordValues } from './config-model';
import { parseBindAddresses } from './bind-address';
import type { BindAddress, SkippedBind } from './bind-address';
import { inheritedDirective } from './section-lookup';

export interface BindInfo {
  /** 1-based line number of the `bind` directive. */
  readonly lineNumber: number;
  /** The address word as written (may hold a comma list). */
  readonly address: string;
  /** TCP endpoints this bind listens on. */
  readonly addresses: readonly BindAddress[];
  /** Entries that are not TCP endpoints (unix sockets, abns, fd@, ...), with why. */
  readonly skipped: readonly SkippedBind[];
  /** Words after the address: `ssl`, `crt`, `/path.pem`, `alpn`, ... */
  readonly params: readonly string[];
}

export interface FrontendInfo {
  readonly type: 'frontend' | 'listen';
  readonly name: string;
  readonly lineNumber: number;
  /** Own `mode`, else inherited from defaults, else HAProxy's default `tcp`. */
  readonly mode: string;
  readonly binds: readonly BindInfo[];
  readonly defaultBackend: string | undefined;
  /** First argument of every `use_backend` rule, in order (may be a log-format expression). */
  readonly useBackends: readonly string[];
}

export function listFrontends(cfg: HaproxyConfig): FrontendInfo[] {
  return cfg.sections
    .filter((section): section is ConfigSection & { type: 'frontend' | 'listen' } => section.type === 'frontend' || section.type === 'listen')
    .map((section) => describeFrontend(cfg, section));
}

function describeFrontend(cfg: HaproxyConfig, section: ConfigSection & { type: 'frontend' | 'listen' }): FrontendInfo {
  const directives = sectionDirectives(cfg, section);
  const binds: BindInfo[] = directives
    .filter((line) => line.words[0].value === 'bind')
    .map((line) => {
      const [, address = '', ...params] = wordValues(line);
      const parsed = parseBindAddresses(address);
      const skipped = address === '' ? [{ raw: '', reason: 'bind without an address' }] : parsed.skipped;
      return { lineNumber: line.index + 1, address, addresses: parsed.addresses, skipped, params };
    });
  const mode = inheritedDirective(cfg, section, 'mode')?.line.words[1]?.value ?? 'tcp';
  // default_backend is also valid in defaults and inherited from there.
  const defaultBackend = inheritedDirective(cfg, section, 'default_backend')?.line.words[1]?.value;
  const useBackends = directives
    .filter((line) => line.words[0].value === 'use_backend' && line.words.length > 1)
    .map((line) => line.words[1].value);
  return {
    type: section.type,
    name: section.name ?? '',
    lineNumber: section.headerIndex + 1,
    mode,
    binds,
    defaultBackend,
    useBackends,
  };
}
