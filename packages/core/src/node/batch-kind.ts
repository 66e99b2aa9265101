import type { ScriptCall } from '../client/script-call.js';
import type { Settled } from '../client/settle-within.js';
import type { LuaScript } from '../scripts/define-script.js';

/**
 * Receives one node's outcome of a call, with the node's index: one callback (a quorum's
 * tally, say) then serves every node of an operation, with no closure per node.
 * @category Per-node transport
 */
export type SettleNode = (settled: Settled<number>, node: number) => void;

/**
 * How one operation travels to a node: alone with its single-lock script, or many to one call
 * with its batch script. Each operation states its own (`acquireBatch`, `extendBatch`,
 * `releaseBatch`), beside its scripts.
 * @category Per-node transport
 */
export interface BatchKind<Item> {
  /** The call for an item sent alone (the single-lock script). */
  readonly one: (item: Item) => ScriptCall;
  /** The script that takes many items. */
  readonly many: LuaScript;
  /** Adds an item's keys and arguments to a batch. */
  readonly append: (item: Item, keys: string[], args: string[]) => void;
  /** Whether a NOSCRIPT may be answered by running the batch late (see `runScript`). */
  readonly resend: boolean;
  /** A leaner script for batches whose items all fit it (one key each, say). */
  readonly simple?: SimpleBatch<Item>;
}

/**
 * A leaner batch script, for batches whose every item fits it; replies as `many` does.
 * @category Per-node transport
 */
export interface SimpleBatch<Item> {
  /** The script. */
  readonly script: LuaScript;
  /** Whether `item` may go in a simple batch whose first item is `first`. */
  readonly fits: (item: Item, first: Item) => boolean;
  /** The arguments the whole batch shares, from its first item. */
  readonly head: (first: Item) => string[];
  /** Adds an item's keys and arguments. */
  readonly append: (item: Item, keys: string[], args: string[]) => void;
}
