import type { RetryStrategy } from './retry-strategy.js';

/**
 * Gives up after the first failed attempt.
 *
 * @example
 * ```ts
 * // One attempt: rejects with a LockAcquireError (reason 'taken') when someone holds it.
 * const lock = await locker.acquire('orders:42', { retry: noRetry });
 * ```
 * @category Retry strategies
 */
export const noRetry: RetryStrategy = () => false;
