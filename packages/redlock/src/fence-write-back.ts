import { raiseFenceCall } from '@redquorum/core/backend';
import { gatherQuorum } from './gather-quorum.js';
import { isYes, NOT_ASKED, type NodeResult } from './node-result.js';
import type { QuorumNodes } from './quorum-nodes.js';

/** A write-back not sent to a node inside its restart-guard window. */
const GUARDED: NodeResult = Object.freeze({ kind: 'excluded', cause: 'restart guard' });

/**
 * Writes a fenced lock's fence back (max) to a majority before the lock is returned, so that
 * any later quorum meets at least one node whose counter is at least this fence, and its
 * acquire raises it further: fences strictly increase while nodes keep acknowledged writes.
 * @returns Whether a quorum raised its counters.
 */
export async function writeBackFence(
  quorum: QuorumNodes,
  observe: (index: number, result: NodeResult) => void,
  write: { readonly fenceKeys: readonly string[]; readonly fence: bigint },
): Promise<boolean> {
  const { nodes, guard, clock } = quorum;
  const call = raiseFenceCall(write.fenceKeys, write.fence);
  const calls = nodes.map((node, index): Promise<NodeResult> => {
    if (guard.excludedUntil(index) > clock.now()) return Promise.resolve(GUARDED);
    if (!node.health.admit()) return Promise.resolve(NOT_ASKED);
    return node.run(call);
  });
  const results = await gatherQuorum(calls, { needed: quorum.quorum, isYes, observe });
  let raised = 0;
  for (const result of results) if (result !== undefined && isYes(result)) raised++;
  return raised >= quorum.quorum;
}

/** The fence of a quorum's acquire: the largest of the yes votes' counters. */
export function maxFence(results: readonly (NodeResult | undefined)[]): bigint {
  let fence = 0n;
  for (const result of results) {
    if (result?.kind === 'value' && BigInt(result.value) > fence) fence = BigInt(result.value);
  }
  return fence;
}
