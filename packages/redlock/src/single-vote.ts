import type { AcquireOutcome, ReleaseOutcome } from '@redquorum/core';
import type { NodeResult } from './gather-quorum.js';
import { okOrNotHeld, okOrTaken, toOutcomes } from './node-outcomes.js';

// Redlock over one node: its vote is the decision. The outcomes without a cause are made once
// and shared, as the single-node backend's are.
const node = (value: number, fromValue: (value: number) => 'ok' | 'taken' | 'not-held') =>
  toOutcomes([{ kind: 'value', value }], fromValue);

const ACQUIRED: AcquireOutcome = Object.freeze({
  acquired: true,
  fence: undefined,
  nodes: node(1, okOrTaken),
});
const TAKEN: AcquireOutcome = Object.freeze({
  acquired: false,
  reason: 'taken',
  nodes: node(0, okOrTaken),
  mayHoldKeys: false,
});
const RELEASED: ReleaseOutcome = Object.freeze({ nodes: node(1, okOrNotHeld) });
const NOT_HELD: ReleaseOutcome = Object.freeze({ nodes: node(0, okOrNotHeld) });

/**
 * An unfenced acquire's outcome when its one node's vote decides; `undefined` for a failed
 * vote (timeout, error, excluded), which the general decision handles.
 */
export function acquiredAlone(result: NodeResult): AcquireOutcome | undefined {
  if (result.kind !== 'value') return undefined;
  return result.value > 0 ? ACQUIRED : TAKEN;
}

/** A release's outcome when it went to one node. */
export function releasedAlone(result: NodeResult): ReleaseOutcome {
  if (result.kind !== 'value') return { nodes: toOutcomes([result], okOrNotHeld) };
  return result.value > 0 ? RELEASED : NOT_HELD;
}
