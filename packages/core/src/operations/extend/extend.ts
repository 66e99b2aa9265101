import type { ScriptCall } from '../../client/script-call.js';
import type { Settled } from '../../client/settle-within.js';
import type { ExtendOutcome, HeldKeys } from '../../backend/lock-backend.js';
import type { BatchKind } from '../../node/batch-kind.js';
import { failedOutcome } from '../failed-outcome.js';
import { extendManyScript } from './extend-many-script.js';
import { extendScript } from './extend-script.js';

/**
 * An extension: the lock's keys and the new ttl.
 * @category Scripts and operations
 */
export interface ExtendItem {
  /** The lock's keys and token. */
  readonly held: HeldKeys;
  /** The ttl the keys get. */
  readonly ttlMs: number;
}

/**
 * The extend script call of one lock: keys holding the token get `ttlMs` again, missing ones
 * are set again; 0, nothing changed, when another token holds any key.
 *
 * @example
 * ```ts
 * const call = extendCall({ held: { keys: ['lock:a'], token }, ttlMs: 10_000 });
 * const reply = await runScript(client, call); // 1 extended, 0 held by another
 * ```
 * @category Scripts and operations
 */
export function extendCall({ held, ttlMs }: ExtendItem): ScriptCall {
  return {
    script: extendScript,
    keys: held.keys.slice(),
    args: [held.token, String(ttlMs)],
    resend: true,
  };
}

/**
 * How extensions travel to a node: alone by `extendScript`, many per call by
 * `extendManyScript`.
 * @category Scripts and operations
 */
export const extendBatch: BatchKind<ExtendItem> = {
  one: extendCall,
  many: extendManyScript,
  append: ({ held, ttlMs }, keys, args) => {
    keys.push(...held.keys);
    args.push(held.token, String(ttlMs), String(held.keys.length));
  },
  resend: true,
};

const EXTENDED: ExtendOutcome = Object.freeze({
  extended: true,
  nodes: Object.freeze([Object.freeze({ node: 0, outcome: 'ok' })]),
});
const NOT_EXTENDED: ExtendOutcome = Object.freeze({
  extended: false,
  reason: 'not-held',
  nodes: Object.freeze([Object.freeze({ node: 0, outcome: 'not-held' })]),
});

/**
 * An extension's outcome when one node's reply decides it (1 extended, 0 not held; no reply:
 * unreachable). `extendVerdict` for one node, made without counting. @internal
 */
export function oneNodeExtended(settled: Settled<number>): ExtendOutcome {
  if (settled.kind !== 'value') {
    return { extended: false, reason: 'unreachable', nodes: [failedOutcome(0, settled)] };
  }
  return settled.value === 0 ? NOT_EXTENDED : EXTENDED;
}
