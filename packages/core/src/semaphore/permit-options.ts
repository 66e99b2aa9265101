import type { AcquireOptions } from '../options.js';

/**
 * The options of one semaphore acquisition: a lock's, and how many permits.
 *
 * @example
 * ```ts
 * await semaphore.acquire('jobs', { permits: 2, acquireTimeoutMs: 5_000 });
 * ```
 * @category Semaphores
 */
export interface PermitOptions extends AcquireOptions {
  /** Permits to take, all or nothing, at most the semaphore's `limit`. @defaultValue `1` */
  readonly permits?: number;
}
