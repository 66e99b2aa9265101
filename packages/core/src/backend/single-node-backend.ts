import { hashSlot } from '../client/hash-slot.js';
import { routeScripts } from '../client/route-scripts.js';
import { isClusterClient, type RedisScriptClient } from '../client/script-client.js';
import { withScriptLoading } from '../client/with-script-loading.js';
import { CORE_SCRIPTS } from '../scripts/core-scripts.js';
import { checkSameSlot } from './check-same-slot.js';
import type {
  AcquireOutcome,
  AcquireRequest,
  ExtendOutcome,
  HeldKeys,
  LockBackend,
  ReleaseOutcome,
} from './lock-backend.js';
import { NodeBatchers } from './node-batchers.js';
import { failedOutcome } from './node-call.js';
import type { NodeOutcome } from '../errors.js';
import type { Settled } from '../client/settle-within.js';

/**
 * The backend of `Locker`: one Redis node (or one cluster), each call bounded in time.
 *
 * @example
 * ```ts
 * const backend = new SingleNodeBackend(client, 200); // each call bounded by 200 ms
 * const request = { keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 };
 * const outcome = await backend.acquire(request); // { acquired: true, … } when free
 * ```
 */
export class SingleNodeBackend implements LockBackend {
  readonly #node: NodeBatchers;
  readonly #cluster: boolean;

  constructor(client: RedisScriptClient, nodeTimeoutMs: number) {
    this.#cluster = isClusterClient(client);
    const scripts = withScriptLoading(routeScripts(client), CORE_SCRIPTS);
    this.#node = new NodeBatchers(scripts, nodeTimeoutMs, !this.#cluster);
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const call = this.#node.acquire.call(request);
    return call.then(request.fenceKeys === undefined ? acquired : acquiredFenced);
  }

  async extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    const settled = await this.#node.extend.call({ held, ttlMs });
    if (settled.kind !== 'value') {
      return { extended: false, reason: 'unreachable', nodes: [failedOutcome(0, settled)] };
    }
    return settled.value === 0 ? NOT_EXTENDED : EXTENDED;
  }

  release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    return (cleanup ? this.#node.cleanup : this.#node.release).call(held).then(released);
  }
}

/** An acquire's outcome without fencing (the reply is 1 or 0). */
function acquired(settled: Settled<number>): AcquireOutcome {
  if (settled.kind !== 'value') return unreachable(settled);
  return settled.value === 0 ? TAKEN : ACQUIRED;
}

/** An acquire's outcome with fencing (the reply is the fence, or 0). */
function acquiredFenced(settled: Settled<number>): AcquireOutcome {
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

function released(settled: Settled<number>): ReleaseOutcome {
  if (settled.kind !== 'value') return { nodes: [failedOutcome(0, settled)] };
  return settled.value > 0 ? RELEASED : NOT_RELEASED;
}

// The outcomes without a cause, made once: every lock operation returns one of them.
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
