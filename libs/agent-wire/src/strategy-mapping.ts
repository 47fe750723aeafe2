// Strategy names between the engine's strings and the wire's enum.
import type { StrategyName } from '@hitless/reload';
import * as wire from '@hitless/proto';

const TO_WIRE: Record<StrategyName, wire.Strategy> = {
  seamless: wire.Strategy.STRATEGY_SEAMLESS,
  plug: wire.Strategy.STRATEGY_PLUG,
  migrate: wire.Strategy.STRATEGY_MIGRATE,
  'syn-drop': wire.Strategy.STRATEGY_SYN_DROP,
  naive: wire.Strategy.STRATEGY_NAIVE,
};

export function strategyToWire(name: StrategyName): wire.Strategy {
  return TO_WIRE[name];
}

/** undefined for UNSPECIFIED and for numbers this version does not know. */
export function strategyFromWire(strategy: wire.Strategy): StrategyName | undefined {
  const entry = Object.entries(TO_WIRE).find(([, value]) => value === strategy);
  return entry ? (entry[0] as StrategyName) : undefined;
}
