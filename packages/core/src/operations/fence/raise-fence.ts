import type { ScriptCall } from '../../client/script-call.js';
import { raiseFenceScript } from './raise-fence-script.js';

/**
 * The raise-fence call: every counter of a lock becomes at least `fence` (Redlock's write-back
 * of the quorum's largest fence). Raising is idempotent, so a late re-send after NOSCRIPT is
 * harmless. Replies 1.
 *
 * @example
 * ```ts
 * const settled = await node.run(raiseFenceCall(['{lock:a}:fence'], 42n)); // value 1
 * ```
 * @category Scripts and operations
 */
export function raiseFenceCall(fenceKeys: readonly string[], fence: bigint): ScriptCall {
  return {
    script: raiseFenceScript,
    keys: fenceKeys.slice(),
    args: [fence.toString()],
    resend: true,
  };
}
