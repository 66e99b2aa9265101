import { exponentialBackoff } from './retry/exponential-backoff.js';
import type { RetryStrategy } from './retry/retry-strategy.js';
import {
  checkBoolean,
  checkBound,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  checkSignal,
  MAX_TIMER_MS,
} from './validate.js';

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

/** Shortest ttl: below it the drift margin and one round trip leave no validity. */
export const MIN_TTL_MS = 10;

/**
 * A ttl spans at least this many node timeouts: an acquisition may spend one waiting for a
 * slow node and a fence write-back another, and what is left must still be worth holding
 * (at `ttlMs = 4 × nodeTimeoutMs`, a lock acquired in two node timeouts keeps half its ttl).
 */
export const TTL_PER_NODE_TIMEOUT = 4;

/**
 * Checks a ttl asked for by a call or an extension: an integer in
 * [max(MIN_TTL_MS, TTL_PER_NODE_TIMEOUT × nodeTimeoutMs), maxTtlMs], with a message that says
 * why when it is too short for the manager's node timeout.
 * @throws TypeError for a non-number; RangeError otherwise, naming `name`.
 */
export function checkCallTtl(
  name: string,
  value: unknown,
  nodeTimeoutMs: number,
  maxTtlMs: number,
): number {
  const floor = Math.max(MIN_TTL_MS, nodeTimeoutMs * TTL_PER_NODE_TIMEOUT);
  if (typeof value === 'number' && Number.isInteger(value) && value < floor && value >= 1) {
    throw new RangeError(
      `${name} must be at least ${floor} ms (${TTL_PER_NODE_TIMEOUT} × nodeTimeoutMs ${nodeTimeoutMs} ms), got ${value}: ` +
        'acquiring may take a node timeout or two, which a shorter ttl would leave no validity for; ' +
        'ask for a longer ttl, or give the manager a smaller nodeTimeoutMs',
    );
  }
  return checkInteger(name, value, floor, maxTtlMs);
}

/** An option's value, or `fallback` when absent. `null` is not absence: it fails the check. */
function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

function defaultNodeTimeoutMs(ttlMs: number): number {
  return Math.max(1, Math.floor(Math.min(Math.max(ttlMs / 50, 50), ttlMs / 4)));
}

/**
 * Validates and completes manager options once.
 * @example
 * ```ts
 * const options = resolveOptions({ ttlMs: 5_000 }, 0.01);
 * options.nodeTimeoutMs; // 100: ttlMs / 50, clamped to [50, ttlMs / 4]
 * options.keyPrefix; // 'lock:'
 * ```
 * @throws TypeError or RangeError naming the bad option, e.g. `options.ttlMs`.
 */
export function resolveOptions(
  options: LockManagerOptions | undefined,
  driftFactor: number,
): ResolvedOptions {
  if (options === undefined) options = {};
  checkOptionsObject('options', options);
  const ttlMs = checkInteger(
    'options.ttlMs',
    given(options.ttlMs, 10_000),
    MIN_TTL_MS,
    MAX_TIMER_MS,
  );
  const nodeTimeoutMs = checkInteger(
    'options.nodeTimeoutMs',
    given(options.nodeTimeoutMs, defaultNodeTimeoutMs(ttlMs)),
    1,
    Math.floor(ttlMs / 4),
  );
  const keyPrefix = given(options.keyPrefix, 'lock:');
  if (typeof keyPrefix !== 'string') {
    throw new TypeError(`options.keyPrefix must be a string, got ${typeof keyPrefix}`);
  }
  const fencing = checkBoolean('options.fencing', given(options.fencing, false));
  if (fencing && keyPrefix === '') {
    // Fence counters need keys no resource name reaches; with no prefix, every key is one.
    throw new RangeError(
      'options.keyPrefix must not be empty with fencing: fence counters need keys outside the lock keys',
    );
  }
  return {
    ttlMs,
    nodeTimeoutMs,
    keyPrefix,
    driftFactor,
    maxTtlMs: MAX_TIMER_MS,
    retry: checkFunction('options.retry', given(options.retry, exponentialBackoff())),
    acquireTimeoutMs: checkBound(
      'options.acquireTimeoutMs',
      given(options.acquireTimeoutMs, 10_000),
      0,
    ),
    autoExtend: checkBoolean('options.autoExtend', given(options.autoExtend, false)),
    maxHoldMs: checkBound('options.maxHoldMs', given(options.maxHoldMs, Infinity), 1),
    fencing,
    coalesce: checkBoolean('options.coalesce', given(options.coalesce, true)),
  };
}

/** The options of one call: the manager's, overridden by the call's, validated. */
export interface CallOptions extends ResolvedOptions {
  readonly signal: AbortSignal | undefined;
}

/**
 * Merges per-call options over the manager's. The call's ttl must still leave room for the
 * manager's node timeout.
 * @throws TypeError or RangeError naming the bad option, e.g. `options.signal`.
 */
export function resolveCallOptions(
  base: ResolvedOptions,
  options: AcquireOptions | undefined,
  defaults?: Partial<ResolvedOptions>,
): CallOptions {
  if (options === undefined && defaults === undefined) return { ...base, signal: undefined };
  const o = options ?? {};
  checkOptionsObject('options', o);
  const ttlMs =
    o.ttlMs === undefined
      ? base.ttlMs
      : checkCallTtl('options.ttlMs', o.ttlMs, base.nodeTimeoutMs, base.maxTtlMs);
  return {
    ...base,
    ...defaults,
    ttlMs,
    retry: o.retry === undefined ? base.retry : checkFunction('options.retry', o.retry),
    acquireTimeoutMs:
      o.acquireTimeoutMs === undefined
        ? base.acquireTimeoutMs
        : checkBound('options.acquireTimeoutMs', o.acquireTimeoutMs, 0),
    autoExtend:
      o.autoExtend === undefined
        ? (defaults?.autoExtend ?? base.autoExtend)
        : checkBoolean('options.autoExtend', o.autoExtend),
    maxHoldMs:
      o.maxHoldMs === undefined ? base.maxHoldMs : checkBound('options.maxHoldMs', o.maxHoldMs, 1),
    signal: o.signal === undefined ? undefined : checkSignal('options.signal', o.signal),
  };
}
