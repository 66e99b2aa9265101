import { abortableWait } from '../engine/abortable-wait.js';
import type { Lock } from '../engine/lock.js';
import type { LockManager, LockedWork } from '../engine/lock-manager.js';
import { nextDelay } from '../engine/next-delay.js';
import { runLocked } from '../engine/run-locked.js';
import { SignalListeners } from '../engine/signal-listeners.js';
import { LockAcquireError } from '../errors.js';
import type { AcquireFailureReason } from '../outcomes.js';
import { exponentialBackoff } from '../retry/exponential-backoff.js';
import type { RetryStrategy } from '../retry/retry-strategy.js';
import { checkBound, checkFunction, checkInteger, MAX_RESOURCES } from '../validate.js';
import type { PermitOptions } from './permit-options.js';
import { PermitQueue, type PermitTurn } from './permit-queue.js';
import { candidateSlots, permitSlot } from './permit-slots.js';

/** One acquisition's checked arguments. */
interface PermitCall {
  readonly resource: string;
  readonly permits: number;
  readonly strategy: RetryStrategy;
  readonly timeout: number;
  readonly lockOptions: Omit<PermitOptions, 'permits' | 'retry' | 'acquireTimeoutMs'>;
  readonly once: boolean;
}

/**
 * What a {@link PermitManager} needs besides its lock manager.
 * @category Semaphores
 */
export interface PermitDefaults {
  /** Holders at once, counted in permits. */
  readonly limit: number;
  /** The retry strategy of every acquisition that gives none. @defaultValue `exponentialBackoff()` */
  readonly retry?: RetryStrategy;
  /** How long acquisitions keep trying, when a call gives none. @defaultValue `10_000` */
  readonly acquireTimeoutMs?: number;
}

/**
 * A counting semaphore over any `LockManager`: `limit` permit slots per resource, each a lock
 * of its own, taken with the manager's full algorithm (Redlock's quorum, validity and restart
 * guard with `Redlock`). Holding `permits` permits is holding that many distinct slots, in one
 * all-or-nothing multi-resource lock. No slot has two holders (the lock's mutual exclusion),
 * so no more than `limit` permits are ever held: unlike counting holders on each node, which a
 * quorum cannot make global (see the safety guide). `Semaphore` and `RedlockSemaphore` are this
 * over `Locker` and `Redlock`.
 *
 * @example
 * ```ts
 * const jobs = new PermitManager(new Locker(client, { keyPrefix: 'sem:' }), { limit: 4 });
 * await jobs.using('exports', async (signal) => runExport(signal)); // 4 at most at once
 * ```
 * @category Semaphores
 */
export class PermitManager {
  readonly #locks: LockManager;
  /** Holders at once per resource, counted in permits. */
  readonly limit: number;
  readonly #retry: RetryStrategy;
  readonly #acquireTimeoutMs: number;
  readonly #listeners = new SignalListeners();
  readonly #queue = new PermitQueue();

