import type { HeldKeys, ReleaseOutcome } from '../backend/lock-backend.js';
import { ClientSideError } from '../client/client-side-error.js';
import { releaseDecision } from '../decision/quorum-decision.js';
import { LockError, LockLostError, LockNotHeldError, type LockLostReason } from '../errors.js';
import { checkCallTtl, type CallOptions } from '../resolve-options.js';
import { lockChannels, publish } from './events.js';
import { EndSignal } from './end-signal.js';
import type { Ticket } from './local-queue.js';
import type { LockGrant } from './lock-grant.js';
import { LockLease, type LockContext } from './lock-lease.js';
import { releaseError } from './release-error.js';
import { releaseLost } from './release-lost.js';

/** The reason `signal` aborts with on release (made only if someone holds the signal). */
const releasedReason = (): DOMException => new DOMException('the lock was released', 'AbortError');

/** What `release()` resolves with when it handed the lock to the next local waiter. */
const HANDED_OVER: ReleaseOutcome = Object.freeze({ nodes: Object.freeze([]), handedOver: true });

/**
 * A held lock. Made by `acquire()`; ends with `release()`, `await using`, or loss, which
 * `signal` reports.
 *
 * @example
 * ```ts
 * const lock = await locker.acquire('orders:42');
 * try {
 *   await work(lock.signal); // aborts with a LockLostError if the lock is lost
 * } finally {
 *   await lock.release();
 * }
 * ```
 * @category Locks
 */
export class Lock implements AsyncDisposable {
  /** The resources this lock holds, in the order given. */
  readonly resources: readonly string[];
  /** The random value identifying this holder; the value of every key. */
  readonly token: string;
  /** Grows with every acquisition of these resources, when fencing is on; else undefined. */
  readonly fence: bigint | undefined;
  /**
   * How many attempts the acquisition took: 1 when the first succeeded. A wait behind another
   * acquisition in this process counts as an attempt that found the resource taken.
   */
  readonly attempts: number;
  readonly #keys: HeldKeys;
  readonly #context: LockContext;
  readonly #options: CallOptions;
  readonly #lease: LockLease;
  readonly #end = new EndSignal();
  readonly #chainStartedAt: number;
  #ticket: Ticket | undefined;
  #state: 'held' | 'released' | 'lost' = 'held';

