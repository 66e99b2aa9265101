import type { Clock, RedisClient } from '@redquorum/core';
import { PermitManager } from '@redquorum/core/backend';
import { Redlock } from './redlock.js';
import type { RedlockOptions } from './redlock-options.js';

/**
 * Options of a {@link RedlockSemaphore}: a `Redlock`'s, and the limit.
 * @category Semaphores
 */
export interface RedlockSemaphoreOptions extends RedlockOptions {
  /** Holders at once per resource, counted in permits (at most 1,000). */
  readonly limit: number;
}

/**
 * At most `limit` holders of a resource at once over N independent nodes, and never more,
 * whatever the interleaving: each permit is a slot locked with the full Redlock algorithm
 * (quorum, validity, restart guard), and a holder of `permits` permits holds that many
 * distinct slots. Counting holders on each node, as some Redlock semaphores do, cannot
 * bound the global count: with 5 nodes and limit 2, holders on nodes {0,1,2}, {2,3,4} and
 * {0,1,3} each fit every node's count, three at once. Keys default to the `sem:` prefix.
 *
 * @example
 * ```ts
 * const exports = new RedlockSemaphore(clients, { limit: 4 });
 * await exports.using('pdf', async (signal) => renderPdf(signal)); // 4 renders at most
 * ```
 * @category Semaphores
 */
export class RedlockSemaphore extends PermitManager {
  /**
   * @param clients - One connected client per independent Redis node.
   * @param options - The limit, and defaults for every acquisition.
   * @param clock - Time source; tests inject one.
   * @throws TypeError or RangeError naming a bad argument, before any Redis call.
   */
  constructor(clients: readonly RedisClient[], options: RedlockSemaphoreOptions, clock?: Clock) {
    const { limit, ...lockOptions } = options;
    super(new Redlock(clients, { keyPrefix: 'sem:', ...lockOptions }, clock), {
      limit,
      retry: lockOptions.retry,
      acquireTimeoutMs: lockOptions.acquireTimeoutMs,
    });
  }
}
