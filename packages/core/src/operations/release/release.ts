import type { ScriptCall } from '../../client/script-call.js';
import type { Settled } from '../../client/settle-within.js';
import type { HeldKeys, ReleaseOutcome } from '../../backend/lock-backend.js';
import type { BatchKind } from '../../node/batch-kind.js';
import { failedOutcome } from '../failed-outcome.js';
import { releaseManySimpleScript } from './release-many-simple-script.js';
import { releaseManyScript } from './release-many-script.js';
import { releaseScript } from './release-script.js';

/**
 * The release script call of one lock. A cleanup between attempts (`cleanup: true`) is never
 * run late (a later attempt reuses the token); a final release may be.
 *
 * @example
 * ```ts
 * const final = releaseCall({ keys: ['lock:a'], token }); // resend: true
 * const cleanup = releaseCall({ keys: ['lock:a'], token }, true); // resend: false
 * ```
 * @category Scripts and operations
 */
export function releaseCall(held: HeldKeys, cleanup = false): ScriptCall {
  return { script: releaseScript, keys: held.keys.slice(), args: [held.token], resend: !cleanup };
}

/**
 * How releases travel to a node: alone by `releaseScript`, many per call by
 * `releaseManyScript`, or by `releaseManySimpleScript` when every lock of the batch is one key.
 * A cleanup's batch is never re-sent after NOSCRIPT, a final release's may be.
 * @category Scripts and operations
 */
export function releaseBatch(cleanup: boolean): BatchKind<HeldKeys> {
  return {
    one: (held) => releaseCall(held, cleanup),
    many: releaseManyScript,
    append: (held, keys, args) => {
      keys.push(...held.keys);
      args.push(held.token, String(held.keys.length));
    },
    resend: !cleanup,
    simple: {
      script: releaseManySimpleScript,
      fits: (held) => held.keys.length === 1,
      head: () => [],
      append: (held, keys, args) => {
        keys.push(held.keys[0]!);
        args.push(held.token);
      },
    },
  };
}

const RELEASED: ReleaseOutcome = Object.freeze({
  nodes: Object.freeze([Object.freeze({ node: 0, outcome: 'ok' })]),
});
const NOT_RELEASED: ReleaseOutcome = Object.freeze({
  nodes: Object.freeze([Object.freeze({ node: 0, outcome: 'not-held' })]),
});

/**
 * A release's outcome when it went to one node (1 or more keys deleted, 0 not held; no reply:
 * its error or timeout).
 *
 * @example
 * ```ts
 * const outcome = oneNodeReleased(await node.release.call(held));
 * // { nodes: [{ node: 0, outcome: 'ok' }] }, or 'not-held', 'timeout', 'error'
 * ```
 * @category Scripts and operations
 */
export function oneNodeReleased(settled: Settled<number>): ReleaseOutcome {
  if (settled.kind !== 'value') return { nodes: [failedOutcome(0, settled)] };
  return settled.value > 0 ? RELEASED : NOT_RELEASED;
}
