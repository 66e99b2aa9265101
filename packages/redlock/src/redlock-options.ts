import { MAX_TTL_MS, type LockManagerOptions } from '@redquorum/core';
import { resolveOptions, type ResolvedOptions } from '@redquorum/core/backend';
import type { RestartGuardMode } from './restart-guard.js';

/**
 * Options of {@link Redlock}: the manager options of core, plus the quorum's own.
 *
 * @example
 * ```ts
 * const redlock = new Redlock(clients, {
 *   ttlMs: 10_000,
 *   maxTtlMs: 60_000, // the longest ttl any process uses on these nodes
 *   restartGuard: 'strict',
 * });
 * ```
 * @category Redlock
 */
export interface RedlockOptions extends LockManagerOptions {
  /**
   * Bound on the relative clock-rate difference between this process and any node; validity
   * loses ttl × driftFactor + 2 ms. In [0, 0.1]. @defaultValue `0.01`
   */
  readonly driftFactor?: number;
  /**
   * The restart guard: `'on'` ignores the votes of a node that restarted (new `run_id`) until
   * `maxTtlMs` has passed since its restart; `'strict'` also distrusts nodes whose uptime is
   * below `maxTtlMs` when first seen (a fresh cluster then locks nothing for `maxTtlMs`);
   * `'off'` trusts every node (unsafe when nodes restart without their data).
   * @defaultValue `'on'`
   */
  readonly restartGuard?: RestartGuardMode;
  /**
   * The longest ttl any process uses on these nodes: the restart guard's window. Per-call
   * `ttlMs` may not exceed it. @defaultValue `ttlMs`
   */
  readonly maxTtlMs?: number;
  /** How often the restart guard re-identifies a healthy node. @defaultValue `1000` */
  readonly restartCheckMs?: number;
}

/**
 * Redlock options after validation, defaults applied.
 * @category Redlock
 */
export interface ResolvedRedlockOptions extends ResolvedOptions {
  /** {@link RedlockOptions.restartGuard}. */
  readonly restartGuard: RestartGuardMode;
  /** {@link RedlockOptions.maxTtlMs}, at least `ttlMs`. */
  readonly maxTtlMs: number;
  /** {@link RedlockOptions.restartCheckMs}. */
  readonly restartCheckMs: number;
}

/** An option's value, or `fallback` when absent; `null` is not absence and fails its check. */
function given<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

const GUARD_MODES: readonly RestartGuardMode[] = ['off', 'on', 'strict'];

/**
 * Validates Redlock options once.
 * @example
 * ```ts
 * const options = resolveRedlockOptions({ ttlMs: 5_000 });
 * options.maxTtlMs; // 5_000: ttlMs unless given
 * options.restartGuard; // 'on'
 * ```
 * @throws TypeError or RangeError naming the bad option.
 * @category Redlock
 */
export function resolveRedlockOptions(options: RedlockOptions | undefined): ResolvedRedlockOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('options must be an object');
  }
  const driftFactor = given(options?.driftFactor, 0.01);
  if (typeof driftFactor !== 'number' || !(driftFactor >= 0 && driftFactor <= 0.1)) {
    throw new RangeError(
      `options.driftFactor must be a number in [0, 0.1], got ${String(driftFactor)}`,
    );
  }
  const base = resolveOptions(options, driftFactor);
  const restartGuard = given(options?.restartGuard, 'on');
  if (!GUARD_MODES.includes(restartGuard)) {
    throw new RangeError(
      `options.restartGuard must be one of ${GUARD_MODES.join(', ')}, got ${String(restartGuard)}`,
    );
  }
  const maxTtlMs = given(options?.maxTtlMs, base.ttlMs);
  if (
    typeof maxTtlMs !== 'number' ||
    !Number.isInteger(maxTtlMs) ||
    maxTtlMs < base.ttlMs ||
    maxTtlMs > MAX_TTL_MS
  ) {
    throw new RangeError(
      `options.maxTtlMs must be an integer in [ttlMs, ${MAX_TTL_MS}], got ${String(maxTtlMs)}`,
    );
  }
  const restartCheckMs = given(options?.restartCheckMs, 1000);
  if (
    typeof restartCheckMs !== 'number' ||
    !Number.isInteger(restartCheckMs) ||
    restartCheckMs < 1
  ) {
    throw new RangeError(
      `options.restartCheckMs must be a positive integer, got ${String(restartCheckMs)}`,
    );
  }
  return { ...base, restartGuard, maxTtlMs, restartCheckMs };
}
