/**
 * Where the engine reads time; injected in tests.
 * @category Options
 */
export interface Clock {
  /** Monotonic ms, for elapsed time (never `Date.now()`). */
  now(): number;
  /** Wall-clock epoch ms, only to report `validUntil`. */
  epochNow(): number;
}

/**
 * `performance.now()` and `Date.now()`, read at each call (so fake timers apply).
 *
 * @example
 * ```ts
 * const locker = new Locker(client, { ttlMs: 10_000 }, systemClock); // the default clock
 * const t0 = systemClock.now(); // monotonic ms
 * ```
 * @category Engine
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  epochNow: () => Date.now(),
};
