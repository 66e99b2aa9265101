import type { NodeOutcome } from '../errors.js';

/** One attempt to take a set of keys. */
export interface AcquireRequest {
  /** Lock keys, prefix applied. */
  readonly keys: readonly string[];
  /** Fence counter keys, one per lock key, when fencing is on. */
  readonly fenceKeys: readonly string[] | undefined;
  /** The holder's token, the same for every attempt of one acquisition. */
  readonly token: string;
  readonly ttlMs: number;
}

/** The result of one acquire attempt, as a backend reports it. */
export type AcquireOutcome =
  | {
      readonly acquired: true;
      /** The lock's fence when fencing is on. */
      readonly fence: bigint | undefined;
      readonly nodes: readonly NodeOutcome[];
    }
  | {
      readonly acquired: false;
      /** `taken`: held elsewhere; `unreachable`: too few nodes answered. */
      readonly reason: 'taken' | 'unreachable';
      readonly nodes: readonly NodeOutcome[];
      /**
       * Whether some node may now hold a key with this token (a yes below quorum, a timeout,
       * an error): the engine then releases everywhere before it retries.
       */
      readonly mayHoldKeys: boolean;
    };

/** Extend or release of the keys of one held lock. */
export interface HeldKeys {
  readonly keys: readonly string[];
  readonly token: string;
}

/** The result of an extension. */
export type ExtendOutcome =
  | { readonly extended: true; readonly nodes: readonly NodeOutcome[] }
  | {
      readonly extended: false;
      /** `not-held`: too many nodes no longer hold the keys; `unreachable`: too few answered. */
      readonly reason: 'not-held' | 'unreachable';
      readonly nodes: readonly NodeOutcome[];
    };

/** The result of a release: per node, `ok` (it held and deleted the keys) or not. */
export interface ReleaseOutcome {
  readonly nodes: readonly NodeOutcome[];
}

/**
 * How the lock engine talks to Redis. `Locker` plugs in a single node; `Redlock` plugs in a
 * quorum of N nodes. Every method resolves with an outcome and never rejects for a node's
 * failure (that is an outcome too); each call is bounded in time by the backend.
 */
export interface LockBackend {
  /** Backend-specific key checks (a cluster's hash slots), run before any Redis call. */
  checkKeys(keys: readonly string[]): void;
  acquire(request: AcquireRequest): Promise<AcquireOutcome>;
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome>;
  release(held: HeldKeys): Promise<ReleaseOutcome>;
}
