import type { LockBackend } from '../backend/lock-backend.js';
import { LockAcquireError, LockLostError } from '../errors.js';
import {
  resolveCallOptions,
  type AcquireOptions,
  type CallOptions,
  type ResolvedOptions,
} from '../options.js';
import { noRetry } from '../retry/no-retry.js';
import { checkFunction, checkKeyBytes, checkResources } from '../validate.js';
import { acquireLoop } from './acquire-loop.js';
import { systemClock, type Clock } from './clock.js';
import { fenceKey } from './fence-key.js';
import { lockChannels, publish } from './events.js';
import { acceptsHandoff } from './handoff.js';
import { LocalQueue, type Handoff, type Ticket } from './local-queue.js';
import { SignalListeners } from './signal-listeners.js';
import { waitLocally } from './wait-locally.js';
import { Lock, type LockContext } from './lock.js';
import type { LockManager } from './lock-manager.js';
import { TimerHeap } from './timer-heap.js';
import { queueIdentity, sameKeys } from './queue-identity.js';
import { newToken } from './token.js';

/** A lock's keys and, with fencing, their counters: computed once per call. */
interface LockKeys {
  readonly keys: string[];
  readonly fenceKeys: string[] | undefined;
}

/** Work run under a lock by `using()`; `signal` aborts when the lock is lost. */
export type LockedWork<T> = (signal: AbortSignal, lock: Lock) => Promise<T> | T;

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
 */
export class LockEngine implements LockManager {
  readonly #backend: LockBackend;
  readonly #options: ResolvedOptions;
  readonly #clock: Clock;
  readonly #queue: LocalQueue;
  readonly #context: LockContext;
  readonly #defaultCall: CallOptions;
  readonly #listeners = new SignalListeners();

