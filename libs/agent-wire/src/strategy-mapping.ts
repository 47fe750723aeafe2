// Strategy names between the engine's strings and the wire's enum.
import type { StrategyName } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { enumMapping } from './enum-mapping';

const STRATEGIES = enumMapping<StrategyName, wire.Strategy>({
  seamless: wire.Strategy.STRATEGY_SEAMLESS,
  plug: wire.Strategy.STRATEGY_PLUG,
  migrate: wire.Strategy.STRATEGY_MIGRATE,
  'syn-drop': wire.Strategy.STRATEGY_SYN_DROP,
  naive: wire.Strategy.STRATEGY_NAIVE,
});

export const strategyToWire = STRATEGIES.toWire;

/** undefined for UNSPECIFIED and for numbers this version does not know. */
export const strategyFromWire = STRATEGIES.fromWire;
