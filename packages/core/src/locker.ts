import { inspectNodes, type NodeHolding } from './operations/inspect/inspect-nodes.js';
import { SingleNodeBackend } from './backend/single-node-backend.js';
import { adaptClient } from './client/adapt-client.js';
import type { ClientAdapter } from './client/client-adapter.js';
import type { RedisClient } from './client/redis-client.js';
import type { Clock } from './engine/clock.js';
import { LockEngine } from './engine/lock-engine.js';
import type { LockManagerOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';

/** Relative clock drift assumed between this process and the Redis server. */
const DRIFT_FACTOR = 0.01;

/**
 * A lock on one Redis node (or one Redis Cluster): the `LockManager` surface over a single
 * endpoint. For N independent nodes, use `Redlock` from `@redquorum/redlock`; the calls are
 * the same.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { Locker } from '@redquorum/core';
 *
 * const client = await createClient().connect();
 * const locker = new Locker(client, { ttlMs: 10_000 });
 * await locker.using('orders:42', async (signal) => {
 *   // work; stop when signal aborts
 * });
 * ```
 * @category Locks
 */
export class Locker extends LockEngine {
  readonly #client: ClientAdapter;
  readonly #keyPrefix: string;
  readonly #nodeTimeoutMs: number;

  /**
   * @param client - A connected client or cluster of node-redis v4 to v6, ioredis 5 or 6, or
   *   iovalkey, or any {@link RedisScriptClient} (see {@link RedisClient}).
   * @param options - Defaults for every acquisition, validated here once.
   * @param clock - Time source; tests inject one.
   * @throws TypeError or RangeError naming a bad argument, before any Redis call.
   */
  constructor(client: RedisClient, options?: LockManagerOptions, clock?: Clock) {
    const adapter = adaptClient(client);
    const resolved = resolveOptions(options, DRIFT_FACTOR);
    super(new SingleNodeBackend(adapter, resolved.nodeTimeoutMs), resolved, clock);
    this.#client = adapter;
    this.#keyPrefix = resolved.keyPrefix;
    this.#nodeTimeoutMs = resolved.nodeTimeoutMs;
  }

  /**
   * Who holds `resource`, without acquiring it: a short digest of the holder's token (compare
   * with `tokenDigest(lock.token)`) and the remaining ttl. One entry, node 0, like
   * `Redlock.inspect()`'s one per node.
   * @example
   * ```ts
   * const [{ state, holder, ttlMs }] = await locker.inspect('orders:42');
   * console.log(state, holder, ttlMs); // e.g. 'held' '3f9a0c2b71de' 9412
   * ```
   * @throws TypeError at once for a resource that is not a non-empty string; never rejects
   *   (a node that fails to answer is reported as `error` or `timeout`).
   */
  inspect(resource: string): Promise<NodeHolding[]> {
    if (typeof resource !== 'string' || resource === '') {
      throw new TypeError('resource must be a non-empty string');
    }
    return inspectNodes([this.#client], this.#keyPrefix + resource, this.#nodeTimeoutMs);
  }
}
