import { acquireMessage } from './acquire-error-message.js';
import type { AcquireFailureReason, NodeOutcome } from './outcomes.js';

/**
 * Base class of every operational error of redquorum; `code` is stable across versions.
 *
 * @example
 * ```ts
 * try {
 *   await locker.using('orders:42', work);
 * } catch (error) {
 *   if (error instanceof LockError) console.error(error.code, error.message);
 *   else throw error; // work's own error
 * }
 * ```
 * @category Errors
 */
export class LockError extends Error {
  /**
   * The class's name, set explicitly so that stack traces and logs name the subclass even
   * after minification. Match on `code` or `instanceof`, not on this.
   */
  override readonly name: string = 'LockError';
  /** Stable machine-readable code. */
  readonly code: string = 'ERR_LOCK';
}

/**
 * What a {@link LockAcquireError} says beyond its reason, attempts and nodes.
 * @category Errors
 */
export interface LockAcquireErrorOptions extends ErrorOptions {
  /** The resources the acquisition asked for. */
  readonly resources?: readonly string[];
  /** The last attempts waited behind another acquisition of the same manager. */
  readonly heldLocally?: boolean;
  /** `acquireTimeoutMs` passed (rather than the retry strategy stopping). */
  readonly timedOut?: boolean;
}

/**
 * `acquire()` gave up: `reason` says why, `nodes` what each node answered last, `resources`
 * what it asked for.
 *
 * @example
 * ```ts
 * try {
 *   await locker.acquire('orders:42', { acquireTimeoutMs: 1_000 });
 * } catch (error) {
 *   if (!(error instanceof LockAcquireError)) throw error;
 *   console.warn(error.resources, error.reason, error.attempts, error.nodes); // ['orders:42'], 'taken', 12, […]
 * }
 * ```
 * @category Errors
 */
export class LockAcquireError extends LockError {
  /** Always `'LockAcquireError'`. */
  override readonly name = 'LockAcquireError';
  override readonly code = 'ERR_LOCK_ACQUIRE';
  /** The resources the acquisition asked for (empty when not known). */
  readonly resources: readonly string[];
  /**
   * Whether the holder in the way is in this process: the last attempts waited behind another
   * acquisition of the same manager (local coalescing), and `nodes` is then empty.
   */
  readonly heldLocally: boolean;
  /**
   * Whether `acquireTimeoutMs` ended the acquisition. `reason` then says what the attempts
   * met: `'taken'` when every one found the resource held, `'timeout'` otherwise.
   */
  readonly timedOut: boolean;

  constructor(
    /**
     * Why the acquisition failed: `'taken'` when the last attempt found the resource held and,
     * at the deadline, when every attempt did; `'timeout'` when the deadline came after
     * attempts that failed otherwise (nodes unreachable, say).
     */
    readonly reason: AcquireFailureReason,
    /** How many attempts were made. */
    readonly attempts: number,
    /** Per-node outcomes of the last attempt. */
    readonly nodes: readonly NodeOutcome[],
    options?: LockAcquireErrorOptions,
  ) {
    const resources = options?.resources ?? [];
    const heldLocally = options?.heldLocally ?? false;
    const timedOut = options?.timedOut ?? reason === 'timeout';
    super(acquireMessage({ reason, attempts, nodes, resources, heldLocally, timedOut }), options);
    this.resources = resources;
    this.heldLocally = heldLocally;
    this.timedOut = timedOut;
  }
}

/**
 * Extend or release of a lock that no node still holds with this token.
 *
 * @example
 * ```ts
 * try {
 *   await lock.extend();
 * } catch (error) {
 *   if (error instanceof LockNotHeldError) stopWork(); // expired, or released already
 *   else throw error;
 * }
 * ```
 * @category Errors
 */
export class LockNotHeldError extends LockError {
  /** Always `'LockNotHeldError'`. */
  override readonly name = 'LockNotHeldError';
  override readonly code = 'ERR_LOCK_NOT_HELD';

  constructor(
    message: string,
    /** Per-node outcomes, when Redis was asked. */
    readonly nodes: readonly NodeOutcome[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A release that no node confirmed while some did not answer: keys may survive until their
 * ttl. (When every node answered that it held nothing, the error is {@link LockNotHeldError}.)
 *
 * @example
 * ```ts
 * try {
 *   await lock.release();
 * } catch (error) {
 *   if (!(error instanceof LockReleaseError)) throw error;
 *   console.warn(error.message, error.nodes); // the keys expire after their ttl anyway
 * }
 * ```
 * @category Errors
 */
export class LockReleaseError extends LockError {
  override readonly name = 'LockReleaseError';
  override readonly code = 'ERR_LOCK_RELEASE';

  constructor(
    message: string,
    /** Per-node outcomes of the release. */
    readonly nodes: readonly NodeOutcome[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Why a held lock was lost.
 * @category Errors
 */
export type LockLostReason = 'extend-failed' | 'expired' | 'max-hold';

/**
 * The reason of `lock.signal` when the lock was lost: the holder must stop acting.
 *
 * @example
 * ```ts
 * const lock = await locker.acquire('orders:42', { autoExtend: true });
 * lock.signal.addEventListener('abort', () => {
 *   const reason: unknown = lock.signal.reason; // an AbortError after release()
 *   if (reason instanceof LockLostError) console.warn(reason.reason, reason.resources);
 * });
 * ```
 * @category Errors
 */
export class LockLostError extends LockError {
  /** Always `'LockLostError'`. */
  override readonly name = 'LockLostError';
  override readonly code = 'ERR_LOCK_LOST';

  constructor(
    /** What ended the lock. */
    readonly reason: LockLostReason,
    /** The resources of the lost lock, without the key prefix, as passed to `acquire()`. */
    readonly resources: readonly string[],
    options?: ErrorOptions,
  ) {
    const why = {
      'extend-failed': 'an extension failed',
      expired: 'its validity ran out',
      'max-hold': 'maxHoldMs was reached',
    }[reason];
    super(`lock on ${resources.join(', ')} was lost: ${why}`, options);
  }
}

/**
 * A script answered something other than the integer its contract promises.
 *
 * @example
 * ```ts
 * const error = new ScriptReplyError('acquire', 'OK');
 * error.message; // 'script acquire replied "OK"; expected an integer'
 * ```
 * @category Errors
 */
export class ScriptReplyError extends LockError {
  /** Always `'ScriptReplyError'`. */
  override readonly name = 'ScriptReplyError';
  override readonly code = 'ERR_LOCK_SCRIPT_REPLY';

  constructor(
    /** The script's name. */
    readonly script: string,
    /** The reply as received. */
    readonly reply: unknown,
    expected = 'an integer',
  ) {
    super(`script ${script} replied ${describe(reply)}; expected ${expected}`);
  }
}

function describe(reply: unknown): string {
  try {
    return JSON.stringify(reply) ?? String(reply);
  } catch {
    return String(reply);
  }
}
