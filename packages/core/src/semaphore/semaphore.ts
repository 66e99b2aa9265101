import type { RedisClient } from '../client/redis-client.js';
import type { Clock } from '../engine/clock.js';
import { Locker } from '../locker.js';
import type { LockManagerOptions } from '../options.js';
import { PermitManager } from './permit-manager.js';

/**
 * Options of a {@link Semaphore}: a `Locker`'s, and the limit.
 * @category Semaphores
 */
export interface SemaphoreOptions extends LockManagerOptions {
  /** Holders at once per resource, counted in permits (at most 1,000). */
  readonly limit: number;
}

/**
 * At most `limit` holders of a resource at once, on one Redis node (or one Redis Cluster):
 * each permit is a slot locked with `Locker`'s single-node lock, so the same surface as a
 * lock (acquire / tryAcquire / using / `await using`, auto-extension, `maxHoldMs`, the lost
 * signal, retry strategies, `AbortSignal`). `RedlockSemaphore` from `@redquorum/redlock` is
 * the same over N nodes. Keys default to the `sem:` prefix, apart from locks.
 *
 * @example
 * ```ts
 * const exports = new Semaphore(client, { limit: 4 });
 * await exports.using('pdf', async (signal) => renderPdf(signal)); // 4 renders at most
 * await using two = await exports.acquire('pdf', { permits: 2 }); // 2 of the 4, all or nothing
 * ```
 * @category Semaphores
 */
export class Semaphore extends PermitManager {
  /**
   * @param client - A connected client or cluster of any supported library (see `RedisClient`).
   * @param options - The limit, and defaults for every acquisition.
   * @param clock - Time source; tests inject one.
   * @throws TypeError or RangeError naming a bad argument, before any Redis call.
   */
  constructor(client: RedisClient, options: SemaphoreOptions, clock?: Clock) {
    const { limit, ...lockOptions } = options;
    super(new Locker(client, { keyPrefix: 'sem:', ...lockOptions }, clock), {
      limit,
      retry: lockOptions.retry,
      acquireTimeoutMs: lockOptions.acquireTimeoutMs,
    });
  }
}
