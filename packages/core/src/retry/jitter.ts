import type { Jitter, RetryStrategy } from './retry-strategy.js';

/**
 * No jitter: the delay as computed.
 *
 * @example
 * ```ts
 * noJitter(100, Math.random); // 100
 * const retry = exponentialBackoff({ initialMs: 50, jitter: noJitter }); // 50, 100, 200, … ms
 * ```
 * @category Retry strategies
 */
export const noJitter: Jitter = (delayMs) => delayMs;

/**
 * Uniform in [0, delay]: the best spread under heavy contention (AWS "full jitter").
 *
 * @example
 * ```ts
 * fullJitter(100, Math.random); // an integer in [0, 100]
 * const retry = exponentialBackoff({ jitter: fullJitter }); // the default jitter
 * ```
 * @category Retry strategies
 */
export const fullJitter: Jitter = (delayMs, random) => Math.round(delayMs * random());

/**
 * Uniform in [delay/2, delay]: keeps at least half of the delay ("equal jitter").
 *
 * @example
 * ```ts
 * equalJitter(100, Math.random); // an integer in [50, 100]
 * const retry = withJitter(fixedDelay(100), equalJitter);
 * ```
 * @category Retry strategies
 */
export const equalJitter: Jitter = (delayMs, random) =>
  Math.round(delayMs / 2 + (delayMs / 2) * random());

/**
 * Adds jitter to any strategy.
 * @example
 * ```ts
 * const retry = withJitter(fixedDelay(100), equalJitter);
 * ```
 * @category Retry strategies
 */
export function withJitter(strategy: RetryStrategy, jitter: Jitter): RetryStrategy {
  return (context) => {
    const delay = strategy(context);
    return delay === false ? false : jitter(delay, context.random);
  };
}
