import type { AcquireOptions } from '../options.js';
import type { Lock } from './lock.js';
import type { LockedWork } from './lock-engine.js';

/**
 * What `Locker` (one node) and `Redlock` (N nodes) both offer, so that swapping one for the
 * other is a one-line change.
 *
 * @example
 * ```ts
 * async function nightly(locks: LockManager): Promise<void> {
 *   await locks.using('reports:nightly', (signal) => buildReport(signal));
 * }
 * await nightly(new Locker(client)); // or: new Redlock(clients)
 * ```
 */
export interface LockManager {
  /**
   * Acquires every resource, all or nothing, retrying per the strategy.
   * @throws TypeError or RangeError at once for bad arguments; rejects with
   *   {@link LockAcquireError}, or `signal.reason` when aborted.
   */
  acquire(resources: string | readonly string[], options?: AcquireOptions): Promise<Lock>;
  /**
   * One attempt; resolves `undefined` when another holder has a resource.
   * @throws TypeError or RangeError at once for bad arguments; rejects with
   *   {@link LockAcquireError} for any failure but `taken` (nodes unreachable, no validity
   *   left, `acquireTimeoutMs` passed), or `signal.reason` when aborted.
   */
  tryAcquire(
    resources: string | readonly string[],
    options?: Omit<AcquireOptions, 'retry'>,
  ): Promise<Lock | undefined>;
  /**
   * Runs `work` under an auto-extended lock and releases it whatever happens.
   * @throws TypeError or RangeError at once for bad arguments (a `work` that is not a
   *   function included); rejects like `acquire()` ({@link LockAcquireError},
   *   `signal.reason`); with `work`'s error; with the {@link LockLostError} when the lock was
   *   lost before `work` finished; or with {@link LockReleaseError} when the final release
   *   reached no node.
   */
  using<T>(
    resources: string | readonly string[],
    work: LockedWork<T>,
    options?: AcquireOptions,
  ): Promise<T>;
}