  /** @internal Locks come from a manager's `acquire()`. */
  constructor(context: LockContext, options: CallOptions, grant: LockGrant) {
    this.#context = context;
    this.#options = options;
    this.#keys = grant.held;
    this.token = grant.held.token;
    this.resources = grant.resources;
    this.fence = grant.fence;
    this.attempts = grant.attempts;
    this.#ticket = grant.ticket;
    this.#chainStartedAt = grant.chainStartedAt;
    this.#lease = new LockLease({
      context,
      call: options,
      keys: grant.held,
      resources: grant.resources,
      grantedAt: grant.grantedAt,
      validityMs: grant.validityMs,
      isHeld: () => this.#state === 'held',
      lose: (reason, cause) => void this.#lose(reason, cause),
    });
  }

  /** Epoch ms until which the holder may safely act, as of the last acquire or extend. */
  get validUntil(): number {
    return this.#lease.validUntil;
  }

  /**
   * Aborts when the lock ends: with a {@link LockLostError} when it is lost (an extension
   * failed, validity ran out, or `maxHoldMs` was reached), with an `AbortError` on release.
   */
  get signal(): AbortSignal {
    return this.#end.signal;
  }

  /** Whether the lock is still held as far as this process knows. */
  get held(): boolean {
    return this.#state === 'held';
  }

  /**
   * Stops auto-extension without releasing: the lock stays held until its validity runs out
   * (then `signal` aborts with a {@link LockLostError} `'expired'`), until `release()`, or until
   * `extend()` is called by hand. An extension already under way still completes. Does nothing
   * on a lock that was not auto-extended or has ended.
   * @example
   * ```ts
   * await locker.using('reports:daily', async (signal, lock) => {
   *   await buildReport(signal);
   *   lock.stopAutoExtend(); // the rest is best effort: let the lock run out if it takes long
   *   await sendReport();
   * });
   * ```
   */
  stopAutoExtend(): void {
    if (this.#state === 'held') this.#lease.stopAutoExtend();
  }

  /**
   * Extends every key of the lock to `ttlMs` from now, on the same handle. A failed extension
   * loses the lock: `signal` aborts and this rejects.
   * @param ttlMs - New ttl; the lock's ttl when omitted.
   * @returns This same lock, with a new `validUntil`.
   * @example
   * ```ts
   * await lock.extend(); // the lock's ttlMs again, from now (Redlock: at most maxTtlMs)
   * console.log(`valid for another ${lock.validUntil - Date.now()} ms`);
   * ```
   * @throws TypeError or RangeError at once for a bad `ttlMs`; rejects with
   *   {@link LockNotHeldError} when the lock was released or lost, or no longer held in
   *   Redis, and with {@link LockLostError} when too few nodes answered.
   */
  extend(ttlMs?: number): Promise<this> {
    const ttl =
      ttlMs === undefined ? this.#options.ttlMs : checkCallTtl('ttlMs', ttlMs, this.#options);
    return this.#lease.queue(() => this.#extendByHand(ttl));
  }

  /**
   * Releases every key that still holds this lock's token. `signal` aborts first. When another
   * acquisition of the same resources waits in this process (`coalesce`), the lock is handed to
   * it instead, still held in Redis and with the same token, without a command: see
   * {@link ReleaseOutcome.handedOver}.
   * @returns What each node did.
   * @throws Rejects with {@link LockNotHeldError} when released before, or when every node
   *   answered that it did not hold it; with {@link LockReleaseError} when no node confirmed
   *   and some did not answer.
   */
  async release(): Promise<ReleaseOutcome> {
    if (this.#state === 'released') {
      throw new LockNotHeldError(`lock on ${this.resources.join(', ')} was already released`);
    }
    this.#state = 'released';
    this.#lease.cancel();
    this.#end.end(releasedReason);
    if (this.#handOver()) {
      const resources = this.resources;
      publish('release', () => ({ resources, ok: true, durationMs: 0, handedOver: true }));
      return HANDED_OVER;
    }
    const events = lockChannels.release.hasSubscribers;
    const t0 = events ? this.#context.clock.now() : 0;
    const outcome = await this.#context.backend.release(this.#keys);
    this.#leaveQueue();
    const ok = releaseDecision(outcome.nodes) === 'released';
    const error = ok ? undefined : releaseError(this.resources, outcome.nodes);
    if (events) {
      publish('release', () => ({
        resources: this.resources,
        ok,
        durationMs: this.#context.clock.now() - t0,
        error,
      }));
    }
    if (error !== undefined) throw error;
    return outcome;
  }

  /**
   * Releases the lock unless already released; a lock that no node holds any more (it expired
   * meanwhile) is fine. Nodes that could not be reached are not: that rejects.
   * @throws Rejects with {@link LockReleaseError} when no node confirmed the release and some
   *   did not answer; never with {@link LockNotHeldError}.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state === 'released') return;
    try {
      await this.release();
    } catch (error) {
      if (!(error instanceof LockNotHeldError)) throw error;
    }
  }

  /**
   * Hands the lock to the next local waiter, if one accepts it. Not with a fence (the next
   * holder needs a greater one, which only Redis gives) nor while an extension is in flight
   * (its outcome would decide whether the lock is still held).
   */
  #handOver(): boolean {
    const ticket = this.#ticket;
    if (ticket === undefined || ticket.alone) return false;
    if (this.fence !== undefined || this.#lease.renewing) return false;
    // Validity left is the waiter's call (`acceptsHandoff`): no clock read when nobody waits.
    const handed = ticket.handOver({
      held: this.#keys,
      validUntilMono: this.#lease.validUntilMono,
      chainStartedAt: this.#chainStartedAt,
    });
    if (handed) this.#ticket = undefined;
    return handed;
  }

  async #extendByHand(ttlMs: number): Promise<this> {
    if (this.#state !== 'held') {
      throw new LockNotHeldError(`lock on ${this.resources.join(', ')} is ${this.#state}`);
    }
    const outcome = await this.#lease.renew(ttlMs);
    if (outcome === 'extended') return this;
    if (outcome instanceof ClientSideError) {
      // The client's own failure (a bug, a limit, closed): say so, not "too few nodes".
      this.#lose('extend-failed', outcome.cause);
      throw outcome.cause;
    }
    if (outcome === 'unreachable') {
      const cause = new LockError('too few nodes confirmed the extension');
      throw this.#lose('extend-failed', cause) ?? new LockNotHeldError('the lock already ended');
    }
    const error = new LockNotHeldError(
      `the lock on ${this.resources.join(', ')} is no longer held`,
    );
    this.#lose('extend-failed', error);
    throw error;
  }

  #lose(reason: LockLostReason, cause?: unknown): LockLostError | undefined {
    if (this.#state !== 'held') return undefined;
    this.#state = 'lost';
    this.#lease.cancel();
    releaseLost(this.#context.backend, this.#keys, this.resources);
    this.#leaveQueue();
    const error = new LockLostError(reason, this.resources, { cause });
    this.#end.end(() => error);
    publish('lost', () => ({ resources: this.resources, ok: false, durationMs: 0, error }));
    return error;
  }

  #leaveQueue(): void {
    this.#ticket?.leave();
    this.#ticket = undefined;
  }
}
