import { type Clock, type RedisClient } from '@redquorum/core';
import { adaptClient, LockEngine, systemClock } from '@redquorum/core/backend';
import type { NodeHolding } from './inspect.js';
import { QuorumBackend } from './quorum-backend.js';
import { resolveRedlockOptions, type RedlockOptions } from './redlock-options.js';
import { watchReconnections } from './reconnect-watch.js';
import { RestartGuard } from './restart-guard.js';

/**
 * The Redlock algorithm over N independent Redis nodes, complete: parallel fan-out with a
 * per-node timeout, early quorum (floor(N/2)+1), drift-corrected validity, release on every
 * node after a failed attempt, optional fencing tokens and a restart guard. Same surface as
 * `Locker` (`LockManager`).
 *
 * @example
 * ```ts
 * import { Redlock } from '@redquorum/redlock';
 *
 * const redlock = new Redlock([c1, c2, c3, c4, c5], { ttlMs: 10_000 });
 * await redlock.using('orders:42', async (signal) => {
 *   // work; stop when signal aborts
 * });
 * ```
 * @category Redlock
 */
export class Redlock extends LockEngine {
  readonly #backend: QuorumBackend;
  readonly #keyPrefix: string;

  /**
   * @param clients - One connected client per independent node (clients or clusters of
   *   node-redis v4 to v6, ioredis 5 or 6, iovalkey, or any `RedisScriptClient`; libraries may
   *   be mixed), each a distinct object and each to a different
   *   server. Two clients of one server are found when the restart guard identifies the nodes
   *   (the first attempt waits for every node's first identification before it grants a lock):
   *   from then on `acquire` rejects with a `SameServerError`. With `restartGuard: 'off'`
   *   nodes are never identified, and such a list goes unnoticed.
   * @param options - Defaults for every acquisition, validated here once.
   * @param clock - Time source; tests inject one.
   * @throws TypeError or RangeError naming a bad argument, before any Redis call.
   */
  constructor(
    clients: readonly RedisClient[],
    options?: RedlockOptions,
    clock: Clock = systemClock,
  ) {
    if (!isArray(clients)) throw new TypeError('clients must be an array of Redis clients');
    if (clients.length === 0) throw new RangeError('clients must hold at least one client');
    const adapters = clients.map((client, index) => adaptClient(client, `clients[${index}]`));
    if (new Set(clients).size !== clients.length) {
      throw new TypeError('clients must be distinct: the same client twice would vote twice');
    }
    const resolved = resolveRedlockOptions(options);
    const guard = new RestartGuard(
      clients.length,
      resolved.restartGuard,
      resolved.maxTtlMs,
      resolved.restartCheckMs,
    );
    if (guard.enabled) watchReconnections(adapters, guard);
    const backend = new QuorumBackend(adapters, {
      nodeTimeoutMs: resolved.nodeTimeoutMs,
      guard,
      clock,
    });
    super(backend, resolved, clock);
    this.#backend = backend;
    this.#keyPrefix = resolved.keyPrefix;
  }

  /** How many nodes there are. */
  get nodeCount(): number {
    return this.#backend.nodeCount;
  }

  /**
   * Who holds `resource` on each node, without acquiring it: a short digest of the holder's
   * token (compare with `tokenDigest(lock.token)`) and the remaining ttl.
   * @example
   * ```ts
   * for (const { node, state, holder, ttlMs } of await redlock.inspect('orders:42')) {
   *   console.log(node, state, holder, ttlMs); // e.g. 0 'held' '3f9a0c2b71de' 9412
   * }
   * ```
   * @throws TypeError at once for a resource that is not a non-empty string; never rejects
   *   (a node that fails to answer is reported as `error` or `timeout`).
   */
  inspect(resource: string): Promise<NodeHolding[]> {
    if (typeof resource !== 'string' || resource === '') {
      throw new TypeError('resource must be a non-empty string');
    }
    return this.#backend.inspect(this.#keyPrefix + resource);
  }
}

/** Array.isArray without narrowing `clients` to any[]. */
function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