  /**
   * @param backend - How this engine talks to Redis.
   * @param options - Options already resolved by `resolveOptions`.
   * @param clock - Time source; the system clock unless a test injects one.
   */
  constructor(backend: LockBackend, options: ResolvedOptions, clock: Clock = systemClock) {
    this.#backend = backend;
    this.#options = options;
    this.#clock = clock;
    this.#queue = new LocalQueue(
      (handoff, ttlMs, keys) =>
        sameKeys(handoff.held.keys, keys) && acceptsHandoff(handoff, ttlMs, clock.now()),
    );
    this.#context = { backend, clock, timers: new TimerHeap(() => clock.now()) };
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
    const keys = this.#keysOf(list);
    return this.#acquire(list, keys, call, false) as Promise<Lock>;
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
    const keys = this.#keysOf(list);
    return this.#acquire(list, keys, call, true);
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
   *   `acquire()` ({@link LockAcquireError},
   *   `signal.reason`); with `work`'s error; with the {@link LockLostError} when the lock was
   *   lost before `work` finished; or with `LockReleaseError` when the final release
   *   reached no node.
   */
  using<T>(
    resources: string | readonly string[],
    work: LockedWork<T>,
    options?: AcquireOptions,
  ): Promise<T> {
    const list = checkResources(resources);
    checkFunction('work', work);
    const call = resolveCallOptions(this.#options, options, { autoExtend: true });
    const keys = this.#keysOf(list);
    return this.#using(list, keys, call, work);
  }

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

  async #using<T>(
    resources: readonly string[],
    keys: LockKeys,
    call: CallOptions,
    work: LockedWork<T>,
  ): Promise<T> {
    const lock = (await this.#acquire(resources, keys, call, false)) as Lock;
    let result: T;
    try {
      result = await work(lock.signal, lock);
    } catch (error) {
      await lock[Symbol.asyncDispose]().catch(() => undefined);
      throw error;
    }
    // Lost (not released by the work itself): the work may have run unprotected; say so.
    const ended: unknown = lock.signal.reason;
    let releaseFailure: unknown;
    await lock[Symbol.asyncDispose]().catch((error: unknown) => {
      releaseFailure = error;
    });
    if (ended instanceof LockLostError) throw ended;
    if (releaseFailure !== undefined) throw releaseFailure as Error;
    return result;
  }

  /**
   * Takes a lock the previous local holder handed over: still held in Redis with its token,
   * valid until the same instant, no command sent. Should validity have run out meanwhile (a
   * stalled event loop), or the keys differ from the caller's (the queue refuses that already;
   * a lock on other keys must never pass), the keys are released and the caller acquires as
   * usual.
   */
  #takeOver(
    resources: readonly string[],
    keys: readonly string[],
    call: CallOptions,
    ticket: Ticket,
    handoff: Handoff,
    start: number,
    attempts: number,
  ): Lock | undefined {
    const now = this.#clock.now();
    const validity = handoff.validUntilMono - now;
    if (validity <= 0 || !sameKeys(handoff.held.keys, keys)) {
      void this.#backend.release(handoff.held);
      return undefined;
    }
    publish('acquire', () => ({
      resources,
      ok: true,
      durationMs: now - start,
      attempts,
      handedOver: true,
    }));
    return new Lock(this.#context, call, {
      held: handoff.held,
      resources,
      fence: undefined,
      grantedAt: now,
      validityMs: validity,
      ticket,
      chainStartedAt: handoff.chainStartedAt,
      attempts,
    });
  }

  async #acquire(
    resources: readonly string[],
    keys: LockKeys,
    call: CallOptions,
    once: boolean,
  ): Promise<Lock | undefined> {
    call.signal?.throwIfAborted();
    const coalesceKey = queueIdentity(keys.keys);
    if (once && call.coalesce && this.#queue.isBusy(coalesceKey)) return undefined;
    const start = this.#clock.now();
    let ticket: Ticket | undefined;
    let attemptsBefore = 0;
    try {
      if (call.coalesce) {
        // The head of an empty queue has its turn at once: no promise, no turn of the loop.
        const waiter = this.#queue.enter(coalesceKey, call.ttlMs, keys.keys);
        if (!waiter.turn) {
          const clock = this.#clock;
          const listeners = this.#listeners;
          attemptsBefore = await waitLocally({ waiter, call, clock, start, listeners, resources });
          if (call.signal?.aborted) {
            if (waiter.handoff !== undefined) void this.#backend.release(waiter.handoff.held);
            waiter.leave();
            call.signal.throwIfAborted();
          }
        }
        ticket = waiter;
        if (waiter.handoff !== undefined) {
          const handoff = waiter.handoff;
          const lock = this.#takeOver(
            resources,
            keys.keys,
            call,
            waiter,
            handoff,
            start,
            attemptsBefore,
          );
          if (lock !== undefined) return lock;
        }
      }
      const grant = await acquireLoop({
        backend: this.#backend,
        clock: this.#clock,
        options: call,
        request: {
          keys: keys.keys,
          fenceKeys: keys.fenceKeys,
          token: newToken(),
          ttlMs: call.ttlMs,
        },
        start,
        attemptsBefore,
        listeners: this.#listeners,
        resources,
      });
      if (lockChannels.acquire.hasSubscribers) {
        publish('acquire', () => ({
          resources,
          ok: true,
          durationMs: this.#clock.now() - start,
          attempts: grant.attempts,
        }));
      }
      return new Lock(this.#context, call, {
        held: grant.held,
        resources,
        fence: grant.fence,
        grantedAt: grant.grantedAt,
        validityMs: grant.validityMs,
        ticket,
        chainStartedAt: grant.grantedAt,
        attempts: grant.attempts,
      });
    } catch (error) {
      ticket?.leave();
      publish('acquire', () => ({
        resources,
        ok: false,
        durationMs: this.#clock.now() - start,
        attempts: error instanceof LockAcquireError ? error.attempts : undefined,
        error,
      }));
      if (once && error instanceof LockAcquireError && error.reason === 'taken') return undefined;
      throw error;
    }
  }
}
