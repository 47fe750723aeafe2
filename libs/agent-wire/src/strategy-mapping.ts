// Strategy names between the engine's strings and the wire's enum.
import type { StrategyName } from '@hitless/reload';
import { Strategy } from '../generated/hitless/v1/reload';

const TO_WIRE: Record<StrategyName, Strategy> = {
  seamless: Strategy.STRATEGY_SEAMLESS,
  plug: Strategy.STRATEGY_PLUG,
  migrate: Strategy.STRATEGY_MIGRATE,
  'syn-drop': Strategy.STRATEGY_SYN_DROP,
  naive: Strategy.STRATEGY_NAIVE,
};

export function strategyToWire(name: StrategyName): Strategy {
  return TO_WIRE[name];
}

/** undefined for UNSPECIFIED and for numbers this version does not know. */
export function strategyFromWire(strategy: Strategy): StrategyName | undefined {
  const entry = Object.entries(TO_WIRE).find(([, wire]) => wire === strategy);
  return entry ? (entry[0] as StrategyName) : undefined;
}
