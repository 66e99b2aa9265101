import type { Settled } from '../client/settle-within.js';
import type { NodeOutcome } from '../outcomes.js';

/**
 * A node's outcome for a call that brought no reply (`error` or `timeout`).
 *
 * @example
 * ```ts
 * const settled = await node.extend.call({ held, ttlMs: 10_000 });
 * if (settled.kind !== 'value') nodes.push(failedOutcome(0, settled)); // error or timeout
 * ```
 * @category Scripts and operations
 */
export function failedOutcome(node: number, settled: Settled<number>): NodeOutcome {
  return settled.kind === 'error'
    ? { node, outcome: 'error', cause: settled.error }
    : { node, outcome: 'timeout' };
}
