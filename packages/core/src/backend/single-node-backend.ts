import { hashSlot } from '../client/hash-slot.js';
import type { ClientAdapter } from '../client/client-adapter.js';
import { withScriptLoading } from '../client/with-script-loading.js';
import { NodeBatchers } from '../node/node-batchers.js';
import { oneNodeAcquired, oneNodeAcquiredFenced } from '../operations/acquire/acquire.js';
import { CORE_SCRIPTS } from '../operations/core-scripts.js';
import { oneNodeExtended } from '../operations/extend/extend.js';
import { oneNodeReleased } from '../operations/release/release.js';
import { checkSameSlot } from './check-same-slot.js';
import type {
  AcquireOutcome,
  AcquireRequest,
  ExtendOutcome,
  HeldKeys,
  LockBackend,
  ReleaseOutcome,
} from './lock-backend.js';

/**
 * The backend of `Locker`: one Redis node (or one cluster), each call bounded in time.
 *
 * @example
 * ```ts
 * const backend = new SingleNodeBackend(client, 200); // each call bounded by 200 ms
 * const request = { keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 };
 * const outcome = await backend.acquire(request); // { acquired: true, … } when free
 * ```
 * @category Backend contract
 */
export class SingleNodeBackend implements LockBackend {
  readonly #node: NodeBatchers;
  readonly #cluster: boolean;

  /**
   * @param client - The node's client, through its adapter (`adaptClient`).
   * @param nodeTimeoutMs - Bound on each call.
   */
  constructor(client: ClientAdapter, nodeTimeoutMs: number) {
    this.#cluster = client.cluster;
    const scripts = withScriptLoading(client, CORE_SCRIPTS);
    this.#node = new NodeBatchers(scripts, { timeoutMs: nodeTimeoutMs, batchable: !this.#cluster });
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const call = this.#node.acquire.call(request);
    return call.then(request.fenceKeys === undefined ? oneNodeAcquired : oneNodeAcquiredFenced);
  }

  /**
   * Gives the keys `ttlMs` again, and sets again, with the token, any that is missing; a key
   * another token holds is never touched, and then the lock is not extended. Why setting a
   * missing key again is safe without a restart guard: the safety guide, "Keeping a lock
   * through restarts" (`Locker`).
   */
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    return this.#node.extend.call({ held, ttlMs }).then(oneNodeExtended);
  }

  release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    return (cleanup ? this.#node.cleanup : this.#node.release).call(held).then(oneNodeReleased);
  }
}
