import type { Settled } from '../client/settle-within.js';
import type { NodeOutcome } from '../errors.js';
import type { AcquireOutcome, ExtendOutcome, ReleaseOutcome } from './lock-backend.js';
import { failedOutcome } from './node-call.js';

// The outcomes of a lock operation on one node (node 0). Those without a cause are made once,
// frozen and shared: nearly every operation returns one of them.
const node0 = (outcome: 'ok' | 'taken' | 'not-held'): readonly NodeOutcome[] =>
  Object.freeze([Object.freeze({ node: 0, outcome })]);
const OK = node0('ok');
const NOT_HELD = node0('not-held');
const ACQUIRED: AcquireOutcome = Object.freeze({ acquired: true, fence: undefined, nodes: OK });
const TAKEN: AcquireOutcome = Object.freeze({
  acquired: false,
  reason: 'taken',
  nodes: node0('taken'),
  mayHoldKeys: false,
});
const EXTENDED: ExtendOutcome = Object.freeze({ extended: true, nodes: OK });
const NOT_EXTENDED: ExtendOutcome = Object.freeze({
  extended: false,
  reason: 'not-held',
  nodes: NOT_HELD,
});
const RELEASED: ReleaseOutcome = Object.freeze({ nodes: OK });
const NOT_RELEASED: ReleaseOutcome = Object.freeze({ nodes: NOT_HELD });

/**
 * An unfenced acquire's outcome when one node's reply decides it (1 acquired, 0 taken).
 *
 * @example
 * ```ts
 * const outcome = oneNodeAcquired(await node.acquire.call(request));
 * // { acquired: true, fence: undefined, nodes: [{ node: 0, outcome: 'ok' }] }
 * ```
 */
export function oneNodeAcquired(settled: Settled<number>): AcquireOutcome {
  if (settled.kind !== 'value') return unreachable(settled);
  return settled.value === 0 ? TAKEN : ACQUIRED;
}

/** A fenced acquire's outcome on one node (the reply is the fence, or 0). @internal */
export function oneNodeAcquiredFenced(settled: Settled<number>): AcquireOutcome {
  if (settled.kind !== 'value') return unreachable(settled);
  if (settled.value === 0) return TAKEN;
  return { acquired: true, fence: BigInt(settled.value), nodes: OK };
}

/** An extension's outcome on one node (1 extended, 0 not held). @internal */
export function oneNodeExtended(settled: Settled<number>): ExtendOutcome {
  if (settled.kind !== 'value') {
    return { extended: false, reason: 'unreachable', nodes: [failedOutcome(0, settled)] };
  }
  return settled.value === 0 ? NOT_EXTENDED : EXTENDED;
}

/**
 * A release's outcome when it went to one node (1 released, 0 not held).
 *
 * @example
 * ```ts
 * const outcome = oneNodeReleased(await node.release.call(held));
 * // { nodes: [{ node: 0, outcome: 'ok' }] }, or 'not-held', 'timeout', 'error'
 * ```
 */
export function oneNodeReleased(settled: Settled<number>): ReleaseOutcome {
  if (settled.kind !== 'value') return { nodes: [failedOutcome(0, settled)] };
  return settled.value > 0 ? RELEASED : NOT_RELEASED;
}

function unreachable(settled: Settled<number>): AcquireOutcome {
  return {
    acquired: false,
    reason: 'unreachable',
    nodes: [failedOutcome(0, settled)],
    mayHoldKeys: true,
  };
}
