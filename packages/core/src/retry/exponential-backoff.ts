import { checkBound, checkFunction, checkInteger, MAX_TIMER_MS } from '../validate.js';
import { fullJitter } from './jitter.js';
import type { Jitter, RetryStrategy } from './retry-strategy.js';

/**
 * Options of {@link exponentialBackoff}.
 * @category Retry strategies
 */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure, before jitter. @defaultValue `20` */
  readonly initialMs?: number;
  /** Growth per attempt. @defaultValue `2` */
  readonly factor?: number;
  /** Cap on the delay, before jitter. @defaultValue `1000` */
  readonly maxMs?: number;
  /** How the delay is spread. @defaultValue {@link fullJitter} */
  readonly jitter?: Jitter;
  /** Attempts in all, the first included. @defaultValue `Infinity` (bounded by acquireTimeoutMs) */
  readonly maxAttempts?: number;
}

/**
 * Delays of initialMs × factor^(attempt−1), capped at maxMs, then jittered. Stateless: the
 * attempt number comes from the context.
 * @example
 * ```ts
 * const retry = exponentialBackoff({ initialMs: 10, maxMs: 500, jitter: equalJitter });
 * ```
 * @throws TypeError for a non-number `initialMs`, `maxMs` or `maxAttempts`, or a `jitter`
 *   that is not a function; RangeError for an option out of range (or a non-number `factor`).
 * @category Retry strategies
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryStrategy {
  const initialMs = checkInteger('initialMs', options.initialMs ?? 20, 0, MAX_TIMER_MS);
  const maxMs = checkInteger('maxMs', options.maxMs ?? 1000, initialMs, MAX_TIMER_MS);
  const factor = options.factor ?? 2;
  if (typeof factor !== 'number' || !(factor >= 1) || !Number.isFinite(factor)) {
    throw new RangeError(`factor must be a finite number >= 1, got ${String(factor)}`);
  }
  const jitter = checkFunction('jitter', options.jitter ?? fullJitter);
  const maxAttempts = checkBound('maxAttempts', options.maxAttempts ?? Infinity, 1);
  return ({ attempt, random }) => {
    if (attempt >= maxAttempts) return false;
    const delay = Math.min(maxMs, initialMs * factor ** (attempt - 1));
    return jitter(delay, random);
  };
}
