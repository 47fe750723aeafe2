// What each strategy means for one restart: whether sockets are handed over,
// and which guard (if any) protects the listeners meanwhile.
import type { StrategyName } from '../reload-types';
import { migrateGuard } from './migrate-guard';
import { plugGuard } from './plug-guard';
import type { ReloadGuard } from './reload-guard';
import { synDropGuard } from './syn-drop-guard';

export interface StrategyPlan {
  transferSockets: boolean;
  guard?: ReloadGuard;
}

export function planFor(strategy: StrategyName, ingressInterfaces: string[]): StrategyPlan {
  switch (strategy) {
    case 'seamless':
      return { transferSockets: true };
    case 'naive':
      return { transferSockets: false };
    case 'syn-drop':
      return { transferSockets: false, guard: synDropGuard };
    case 'migrate':
      return { transferSockets: false, guard: migrateGuard };
    case 'plug':
      return { transferSockets: false, guard: plugGuard(ingressInterfaces) };
  }
}
