import type { ScriptCall } from '../../client/script-call.js';
import type { Settled } from '../../client/settle-within.js';
import type { AcquireOutcome, AcquireRequest } from '../../backend/lock-backend.js';
import type { NodeOutcome } from '../../outcomes.js';
import type { BatchKind } from '../../node/batch-kind.js';
import { failedOutcome } from '../failed-outcome.js';
import { acquireManySimpleScript } from './acquire-many-simple-script.js';
import { acquireManyScript } from './acquire-many-script.js';
import { acquireScript } from './acquire-script.js';

/**
 * The acquire script call of one lock: lock keys, then fence keys when fencing. Never re-sent
 * after a NOSCRIPT: run late, it could set a key after the cleanup of its attempt.
 *
 * @example
 * ```ts
 * const call = acquireCall({ keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 });
 * // { script: acquireScript, keys: ['lock:a'], args: [token, '10000', '0'], resend: false }
 * ```
 * @category Scripts and operations
 */
export function acquireCall(request: AcquireRequest): ScriptCall {
  const fencing = request.fenceKeys !== undefined;
  return {
    script: acquireScript,
    keys: fencing ? [...request.keys, ...request.fenceKeys] : request.keys.slice(),
    args: [request.token, String(request.ttlMs), fencing ? '1' : '0'],
    resend: false,
  };
}

/**
 * How acquires travel to a node: alone by `acquireScript`, many per call by
 * `acquireManyScript`, or by `acquireManySimpleScript` when every lock of the batch is one
 * unfenced key with the first one's ttl (the common batch: concurrent single-resource locks).
 * @category Scripts and operations
 */
export const acquireBatch: BatchKind<AcquireRequest> = {
  one: acquireCall,
  many: acquireManyScript,
  append: (request, keys, args) => {
    keys.push(...request.keys);
    if (request.fenceKeys !== undefined) keys.push(...request.fenceKeys);
    const fencing = request.fenceKeys === undefined ? '0' : '1';
    args.push(request.token, String(request.ttlMs), String(request.keys.length), fencing);
  },
  resend: false,
  simple: {
    script: acquireManySimpleScript,
    fits: (request, first) =>
      request.keys.length === 1 && request.fenceKeys === undefined && request.ttlMs === first.ttlMs,
    head: (first) => [String(first.ttlMs)],
    append: (request, keys, args) => {
      keys.push(request.keys[0]!);
      args.push(request.token);
    },
  },
};

// One node's outcomes without a cause are made once, frozen and shared: nearly every acquire
// on one node returns one of them.
const OK: readonly NodeOutcome[] = Object.freeze([Object.freeze({ node: 0, outcome: 'ok' })]);
const ACQUIRED: AcquireOutcome = Object.freeze({ acquired: true, fence: undefined, nodes: OK });
const TAKEN: AcquireOutcome = Object.freeze({
  acquired: false,
  reason: 'taken',
  nodes: Object.freeze([Object.freeze({ node: 0, outcome: 'taken' })]),
  mayHoldKeys: false,
});

/**
 * An unfenced acquire's outcome when one node's reply decides it (1 acquired, 0 taken; no
 * reply: unreachable, and the node may hold the key). `acquireVerdict` for one node, made
 * without counting.
 *
 * @example
 * ```ts
 * const outcome = oneNodeAcquired(await node.acquire.call(request));
 * // { acquired: true, fence: undefined, nodes: [{ node: 0, outcome: 'ok' }] }
 * ```
 * @category Scripts and operations
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

function unreachable(settled: Settled<number>): AcquireOutcome {
  return {
    acquired: false,
    reason: 'unreachable',
    nodes: [failedOutcome(0, settled)],
    mayHoldKeys: true,
  };
}
