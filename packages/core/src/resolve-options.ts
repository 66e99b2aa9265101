import { exponentialBackoff } from './retry/exponential-backoff.js';
import type { AcquireOptions, LockManagerOptions, ResolvedOptions } from './options.js';
import {
  checkBoolean,
  checkBound,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  checkSignal,
  MAX_TIMER_MS,
} from './validate.js';

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
 * [max(MIN_TTL_MS, TTL_PER_NODE_TIMEOUT × nodeTimeoutMs), maxTtlMs] of the manager's options,
 * with a message that says why when it is too short for the manager's node timeout.
 * @throws TypeError for a non-number; RangeError otherwise, naming `name`.
 */
export function checkCallTtl(
  name: string,
  value: unknown,
  manager: Pick<ResolvedOptions, 'nodeTimeoutMs' | 'maxTtlMs'>,
): number {
  const { nodeTimeoutMs, maxTtlMs } = manager;
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
  return Math.max(1, Math.floor(Math.min(Math.max(ttlMs / 50, 50), ttlMs / TTL_PER_NODE_TIMEOUT)));
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
 * @category Checks and options
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
    Math.floor(ttlMs / TTL_PER_NODE_TIMEOUT),
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
  const ttlMs = o.ttlMs === undefined ? base.ttlMs : checkCallTtl('options.ttlMs', o.ttlMs, base);
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
