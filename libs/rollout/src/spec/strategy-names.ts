import type { StrategyName } from '@hitless/reload';

/**
 * The strategies a rollout may force. Kept as a value here so this lib does
 * not load the reload engine at run time; a unit test pins it to
 * `STRATEGY_NAMES` of @hitless/reload.
 */
export const ROLLOUT_STRATEGIES = ['seamless', 'plug', 'migrate', 'syn-drop', 'naive'] as const satisfies readonly StrategyName[];
