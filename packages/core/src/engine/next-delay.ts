import type { AcquireFailureReason } from '../outcomes.js';
import type { RetryStrategy } from '../retry/retry-strategy.js';

/**
 * The wait before the next attempt: the strategy's delay, cut so that a last attempt starts at
 * the deadline (a lock freed at 90% of the caller's timeout is still acquired); `false` when
 * the strategy stops, `'deadline'` when the deadline has passed.
 *
 * @example
 * ```ts
 * nextDelay(fixedDelay(100), { attempt: 3, elapsedMs: 200, reason: 'taken', random }, 50); // 50
 * nextDelay(noRetry, { attempt: 1, elapsedMs: 5, reason: 'taken', random }, 500); // false
 * ```
 * @throws TypeError or RangeError when the strategy returns something other than a finite
 *   delay >= 0 or `false`.
 */
export function nextDelay(
  retry: RetryStrategy,
  context: {
    readonly attempt: number;
    readonly elapsedMs: number;
    readonly reason: AcquireFailureReason;
    readonly random: () => number;
  },
  remainingMs: number,
): number | false | 'deadline' {
  const delay: unknown = retry(context);
  if (delay === false) return false;
  if (typeof delay !== 'number') {
    throw new TypeError(`retry strategy must return a number or false, got ${typeof delay}`);
  }
  if (!Number.isFinite(delay) || delay < 0) {
    throw new RangeError(`retry strategy must return a finite delay >= 0, got ${delay}`);
  }
  if (remainingMs <= 0) return 'deadline';
  return Math.min(delay, remainingMs);
}
