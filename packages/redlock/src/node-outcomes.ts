import type { NodeOutcome } from '@redquorum/core';
import type { NodeResult } from './gather-quorum.js';

type SimpleKind = 'ok' | 'taken' | 'not-held' | 'pending' | 'timeout';

/**
 * Outcomes without a cause are the same for every operation: made once per node and kind,
 * frozen and shared, instead of allocated for every node of every call.
 */
const shared: Record<SimpleKind, NodeOutcome[]> = {
  ok: [],
  taken: [],
  'not-held': [],
  pending: [],
  timeout: [],
};

function simple(node: number, outcome: SimpleKind): NodeOutcome {
  const list = shared[outcome];
  return (list[node] ??= Object.freeze({ node, outcome }));
}

/** An acquire's reply: 1 acquired, 0 taken. */
export const okOrTaken = (value: number): 'ok' | 'taken' => (value > 0 ? 'ok' : 'taken');
/** A release's or extension's reply: 1 done, 0 not held. */
export const okOrNotHeld = (value: number): 'ok' | 'not-held' => (value > 0 ? 'ok' : 'not-held');

/** Per-node outcomes: values map through `fromValue`, the rest keep their kind. */
export function toOutcomes(
  results: readonly (NodeResult | undefined)[],
  fromValue: (value: number) => 'ok' | 'taken' | 'not-held',
): readonly NodeOutcome[] {
  const outcomes = new Array<NodeOutcome>(results.length);
  for (let node = 0; node < results.length; node++) {
    const result = results[node];
    if (result === undefined) {
      outcomes[node] = simple(node, 'pending');
      continue;
    }
    switch (result.kind) {
      case 'value':
        outcomes[node] = simple(node, fromValue(result.value));
        break;
      case 'error':
        outcomes[node] = { node, outcome: 'error', cause: result.error };
        break;
      case 'excluded':
        outcomes[node] = { node, outcome: 'excluded', cause: result.cause };
        break;
      case 'timeout':
        outcomes[node] = simple(node, 'timeout');
        break;
    }
  }
  return outcomes;
}

/** How many outcomes are `kind`. */
export function countOutcomes(nodes: readonly NodeOutcome[], kind: NodeOutcome['outcome']): number {
  let count = 0;
  for (const node of nodes) if (node.outcome === kind) count++;
  return count;
}
