// What an agent may say about its host, and how much of it. The server stores an
// inventory as the agent sends it and shows it to every viewer, so each field is
// held to its shape and length here (INVALID_ARGUMENT, nothing stored). The agent
// trims its own free text to the same limits before sending: a long error line in
// a strategy's reason must never cost a host its heartbeat.
import { InvalidChangeError } from '@hitless/haproxy';
import type * as wire from '@hitless/proto';
import { assertAgentAddress, type AgentAddress } from './agent-address';

export const INVENTORY_LIMITS = {
  /** HAProxy's version banner word, the agent's version, the kernel release, the config hash. */
  tokenChars: 128,
  /** One sentence: why a strategy is or is not available. */
  reasonChars: 512,
  /** Entries of `strategies`: the wire knows five; room for a newer agent's. */
  strategies: 32,
} as const;

// Versions, kernel releases and hashes are single words of printable ASCII.
const TOKEN = /^[\x21-\x7e]*$/;
// A reload id as the engine names its journal files, or nothing.
const RELOAD_ID = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/;
// Control and format characters (NUL, escapes, bidi overrides, zero-width), lone
// surrogates, private use, and the line and paragraph separators: none belongs in
// a sentence that a dashboard, a terminal and a log line will show.
const NOT_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
const NOT_TEXT_ALL = new RegExp(NOT_TEXT.source, 'gu');

function token(value: string, field: string): void {
  if (value.length > INVENTORY_LIMITS.tokenChars) throw new InvalidChangeError(field, `must be at most ${INVENTORY_LIMITS.tokenChars} characters`);
  if (!TOKEN.test(value)) throw new InvalidChangeError(field, 'must be one word of printable ASCII');
}

function sentence(value: string, field: string): void {
  if (value.length > INVENTORY_LIMITS.reasonChars) throw new InvalidChangeError(field, `must be at most ${INVENTORY_LIMITS.reasonChars} characters`);
  if (NOT_TEXT.test(value)) throw new InvalidChangeError(field, 'must not contain control, format or line-separator characters');
}

/**
 * Checks every field of an inventory; returns the agent's parsed address, or
 * undefined when it gave none (an agent not listening yet). `hostName` is the
 * caller's to compare with the certificate.
 */
export function assertInventory(inventory: wire.Inventory, field = 'inventory'): AgentAddress | undefined {
  token(inventory.haproxyVersion, `${field}.haproxy_version`);
  token(inventory.kernel, `${field}.kernel`);
  token(inventory.configHash, `${field}.config_hash`);
  token(inventory.agentVersion, `${field}.agent_version`);
  if (!RELOAD_ID.test(inventory.reloadInFlight)) throw new InvalidChangeError(`${field}.reload_in_flight`, 'must be a reload id or empty');
  sentence(inventory.preferredReason, `${field}.preferred_reason`);
  if (inventory.strategies.length > INVENTORY_LIMITS.strategies) {
    throw new InvalidChangeError(`${field}.strategies`, `must have at most ${INVENTORY_LIMITS.strategies} entries`);
  }
  inventory.strategies.forEach((entry, i) => sentence(entry.reason, `${field}.strategies[${i}].reason`));
  return inventory.agentAddress === '' ? undefined : assertAgentAddress(inventory.agentAddress, `${field}.agent_address`);
}

/** Free text as the server will take it: forbidden characters become spaces, and it is cut to `max`. */
export function inventoryText(text: string, max: number = INVENTORY_LIMITS.reasonChars): string {
  const clean = text.replace(NOT_TEXT_ALL, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  // Never leave half of a surrogate pair at the cut.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
