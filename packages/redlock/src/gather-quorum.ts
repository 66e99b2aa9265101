import type { Settled } from '@redquorum/core/backend';
import { QuorumTally } from './quorum-tally.js';

/** One node's part in an operation: a settled call, or not asked because of the restart guard. */
export type NodeResult =
  | Settled<number>
  | {
      /** The restart guard kept the node's vote out: it may have forgotten keys it set. */
      readonly kind: 'excluded';
      /** Why, for {@link NodeOutcome.cause}. */
      readonly cause: string;
    };

/**
 * Waits for per-node results only as long as the decision needs them: it resolves as soon as
 * `needed` nodes said yes (early quorum), as soon as too few nodes are left to reach it, or
 * when every node has answered. Slots still `undefined` are nodes that had not answered; their
 * calls settle later into handlers the caller attached (each call is already bounded by
 * `settleWithin`, so none is leaked). `observe` sees every result, late ones included. With
 * `failFast` false, a quorum that can no longer be reached does not end the wait early: it
 * ends at a quorum of yes or when every node has answered.
 *
 * @example
 * ```ts
 * const calls = clients.map((client) => callNode(client, extendCall(held, 10_000), 200));
 * const isYes = (result: NodeResult) => result.kind === 'value' && result.value > 0;
 * const results = await gatherQuorum(calls, quorum(calls.length), isYes);
 * // Early: with 5 nodes, once 3 said yes; slots still undefined had not answered.
 * ```
 */
export function gatherQuorum(
  calls: readonly Promise<NodeResult>[],
  needed: number,
  isYes: (result: NodeResult) => boolean,
  observe?: (index: number, result: NodeResult) => void,
  failFast = true,
): Promise<(NodeResult | undefined)[]> {
  const tally = new QuorumTally(calls.length, needed, isYes, observe, failFast);
  for (let index = 0; index < calls.length; index++) {
    void calls[index]!.then((result) => tally.add(result, index));
  }
  return tally.done;
}
