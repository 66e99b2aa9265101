import type { NodeOutcome } from '@redquorum/core';
import type { NodeResult } from './gather-quorum.js';

/** Per-node outcomes for an error: values map through `ok`, the rest keep their kind. */
export function toOutcomes(
  results: readonly (NodeResult | undefined)[],
  fromValue: (value: number) => NodeOutcome['outcome'],
): NodeOutcome[] {
  return Array.from(results, (result, node): NodeOutcome => {
    if (result === undefined) return { node, outcome: 'pending' };
    switch (result.kind) {
      case 'value':
        return { node, outcome: fromValue(result.value) };
      case 'error':
        return { node, outcome: 'error', cause: result.error };
      case 'excluded':
        return { node, outcome: 'excluded', cause: result.cause };
      case 'timeout':
        return { node, outcome: 'timeout' };
    }
  });
}

/** How many outcomes are `kind`. */
export function countOutcomes(nodes: readonly NodeOutcome[], kind: NodeOutcome['outcome']): number {
  let count = 0;
  for (const node of nodes) if (node.outcome === kind) count++;
  return count;
}
