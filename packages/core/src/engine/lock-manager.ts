import type { AcquireOptions } from '../options.js';
import type { Lock } from './lock.js';

/**
 * Work run under a lock by `using()`; `signal` aborts when the lock is lost.
 * @category Locks
 */
export type LockedWork<T> = (signal: AbortSignal, lock: Lock) => Promise<T> | T;

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
 * @category Locks
 */
export interface LockManager {
  /**
   * Acquires every resource, all or nothing, retrying per the strategy. One attempt is one
   * script call per node, which must be answered within `nodeTimeoutMs`; its cost grows with
   * the lock's keys, so a lock holds at most `MAX_RESOURCES` (1,000) resources whose keys
   * total at most `MAX_KEY_BYTES` (256 KiB) of UTF-8.
   * @throws TypeError or RangeError at once for bad arguments, a lock over those bounds
   *   included; rejects with {@link LockAcquireError}, `signal.reason` when aborted, or the
   *   Redis client's own error, not retried, when the client failed before sending.
   */
  acquire(resources: string | readonly string[], options?: AcquireOptions): Promise<Lock>;
  /**
   * One attempt; resolves `undefined` when another holder has a resource.
   * @throws TypeError or RangeError at once for bad arguments (bounds as `acquire()`);
   *   rejects with {@link LockAcquireError} for any failure but `taken` (nodes unreachable, no
   *   validity left, `acquireTimeoutMs` passed), `signal.reason` when aborted, or the Redis
   *   client's own error.
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
