import { checkBound, checkInteger, MAX_TIMER_MS } from '../validate.js';
import type { RetryStrategy } from './retry-strategy.js';

/**
 * Options of {@link fixedDelay}.
 * @category Retry strategies
 */
export interface FixedDelayOptions {
  /** Attempts in all, the first included. @defaultValue `Infinity` (bounded by acquireTimeoutMs) */
  readonly maxAttempts?: number;
}

/**
 * The same delay after every failed attempt.
 * @example
 * ```ts
 * const locker = new Locker(client, { retry: fixedDelay(100, { maxAttempts: 5 }) });
 * ```
 * @throws TypeError when `delayMs` or `maxAttempts` is not a number; RangeError when it is
 *   out of range.
 * @category Retry strategies
 */
export function fixedDelay(delayMs: number, options: FixedDelayOptions = {}): RetryStrategy {
  checkInteger('delayMs', delayMs, 0, MAX_TIMER_MS);
  const maxAttempts = checkBound('maxAttempts', options.maxAttempts ?? Infinity, 1);
  return ({ attempt }) => (attempt >= maxAttempts ? false : delayMs);
}
