import type { AcquireFailureReason } from '../outcomes.js';

/**
 * What a {@link RetryStrategy} knows when it decides on the next delay.
 * @category Retry strategies
 */
export interface RetryContext {
  /** Attempts made so far in this acquisition (1 after the first failure). */
  readonly attempt: number;
  /** Monotonic ms since the acquisition started. */
  readonly elapsedMs: number;
  /** Why the last attempt failed. */
  readonly reason: AcquireFailureReason;
  /** Uniform random number in [0, 1): the source of jitter, injectable in tests. */
  readonly random: () => number;
}

/**
 * Decides, after a failed attempt, how many ms to wait before the next one, or `false` to stop.
 * It must hold no state between calls: the context carries everything, so one strategy may
 * serve every acquisition at once.
 * @category Retry strategies
 */
export type RetryStrategy = (context: RetryContext) => number | false;

/**
 * Spreads a computed delay at random, so contenders do not retry in lockstep.
 * @category Retry strategies
 */
export type Jitter = (delayMs: number, random: () => number) => number;