  /**
   * @throws RangeError or TypeError naming a bad `limit`, `retry` or `acquireTimeoutMs`.
   */
  constructor(locks: LockManager, defaults: PermitDefaults) {
    this.#locks = locks;
    this.limit = checkInteger('options.limit', defaults.limit, 1, MAX_RESOURCES);
    this.#retry = checkFunction('options.retry', defaults.retry ?? exponentialBackoff());
    this.#acquireTimeoutMs = checkBound(
      'options.acquireTimeoutMs',
      defaults.acquireTimeoutMs ?? 10_000,
      0,
    );
  }

  /**
   * Takes `permits` permits of `resource` (all or nothing), trying every slot set of a round and
   * retrying rounds per the strategy until `acquireTimeoutMs`.
   * @returns The lock on the permit slots held (`lock.resources` names them: `jobs:2`, …).
   * @throws TypeError or RangeError at once for bad arguments (`permits` above `limit`
   *   included); rejects with a {@link LockAcquireError} naming `resource`, or
   *   `signal.reason` when aborted.
   */
  acquire(resource: string, options?: PermitOptions): Promise<Lock> {
    return this.#acquire(resource, options, false) as Promise<Lock>;
  }

  /**
   * One round: every slot set once, no waiting.
   * @returns The lock on the permit slots, or `undefined` when too few permits are free.
   * @throws As {@link PermitManager.acquire}.
   */
  tryAcquire(resource: string, options?: Omit<PermitOptions, 'retry'>): Promise<Lock | undefined> {
    return this.#acquire(resource, options, true);
  }

  /**
   * Runs `work` holding the permits, auto-extended, and releases them whatever happens.
   * @returns What `work` returned.
   * @throws TypeError or RangeError at once for bad arguments (a `work` that is not a
   *   function included), as a lock's `using()` does; rejects as
   *   {@link PermitManager.acquire}; with `work`'s error; or with the `LockLostError` when the
   *   permits were lost before `work` finished.
   */
  using<T>(resource: string, work: LockedWork<T>, options?: PermitOptions): Promise<T> {
    checkFunction('work', work);
    const acquired = this.acquire(resource, { ...options, autoExtend: true });
    return acquired.then((lock) => runLocked(lock, work));
  }

  #acquire(
    resource: string,
    options: PermitOptions | undefined,
    once: boolean,
  ): Promise<Lock | undefined> {
    // Programmer mistakes throw here, synchronously, before any Redis call.
    if (typeof resource !== 'string' || resource === '') {
      throw new TypeError('resource must be a non-empty string');
    }
    const { permits = 1, retry, acquireTimeoutMs, ...lockOptions } = options ?? {};
    checkInteger('options.permits', permits, 1, this.limit);
    const strategy = retry === undefined ? this.#retry : checkFunction('options.retry', retry);
    const timeout =
      acquireTimeoutMs === undefined
        ? this.#acquireTimeoutMs
        : checkBound('options.acquireTimeoutMs', acquireTimeoutMs, 0);
    return this.#rounds({ resource, permits, strategy, timeout, lockOptions, once });
  }

  async #rounds(call: PermitCall): Promise<Lock | undefined> {
    // tryAcquire() does not queue: one round, now, as its name says.
    const turn = call.once ? undefined : this.#queue.join(call.resource);
    try {
      return await this.#roundsInTurn(call, turn);
    } finally {
      if (turn !== undefined) this.#queue.leave(call.resource, turn);
    }
  }

  async #roundsInTurn(call: PermitCall, turn: PermitTurn | undefined): Promise<Lock | undefined> {
    const { resource, permits, strategy, timeout, lockOptions, once } = call;
    const signal = lockOptions.signal;
    const listeners = this.#listeners;
    const start = performance.now();
    // Behind this process's earlier acquisitions of the resource until the first of them (or
    // the deadline: then one round all the same, as a lock's last attempt at its deadline).
    while (turn !== undefined && !turn.first) {
      const left = timeout - (performance.now() - start);
      if (left <= 0) break;
      await turn.wait(left, signal, listeners);
    }
    for (let round = 1; ; round++) {
      signal?.throwIfAborted();
      let reason: AcquireFailureReason = 'taken';
      try {
        for (const set of candidateSlots(this.limit, permits, Math.random)) {
          const slots = set.map((index) => permitSlot(resource, index));
          const lock = await this.#locks.tryAcquire(slots, lockOptions);
          if (lock !== undefined) return lock;
        }
      } catch (error) {
        // Nodes unreachable, say: no other slot set would fare better this round.
        if (!(error instanceof LockAcquireError)) throw error;
        reason = error.reason;
      }
      if (once && reason === 'taken') return undefined;
      const resources = [resource];
      if (once) throw new LockAcquireError(reason, round, [], { resources });
      const elapsedMs = performance.now() - start;
      const context = { attempt: round, elapsedMs, reason, random: Math.random };
      // The last wait is cut so that a final round starts at the deadline.
      const wait = nextDelay(strategy, context, timeout - elapsedMs);
      if (wait === false) throw new LockAcquireError(reason, round, [], { resources });
      if (wait === 'deadline') {
        throw new LockAcquireError(reason, round, [], { resources, timedOut: true });
      }
      // The first in line retries on its strategy's schedule, as another process would: woken
      // at once by a local release, it would pass the permits on within this process and
      // starve the others (measured: 190 acquisitions per loop against 7).
      await abortableWait({ ms: wait, timedOut: () => undefined, signal, listeners }).promise;
    }
  }
}
