import type { NodeOutcome } from '@redquorum/core';
import type { NodeResult } from './node-result.js';

type SimpleKind = 'ok' | 'taken' | 'not-held' | 'pending' | 'timeout';

/** An acquire's reply: 1 acquired, 0 taken. */
export const okOrTaken = (value: number): 'ok' | 'taken' => (value > 0 ? 'ok' : 'taken');
/** A release's or extension's reply: 1 done, 0 not held. */
export const okOrNotHeld = (value: number): 'ok' | 'not-held' => (value > 0 ? 'ok' : 'not-held');

/**
 * What each node's result comes to as a {@link NodeOutcome}. Outcomes without a cause are the
 * same for every operation: made once per node and kind when the backend is built, frozen and
 * shared, instead of allocated for every node of every call.
 */
export class NodeOutcomes {
  readonly #frozen: Readonly<Record<SimpleKind, readonly NodeOutcome[]>>;

  constructor(nodeCount: number) {
    const each = (outcome: SimpleKind): readonly NodeOutcome[] =>
      Array.from({ length: nodeCount }, (_, node) => Object.freeze({ node, outcome }));
    this.#frozen = {
      ok: each('ok'),
      taken: each('taken'),
      'not-held': each('not-held'),
      pending: each('pending'),
      timeout: each('timeout'),
    };
  }

  /** Per-node outcomes: values map through `fromValue`, the rest keep their kind. */
  of(
    results: readonly (NodeResult | undefined)[],
    fromValue: (value: number) => 'ok' | 'taken' | 'not-held',
  ): readonly NodeOutcome[] {
    const outcomes = new Array<NodeOutcome>(results.length);
    for (let node = 0; node < results.length; node++) {
      const result = results[node];
      if (result === undefined) {
        outcomes[node] = this.#frozen.pending[node]!;
        continue;
      }
      switch (result.kind) {
        case 'value':
          outcomes[node] = this.#frozen[fromValue(result.value)][node]!;
          break;
        case 'error':
          outcomes[node] = { node, outcome: 'error', cause: result.error };
          break;
        case 'excluded':
          outcomes[node] = { node, outcome: 'excluded', cause: result.cause };
          break;
        case 'timeout':
          outcomes[node] = this.#frozen.timeout[node]!;
          break;
      }
    }
    return outcomes;
  }
}
