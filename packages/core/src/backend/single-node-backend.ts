import { hashSlot } from '../client/hash-slot.js';
import type { ClientAdapter } from '../client/client-adapter.js';
import type { RedisScriptClient } from '../client/script-client.js';
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
 * The backend of `Locker`: one Redis node (or one cluster), each call bounded in time. On a
 * cluster client, each master has its own deadlines and health: a frozen master makes the
 * calls for its own slots fail fast, not those for every slot.
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
  /** The node of a standalone client; undefined on a cluster (see `#masters`). */
  readonly #node: NodeBatchers | undefined;
  readonly #cluster: boolean;
  readonly #client: ClientAdapter;
  readonly #scripts: RedisScriptClient;
  readonly #timeoutMs: number;
  /** A cluster's nodes by master (as the client's slot table names them), made on first use. */
  readonly #masters = new Map<string, NodeBatchers>();

  /**
   * @param client - The node's client, through its adapter (`adaptClient`).
   * @param nodeTimeoutMs - Bound on each call.
   */
  constructor(client: ClientAdapter, nodeTimeoutMs: number) {
    this.#cluster = client.cluster;
    this.#client = client;
    this.#timeoutMs = nodeTimeoutMs;
    this.#scripts = withScriptLoading(client, CORE_SCRIPTS);
    this.#node = this.#cluster
      ? undefined
      : new NodeBatchers(this.#scripts, { timeoutMs: nodeTimeoutMs, batchable: true });
  }

  /** The node that `keys` live on: the one node, or a cluster's master of their slot. */
  #nodeOf(keys: readonly string[]): NodeBatchers {
    if (this.#node !== undefined) return this.#node;
    const master = this.#client.targetOf(keys[0]) ?? '';
    let node = this.#masters.get(master);
    if (node === undefined) {
      node = new NodeBatchers(this.#scripts, { timeoutMs: this.#timeoutMs, batchable: false });
      this.#masters.set(master, node);
    }
    return node;
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const call = this.#nodeOf(request.keys).acquire.call(request);
    return call.then(request.fenceKeys === undefined ? oneNodeAcquired : oneNodeAcquiredFenced);
  }

  /**
   * Gives the keys `ttlMs` again, and sets again, with the token, any that is missing; a key
   * another token holds is never touched, and then the lock is not extended. Why setting a
   * missing key again is safe without a restart guard: the safety guide, "Keeping a lock
   * through restarts" (`Locker`).
   */
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    return this.#nodeOf(held.keys).extend.call({ held, ttlMs }).then(oneNodeExtended);
  }

  release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    const node = this.#nodeOf(held.keys);
    return (cleanup ? node.cleanup : node.release).call(held).then(oneNodeReleased);
  }
}
