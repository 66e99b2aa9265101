import type { RetryStrategy } from './retry/retry-strategy.js';

/**
 * Options of one acquisition; every field overrides the manager's option of the same name.
 *
 * @example
 * ```ts
 * const lock = await locker.acquire('orders:42', {
 *   ttlMs: 30_000,
 *   acquireTimeoutMs: 2_000,
 *   retry: fixedDelay(100),
 *   signal: shutdown.signal, // an AbortController's: stop waiting on shutdown
 * });
 * ```
 * @category Options
 */
export interface AcquireOptions {
  /**
   * How long the keys live, in ms, and the base of validity. Per call (and in `extend()`), at
   * least 4 × the manager's `nodeTimeoutMs`: acquiring may take a node timeout or two, which a
   * shorter ttl would leave no validity for. @defaultValue `10_000`
   */
  readonly ttlMs?: number;
  /** When and whether to try again after a failed attempt. @defaultValue `exponentialBackoff()` */
  readonly retry?: RetryStrategy;
  /**
   * How long the acquisition keeps trying, waits behind a holder in this process included: no
   * attempt starts after it, and the last delay is cut so that a final attempt starts at it.
   * An attempt under way at the deadline ends by itself, bounded by the node timeouts
   * (`nodeTimeoutMs`, and a fence write-back with fencing), so `acquire()` settles at most
   * about that much later. `Infinity` waits as long as the retry strategy does.
   * @defaultValue `10_000`
   */
  readonly acquireTimeoutMs?: number;
  /** Cancels the acquisition; it then rejects with `signal.reason`, unchanged. */
  readonly signal?: AbortSignal;
  /**
   * Extend the lock in the background while it is held. @defaultValue `false` (`true` in
   * `using()`)
   */
  readonly autoExtend?: boolean;
  /**
   * Longest time a lock may be held, auto-extension included; then `lock.signal` aborts with a
   * `LockLostError`. @defaultValue `Infinity`
   */
  readonly maxHoldMs?: number;
}

/**
 * Options of a lock manager (`Locker`, `Redlock`), fixed at construction.
 *
 * @example
 * ```ts
 * const locker = new Locker(client, {
 *   ttlMs: 30_000,
 *   keyPrefix: 'app:lock:',
 *   fencing: true,
 *   retry: exponentialBackoff({ maxMs: 500 }),
 * });
 * ```
 * @category Options
 */
export interface LockManagerOptions extends Omit<AcquireOptions, 'signal'> {
  /**
   * Give every lock a fence: a number that grows with every acquisition of a resource, for
   * storage that rejects writes from older holders. @defaultValue `false`
   */
  readonly fencing?: boolean;
  /**
   * Queue concurrent acquisitions of the same resources in this process, so that only the
   * first talks to Redis. A holder's release then hands the lock itself to the next waiter,
   * still held in Redis with the same token and no command sent, while at least 90% of that
   * waiter's `ttlMs` is still valid and the lock was first acquired less than `ttlMs` ago (so
   * a busy process does not keep the resource from others); fenced locks are never handed
   * over. @defaultValue `true`
   */
  readonly coalesce?: boolean;
  /**
   * Prepended to every resource to make its key. Not empty with `fencing`: fence counters live
   * outside the keys the prefix starts (see `fenceKey`). @defaultValue `'lock:'`
   */
  readonly keyPrefix?: string;
  /**
   * Bound on one node's reply to one command; a hung node costs at most this. At most a
   * quarter of `ttlMs`. A reply also takes the time the node spends on the script, which
   * grows with the lock's keys: about 4 ms for 1,000 resources (`MAX_RESOURCES`) on one
   * local node, 8 ms with fencing, 13–47 ms on five nodes sharing two cores. A lock whose call
   * takes longer times out on every node and attempt and is never acquired (100,000 resources,
   * beyond the bound, took 621 ms: over the default at a 30 s ttl). Keep it well above what
   * your largest lock takes.
   * @defaultValue `ttlMs / 50`, clamped to [50, ttlMs / 4]
   */
  readonly nodeTimeoutMs?: number;
}

/**
 * Options after validation, defaults applied: resolved once at construction so that no later
 * code re-checks or re-defaults a field. Each field is the option of the same name.
 * @category Checks and options
 */
export interface ResolvedOptions {
  /** {@link AcquireOptions.ttlMs}, validated as an integer number of ms. */
  readonly ttlMs: number;
  /** {@link AcquireOptions.retry}. */
  readonly retry: RetryStrategy;
  /** {@link AcquireOptions.acquireTimeoutMs}; may be `Infinity`. */
  readonly acquireTimeoutMs: number;
  /** {@link AcquireOptions.autoExtend}. */
  readonly autoExtend: boolean;
  /** {@link AcquireOptions.maxHoldMs}; may be `Infinity`. */
  readonly maxHoldMs: number;
  /** {@link LockManagerOptions.fencing}. */
  readonly fencing: boolean;
  /** {@link LockManagerOptions.coalesce}. */
  readonly coalesce: boolean;
  /** {@link LockManagerOptions.keyPrefix}. */
  readonly keyPrefix: string;
  /** {@link LockManagerOptions.nodeTimeoutMs}, at most a quarter of `ttlMs`. */
  readonly nodeTimeoutMs: number;
  /**
   * Bound on the relative clock-rate difference between this process and the nodes, which
   * validity is shortened by. Not an option of `Locker`, which fixes it at 0.01; `Redlock`
   * takes it from its own options.
   */
  readonly driftFactor: number;
  /**
   * Largest ttl a call or an extension may ask for: `Redlock`'s `maxTtlMs` (its restart
   * guard's window); the timer limit for `Locker`.
   */
  readonly maxTtlMs: number;
}
