import type { LockBackend } from '../backend/lock-backend.js';
import { LockAcquireError } from '../errors.js';
import type { AcquireOptions, ResolvedOptions } from '../options.js';
import { resolveCallOptions, type CallOptions } from '../resolve-options.js';
import { noRetry } from '../retry/no-retry.js';
import { checkFunction, checkKeyBytes, checkResources } from '../validate.js';
import { acquireLock, type EngineParts, type LockKeys } from './acquire-lock.js';
import { systemClock, type Clock } from './clock.js';
import { fenceKey } from './fence-key.js';
import { acceptsHandoff } from './handoff.js';
import { LocalQueue } from './local-queue.js';
import type { Lock } from './lock.js';
import type { LockedWork, LockManager } from './lock-manager.js';
import { queueIdentity, sameKeys } from './queue-identity.js';
import { runLocked } from './run-locked.js';
import { SignalListeners } from './signal-listeners.js';
import { TimerHeap } from './timer-heap.js';

/**
 * The one lock engine: retry loop, acquire timeout and cancellation, local coalescing,
 * auto-extension, `using()`. `Locker` and `Redlock` are this engine with a backend plugged in.
 * Exported for backend authors; applications use `Locker` or `Redlock`.
 *
 * @example
 * ```ts
 * const backend: LockBackend = new SingleNodeBackend(client, 200); // or your own backend
 * const engine = new LockEngine(backend, resolveOptions({ ttlMs: 10_000 }, 0.01));
 * const lock = await engine.acquire('orders:42');
 * ```
 * @category Engine
 */
export class LockEngine implements LockManager {
  readonly #backend: LockBackend;
  readonly #options: ResolvedOptions;
  readonly #parts: EngineParts;
  readonly #defaultCall: CallOptions;

  /**
   * @param backend - How this engine talks to Redis.
   * @param options - Options already resolved by `resolveOptions`.
   * @param clock - Time source; the system clock unless a test injects one.
   */
  constructor(backend: LockBackend, options: ResolvedOptions, clock: Clock = systemClock) {
    this.#backend = backend;
    this.#options = options;
    this.#parts = {
      context: { backend, clock, timers: new TimerHeap(() => clock.now()) },
      queue: new LocalQueue(
        (handoff, ttlMs, keys) =>
          sameKeys(handoff.held.keys, keys) && acceptsHandoff(handoff, ttlMs, clock.now()),
      ),
      listeners: new SignalListeners(),
    };
    this.#defaultCall = resolveCallOptions(options, undefined);
  }

  /**
   * Acquires every resource, retrying per the strategy until `acquireTimeoutMs`.
   *
   * A lock is one script call per node and attempt, which must be answered within
   * `nodeTimeoutMs`; its cost grows with the number and size of its keys. So a lock holds at
   * most `MAX_RESOURCES` resources (1,000, about 4 ms on one local node, 8 ms with
   * fencing) whose keys total at most `MAX_KEY_BYTES` bytes; beyond, the call throws
   * at once. Near the bound, keep `nodeTimeoutMs` well above a measured acquisition: a call
   * that exceeds it counts as the node's timeout on every attempt, and the lock is never
   * acquired.
   * @example
   * ```ts
   * const lock = await manager.acquire('orders:42', { acquireTimeoutMs: 2_000 });
   * try { await work(lock.signal); } finally { await lock.release(); }
   * ```
   * @throws TypeError or RangeError at once for bad arguments (more than
   *   `MAX_RESOURCES` resources, keys over `MAX_KEY_BYTES` included); rejects with
   *   {@link LockAcquireError}, or `signal.reason` when aborted (and with a TypeError or
   *   RangeError when the retry strategy returns a bad delay); with the Redis client's own
   *   error, without retrying, when the client failed before sending the command.
   */
  acquire(resources: string | readonly string[], options?: AcquireOptions): Promise<Lock> {
    const list = checkResources(resources);
    // The hot path: a call without options reuses the manager's, resolved once.
    const call =
      options === undefined ? this.#defaultCall : resolveCallOptions(this.#options, options);
    return acquireLock(this.#parts, { resources: list, keys: this.#keysOf(list), call });
  }

  /**
   * One attempt, no retry and no waiting behind local holders.
   * @returns The lock, or `undefined` when another holder has it.
   * @example
   * ```ts
   * await using lock = await manager.tryAcquire('reports:daily');
   * if (lock !== undefined) await buildReport(lock.signal); // else another holder has it
   * ```
   * @throws TypeError or RangeError at once for bad arguments (see `acquire()` for the bounds
   *   on a lock's size); rejects with {@link LockAcquireError} for any failure but `taken`
   *   (nodes unreachable, no validity left, `acquireTimeoutMs` passed), `signal.reason` when
   *   aborted, or the Redis client's own error when it failed before sending the command.
   */
  tryAcquire(
    resources: string | readonly string[],
    options?: Omit<AcquireOptions, 'retry'>,
  ): Promise<Lock | undefined> {
    const list = checkResources(resources);
    const call = { ...resolveCallOptions(this.#options, options), retry: noRetry };
    return this.#try(list, this.#keysOf(list), call);
  }

  /**
   * Runs `work` under the lock, auto-extended, and releases it whatever happens.
   * @returns What `work` returned.
   * @example
   * ```ts
   * const total = await manager.using('orders:42', async (signal, lock) => {
   *   signal.throwIfAborted(); // aborted with a LockLostError once the lock is lost
   *   return charge(order, lock.fence);
   * });
   * ```
   * @throws TypeError or RangeError at once for bad arguments (a `work` that is not a
   *   function included, and see `acquire()` for the bounds on a lock's size); rejects like
   *   `acquire()` ({@link LockAcquireError}, `signal.reason`); with `work`'s error; with the
   *   `LockLostError` when the lock was lost before `work` finished; or with
   *   `LockReleaseError` when the final release reached no node.
   */
  using<T>(
    resources: string | readonly string[],
    work: LockedWork<T>,
    options?: AcquireOptions,
  ): Promise<T> {
    const list = checkResources(resources);
    checkFunction('work', work);
    const call = resolveCallOptions(this.#options, options, { autoExtend: true });
    const acquisition = { resources: list, keys: this.#keysOf(list), call };
    return acquireLock(this.#parts, acquisition).then((lock) => runLocked(lock, work));
  }

  /** A lock's keys and, with fencing, their counters: computed once per call. */
  #keysOf(resources: readonly string[]): LockKeys {
    const prefix = this.#options.keyPrefix;
    const keys =
      resources.length === 1
        ? [prefix + resources[0]!]
        : resources.map((resource) => prefix + resource);
    checkKeyBytes(keys);
    const fenceKeys = this.#options.fencing ? keys.map((key) => fenceKey(key, prefix)) : undefined;
    this.#backend.checkKeys(fenceKeys === undefined ? keys : [...keys, ...fenceKeys]);
    return { keys, fenceKeys };
  }

  /** `tryAcquire()`: one attempt, undefined when the resource is taken, here or elsewhere. */
  async #try(
    resources: readonly string[],
    keys: LockKeys,
    call: CallOptions,
  ): Promise<Lock | undefined> {
    call.signal?.throwIfAborted();
    if (call.coalesce && this.#parts.queue.isBusy(queueIdentity(keys.keys))) return undefined;
    try {
      return await acquireLock(this.#parts, { resources, keys, call });
    } catch (error) {
      if (error instanceof LockAcquireError && error.reason === 'taken') return undefined;
      throw error;
    }
  }
}
