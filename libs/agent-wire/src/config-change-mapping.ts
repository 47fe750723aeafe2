// One typed config edit between the engine's ConfigChange and the wire's. The
// agent re-checks what it receives here (a balance through HAProxy's grammar and
// the allowlist, a weight against the limit); names are checked when the change
// is applied.
import { formatBalance, InvalidChangeError, MAX_SERVER_WEIGHT, parseBalance, type ConfigChange } from '@hitless/haproxy';
import * as wire from '@hitless/proto';

export function configChangeToWire(change: ConfigChange): wire.ConfigChange {
  switch (change.kind) {
    case 'set-balance': {
      const [algorithm, ...args] = formatBalance(change.balance).split(' ');
      return { change: { $case: 'setBalance', value: { backend: change.backend, balance: { algorithm, args } } } };
    }
    case 'inherit-balance':
      return { change: { $case: 'inheritBalance', value: { backend: change.backend } } };
    case 'set-server-weight':
      return { change: { $case: 'setServerWeight', value: { backend: change.backend, server: change.server, weight: change.weight } } };
    case 'inherit-server-weight':
      return { change: { $case: 'inheritServerWeight', value: { backend: change.backend, server: change.server } } };
  }
}

export function configChangeFromWire(change: wire.ConfigChange, field: string): ConfigChange {
  const which = change.change;
  if (!which) throw new InvalidChangeError(field, 'names no change');
  switch (which.$case) {
    case 'setBalance': {
      const { backend, balance } = which.value;
      if (!balance) throw new InvalidChangeError(`${field}.balance`, 'is missing');
      return { kind: 'set-balance', backend, balance: parseBalance({ algorithm: balance.algorithm, args: balance.args }, `${field}.balance`) };
    }
    case 'inheritBalance':
      return { kind: 'inherit-balance', backend: which.value.backend };
    case 'setServerWeight': {
      const { backend, server, weight } = which.value;
      if (weight > MAX_SERVER_WEIGHT) throw new InvalidChangeError(`${field}.weight`, `must be at most ${MAX_SERVER_WEIGHT}`);
      return { kind: 'set-server-weight', backend, server, weight };
    }
    case 'inheritServerWeight':
      return { kind: 'inherit-server-weight', backend: which.value.backend, server: which.value.server };
  }
}
