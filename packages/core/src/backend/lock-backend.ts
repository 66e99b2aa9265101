import type { NodeOutcome } from '../outcomes.js';

/**
 * One attempt to take a set of keys.
 * @category Backend contract
 */
export interface AcquireRequest {
  /** Lock keys, prefix applied. */
  readonly keys: readonly string[];
  /** Fence counter keys, one per lock key, when fencing is on. */
  readonly fenceKeys: readonly string[] | undefined;
  /** The holder's token, the same for every attempt of one acquisition. */
  readonly token: string;
  /** How long the keys live, in ms; validity is computed from it, not from the reply. */
  readonly ttlMs: number;
}

/**
 * The result of one acquire attempt, as a backend reports it.
 * @category Backend contract
 */
export type AcquireOutcome =
  | {
      /** A quorum took the keys; the engine still checks that validity is left. */
      readonly acquired: true;
      /** The lock's fence when fencing is on. */
      readonly fence: bigint | undefined;
      /** What each node answered, for errors and events. */
      readonly nodes: readonly NodeOutcome[];
    }
  | {
      /** Too few nodes took the keys. */
      readonly acquired: false;
      /** `taken`: held elsewhere; `unreachable`: too few nodes answered. */
      readonly reason: 'taken' | 'unreachable';
      /** What each node answered; becomes `LockAcquireError.nodes` on the last attempt. */
      readonly nodes: readonly NodeOutcome[];
      /**
       * Whether some node may now hold a key with this token (a yes below quorum, a timeout,
       * an error): the engine then releases everywhere before it retries.
       */
      readonly mayHoldKeys: boolean;
    };

/**
 * Extend or release of the keys of one held lock.
 * @category Backend contract
 */
export interface HeldKeys {
  /** Lock keys, prefix applied; fence counters are left alone, so fences never go back. */
  readonly keys: readonly string[];
  /** The holder's token: a node acts only on keys whose value is still this token. */
  readonly token: string;
}

/**
 * The result of an extension.
 * @category Backend contract
 */
export type ExtendOutcome =
  | {
      /** A quorum reset the keys' ttl; the engine still checks that validity is left. */
      readonly extended: true;
      /** What each node answered, for events. */
      readonly nodes: readonly NodeOutcome[];
    }
  | {
      /** Too few nodes reset the keys' ttl. */
      readonly extended: false;
      /** `not-held`: too many nodes no longer hold the keys; `unreachable`: too few answered. */
      readonly reason: 'not-held' | 'unreachable';
      /** What each node answered. */
      readonly nodes: readonly NodeOutcome[];
    };

/**
 * The result of a release: per node, `ok` (it held and deleted the keys) or not.
 * @category Locks
 */
export interface ReleaseOutcome {
  /**
   * Every node's answer: release asks all of them, since any may still hold a key. A quorum
   * backend resolves once a quorum confirmed, and reports nodes that had not answered yet as
   * `pending`. Empty when the lock was handed over.
   */
  readonly nodes: readonly NodeOutcome[];
  /**
   * `true` when `Lock.release()` passed the lock to the next local waiter for the same
   * resources instead of deleting its keys (see `coalesce`): no node was asked.
   */
  readonly handedOver?: boolean;
}

/**
 * How the lock engine talks to Redis. `Locker` plugs in a single node; `Redlock` plugs in a
 * quorum of N nodes. Every method resolves with an outcome and never rejects for a node's
 * failure (that is an outcome too); each call is bounded in time by the backend.
 * @category Backend contract
 */
export interface LockBackend {
  /** Backend-specific key checks (a cluster's hash slots), run before any Redis call. */
  checkKeys(keys: readonly string[]): void;
  /**
   * One attempt to take every key of `request` with its token, all or nothing per node. The
   * engine retries, so a backend makes exactly one attempt.
   */
  acquire(request: AcquireRequest): Promise<AcquireOutcome>;
  /**
   * Resets the keys' ttl to `ttlMs` wherever they still hold this token, and sets again any that
   * is missing (a node restarted empty), all or nothing per node; never touches a key another
   * token holds: that node says no. See the safety guide, "Keeping a lock through restarts".
   */
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome>;
  /**
   * Deletes the keys wherever they still hold this token, on every node, including those that
   * did not vote yes: a lost reply may hide a key that was set.
   */
  release(held: HeldKeys, cleanup?: boolean): Promise<ReleaseOutcome>;
}
