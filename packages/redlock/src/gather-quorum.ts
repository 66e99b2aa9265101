import type { NodeResult } from './node-result.js';
import { QuorumTally, type Gathered, type TallyOptions } from './quorum-tally.js';

/**
 * Waits for per-node results only as long as the decision needs them: it resolves as soon as
 * `needed` nodes said yes (early quorum), as soon as too few nodes are left to reach it, or
 * when every node has answered. Slots still `undefined` are nodes that had not answered; their
 * calls settle later into handlers the caller attached (each call is bounded by its node's
 * deadlines, so none is leaked). `observe` sees every result, late ones included. With
 * `failFast` false, a quorum that can no longer be reached does not end the wait early: it
 * ends at a quorum of yes or when every node has answered. The promise form of
 * `QuorumTally`, for calls that are promises already (Redlock's fence write-back).
 *
 * @example
 * ```ts
 * const calls = nodes.map((node) => node.run(raiseFenceCall(fenceKeys, fence)));
 * const isYes = (result: NodeResult) => result.kind === 'value' && result.value > 0;
 * const results = await gatherQuorum(calls, { needed: quorum(calls.length), isYes });
 * // Early: with 5 nodes, once 3 said yes; slots still undefined had not answered.
 * ```
 * @category Quorum
 */
export function gatherQuorum(
  calls: readonly Promise<NodeResult>[],
  options: Omit<TallyOptions, 'count'>,
): Promise<Gathered> {
  const tally = new QuorumTally({ ...options, count: calls.length });
  for (let index = 0; index < calls.length; index++) {
    void calls[index]!.then((result) => tally.add(result, index));
  }
  return tally.done;
}
